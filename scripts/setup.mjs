#!/usr/bin/env node
// Everything a fresh machine needs before the demo or the tests, installed by the project
// itself (never by hand): the workspace's packages from the lockfile, Debian's Chromium, Firefox
// ESR and WebKitGTK (with Xvfb) for the browser tests, and PostgreSQL for the server's second database. Idempotent and quick when
// everything is already there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromiumPath, firefoxPath, miniBrowserPath, webkitDriverPath, xvfbPath } from './engines.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PNPM = 'pnpm@10.34.9';
const want = new Set(process.argv.slice(2)); // e.g. `setup.mjs deps` for packages only
const all = want.size === 0;

function log(message) {
  console.log(`[setup] ${message}`);
}

/** pnpm itself: the one that is running us, or a pinned one through npx. */
export function pnpmCommand() {
  const execPath = process.env.npm_execpath ?? '';
  if (/pnpm/.test(path.basename(execPath))) return [process.execPath, [execPath]];
  return ['npx', ['-y', PNPM]];
}

function installPackages() {
  const marker = path.join(root, 'node_modules', '.modules.yaml');
  const lock = path.join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing packages from pnpm-lock.yaml');
  const [cmd, pre] = pnpmCommand();
  execFileSync(cmd, [...pre, 'install', '--frozen-lockfile'], { cwd: root, stdio: 'inherit', env: { ...process.env, CI: 'true' } });
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let aptUpdated = false;
function aptInstall(packages) {
  if (!isRoot) {
    log(`please install: apt-get install -y ${packages.join(' ')} (not root, so not installing)`);
    return;
  }
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    aptUpdated = true;
  }
  log(`apt-get install ${packages.join(' ')}`);
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}


function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

if (all || want.has('deps')) installPackages();
// The browser tests' three engines (scripts/engines.mjs), and the fonts their pages render in.
const enginePackages = {
  chromium: () => (chromiumPath() ? [] : ['chromium']),
  firefox: () => (firefoxPath() ? [] : ['firefox-esr']),
  webkit: () => [...(webkitDriverPath() && miniBrowserPath() ? [] : ['webkit2gtk-driver']), ...(xvfbPath() ? [] : ['xvfb'])],
};
const engineNeeds = Object.entries(enginePackages).flatMap(([engine, packages]) => (all || want.has(engine) ? packages() : []));
if (engineNeeds.length) aptInstall([...engineNeeds, 'fonts-dejavu-core']);
if (all || want.has('postgres')) {
  if (!has('initdb') && !existsSync('/usr/lib/postgresql')) aptInstall(['postgresql']);
}
