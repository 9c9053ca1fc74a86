#!/usr/bin/env node
// <ledger-conversation> with 5,000 messages against naive versions, in the same run: rendering
// only, as bench/document-list.bench.mjs measures the document list.
//   node --import tsx bench/conversation.bench.mjs [--runs 7] [--json out.json]
//
// Every variant sits under the same <ledger-provider> (session already loaded) with a client
// that answers from memory: the `many` scenario's thread of 5,000 messages (the agent's view:
// the client's last ten unread), handed over as one page, so each holds the whole thread and no
// fetching, parsing or validation is timed. Three variants:
//   component  <ledger-conversation>: its virtualized log.
//   naive      the same element with the log's rows through a plain `repeat` instead of the
//              virtualizer (as the list bench's naive variant): the same header, composer and
//              row template, every message in the DOM. The baseline of the ratio.
//   list       a minimal hand-written list, plain `repeat`, lighter rows (author, side, time,
//              body, recipients; no header or composer): a floor for any naive version.
// Both naive variants open at the newest messages, as the component does. Each run is a fresh
// page; the order of variants alternates. Method: shared/docs/benchmarks.md. The clock starts as the element is inserted and stops at the end of the first
// painted frame (rAF, then a MessageChannel message, checked after every frame) in which one of
// the ten newest messages is inside the thread's visible area; then how far the first unread
// message still moves in the next frames (0: that frame was the settled view), the longest Long
// Animation Frame as a cross-check, DOM nodes, JS heap after a forced GC, and scrolling
// 60 × 150 px (median and p95 frame time).
import { createServer } from 'vite';
import { writeFileSync } from 'node:fs';
import { flag, launchChromium, root } from './lib/cli.mjs';
import { scenarioCore } from './lib/core.mjs';

const RUNS = Number(flag('runs', '7'));
const JSON_OUT = flag('json', '');

const PAGE_MODULE = 'virtual:bench-conversation';
const VARIANTS = ['component', 'naive', 'list'];

// The thread as the server's core answers the agent (the `many` scenario, read once, here in
// Node), and the calls the component makes answered from memory in the page.
const { manyIds, users } = await import('@ledgerside/mocks');
const core = await scenarioCore('many');
const agentApi = core.as(users.agent.id);
const transaction = { transactionType: 'invoice', transactionId: manyIds.conversationDocumentId };
const messages = [];
for (let cursor; ; ) {
  const page = await agentApi.listMessages({ params: { id: manyIds.conversationId }, query: cursor ? { cursor, limit: 200 } : { limit: 200 } });
  messages.unshift(...page.items);
  if (!page.nextCursor) break;
  cursor = page.nextCursor;
}
const data = {
  messages,
  transaction,
  conversation: (await agentApi.getConversation({ query: transaction })).conversation,
  recipients: await agentApi.listRecipients({ query: transaction }),
  session: await agentApi.getSession(),
  unread: await agentApi.getUnread(),
};
await core.close();

