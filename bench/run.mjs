#!/usr/bin/env node
// `pnpm bench`: every benchmark of issue 11, each against its baseline in the same run, then
// bench/results.md (generated — never edit it by hand) and the same table on stdout.
//   1. bundle: script-tag sizes (gzip, brotli) from the build's module graph, component ES
//      entries, the dependency floor (lit + zod/mini + ky) built now; budgets.
//   2. rendering in Chromium: 10,000-document list and 5,000-message thread vs naive `repeat`,
//      rows from memory (bench/document-list.bench.mjs, bench/conversation.bench.mjs), and keystroke → totals in
//      a 200-line form vs a whole-form re-render (bench/document-form.bench.mjs).
//   3. time to sidebar on the helpdesk example vs the eager bundle (bench/time-to-sidebar.bench.mjs);
//      story ready: the sidebar story in a built Storybook on the in-browser server core, vs a
//      story that needs no API (bench/story-ready.bench.mjs).
//   4. server with 100,000 documents on PGlite and PostgreSQL against the baseline server (main
//      before issue 21) in the same run, and one vs two server processes (bench/server.bench.mjs).
//
//   5. the QuickBooks connector against the simulator: create through the connector vs builtin,
//      webhook → live event, reconciling 10,000 vendor invoices (bench/books.bench.mjs).
//
//   node bench/run.mjs [--only bundle,list,conversation,form,sidebar,story,server,books] [--quick]
// --quick: fewer repetitions (a smoke run; results.md says so).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { budgets, buildEntries, buildFloor, checkBudgets, readScriptTag } from './lib/sizes.mjs';
import { flag, root } from './lib/cli.mjs';

const QUICK = process.argv.includes('--quick');
const parts = ['bundle', 'list', 'conversation', 'form', 'sidebar', 'story', 'server', 'books'];
const only = flag('only', parts.join(',')).split(',');
const want = (part) => only.includes(part);
const runs = QUICK
  ? { list: 2, conversation: 2, form: 2, formKeys: 8, sidebar: 2, story: 2, serverSeconds: 3, serverRounds: 1, docs: 100_000, books: 5, booksInvoices: 2000 }
  : { list: 7, conversation: 7, form: 6, formKeys: 24, sidebar: 7, story: 5, serverSeconds: 8, serverRounds: 3, docs: 100_000, books: 25, booksInvoices: 10_000 };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ledgerside-bench-'));
const started = Date.now();
const load = [os.loadavg()[0]];

