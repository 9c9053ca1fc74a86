#!/usr/bin/env node
// `pnpm start`: the reference server in demo mode on its embedded database (PGlite, data kept
// in .ledgerside/data), seeded on first start, serving the example pages.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The script-tag bundle and the example pages the demo serves.
execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
// The host apps' pages (/apps/<framework>/) and archives, for the host simulators (/examples/hosts/).
execFileSync(process.execPath, [path.join(root, 'apps/build.mjs'), '--api', process.env.PUBLIC_URL ?? `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? 4100}`], { cwd: root, stdio: 'inherit' });
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'packages/server/src/main.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: { LEDGERSIDE_DATA: path.join(root, '.ledgerside/data'), ...process.env, LEDGERSIDE_DEMO: '1' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)));