// The page: a JS module served by Vite from memory (no file outside bench/ is needed).
const pageSource = `
import { LitElement, html, css } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import '@ledgerside/elements/provider/define.js';
import '@ledgerside/elements/conversation/define.js';
import { LedgerConversation } from '@ledgerside/elements/conversation/ledger-conversation.js';

const COUNT = ${manyIds.messages};
const agent = ${JSON.stringify(users.agent.id)};
const { messages, transaction, conversation, recipients, session, unread } = ${JSON.stringify(data)};
if (messages.length !== COUNT) throw new Error('expected ' + COUNT + ' messages, got ' + messages.length);
/** The ten newest: the client's, unread by the agent when the thread opens. */
const newest = new Set(messages.slice(-10).map((m) => m.id));
const firstUnread = messages.at(-10).id;

// Every call the component makes, answered from memory (a read marker answers as the server would).
const client = {
  getSession: async () => session,
  getConversation: async () => ({ conversation }),
  listMessages: async () => ({ items: messages, nextCursor: null }),
  listRecipients: async () => recipients,
  markRead: async ({ body }) => ({ ...conversation, lastReadMessageId: body.messageId, unread: messages.length - 1 - messages.findIndex((m) => m.id === body.messageId) }),
  getUnread: async () => unread,
  subscribe: () => ({ close() {}, lastEventId: undefined }),
  url: (p) => '/v1' + p,
  token: async () => 'bench',
};

/** The naive version of the component: its own rows, every one in the DOM through a plain repeat. */
class NaiveConversation extends LedgerConversation {
  renderRows(items) {
    const key = (item) => item.id ?? (item.kind === 'outgoing' ? 'out:' + item.entry.key : item.kind);
    return repeat(items, key, (item, i) => this.renderItem(item, i));
  }
  updated(changed) {
    super.updated(changed);
    // Opens at the newest messages, as the component does.
    const thread = this.renderRoot.querySelector('.thread');
    if (!this.opened && thread?.querySelector('article')) {
      this.opened = true;
      thread.scrollTop = thread.scrollHeight;
    }
  }
}
NaiveConversation.define('bench-naive-conversation');

/** The minimal list: the same data from the same client, lighter rows, every message in the DOM. */
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
    const { conversation } = await this.client.getConversation({ query: transaction });
    const page = await this.client.listMessages({ params: { id: conversation.id }, query: { limit: 50 } });
    this.messages = page.items;
  }
  updated(changed) {
    // Opens at the newest messages, as the component does.
    if (changed.has('messages') && this.messages.length) {
      const thread = this.renderRoot.querySelector('.thread');
      thread.scrollTop = thread.scrollHeight;
    }
  }
  render() {
    return html\`<div class="thread" role="log" aria-label="Messages">\${repeat(
      this.messages,
      (m) => m.id,
      (m) => html\`<article class="row" data-message-id=\${m.id} ?data-mine=\${m.author.id === agent}>
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

const nextFrame = () => new Promise((r) => requestAnimationFrame(r));
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
  for (const e of entries) longest = Math.max(longest, e.duration);
};
const loaf = new PerformanceObserver((list) => noteFrames(list.getEntries()));
loaf.observe({ type: 'long-animation-frame', buffered: false });

let provider;

window.bench = {
  async setup() {
    provider = document.createElement('ledger-provider');
    provider.locale = 'en-US';
    provider.client = client;
    document.getElementById('stage').append(provider);
    // The session first, outside the clock: both variants start with it known.
    while (provider.runtime.session.status !== 'ready') await nextFrame();
    await nextFrame();
    return messages.length;
  },

  async run(variant) {
    globalThis.gc?.();
    // Start in a task of its own after a frame (as data arriving from the network would), not
    // inside a rAF callback, whose frame would then paint before the element was even timed.
    await painted();
    let el;
    if (variant === 'component' || variant === 'naive') {
      el = document.createElement(variant === 'component' ? 'ledger-conversation' : 'bench-naive-conversation');
      el.setAttribute('transaction-type', transaction.transactionType);
      el.setAttribute('transaction-id', transaction.transactionId);
      el.style.setProperty('--ledger-conversation-height', '34rem');
    } else {
      el = document.createElement('naive-thread');
      el.client = client;
    }
    /** One of the newest messages inside the thread's visible area (read after a frame: no forced layout). */
    const newestShown = () => {
      const scroller = el.shadowRoot?.querySelector('[role="log"]');
      if (!scroller) return false;
      const view = scroller.getBoundingClientRect();
      for (const row of scroller.querySelectorAll('article[data-message-id]')) {
        if (!newest.has(row.dataset.messageId)) continue;
        const r = row.getBoundingClientRect();
        if (r.bottom > view.top + 1 && r.top < view.bottom - 1 && r.height > 0) return true;
      }
      return false;
    };
    const anchorTop = () => {
      const row = el.shadowRoot.querySelector('[data-message-id="' + firstUnread + '"]');
      return row ? row.getBoundingClientRect().top : NaN;
    };
    longest = 0;

    const t0 = performance.now();
    provider.append(el);
    let t1 = await painted();
    for (let frames = 1; !newestShown(); frames++) {
      if (frames > 600) throw new Error(variant + ': the newest messages never showed');
      t1 = await painted();
    }
    // Did the view still move after that frame (a virtualizer correcting estimated sizes)?
    const top = anchorTop();
    await painted();
    await painted();
    const settleShift = Math.abs(anchorTop() - top) || 0;
    // Long-animation-frame entries arrive a little after their frame.
    await new Promise((r) => setTimeout(r, 300));
    await nextFrame();
    noteFrames(loaf.takeRecords());
    const firstRenderLongest = longest;

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
    frames.sort((a, b) => a - b);
    el.remove();
    return {
      ms: t1 - t0,
      settleShift,
      longestFrame: firstRenderLongest,
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

const pageHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>conversation bench</title></head>
<body style="margin:0;background:#f3f4f6"><div id="stage" style="width:420px;padding:12px"></div>
<script type="module" src="/@id/${PAGE_MODULE}"></script></body></html>`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (n, d = 0) => n.toFixed(d);