function node(script, scriptArgs, { tsx = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(tsx ? ['--import', 'tsx'] : []), path.join(root, script), ...scriptArgs], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${signal ?? code}`))));
    child.on('error', reject);
  });
}

/** Runs one benchmark script that writes JSON; a failure is recorded, not fatal to the rest. */
async function part(name, script, scriptArgs, options) {
  console.info(`\n━━ ${name}`);
  const out = path.join(tmp, `${name}.json`);
  const t0 = Date.now();
  try {
    await node(script, [...scriptArgs, '--json', out], options);
    load.push(os.loadavg()[0]);
    return { ...JSON.parse(readFileSync(out, 'utf8')), wallSeconds: (Date.now() - t0) / 1000 };
  } catch (error) {
    console.error(`${name} failed: ${error.message}`);
    return { error: error.message };
  }
}

const results = {};
try {
  // The server and books benches need no build.
  if (only.some((p) => p !== 'server' && p !== 'books')) {
    console.info('━━ build (scripts/build.mjs: the script-tag bundle and the examples)');
    await node('scripts/build.mjs', []);
  }

  if (want('bundle')) {
    console.info('\n━━ bundle sizes');
    const scriptTag = readScriptTag();
    if (!scriptTag) throw new Error('packages/elements/dist/.vite/manifest.json is missing after the build');
    const [floor, entries] = await Promise.all([buildFloor(), buildEntries()]);
    results.bundle = { scriptTag, floor, entries, verdicts: checkBudgets(scriptTag, floor) };
  }
  if (want('list')) results.list = await part('list', 'bench/document-list.bench.mjs', ['--runs', String(runs.list)], { tsx: true });
  if (want('conversation')) results.conversation = await part('conversation', 'bench/conversation.bench.mjs', ['--runs', String(runs.conversation)], { tsx: true });
  if (want('form')) results.form = await part('form', 'bench/document-form.bench.mjs', ['--runs', String(runs.form), '--keys', String(runs.formKeys)]);
  if (want('sidebar')) results.sidebar = await part('sidebar', 'bench/time-to-sidebar.bench.mjs', ['--runs', String(runs.sidebar)], { tsx: true });
  if (want('story')) results.story = await part('story', 'bench/story-ready.bench.mjs', ['--runs', String(runs.story)]);
  if (want('books')) results.books = await part('books', 'bench/books.bench.mjs', ['--runs', String(runs.books), '--invoices', String(runs.booksInvoices)], { tsx: true });
  if (want('server')) results.server = await part('server', 'bench/server.bench.mjs', ['--docs', String(runs.docs), '--seconds', String(runs.serverSeconds), '--rounds', String(runs.serverRounds)], { tsx: true });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

// ------------------------------------------------------------------ the table

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const ms = (x, d = 0) => `${x.toFixed(d)} ms`;
const spread = (s, d = 0) => `${ms(s.median, d)} (${s.min.toFixed(d)}–${s.max.toFixed(d)})`;
const verdict = (ok) => (ok ? 'met' : '**missed**');
const rows = [];
const row = (area, what, figure, baseline = '', ratio = '', target = '') => rows.push([area, what, figure, baseline, ratio, target]);
const failed = (area, r) => row(area, 'failed', r.error);

function chromiumVersion() {
  try {
    return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

if (results.bundle) {
  const { scriptTag: t, floor, entries, verdicts } = results.bundle;
  const v = Object.fromEntries(verdicts.map((x) => [x.id, x]));
  const sz = (s) => `${kb(s.gzip)} gzip · ${kb(s.brotli)} br · ${s.files} file${s.files === 1 ? '' : 's'}`;
  row('bundle', 'dependency floor: lit + zod/mini + ky, bundled alone (bench/floor/floor.js)', sz(floor));
  row('bundle', 'script tag, initial load (ledgerside.js + static imports)', sz(t.initial), kb(floor.gzip) + ' (floor)', `${v.initialPerFloor.value.toFixed(2)}× floor`, `≤ ${kb(budgets.initialGzip)}: ${verdict(v.initialGzip.ok)}; ≤ ${budgets.initialPerFloor}× floor: ${verdict(v.initialPerFloor.ok)}`);
  row('bundle', 'script tag to the first tab (initial + Invoices tab with its on-demand parts)', sz(t.firstTab));
  row('bundle', 'whole sidebar (initial + all four tabs’ on-demand parts, no locale)', sz(t.wholeSidebar), '', '', `≤ ${kb(budgets.wholeSidebarGzip)}: ${verdict(v.wholeSidebarGzip.ok)}`);
  for (const [tab, s] of Object.entries(t.tabs)) row('bundle', `sidebar tab “${tab}”: loaded on first open, beyond the initial load`, sz(s.extra));
  for (const [locale, s] of Object.entries(t.locales)) row('bundle', `locale ${locale} (on demand)`, sz(s));
  row('bundle', 'every tag of the script tag (all chunks, no locale)', sz(t.allTags));
  for (const [name, s] of Object.entries(entries.perEntry)) row('bundle', `ES entry ${name}.js (static imports)`, sz(s.static), '', '', s.withOnDemand.gzip !== s.static.gzip ? `with its on-demand parts ${kb(s.withOnDemand.gzip)}` : '');
  row('bundle', 'all ES entries together (shared chunks counted once)', sz(entries.all));
}

if (results.list) {
  const r = results.list;
  if (r.error) failed('list', r);
  else {
    const s = r.summary;
    row('rendering', `document list, ${r.documents.toLocaleString('en')} documents: first render to painted frame (median, min–max, ${r.runs} runs each)`, spread(s.virtualized.firstRender), `naive repeat ${spread(s.naive.firstRender)}`, `${r.ratio.firstRender.toFixed(1)}× faster`, `≥ 20×: ${verdict(r.ratio.firstRender >= 20)}`);
    row('rendering', 'document list: longest animation frame during first render', spread(s.virtualized.longestFrame), `naive ${spread(s.naive.longestFrame)}`);
    row('rendering', 'document list: scroll 60 × 150 px, frame time median / p95', `${ms(s.virtualized.scrollMedian.median, 1)} / ${ms(s.virtualized.scrollP95.median, 1)}`, `naive ${ms(s.naive.scrollMedian.median, 1)} / ${ms(s.naive.scrollP95.median, 1)}`, `p95 ${r.ratio.scrollP95.toFixed(1)}×`);
    row('rendering', 'document list: DOM nodes / JS heap after first render', `${s.virtualized.nodes.median.toFixed(0)} nodes / ${s.virtualized.heapMB.median.toFixed(1)} MB`, `naive ${s.naive.nodes.median.toFixed(0)} nodes / ${s.naive.heapMB.median.toFixed(1)} MB`);
  }
}

if (results.conversation) {
  const r = results.conversation;
  if (r.error) failed('conversation', r);
  else {
    const A = r.component;
    const B = r.naive;
    const L = r.list;
    const range = (x) => `${ms(x.ms)} (${x.min.toFixed(0)}–${x.max.toFixed(0)})`;
    row('rendering', `conversation, ${r.count.toLocaleString('en')} messages from an in-memory client (rendering only): first render to the painted frame showing the newest messages (median, min–max, ${r.runs} runs each)`, range(A), `naive: the component with a plain repeat (same rows, all in the DOM) ${range(B)}`, `${r.ratio.toFixed(1)}× faster`, `≥ 20×: ${verdict(r.ratio >= 20)}`);
    row('rendering', 'conversation: minimal hand-written list, plain repeat (lighter rows; no header or composer)', range(L), '', `${r.ratioList.toFixed(1)}× the component’s time`);
    // Long Animation Frames are only reported from 50 ms on.
    const loaf = (x) => (x.longestFrame ? ms(x.longestFrame) : 'none ≥ 50 ms');
    row('rendering', 'conversation: longest animation frame during first render', loaf(A), `naive ${loaf(B)} · minimal list ${loaf(L)}`);
    row('rendering', 'conversation: how far the first unread message moved in the two frames after the stopped one (largest of the runs)', `${A.settleShift.toFixed(0)} px`, `naive ${B.settleShift.toFixed(0)} px`);
    row('rendering', 'conversation: scroll 60 × 150 px, frame time median / p95', `${ms(A.scrollMedian, 1)} / ${ms(A.scrollP95, 1)}`, `naive ${ms(B.scrollMedian, 1)} / ${ms(B.scrollP95, 1)}`);
    row('rendering', 'conversation: DOM nodes / rows in the DOM / JS heap', `${A.nodes} / ${A.rows} / ${A.heapMB.toFixed(1)} MB`, `naive ${B.nodes} / ${B.rows} / ${B.heapMB.toFixed(1)} MB`);
  }
}

if (results.form) {
  const r = results.form;
  if (r.error) failed('form', r);
  else {
    const A = r.summary.component;
    const B = r.summary.wholeForm;
    const scriptRatio = B.parts.script / A.parts.script;
    row('rendering', `document form, ${r.lines} lines: keystroke → new total painted (median, p95, min–max; ${A.n} keystrokes in ${r.runs} pages)`, `${ms(A.median, 1)} · p95 ${ms(A.p95, 1)} (${A.min.toFixed(1)}–${A.max.toFixed(1)})`, `whole-form re-render ${ms(B.median, 1)} · p95 ${ms(B.p95, 1)}`, `${r.ratio.toFixed(1)}×`, `≤ 8 ms median: ${verdict(A.median <= 8)}`);
    row('rendering', 'document form: where the median keystroke goes — input queued / script until the total’s text changes / to the painted frame', `${ms(A.parts.queued, 1)} / ${ms(A.parts.script, 1)} / ${ms(A.parts.frame, 1)}`, `whole form ${ms(B.parts.queued, 1)} / ${ms(B.parts.script, 1)} / ${ms(B.parts.frame, 1)}`, `script ${scriptRatio.toFixed(1)}×`, `script part ≤ 8 ms: ${verdict(A.parts.script <= 8)}`);
    row('rendering', 'document form page: frame floor (a text change outside the form → painted)', spread(r.frameFloor, 1));
  }
}

if (results.sidebar) {
  const r = results.sidebar;
  if (r.error) failed('sidebar', r);
  else {
    const A = r.summary.onDemand;
    const B = r.summary.eager;
    row('time to sidebar', `helpdesk example, local server, cold cache: script tag’s request → first document row painted (median, min–max, ${r.runs} runs each)`, spread(A.fromScript), `eager bundle (every tag at load) ${spread(B.fromScript)}`, `${r.ratio.toFixed(2)}×`);
    row('time to sidebar', 'from navigation start', spread(A.fromNavigation), `eager ${spread(B.fromNavigation)}`);
    row('time to sidebar', 'JavaScript fetched before the sidebar showed data (gzip, from the build)', `${kb(A.jsGzip.median)} in ${A.jsFiles.median} files`, `eager ${kb(B.jsGzip.median)} in ${B.jsFiles.median} files`);
  }
}

if (results.story) {
  const r = results.story;
  if (r.error) failed('story ready', r);
  else {
    const A = r.summary.sidebar;
    const B = r.summary.floor;
    row('story ready', `built Storybook, loopback, cold context: the sidebar story (${r.stories.sidebar}) on the in-browser server core, navigation → first document row (median, min–max, ${r.runs} loads each)`, spread(A), `a story with no API (${r.stories.floor}) ${spread(B)}`, `${r.ratio.toFixed(2)}×`);
    row('story ready', 'the static Storybook build', `${(r.size.bytes / 1e6).toFixed(1)} MB · ${(r.size.gzip / 1e6).toFixed(1)} MB gzip · ${r.size.files} files`);
  }
}

if (results.books) {
  const r = results.books;
  if (r.error) failed('books', r);
  else {
    const c = r.create;
    row('books (QuickBooks)', `create an invoice, API answer (median, min–max, ${c.builtinAnswer.runs} creates each, alternated; simulator in the same process, ${r.latencyMs} ms per request)`, `connector (pending) ${spread(c.connectorAnswer, 1)}`, `builtin ${spread(c.builtinAnswer, 1)}`, `${(c.connectorAnswer.median / c.builtinAnswer.median).toFixed(2)}×`);
    row('books (QuickBooks)', `create through the connector until QuickBooks confirmed it (live document.changed, books synced)`, spread(c.connectorConfirmed, 1), `builtin answer ${ms(c.builtinAnswer.median, 1)} + ${c.vendorRequests} QuickBooks requests × ${r.latencyMs} ms`, `overhead beyond the simulator's latency ${ms(c.overheadMs, 1)}`);
    row('books (QuickBooks)', 'webhook → live: a payment recorded in the simulator until its payment.recorded reaches an agent’s event stream (the stream the sidebar row repaints from; the repaint’s frame not included)', spread(r.webhook.toEvent, 1));
    const q = r.reconcile;
    row('books (QuickBooks)', `reconciling ${q.invoices.toLocaleString('en')} vendor invoices (all changed in QuickBooks, all in the mirror): one reconcile over /cdc and the query API`, `${q.seconds.toFixed(1)} s · ${q.applied.toLocaleString('en')} applied`, '', '', `${q.requests} QuickBooks requests of the ${q.limitPerMinute}/min limit`);
  }
}

