#!/usr/bin/env node
// Time to sidebar: the helpdesk example (one script tag, strict CSP) against the local server
// (startServer, demo mode, a fresh copy of the seeded store, ephemeral port), in Chromium with a
// cold cache (a new browser context per run). The clock starts when the script tag's request
// starts (resource timing of ledgerside.js) and stops after the frame that paints the
// sidebar's first document row (checked at every requestAnimationFrame; a MessageChannel
// message after it). Also: from navigation start, and the JavaScript fetched before that
// frame (files, and their gzip size from the build).
//
// Baseline in the same run, alternated: the same page with the bundle as it was before
// on-demand loading — every tag registered at load (src/define.ts) — built now into a temp
// folder and served in place of examples/dist/elements by request interception.
//
//   node --import tsx bench/time-to-sidebar.bench.mjs [--runs 7] [--json out.json]
import { build, loadConfigFromFile } from 'vite';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSize } from './lib/sizes.mjs';
import { flag, launchChromium, root } from './lib/cli.mjs';

const RUNS = Number(flag('runs', '7'));
const JSON_OUT = flag('json', '');
const examplesDist = path.join(root, 'examples/dist');
const elements = path.join(root, 'packages/elements');

if (!existsSync(path.join(examplesDist, 'helpdesk-ticket/index.html')) || !existsSync(path.join(examplesDist, 'elements/ledgerside.js'))) {
  throw new Error('examples/dist is missing: run `node scripts/build.mjs` first (pnpm bench does)');
}

// The baseline bundle: the page provider first, then every tag, then the script-tag entry.
const eagerDir = mkdtempSync(path.join(tmpdir(), 'ledgerside-eager-'));
const eagerEntryDir = mkdtempSync(path.join(tmpdir(), 'ledgerside-eager-entry-'));
{
  const { config } = await loadConfigFromFile({ command: 'build', mode: 'production' }, path.join(elements, 'vite.config.ts'), elements, 'error');
  const src = (p) => JSON.stringify(path.join(elements, 'src', p));
  const entry = path.join(eagerEntryDir, 'eager-bundle.ts');
  writeFileSync(entry, `import ${src('bundle-root.ts')};\nimport ${src('define.ts')};\nimport ${src('bundle.ts')};\n`);
  await build({
    ...config,
    root: elements,
    configFile: false,
    logLevel: 'error',
    build: { ...config.build, outDir: eagerDir, emptyOutDir: true, sourcemap: false, manifest: false, lib: { ...config.build.lib, entry: { ledgerside: entry } } },
  });
}

const { startServer } = await import('../packages/server/src/index.ts');
const { freshDataDir } = await import('../packages/server/test/helpers/server.ts');
const data = await freshDataDir();
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: data.dir, demo: true, examplesDir: examplesDist, rateLimit: false });
const browser = await launchChromium();

// Stops the clock in the page: each frame, look for the first document row inside the
// sidebar's list; in the frame that has it, note the time after that frame's paint.
const PROBE = `
(() => {
  const find = () => {
    const sidebar = document.querySelector('ledger-sidebar');
    const list = sidebar?.shadowRoot?.querySelector('ledger-document-list');
    return list?.shadowRoot?.querySelector('[role=listitem]');
  };
  const tick = () => {
    if (find()) {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { window.__sidebarShown = performance.now(); };
      channel.port2.postMessage(0);
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

const sizeCache = new Map();
const gzipOf = (file) => {
  if (!sizeCache.has(file)) sizeCache.set(file, existsSync(file) ? gzipSize(readFileSync(file)) : 0);
  return sizeCache.get(file);
};

async function runOnce(variant) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(PROBE);
  const dir = variant === 'eager' ? eagerDir : path.join(examplesDist, 'elements');
  const served = [];
  await context.route(`${server.url}/examples/elements/**`, async (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname.replace('/examples/elements/', ''));
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    served.push(file);
    return route.fulfill({ status: 200, contentType: 'text/javascript', body: readFileSync(file) });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${server.url}/examples/helpdesk-ticket/?user=u-agent`);
    await page.waitForFunction(() => window.__sidebarShown !== undefined, null, { timeout: 60_000 });
    const timing = await page.evaluate(() => {
      const script = performance.getEntriesByType('resource').find((e) => e.name.includes('/elements/ledgerside.js'));
      const shown = window.__sidebarShown;
      const js = performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/examples/elements/') && e.responseEnd <= shown)
        .map((e) => new URL(e.name).pathname);
      return { fromScript: shown - script.startTime, fromNavigation: shown, js };
    });
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const files = timing.js.map((p) => path.join(dir, p.replace('/examples/elements/', '')));
    return { ...timing, jsFiles: files.length, jsGzip: files.reduce((sum, f) => sum + gzipOf(f), 0) };
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const results = { onDemand: [], eager: [] };
try {
  await runOnce('onDemand'); // warm the server (first queries, static files from disk)
  await runOnce('eager');
  for (let i = 0; i < RUNS; i++) {
    for (const variant of i % 2 === 0 ? ['onDemand', 'eager'] : ['eager', 'onDemand']) {
      const r = await runOnce(variant);
      results[variant].push(r);
      console.info(`run ${i + 1} ${variant.padEnd(8)} sidebar shows data ${r.fromScript.toFixed(0).padStart(5)} ms after the script tag's request (${r.fromNavigation.toFixed(0)} ms from navigation) · ${r.jsFiles} JS files, ${(r.jsGzip / 1000).toFixed(1)} KB gzip`);
    }
  }
} finally {
  await browser.close();
  await server.close();
  data.remove();
  rmSync(eagerDir, { recursive: true, force: true });
  rmSync(eagerEntryDir, { recursive: true, force: true });
}
const stat = (rs, key) => {
  const xs = rs.map((r) => r[key]);
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
};
const summary = Object.fromEntries(
  Object.entries(results).map(([name, rs]) => [name, { fromScript: stat(rs, 'fromScript'), fromNavigation: stat(rs, 'fromNavigation'), jsFiles: stat(rs, 'jsFiles'), jsGzip: stat(rs, 'jsGzip') }]),
);
const ratio = summary.eager.fromScript.median / summary.onDemand.fromScript.median;
console.info(`\nTime to sidebar (helpdesk example, local server, cold cache), ${RUNS} runs each, median (min–max):`);
for (const [name, s] of Object.entries(summary)) {
  console.info(`  ${name.padEnd(8)} ${s.fromScript.median.toFixed(0)} ms (${s.fromScript.min.toFixed(0)}–${s.fromScript.max.toFixed(0)}) from the script tag · ${s.fromNavigation.median.toFixed(0)} ms from navigation · ${(s.jsGzip.median / 1000).toFixed(1)} KB gzip JS in ${s.jsFiles.median} files before it`);
}
console.info(`  ratio eager / on demand: ${ratio.toFixed(2)}×`);
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ bench: 'time-to-sidebar', runs: RUNS, summary, ratio }, null, 2));
