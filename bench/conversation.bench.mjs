#!/usr/bin/env node
// <ledger-conversation> with 5,000 messages against a naive list, in the same run.
//   node bench/conversation.bench.mjs [--runs 7] [--json out.json]
//
// Both variants sit under the same <ledger-provider> (session already loaded), fetch the same
// thread through the same typed client from the same msw store (the `many` scenario's 5,000
// message thread, served as one page so both hold all 5,000), and render it: the component
// with its virtualized log, the naive list with `repeat` over every message. Each run is a
// fresh page; variants alternate A B A B. Time is measured from inserting the element to the
// end of the frame that paints the first messages (rAF, then a MessageChannel message), per
// shared/docs/benchmarks.md, with the longest Long Animation Frame as a cross-check, DOM nodes,
// JS heap after a forced GC, and scrolling 60 × 150 px (median and p95 frame time).
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(flag('runs', '7'));
const JSON_OUT = flag('json', '');

// The page: a JS module served by Vite from memory (no file outside bench/ is needed).
const PAGE_MODULE = `
import { LitElement, html, css } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { http, HttpResponse } from 'msw';
import { createLedgerClient } from '@ledgerside/client';
import { createScenario, manyIds, users } from '@ledgerside/mocks';
import { startMockWorker } from '@ledgerside/mocks/browser';
import '@ledgerside/elements/provider/define.js';
import '@ledgerside/elements/conversation/define.js';

const COUNT = manyIds.messages;

/** The naive list: the same data through the same client, every message in the DOM. */
class NaiveThread extends LitElement {
  static properties = { client: { attribute: false }, messages: { state: true } };
  static styles = css\`
    :host { display: block; font: 14px/1.45 system-ui, sans-serif; }
    .thread { height: 30rem; overflow-y: auto; border: 1px solid #d1d9e0; border-radius: 6px; }
    .row { padding: 4px 12px; }
    .bubble { max-width: 88%; padding: 8px 12px; border-radius: 10px; background: #f6f8fa; }
    .row[data-mine] .bubble { margin-inline-start: auto; background: #ddeeff; }
    .meta { display: flex; gap: 8px; font-size: 12px; }
    .author { font-weight: 600; }
    time { margin-inline-start: auto; color: #59636e; }
    .body { margin: 4px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    .to { margin-top: 4px; color: #59636e; font-size: 12px; }
  \`;
  constructor() {
    super();
    this.messages = [];
    this.dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
  }
  async connectedCallback() {
    super.connectedCallback();
    const { conversation } = await this.client.getConversation({ query: { transactionType: 'invoice', transactionId: manyIds.conversationDocumentId } });
    const page = await this.client.listMessages({ params: { id: conversation.id }, query: { limit: 50 } });
    this.messages = page.items;
  }
  render() {
    return html\`<div class="thread" role="log" aria-label="Messages">\${repeat(
      this.messages,
      (m) => m.id,
      (m) => html\`<article class="row" data-message-id=\${m.id} ?data-mine=\${m.author.id === users.agent.id}>
        <div class="bubble">
          <div class="meta"><span class="author">\${m.author.name}</span><span>\${m.author.side}</span>
            <time datetime=\${m.createdAt} title=\${this.dateTime.format(new Date(m.createdAt))}>\${this.dateTime.format(new Date(m.createdAt))}</time></div>
          <p class="body">\${m.body}</p>
          <div class="to">To: \${m.recipients.map((r) => r.name).join(', ')}</div>
        </div>
      </article>\`,
    )}</div>\`;
  }
}
customElements.define('naive-thread', NaiveThread);

const afterPaint = () =>
  new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(0);
    }),
  );
const nextFrame = () => new Promise((r) => requestAnimationFrame(r));

let provider;
let client;
let longest = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
}).observe({ type: 'long-animation-frame', buffered: false });

window.bench = {
  async setup() {
    const scenario = createScenario('many');
    const { store } = scenario;
    // All 5,000 in one page, so both variants hold the whole thread (the component would
    // otherwise page back 50 at a time, which is the point of it but not of this measurement).
    const all = [];
    let cursor;
    do {
      const p = store.listMessages(users.agent.id, manyIds.conversationId, cursor ? { cursor, limit: 200 } : { limit: 200 });
      all.unshift(...p.items);
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    const body = JSON.stringify({ items: all, nextCursor: null });
    const stop = await startMockWorker(scenario, { quiet: true });
    stop.worker.use(
      http.get('*/v1/conversations/:id/messages', () => new HttpResponse(body, { headers: { 'Content-Type': 'application/json' } })),
      // Read markers are not what is measured.
      http.post('*/v1/conversations/:id/read', () => HttpResponse.json({ error: { code: 'internal', message: 'bench' } }, { status: 500 })),
    );
    client = createLedgerClient({ baseUrl: '', getToken: () => 'mock:' + users.agent.id });
    provider = document.createElement('ledger-provider');
    provider.locale = 'en-US';
    provider.client = client;
    document.getElementById('stage').append(provider);
    // The session first, outside the clock: both variants start with it known.
    for (let i = 0; i < 400 && provider.runtime.session.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 10));
    if (provider.runtime.session.status !== 'ready') throw new Error('session did not load');
    // Warm the client's code paths and the JSON/validation once, outside the clock.
    await this.fetchOnly();
    return all.length;
  },

  /** The part both variants share: the thread lookup and 5,000 messages parsed and validated. */
  async fetchOnly() {
    const t0 = performance.now();
    const { conversation } = await client.getConversation({ query: { transactionType: 'invoice', transactionId: manyIds.conversationDocumentId } });
    const page = await client.listMessages({ params: { id: conversation.id }, query: { limit: 50 } });
    if (page.items.length !== COUNT) throw new Error('expected ' + COUNT + ' messages, got ' + page.items.length);
    return performance.now() - t0;
  },

  async run(variant) {
    globalThis.gc?.();
    await nextFrame();
    longest = 0;
    let el;
    let done;
    const t0 = performance.now();
    if (variant === 'A') {
      el = document.createElement('ledger-conversation');
      el.setAttribute('transaction-type', 'invoice');
      el.setAttribute('transaction-id', manyIds.conversationDocumentId);
      el.style.setProperty('--ledger-conversation-height', '34rem');
      provider.append(el);
      done = () => el.shadowRoot?.querySelector('article[data-message-id]');
    } else {
      el = document.createElement('naive-thread');
      el.client = client;
      provider.append(el);
      done = () => el.shadowRoot?.querySelector('article[data-message-id]');
    }
    while (!done()) await nextFrame();
    const t1 = await afterPaint();
    await new Promise((r) => setTimeout(r, 300));
    const scroller = el.shadowRoot.querySelector('[role="log"]');
    const nodes = el.shadowRoot.querySelectorAll('*').length;
    const inList = scroller.querySelectorAll('article').length;
    globalThis.gc?.();
    const heap = performance.memory?.usedJSHeapSize ?? 0;
    // Scrolling in small steps, as a reader does.
    scroller.scrollTop = Math.max(0, scroller.scrollHeight / 2);
    await nextFrame();
    await nextFrame();
    const frames = [];
    let last = performance.now();
    for (let i = 0; i < 60; i++) {
      scroller.dispatchEvent(new WheelEvent('wheel', { deltaY: -150 }));
      scroller.scrollTop -= 150;
      await nextFrame();
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    const inOrder = [...frames];
    frames.sort((a, b) => a - b);
    return {
      frames: inOrder.map((f) => Math.round(f)),
      ms: t1 - t0,
      longestFrame: longest,
      nodes,
      rows: inList,
      heapMB: heap / 1048576,
      scrollMedian: frames[Math.floor(frames.length / 2)],
      scrollP95: frames[Math.floor(frames.length * 0.95)],
    };
  },
};
window.benchReady = true;
`;

