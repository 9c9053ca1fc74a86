#!/usr/bin/env node
// Builds what the demo serves: the script-tag bundle (packages/elements/dist/ledgerside.js)
// and the example pages (examples/dist: the CRM page bundled by Vite from ES modules, the
// helpdesk page copied as is beside the bundle it loads with one script tag).
import { build } from 'vite';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const elements = path.join(root, 'packages/elements');
const examples = path.join(root, 'examples');
const out = path.join(examples, 'dist');
const quiet = { logLevel: process.env.LEDGERSIDE_BUILD_VERBOSE ? 'info' : 'warn' };

await build({ root: elements, configFile: path.join(elements, 'vite.config.ts'), ...quiet });

rmSync(out, { recursive: true, force: true });
await build({
  root: examples,
  configFile: false,
  base: '/examples/',
  ...quiet,
  resolve: { conditions: ['browser', 'production'] },
  build: {
    outDir: out,
    emptyOutDir: false,
    target: 'es2022',
    rollupOptions: { input: { index: path.join(examples, 'index.html'), crm: path.join(examples, 'crm-record/index.html') } },
  },
});
// The helpdesk page is what a vendor pastes: plain HTML and the script tag, not bundled.
cpSync(path.join(examples, 'helpdesk-ticket'), path.join(out, 'helpdesk-ticket'), { recursive: true });
// The host simulators: plain pages playing Zendesk's, Pipedrive's and Chatwoot's side around the apps (/apps/).
cpSync(path.join(examples, 'hosts'), path.join(out, 'hosts'), { recursive: true });
mkdirSync(path.join(out, 'elements'), { recursive: true });
// The bundle and its chunks; not the build's manifest (dist/.vite, for the size check).
cpSync(path.join(elements, 'dist'), path.join(out, 'elements'), { recursive: true, filter: (src) => !src.includes(`${path.sep}.vite`) });
// The Custom Elements Manifest, for editors, Storybook and docs.
execFileSync(process.execPath, [path.join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--litelement', '--globs', 'src/**/ledger-*.ts', '--exclude', 'src/**/*.test.ts', '--quiet'], { cwd: elements, stdio: 'inherit' });
console.log(`built ${path.relative(root, path.join(elements, 'dist'))} and ${path.relative(root, out)}`);
