#!/usr/bin/env node
// <ledger-document-form> with 200 lines: keystroke → totals latency. A real key press (from the
// browser's input pipeline, via playwright) in line 100's quantity; the time runs from the
// key event's own timestamp (`event.timeStamp`, when the browser took the input) to the end of
// the frame that paints the new total (the total's text changes, then requestAnimationFrame,
// then a MessageChannel message — shared/docs/benchmarks.md). Against a baseline in the same
// run: the same form re-rendering every line on each change (a whole-form re-render), pages
// alternated A B B A …, each a fresh page; each keystroke changes the total ('2', then
// Backspace). The form's data comes from the mocks' demo scenario (MSW over the server's core,
// in the page); the 200 lines are a restored draft, as in the ManyLines story.
//
//   node bench/document-form.bench.mjs [--runs 6] [--keys 20] [--json out.json]
import { createServer } from 'vite';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { flag, launchChromium, root } from './lib/cli.mjs';

const RUNS = Number(flag('runs', '6'));
const KEYS = Number(flag('keys', '20'));
const WARMUP_KEYS = 4;
const LINES = 200;
const EDITED = 99; // line 100
const JSON_OUT = flag('json', '');

const PAGE_MODULE = 'virtual:bench-document-form';
const pageSource = `
import { createLedgerClient } from '@ledgerside/client';
import { contacts, createScenario, demoIds, users } from '@ledgerside/mocks';
import { startMockWorker } from '@ledgerside/mocks/browser';
import { LedgerDocumentForm } from '@ledgerside/elements/document-form/ledger-document-form.js';
import '@ledgerside/elements/provider/define.js';

/** The baseline: every change re-renders the whole form, all ${LINES} lines (each gets a new object). */
class WholeFormRerender extends LedgerDocumentForm {
  willUpdate(changed) {
    super.willUpdate(changed);
    if (changed.has('form') && this.form) this.form = { ...this.form, lines: this.form.lines.map((l) => ({ ...l })) };
  }
}
LedgerDocumentForm.define('ledger-document-form');
WholeFormRerender.define('bench-whole-form');

const painted = () =>
  new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(0);
    }),
  );
const until = async (what, probe) => {
  for (let i = 0; i < 600; i++) {
    const v = probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('timed out waiting for ' + what);
};

let form;
let quantity;
let totalEl;

window.benchSetup = async (tag) => {
  for (const key of Object.keys(localStorage)) if (key.startsWith('ledgerside:draft:')) localStorage.removeItem(key);
  const lines = Array.from({ length: ${LINES} }, (_, i) => ({
    key: 'bench-' + i,
    description: 'Support session ' + (i + 1),
    quantity: String(((i % 8) + 1) / 4),
    unitPrice: '120.00',
    discountPercent: i % 10 === 0 ? '10' : '',
    taxRatePercent: '8.25',
    timeEntryIds: [],
    productId: null,
  }));
  lines[${EDITED}].quantity = '1';
  const value = {
    v: 1, kind: 'invoice', currency: 'USD', issueDate: new Date().toISOString().slice(0, 10), dueMode: 'terms',
    paymentTermsDays: '30', dueDate: '', template: 'standard', reference: '', notes: '', lines, saveKey: null, baseVersion: null,
  };
  localStorage.setItem(
    'ledgerside:draft:' + demoIds.organizationId + ':' + users.agent.id + ':new:invoice:contact:' + contacts.ana.id,
    JSON.stringify({ value, savedAt: new Date().toISOString() }),
  );
  const scenario = createScenario('demo');
  await scenario.ready();
  await startMockWorker(scenario, { quiet: true });
  const provider = document.createElement('ledger-provider');
  provider.client = createLedgerClient({ baseUrl: '', getToken: () => 'mock:' + users.agent.id });
  provider.locale = 'en-US';
  provider.contact = contacts.ana;
  form = document.createElement(tag);
  form.setAttribute('kind', 'invoice');
  provider.append(form);
  document.getElementById('stage').append(provider);
  const rows = await until('${LINES} lines', () => {
    const r = form.shadowRoot?.querySelectorAll('ledger-document-line');
    return r && r.length === ${LINES} ? r : null;
  });
  const row = rows[${EDITED}];
  await row.updateComplete;
  quantity = await until('the quantity field', () => row.shadowRoot?.querySelector('input#quantity'));
  totalEl = form.shadowRoot.querySelector('[part="totals"] [data-total="total"]');
  if (!totalEl) throw new Error('no total shown');
  quantity.focus();
  quantity.setSelectionRange(quantity.value.length, quantity.value.length);
  await painted();
  // The frame floor on this page: a one-character text change outside the form, at a random
  // point of the frame, to its painted frame — what waiting for the next frame costs anyway.
  const probe = document.getElementById('probe');
  const floor = [];
  for (let i = 0; i < 12; i++) {
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 40));
    const t0 = performance.now();
    probe.textContent = String(i);
    floor.push((await painted()) - t0);
  }
  return { lines: rows.length, total: totalEl.textContent, value: quantity.value, floor };
};

/** Arms one measurement: resolves with key event → painted new total (ms). */
let pending;
window.benchArm = () => {
  const before = totalEl.textContent;
  pending = new Promise((resolve, reject) => {
    let keyAt;
    let handledAt;
    addEventListener('keydown', (e) => {
      keyAt = e.timeStamp;
      handledAt = performance.now();
    }, { capture: true, once: true });
    const observer = new MutationObserver(async () => {
      if (totalEl.textContent === before || keyAt === undefined) return;
      observer.disconnect();
      const shownAt = performance.now();
      const t1 = await painted();
      resolve({ ms: t1 - keyAt, queued: handledAt - keyAt, script: shownAt - handledAt, frame: t1 - shownAt, total: totalEl.textContent });
    });
    observer.observe(form.shadowRoot, { subtree: true, characterData: true, childList: true });
    setTimeout(() => {
      observer.disconnect();
      reject(new Error('the total did not change within 5 s (' + before + ')'));
    }, 5000);
  });
  return true;
};
window.benchResult = () => pending;
window.benchReady = true;
`;

const pageHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<style>body{margin:0;font:14px/1.45 system-ui,sans-serif}#stage{width:480px;padding:12px}</style></head>
<body><span id="probe">-</span><div id="stage"></div><script type="module" src="/@id/${PAGE_MODULE}"></script></body></html>`;

const cacheDir = path.join(tmpdir(), `ledgerside-vite-bench-form-${process.pid}`);
const server = await createServer({
  root,
  configFile: false,
  logLevel: 'error',
  cacheDir,
  publicDir: path.join(root, 'packages/mocks/public'),
  // Production builds of lit (no dev-mode checks): what users run.
  resolve: { conditions: ['browser', 'production'] },
  // PGlite (the core's database) finds its .wasm and .data beside its own module.
  optimizeDeps: { include: ['lit', 'msw', 'msw/browser'], exclude: ['@electric-sql/pglite'] },
  server: { port: 0, host: '127.0.0.1', fs: { strict: false }, hmr: false },
  plugins: [
    {
      name: 'bench-page',
      resolveId: (id) => (id === PAGE_MODULE ? PAGE_MODULE : null),
      load: (id) => (id === PAGE_MODULE ? pageSource : null),
      configureServer(s) {
        s.middlewares.use('/__bench/document-form.html', (_req, res) => {
          res.setHeader('content-type', 'text/html');
          res.end(pageHtml);
        });
      },
    },
  ],
});
await server.listen();
const { port } = server.httpServer.address();
const browser = await launchChromium();

const variants = { component: 'ledger-document-form', wholeForm: 'bench-whole-form' };
const results = { component: [], wholeForm: [] };
const frameFloor = [];

async function runOnce(name, keys) {
  const page = await browser.newPage({ viewport: { width: 504, height: 900 } });
  const failed = new Promise((_, reject) => page.on('pageerror', (e) => reject(new Error(`page error: ${e.message}`))));
  try {
    await page.goto(`http://127.0.0.1:${port}/__bench/document-form.html`);
    await Promise.race([failed, page.waitForFunction(() => window.benchReady === true, null, { timeout: 120_000 })]);
    const setup = await Promise.race([failed, page.evaluate((tag) => window.benchSetup(tag), variants[name])]);
    if (setup.lines !== LINES) throw new Error(`expected ${LINES} lines, got ${setup.lines}`);
    const samples = [];
    frameFloor.push(...setup.floor);
    for (let k = 0; k < keys; k++) {
      await page.evaluate(() => window.benchArm());
      await page.keyboard.press(k % 2 === 0 ? '2' : 'Backspace');
      const r = await Promise.race([failed, page.evaluate(() => window.benchResult())]);
      if (k >= WARMUP_KEYS) samples.push(r);
      // Let the draft's debounced write and any idle work pass before the next key.
      await page.waitForTimeout(150);
    }
    return samples;
  } finally {
    await page.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

try {
  // Warm Vite's transforms and pre-bundles so the first measured page pays no compile.
  for (let attempt = 1; ; attempt++) {
    try {
      await runOnce('component', WARMUP_KEYS + 1);
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      console.warn(`warm-up ${attempt}: ${error.message}; again`);
    }
  }
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? ['component', 'wholeForm'] : ['wholeForm', 'component'];
    for (const name of order) {
      const samples = await runOnce(name, WARMUP_KEYS + KEYS);
      results[name].push(...samples);
      const ms = samples.map((r) => r.ms);
      const part = (key) => median(samples.map((r) => r[key])).toFixed(1);
      console.info(`run ${i + 1} ${name.padEnd(9)} keystroke → painted total: median ${median(ms).toFixed(1)} ms (${Math.min(...ms).toFixed(1)}–${Math.max(...ms).toFixed(1)}) = queued ${part('queued')} + script ${part('script')} + to painted frame ${part('frame')}`);
    }
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(cacheDir, { recursive: true, force: true });
}

const stat = (rs) => {
  const xs = rs.map((r) => r.ms);
  return {
    median: median(xs), p95: pct(xs, 0.95), min: Math.min(...xs), max: Math.max(...xs), n: xs.length,
    // Where the median keystroke's time goes: input queued, script to the new total's text, then to the painted frame.
    parts: Object.fromEntries(['queued', 'script', 'frame'].map((k) => [k, median(rs.map((r) => r[k]))])),
  };
};
const summary = { component: stat(results.component), wholeForm: stat(results.wholeForm) };
const ratio = summary.wholeForm.median / summary.component.median;
const floor = { median: median(frameFloor), min: Math.min(...frameFloor), max: Math.max(...frameFloor), n: frameFloor.length };
console.info(`\n<ledger-document-form>, ${LINES} lines, ${RUNS} pages × ${KEYS} keystrokes per variant, keystroke → painted total:`);
for (const [name, s] of Object.entries(summary)) {
  console.info(`  ${name.padEnd(9)} median ${s.median.toFixed(1)} ms · p95 ${s.p95.toFixed(1)} ms · ${s.min.toFixed(1)}–${s.max.toFixed(1)} ms (n=${s.n}) · medians: queued ${s.parts.queued.toFixed(1)}, script ${s.parts.script.toFixed(1)}, to painted frame ${s.parts.frame.toFixed(1)} ms`);
}
console.info(`  frame floor (a text change outside the form → painted): median ${floor.median.toFixed(1)} ms (${floor.min.toFixed(1)}–${floor.max.toFixed(1)})`);
console.info(`  ratio whole-form re-render / component: ${ratio.toFixed(1)}×`);
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ bench: 'document-form', lines: LINES, runs: RUNS, keys: KEYS, summary, frameFloor: floor, ratio }, null, 2));