const PAGE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>conversation bench</title></head>
<body style="margin:0;background:#f3f4f6"><div id="stage" style="width:420px;padding:12px"></div>
<script type="module" src="/__bench/conversation.js"></script></body></html>`;

const benchPage = {
  name: 'conversation-bench-page',
  resolveId(id) {
    return id === '/__bench/conversation.js' ? id : null;
  },
  load(id) {
    return id === '/__bench/conversation.js' ? PAGE_MODULE : null;
  },
  configureServer(server) {
    server.middlewares.use(async (req, res, next) => {
      if (req.url !== '/__bench/') return next();
      res.setHeader('Content-Type', 'text/html');
      res.end(await server.transformIndexHtml(req.url, PAGE_HTML));
    });
  },
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (n, d = 0) => n.toFixed(d);

const server = await createServer({
  root,
  configFile: path.join(root, 'vite.config.ts'),
  // No reloads when files change meanwhile (others may be editing the tree during a run).
  server: { port: 0, host: '127.0.0.1', hmr: false, watch: { ignored: ['**/*'] } },
  logLevel: 'error',
  plugins: [benchPage],
});
await server.listen();
const { port } = server.httpServer.address();
const url = `http://127.0.0.1:${port}/__bench/`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--enable-precise-memory-info',
    '--js-flags=--expose-gc',
  ],
});