if (results.server) {
  const r = results.server;
  if (r.error) failed('server', r);
  else {
    const lat = (x) => `p50 ${ms(x.p50, 1)} · p99 ${ms(x.p99, 1)}`;
    const range = (x, d = 0) => `${x.median.toFixed(d)} (${x.min.toFixed(d)}–${x.max.toFixed(d)})`;
    const load = (v) => `${range(v.rps)} req/s · p99 ${range(v.p99, 1)} ms`;
    const cpu = (v) => `server ${ms(v.cpu.server, 2)} · PostgreSQL ${ms(v.cpu.postgres, 2)} · load generator ${ms(v.cpu.load, 2)}`;
    const la = (v) => `load average ${v.loadAverage[0].toFixed(1)}–${v.loadAverage[1].toFixed(1)}`;
    const base = `baseline ${String(r.baseline).slice(0, 7)} (main before issue 21)`;
    for (const [backend, b] of Object.entries(r.results)) {
      const area = `server (${backend})`;
      if (b.skipped) {
        row(area, 'skipped', b.skipped);
        continue;
      }
      const q = b.sequential;
      row(area, `${b.documents.toLocaleString('en')} documents in one organization: bulk SQL insert of ${r.docs.toLocaleString('en')} (${b.insertSeconds.toFixed(1)} s), spread over ${b.customers} customers in one currency and ${b.tickets.toLocaleString('en')} tickets; creates go to one of those customers (≈ 1,000 documents each). Each server in its own process; the load generator (Node, bench/lib/load.mjs) in another`, '');
      row(area, 'list page GET /v1/documents?limit=50, one at a time', lat(q.list), `floor GET /favicon.ico ${lat(q.floor)}`, `p99 ${(q.list.p99 / q.floor.p99).toFixed(1)}× floor`, `list p99 ≤ 20 ms: ${verdict(q.list.p99 <= 20)}`);
      row(area, 'sidebar’s list GET /v1/documents?ticketId=…&limit=100, one at a time', lat(q.ticketList));
      row(area, 'create POST /v1/documents (1 line, new Idempotency-Key), one at a time', lat(q.create));
      const c = b.createLoad;
      const target = backend === 'postgres' ? `≥ 500 req/s and p99 ≤ 60 ms: ${verdict(c.current.rps.median >= 500 && c.current.p99.median <= 60)}` : '';
      row(area, `create under load (${r.concurrency.create} concurrent, ${r.seconds} s × ${r.rounds} rounds alternated with the baseline; median (min–max) of the rounds)`, `**${load(c.current)}**`, c.baseline ? `${base}: ${load(c.baseline)}` : '', c.baseline ? `${(c.current.rps.median / c.baseline.rps.median).toFixed(2)}× req/s` : '', target);
      row(area, 'create under load: CPU per create (median of the rounds)', cpu(c.current), c.baseline ? `baseline ${cpu(c.baseline)}` : '', '', la(c.current));
      const l = b.listLoad;
      row(area, `list page under load (${r.concurrency.list} concurrent, ${r.seconds} s × ${r.rounds} rounds)`, `**${load(l.current)}**`, l.baseline ? `${base}: ${load(l.baseline)}` : '', l.baseline ? `${(l.current.rps.median / l.baseline.rps.median).toFixed(2)}× req/s` : '');
      row(area, 'list page under load: CPU per request (median of the rounds)', cpu(l.current), l.baseline ? `baseline ${cpu(l.baseline)}` : '');
      const so = b.scaleOut;
      if (so) {
        row(area, `scale-out: list pages and creates mixed (${r.concurrency.mix} concurrent, round-robin over the processes), two server processes on one PostgreSQL vs one (${r.rounds} rounds alternated)`, `two: **${load(so.two)}**`, `one: ${load(so.one)}`, `**${so.ratio.toFixed(2)}×**`, `≥ 1.7×: ${verdict(so.ratio >= 1.7)}`);
        row(area, 'scale-out: CPU per request, both processes counted in both (median)', `two: ${cpu(so.two)}`, `one: ${cpu(so.one)}`, '', la(so.two));
        const e = so.events;
        row(area, 'scale-out: live events on the second process (an SSE client connected there through all rounds)', `${e.received.toLocaleString('en')} of ${e.expected.toLocaleString('en')} events received, ${e.gaps} gaps in ids; a create through the first process reached it after ${e.lastDelayMs === null ? 'never (10 s)' : ms(e.lastDelayMs, 1)}`, '', '', `every event, no gap: ${verdict(e.received === e.expected && e.gaps === 0 && e.lastDelayMs !== null)}`);
      }
    }
  }
}