const server = await createServer({
  root,
  configFile: false,
  logLevel: 'error',
  // Its own pre-bundle cache, with the virtualizer's layout known up front so no re-bundle
  // happens mid-run; experimentalDecorators comes from tsconfig.json.
  cacheDir: 'node_modules/.vite-bench-conversation',
  optimizeDeps: {
    include: ['lit', 'lit/directives/repeat.js', '@lit-labs/virtualizer/virtualize.js', '@lit-labs/virtualizer/layouts/flow.js', 'msw'],
  },
  // Production builds of lit (no dev-mode checks): what users run.
  resolve: { conditions: ['browser', 'production'] },
  // No reloads when files change meanwhile (others may be editing the tree during a run).
  server: { port: 0, host: '127.0.0.1', fs: { strict: false }, hmr: false, watch: { ignored: ['**/*'] } },
  plugins: [
    {
      name: 'bench-page',
      resolveId: (id) => (id === PAGE_MODULE ? PAGE_MODULE : null),
      load: (id) => (id === PAGE_MODULE ? pageSource : null),
      configureServer(s) {
        s.middlewares.use('/__bench/conversation.html', (_req, res) => {
          res.setHeader('content-type', 'text/html');
          res.end(pageHtml);
        });
      },
    },
  ],
});
await server.listen();
const { port } = server.httpServer.address();
const url = `http://127.0.0.1:${port}/__bench/conversation.html`;
const browser = await launchChromium();

async function onePage(variant) {
  const context = await browser.newContext({ viewport: { width: 480, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 120_000 });
    const count = await page.evaluate(() => window.bench.setup());
    const result = await page.evaluate((v) => window.bench.run(v), variant);
    const real = errors.filter((m) => !m.includes('ResizeObserver loop'));
    if (real.length) throw new Error(`page errors: ${real.join('; ')}`);
    return { ...result, count };
  } finally {
    await context.close();
  }
}

try {
  // Warm-up: lets Vite transform and pre-bundle everything before anything is timed; a first
  // page may fail while Vite re-bundles what it discovered.
  for (let attempt = 1; ; attempt++) {
    try {
      for (const variant of VARIANTS) await onePage(variant);
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      console.warn(`warm-up ${attempt}: ${error.message}; again`);
    }
  }
  const results = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const variant of i % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
      const r = await onePage(variant);
      results[variant].push(r);
      process.stdout.write(
        `run ${i + 1}/${RUNS} ${variant.padEnd(9)}: ${fmt(r.ms)} ms to painted frame (then moved ${fmt(r.settleShift)} px), longest frame ${fmt(r.longestFrame)} ms, ${r.rows} rows in the DOM\n`,
      );
    }
  }
  const summary = (rs) => ({
    ms: median(rs.map((r) => r.ms)),
    min: Math.min(...rs.map((r) => r.ms)),
    max: Math.max(...rs.map((r) => r.ms)),
    settleShift: Math.max(...rs.map((r) => r.settleShift)),
    longestFrame: median(rs.map((r) => r.longestFrame)),
    nodes: median(rs.map((r) => r.nodes)),
    rows: median(rs.map((r) => r.rows)),
    heapMB: median(rs.map((r) => r.heapMB)),
    scrollMedian: median(rs.map((r) => r.scrollMedian)),
    scrollP95: median(rs.map((r) => r.scrollP95)),
  });
  const s = Object.fromEntries(VARIANTS.map((v) => [v, summary(results[v])]));
  const count = results.component[0].count;
  console.log(`\n<ledger-conversation>, ${count.toLocaleString('en')} messages from an in-memory client (rendering only), ${RUNS} runs each (alternated, fresh page per run), medians:`);
  console.log('variant      | to painted frame (min–max) | longest frame | DOM nodes | heap MB | scroll median / p95');
  const line = (name, v) =>
    console.log(
      `${name.padEnd(12)} | ${`${fmt(v.ms)} ms (${fmt(v.min)}–${fmt(v.max)})`.padEnd(26)} | ${(v.longestFrame ? `${fmt(v.longestFrame)} ms` : 'none ≥ 50 ms').padEnd(13)} | ${String(v.nodes).padEnd(9)} | ${fmt(v.heapMB, 1).padEnd(7)} | ${fmt(v.scrollMedian, 1)} / ${fmt(v.scrollP95, 1)} ms`,
    );
  line('component', s.component);
  line('naive', s.naive);
  line('minimal list', s.list);
  console.log(`largest move of the view after the stopped frame: ${VARIANTS.map((v) => `${v} ${fmt(s[v].settleShift)} px`).join(', ')}`);
  const ratio = s.naive.ms / s.component.ms;
  const ratioList = s.list.ms / s.component.ms;
  console.log(`ratio naive / component: ${fmt(ratio, 1)}×; minimal list / component: ${fmt(ratioList, 1)}× (rendering only)`);
  if (JSON_OUT) {
    writeFileSync(
      JSON_OUT,
      JSON.stringify({ bench: 'conversation', count, runs: RUNS, measures: 'rendering only (in-memory client)', component: s.component, naive: s.naive, list: s.list, ratio, ratioList, raw: results }, null, 2),
    );
  }
} finally {
  await browser.close();
  await server.close();
}
