#!/usr/bin/env node
// `pnpm test`: typecheck, lint, template type check, Node tests (contract, client, mocks,
// server — the server's against PGlite and, when PostgreSQL is installed, a throwaway cluster
// too) and browser tests in Debian's Chromium, Firefox ESR and WebKitGTK, one engine after the
// other. Every step runs; the last line counts them all.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from './pg.mjs';
import { ENGINES, ENGINE_NAMES } from './engines.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const results = path.join(root, '.test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

// e.g. `pnpm test node browser`; `--engine firefox` (or chromium, webkit; repeatable) runs the
// browser tests in that engine only, where all three run one after another by default.
const args = process.argv.slice(2);
const engines = [];
for (let i = args.indexOf('--engine'); i >= 0; i = args.indexOf('--engine')) {
  const [, engine] = args.splice(i, 2);
  if (!ENGINES.includes(engine)) {
    console.error(`--engine is one of ${ENGINES.join(', ')}, not ${engine ?? 'nothing'}`);
    process.exit(2);
  }
  engines.push(engine);
}
const only = args;
const wanted = (step) => only.length === 0 || only.includes(step);

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
    child.on('error', () => resolve(127));
  });
}

/** `*.test.ts` files below the given folders (node 20 has no glob in `--test`). */
function testFiles(dirs) {
  const out = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.test.ts')) out.push(path.relative(root, full));
    }
  };
  dirs.forEach((d) => walk(path.join(root, d)));
  return out.sort();
}

const summary = [];
const check = async (name, command, args, needed = wanted(name)) => {
  if (!needed) return;
  console.log(`\n━━ ${name}`);
  const code = await run(command, args);
  summary.push({ name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0, check: true });
};

await check('typecheck', bin('tsc'), ['-p', 'tsconfig.json']);
await check('lint', bin('eslint'), ['--max-warnings=0', '.']);
await check('lit-analyzer', bin('lit-analyzer'), ['packages/elements/src', 'packages/hosts/src', 'test/browser', 'examples/crm-record', '--strict', '--rules.no-missing-import', 'off']);

// The example pages and the script-tag bundle, which the end-to-end tests load.
await check('build', process.execPath, [path.join(root, 'scripts/build.mjs')], wanted('build') || wanted('node'));
await check('build:apps', process.execPath, [path.join(root, 'apps/build.mjs')], wanted('build') || wanted('node'));

if (wanted('node')) {
  console.log('\n━━ node tests');
  const nodeDirs = readdirSync(path.join(root, 'packages')).map((p) => `packages/${p}/test`).concat(['test/node', 'test/e2e']);
  const files = testFiles(nodeDirs);
  const pg = await startPostgres().catch((error) => {
    console.log(`(PostgreSQL could not start: ${error.message}; PostgreSQL-only tests will be skipped)`);
    return undefined;
  });
  if (pg) console.log(`(PostgreSQL for the server tests at ${pg.url})`);
  const out = path.join(results, 'node.json');
  const code = await run(
    process.execPath,
    [
      '--import', 'tsx',
      '--test',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      `--test-reporter=${path.join(root, 'scripts/node-count-reporter.mjs')}`, `--test-reporter-destination=${out}`,
      ...files,
    ],
    pg ? { TEST_DATABASE_URL: pg.url } : {},
  );
  pg?.stop();
  const counts = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
  if (code !== 0 && counts.failed === 0) counts.failed = 1; // crashed outside a test
  summary.push({ name: 'node tests', ...counts });
}

if (wanted('browser')) {
  for (const engine of engines.length ? engines : ENGINES) {
    const name = ENGINE_NAMES[engine];
    console.log(`\n━━ browser tests (${name})`);
    const out = path.join(results, `browser-${engine}.json`);
    const started = Date.now();
    const code = await run(bin('web-test-runner'), ['--config', 'web-test-runner.config.mjs'], { LEDGERSIDE_ENGINE: engine });
    const counts = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    summary.push({ name: `browser ${name}`, ...counts, seconds: Math.round((Date.now() - started) / 100) / 10 });
  }
}

const total = summary.reduce((t, s) => ({ passed: t.passed + s.passed, failed: t.failed + s.failed, skipped: t.skipped + s.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log('\n━━ summary');
for (const s of summary) {
  const status = s.check ? (s.failed ? 'FAILED' : 'ok') : `${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}${s.seconds ? ` in ${s.seconds} s` : ''}`;
  console.log(`${s.name.padEnd(18)} ${status}`);
}
console.log(`tests run: ${total.passed + total.failed}`);
console.log(`tests: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed === 0 && total.passed > 0 ? 0 : 1);
