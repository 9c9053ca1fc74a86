#!/usr/bin/env node
// <ledger-document-list> with 10,000 documents: first render and scroll, the component (rows
// through @lit-labs/virtualizer) against the same component rendering every row with a naive
// `repeat`, alternated A B B A … in one run, each run in a fresh page. Method: shared/docs/
// benchmarks.md — the clock stops after the frame's style, layout and paint (updateComplete,
// then requestAnimationFrame, then a MessageChannel message), cross-checked with the longest
// Long Animation Frame; scroll is 60 steps of 150 px with one frame between.
//
//   node --import tsx bench/document-list.bench.mjs [--runs 7] [--rows 10000] [--json out.json]
import { createServer } from 'vite';
import { writeFileSync } from 'node:fs';
import { flag, launchChromium, root } from './lib/cli.mjs';
import { scenarioCore } from './lib/core.mjs';

const RUNS = Number(flag('runs', '7'));
const ROWS = Number(flag('rows', '10000'));
const JSON_OUT = flag('json', '');

const PAGE_MODULE = 'virtual:bench-document-list';

// The rows: 10,000 real documents of the `many` scenario as the server's core lists them (read
// once, here in Node), served in the page by a client that answers from memory (so only
// rendering is measured).
const { demoIds, users } = await import('@ledgerside/mocks');
const core = await scenarioCore('many');
const scope = { customerId: demoIds.customers.acme };
const docs = [];
for (let cursor; docs.length < ROWS; ) {
  const page = await core.as(users.admin.id).listDocuments({ query: { ...scope, limit: 200, ...(cursor ? { cursor } : {}) } });
  docs.push(...page.items);
  if (!page.nextCursor) break;
  cursor = page.nextCursor;
}
docs.length = Math.min(docs.length, ROWS);
const data = {
  docs,
  session: await core.as(users.agent.id).getSession(),
  summary: await core.as(users.admin.id).documentSummary({ query: scope }),
};
await core.close();

// The page: those rows, and two tags: the component, and a subclass whose list is a plain
// `repeat` over the same row template and styles.
const pageSource = `
import { html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { LedgerDocumentList } from '@ledgerside/elements/document-list/ledger-document-list.js';
import '@ledgerside/elements/provider/define.js';

class NaiveDocumentList extends LedgerDocumentList {
  renderList() {
    const items = this.pager.items;
    return html\`<div class="scroll" part="scroller"><div class="list" part="list" role="list">
      \${repeat(items, (d) => d.id, (d, i) => this.renderRow(d, i))}
    </div></div>\`;
  }
}
LedgerDocumentList.define('ledger-document-list');
NaiveDocumentList.define('bench-naive-document-list');

const { docs, session, summary, scope } = ${JSON.stringify({ ...data, scope })};
const client = {
  getSession: async () => session,
  listDocuments: async () => ({ items: docs, nextCursor: null }),
  documentSummary: async () => summary,
  getUnread: async () => ({ total: 0, byTransaction: [] }),
  subscribe: () => ({ close() {}, lastEventId: undefined }),
  url: (p) => '/v1' + p,
  token: async () => 'bench',
};

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
/** After the next frame's style, layout and paint. */
const painted = () =>
  new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(0);
    }),
  );

let longest = 0;
const noteFrames = (entries) => {
  for (const entry of entries) longest = Math.max(longest, entry.duration);
};
const loaf = new PerformanceObserver((list) => noteFrames(list.getEntries()));
loaf.observe({ type: 'long-animation-frame', buffered: false });

window.benchRun = async (tag) => {
  const stage = document.getElementById('stage');
  const provider = document.createElement('ledger-provider');
  provider.client = client;
  provider.setAttribute('locale', 'en-US');
  stage.append(provider);
  while (provider.runtime.session.status !== 'ready') await frame();
  await frame();
  globalThis.gc?.();
  const heapBefore = performance.memory?.usedJSHeapSize ?? 0;
  const el = document.createElement(tag);
  el.setAttribute('customer-id', scope.customerId);
  const rowsShown = () => el.shadowRoot?.querySelector('[role=listitem]');
  longest = 0;

  const t0 = performance.now();
  provider.append(el);
  // The list arrives from the (in-memory) client, then the rows render.
  while (!rowsShown()) {
    await el.updateComplete;
    if (!rowsShown()) await new Promise((r) => setTimeout(r));
  }
  await el.updateComplete;
  const tScript = performance.now();
  const t1 = await painted();
  // Long-animation-frame entries arrive a little after their frame: wait, then also take
  // any the observer holds but has not delivered yet.
  await new Promise((r) => setTimeout(r, 200));
  await frame();
  noteFrames(loaf.takeRecords());
  const firstRenderLongest = longest;

  const root = el.shadowRoot;
  const nodes = root.querySelectorAll('*').length;
  const rowsInDom = root.querySelectorAll('[role=listitem]').length;
  globalThis.gc?.();
  const heapAfter = performance.memory?.usedJSHeapSize ?? 0;

  // Smooth scroll: 60 steps of 150 px, one frame each; frame time = between frames.
  const scroller = root.querySelector('.scroll');
  const frames = [];
  let last = await painted();
  for (let i = 0; i < 60; i++) {
    scroller.scrollTop += 150;
    const now = await painted();
    frames.push(now - last);
    last = now;
  }
  frames.sort((a, b) => a - b);
  return {
    firstRender: t1 - t0,
    /** Up to updateComplete only: what a naive measurement would report. */
    updateComplete: tScript - t0,
    longestFrame: firstRenderLongest,
    nodes,
    rowsInDom,
    heapMB: (heapAfter - heapBefore) / 1048576,
    scrollMedian: frames[Math.floor(frames.length / 2)],
    scrollP95: frames[Math.floor(frames.length * 0.95)],
    documents: docs.length,
  };
};
window.benchReady = true;
`;

const pageHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<style>body{margin:0;font:14px/1.45 system-ui,sans-serif}#stage{width:480px;padding:12px}</style></head>
<body><div id="stage"></div><script type="module" src="/@id/${PAGE_MODULE}"></script></body></html>`;

const server = await createServer({
  root,
  configFile: false,
  logLevel: 'error',
  // Its own pre-bundle cache (other Vite runs here use other resolve conditions), with the
  // virtualizer's lazily loaded layout known up front so no re-bundle happens mid-run.
  cacheDir: 'node_modules/.vite-bench-document-list',
  optimizeDeps: {
    include: ['lit', 'lit/directives/repeat.js', '@lit-labs/virtualizer/virtualize.js', '@lit-labs/virtualizer/layouts/flow.js', 'msw'],
  },
  // Production builds of lit (no dev-mode checks): what users run.
  resolve: { conditions: ['browser', 'production'] },
  server: { port: 0, host: '127.0.0.1', fs: { strict: false }, hmr: false },
  plugins: [
    {
      name: 'bench-page',
      resolveId: (id) => (id === PAGE_MODULE ? PAGE_MODULE : null),
      load: (id) => (id === PAGE_MODULE ? pageSource : null),
      configureServer(s) {
        s.middlewares.use('/__bench/document-list.html', (_req, res) => {
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

const variants = { virtualized: 'ledger-document-list', naive: 'bench-naive-document-list' };
const results = { virtualized: [], naive: [] };

async function runOnce(name) {
  const page = await browser.newPage({ viewport: { width: 504, height: 900 } });
  const failed = new Promise((_, reject) => page.on('pageerror', (e) => reject(new Error(`page error: ${e.message}`))));
  try {
    await page.goto(`http://127.0.0.1:${port}/__bench/document-list.html`);
    await Promise.race([failed, page.waitForFunction(() => window.benchReady === true, null, { timeout: 120_000 })]);
    return await Promise.race([failed, page.evaluate((tag) => window.benchRun(tag), variants[name])]);
  } finally {
    await page.close();
  }
}

try {
  // Warm Vite's transforms and pre-bundles so the first measured page pays no compile; a
  // first page may fail while Vite re-bundles what it discovered.
  for (let attempt = 1; ; attempt++) {
    try {
      await runOnce('virtualized');
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      console.warn(`warm-up ${attempt}: ${error.message}; again`);
    }
  }
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? ['virtualized', 'naive'] : ['naive', 'virtualized'];
    for (const name of order) {
      const r = await runOnce(name);
      results[name].push(r);
      console.info(`run ${i + 1} ${name.padEnd(11)} first render ${r.firstRender.toFixed(0).padStart(5)} ms (updateComplete ${r.updateComplete.toFixed(0)} ms) · longest frame ${r.longestFrame.toFixed(0).padStart(5)} ms · scroll p95 ${r.scrollP95.toFixed(1)} ms · ${r.rowsInDom} rows / ${r.nodes} nodes in DOM`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stat = (name, key) => {
  const xs = results[name].map((r) => r[key]);
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
};
const keys = ['firstRender', 'longestFrame', 'scrollMedian', 'scrollP95', 'nodes', 'heapMB'];
const summary = Object.fromEntries(
  Object.keys(results).map((name) => [name, Object.fromEntries(keys.map((k) => [k, stat(name, k)]))]),
);
const fmt = (s, unit = 'ms', digits = 0) => `${s.median.toFixed(digits)} ${unit} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
const documents = results.virtualized[0]?.documents ?? ROWS;
console.info(`\n<ledger-document-list>, ${documents} documents, ${RUNS} runs each, median (min–max), post-frame:`);
for (const name of Object.keys(results)) {
  const s = summary[name];
  console.info(
    `  ${name.padEnd(11)} first render ${fmt(s.firstRender)} · longest frame ${fmt(s.longestFrame)} · scroll median ${fmt(s.scrollMedian, 'ms', 1)}, p95 ${fmt(s.scrollP95, 'ms', 1)} · ${fmt(s.nodes, 'nodes')} · heap +${fmt(s.heapMB, 'MB', 1)}`,
  );
}
const ratio = summary.naive.firstRender.median / summary.virtualized.firstRender.median;
const scrollRatio = summary.naive.scrollP95.median / summary.virtualized.scrollP95.median;
console.info(`  ratio naive / virtualized: first render ${ratio.toFixed(1)}×, scroll p95 ${scrollRatio.toFixed(1)}×`);
if (JSON_OUT) {
  writeFileSync(JSON_OUT, JSON.stringify({ bench: 'document-list', documents, runs: RUNS, summary, ratio: { firstRender: ratio, scrollP95: scrollRatio } }, null, 2));
}