async function onePage(variant) {
  const context = await browser.newContext({ viewport: { width: 480, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
    const count = await page.evaluate(() => window.bench.setup());
    if (variant === 'fetch') return { ms: await page.evaluate(() => window.bench.fetchOnly()), count };
    const result = await page.evaluate((v) => window.bench.run(v), variant);
    const real = errors.filter((m) => !m.includes('ResizeObserver loop'));
    if (real.length) throw new Error(`page errors: ${real.join('; ')}`);
    return { ...result, count };
  } finally {
    await context.close();
  }
}

try {
  // Warm-up: lets Vite discover and pre-bundle dependencies before anything is timed.
  await onePage('A');
  await onePage('B');
  const results = { A: [], B: [], fetch: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const variant of ['A', 'B']) {
      const r = await onePage(variant);
      results[variant].push(r);
      process.stdout.write(`run ${i + 1}/${RUNS} ${variant === 'A' ? 'component' : 'naive    '}: ${fmt(r.ms)} ms to painted frame, ${r.rows} rows in the DOM\n`);
    }
    results.fetch.push((await onePage('fetch')).ms);
  }
  const summary = (rs) => ({
    ms: median(rs.map((r) => r.ms)),
    min: Math.min(...rs.map((r) => r.ms)),
    max: Math.max(...rs.map((r) => r.ms)),
    longestFrame: median(rs.map((r) => r.longestFrame)),
    nodes: median(rs.map((r) => r.nodes)),
    rows: median(rs.map((r) => r.rows)),
    heapMB: median(rs.map((r) => r.heapMB)),
    scrollMedian: median(rs.map((r) => r.scrollMedian)),
    scrollP95: median(rs.map((r) => r.scrollP95)),
  });
  const A = summary(results.A);
  const B = summary(results.B);
  const fetchMs = median(results.fetch);
  const count = results.A[0].count;
  console.log(`\n<ledger-conversation>, ${count.toLocaleString('en')} messages, ${RUNS} runs each (A/B alternated, fresh page per run), medians:`);
  console.log('variant      | to painted frame (min–max) | longest frame | DOM nodes | heap MB | scroll median / p95');
  const line = (name, s) =>
    console.log(
      `${name.padEnd(12)} | ${`${fmt(s.ms)} ms (${fmt(s.min)}–${fmt(s.max)})`.padEnd(26)} | ${`${fmt(s.longestFrame)} ms`.padEnd(13)} | ${String(s.nodes).padEnd(9)} | ${fmt(s.heapMB, 1).padEnd(7)} | ${fmt(s.scrollMedian, 1)} / ${fmt(s.scrollP95, 1)} ms`,
    );
  line('component', A);
  line('naive list', B);
  console.log(`shared fetch (lookup + ${count} messages parsed and validated): ${fmt(fetchMs)} ms`);
  console.log(`ratio naive / component: ${fmt(B.ms / A.ms, 1)}× end to end; ${fmt((B.ms - fetchMs) / Math.max(1, A.ms - fetchMs), 1)}× rendering only (each minus the shared fetch)`);
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ bench: 'conversation', count, runs: RUNS, component: A, naive: B, fetchMs, raw: results }, null, 2));
} finally {
  await browser.close();
  await server.close();
}