// With --only, the areas not run now keep their rows from the previous results.md (its date
// is said in the machine table): the server part can be measured again alone.
const previousPath = path.join(root, 'bench/results.md');
let kept = [];
let keptFrom = '';
if (only.length < parts.length) {
  let previous = '';
  try {
    previous = readFileSync(previousPath, 'utf8');
  } catch {
    // none yet
  }
  const ran = new Set(rows.map((r) => r[0]));
  keptFrom = /\| date \| ([^|]+) \|/.exec(previous)?.[1]?.trim() ?? '';
  kept = previous
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| area ') && !line.startsWith('| machine ') && line.split(' | ').length >= 6)
    .map((line) => [line, line.slice(2, line.indexOf(' | '))])
    // A backend may be skipped now: the server part's rows are all new or none.
    .filter(([, area]) => !ran.has(area) && !(want('server') && area.startsWith('server (')))
    .map(([line]) => line);
}
const cpus = os.cpus();
const machine = [
  ['date', new Date(started).toISOString()],
  ['cpu', `${cpus[0]?.model ?? 'unknown'} × ${cpus.length} cores`],
  ['memory', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
  ['os', `${os.type()} ${os.release()}`],
  ['node', process.version],
  ['chromium', chromiumVersion()],
  ['load average (1 min) during the run', `${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on ${cpus.length} cores (shared machine: other work ran alongside)`],
  ['run', `${QUICK ? 'quick (smoke) run, fewer repetitions' : 'full run'}${only.length < parts.length ? ` of ${only.join(', ')} only` : ''} · ${((Date.now() - started) / 60000).toFixed(1)} min`],
  ...(kept.length ? [['rows of the other areas', `kept from the run of ${keptFrom || 'before'} (not measured again now)`]] : []),
];
const escape = (s) => String(s).replace(/\|/g, '\\|');
const table = [
  '| area | what | figure | baseline (same run) | ratio | target |',
  '|---|---|---|---|---|---|',
  ...kept,
  ...rows.map((r) => `| ${r.map(escape).join(' | ')} |`),
].join('\n');
const md = `# Ledgerside benchmarks

Generated by \`pnpm bench\` (bench/run.mjs) — do not edit by hand; run it again.
Method: shared/docs/benchmarks.md (the clock stops after the painted frame; variants alternated in
one run; medians with min–max). Sizes: 1 KB = 1,000 bytes; gzip -9 and brotli 11 (node:zlib).

| machine | |
|---|---|
${machine.map(([k, v]) => `| ${k} | ${escape(v)} |`).join('\n')}

${table}
`;
writeFileSync(path.join(root, 'bench/results.md'), md);
console.info(`\n${md}`);
const broken = Object.entries(results).filter(([, r]) => r?.error);
if (broken.length) {
  console.error(`failed: ${broken.map(([k]) => k).join(', ')}`);
  process.exit(1);
}
