// The server as it was before issue 21's changes, for the server bench to run beside today's
// in the same run: its packages/server and packages/contract from git (git archive) in a
// temporary folder, their dependencies linked to this checkout's (the same lockfile then).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, lstatSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './cli.mjs';

/** main before issue 21 (server throughput): the figures in bench/results.md before it. */
export const BASELINE = 'bcda8a8f4c810959e215d0e0522a8ffe28c399c0';

/** Extracts the baseline once per machine; returns its packages/server/src. */
export function baselineServer(commit = BASELINE) {
  const dir = path.join(os.tmpdir(), `ledgerside-baseline-${commit.slice(0, 12)}`);
  const src = path.join(dir, 'packages/server/src');
  if (existsSync(path.join(dir, '.ready'))) return src;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = execFileSync('git', ['archive', commit, 'packages/server', 'packages/contract'], { cwd: root, maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  for (const pkg of ['server', 'contract']) {
    const from = path.join(root, 'packages', pkg, 'node_modules');
    const to = path.join(dir, 'packages', pkg, 'node_modules');
    linkTree(from, to, (name) => (name === '@ledgerside/contract' ? path.join(dir, 'packages/contract') : null));
  }
  execFileSync('touch', [path.join(dir, '.ready')]);
  return src;
}

/** Mirrors a node_modules folder as absolute symlinks (scopes as folders); `override` redirects one. */
function linkTree(from, to, override, scope = '') {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (name === '.bin') continue;
    const full = path.join(from, name);
    const id = scope ? `${scope}/${name}` : name;
    if (name.startsWith('@') && !scope) {
      linkTree(full, path.join(to, name), override, name);
      continue;
    }
    const target = override(id) ?? (lstatSync(full).isSymbolicLink() ? path.resolve(from, readlinkSync(full)) : full);
    symlinkSync(target, path.join(to, name));
  }
}
