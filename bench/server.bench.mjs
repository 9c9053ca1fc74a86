#!/usr/bin/env node
// Server under load: the reference server (startServer, demo mode, no rate limit) with 100,000
// documents in one organization (bench/lib/documents.mjs), each server in its own process
// (bench/lib/serve.mjs), the load from bench/lib/load.mjs in another, on loopback, keep-alive.
// What each costs is read from /proc: CPU per request of the server process(es), PostgreSQL
// (all backends) and the load generator, which shares the 2 cores with what it measures.
//
//   - one at a time (latency): the floor (GET /favicon.ico: 204, no database), the list page
//     GET /v1/documents?limit=50, the sidebar's GET /v1/documents?ticketId=…&limit=100, and
//     POST /v1/documents (one line, a new Idempotency-Key each), interleaved;
//   - under load, today's server against the baseline's (main before issue 21, bench/lib/
//     baseline.mjs) in the same run, each on its own database filled the same way, rounds
//     alternated (A B, B A, …): creates at 8 concurrent, the list page at 16;
//   - scale-out (PostgreSQL): the same mix of list pages and creates against one server
//     process and against two on the same database (the load generator round-robins), rounds
//     alternated; meanwhile a live-events client connected to the second process must receive
//     every document.created made through the first, with gapless ids.
// On PGlite (embedded, one connection, one process) and on PostgreSQL (a throwaway cluster).
//
//   node --import tsx bench/server.bench.mjs [--docs 100000] [--seconds 8] [--rounds 3] [--json out.json] [--backends pglite,postgres] [--no-baseline]
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { startPostgres } from '../scripts/pg.mjs';
import { baselineServer, BASELINE } from './lib/baseline.mjs';
import { flag, root } from './lib/cli.mjs';
import { cpuMs, treeCpuMs } from './lib/cpu.mjs';
import { TICKETS } from './lib/documents.mjs';
import { authHeaders, createTarget, runLoad, startServerProcess, summarize, summarizeAll } from './lib/server-procs.mjs';

const DOCS = Number(flag('docs', '100000'));
const SECONDS = Number(flag('seconds', '8'));
const ROUNDS = Number(flag('rounds', '3'));
const JSON_OUT = flag('json', '');
const BACKENDS = flag('backends', 'pglite,postgres').split(',');
const WITH_BASELINE = !process.argv.includes('--no-baseline');
const SEQUENTIAL = 250;
const CONCURRENCY = { list: 16, create: 8, mix: 16 };
const SRC = path.join(root, 'packages/server/src');
const pg = createRequire(path.join(root, 'packages/server/package.json'))('pg');
const { freshDataDir } = await import('../packages/server/test/helpers/server.ts');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs });

/** One load run with the CPU each process spent in it (ms per request). */
async function measured(spec, pids, pgPid) {
  const load0 = os.loadavg()[0];
  const before = pids.map(cpuMs);
  const pgBefore = pgPid ? treeCpuMs(pgPid) : 0;
  const raw = await runLoad(spec);
  const server = pids.map(cpuMs).reduce((a, v, i) => a + v - before[i], 0);
  const postgres = pgPid ? treeCpuMs(pgPid) - pgBefore : 0;
  const all = summarizeAll(spec, raw);
  return { ...all, cpu: { server: server / all.n, postgres: postgres / all.n, load: raw.cpuMs / all.n }, load: [load0, os.loadavg()[0]] };
}

/** Alternated rounds of `variants` ({ name, run() }): A B, B A, A B … */
async function alternate(label, variants) {
  const runs = Object.fromEntries(variants.map((v) => [v.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...variants].reverse() : variants;
    for (const v of order) {
      const r = await v.run();
      runs[v.name].push(r);
      console.info(`  ${label} ${v.name.padEnd(9)} round ${round + 1}: ${r.rps.toFixed(0)} req/s · p50 ${r.p50.toFixed(1)} ms · p99 ${r.p99.toFixed(1)} ms · CPU/request server ${r.cpu.server.toFixed(2)} ms, PostgreSQL ${r.cpu.postgres.toFixed(2)} ms, load generator ${r.cpu.load.toFixed(2)} ms · load average ${r.load[1].toFixed(1)}`);
    }
  }
  return Object.fromEntries(
    Object.entries(runs).map(([name, rs]) => [
      name,
      {
        rps: spread(rs.map((r) => r.rps)),
        p50: spread(rs.map((r) => r.p50)),
        p99: spread(rs.map((r) => r.p99)),
        cpu: { server: median(rs.map((r) => r.cpu.server)), postgres: median(rs.map((r) => r.cpu.postgres)), load: median(rs.map((r) => r.cpu.load)) },
        loadAverage: [Math.min(...rs.flatMap((r) => r.load)), Math.max(...rs.flatMap((r) => r.load))],
      },
    ]),
  );
}

/** A live-events client (SSE over fetch): collects every event's id, type and data. */
function liveClient(url, token) {
  const events = [];
  const controller = new AbortController();
  const ready = (async () => {
    const response = await fetch(`${url}/v1/events?access_token=${encodeURIComponent(token)}`, { signal: controller.signal });
    if (response.status !== 200) throw new Error(`events: ${response.status}`);
    return response.body.getReader();
  })();
  const done = ready.then(async (reader) => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) return;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const id = /^id: (\d+)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (id && data) events.push({ id: Number(id), at: performance.now(), event: JSON.parse(data) });
        }
      }
    } catch {
      // aborted
    }
  });
  return { events, ready, stop: async () => (controller.abort(), await done) };
}

async function benchBackend(name) {
  let pgc;
  const servers = [];
  const cleanups = [];
  try {
    const start = async (src, where) => {
      const s = await startServerProcess({ src, docs: DOCS, ...where });
      servers.push(s);
      return s;
    };
    let current;
    let baseline = null;
    if (name === 'postgres') {
      pgc = await startPostgres();
      if (!pgc) return { skipped: 'PostgreSQL is not installed (initdb not found)' };
      const admin = new pg.Client({ connectionString: pgc.url });
      await admin.connect();
      for (const db of ['bench_current', 'bench_baseline']) await admin.query(`CREATE DATABASE ${db}`);
      await admin.end();
      const dbUrl = (db) => pgc.url.replace(/\/postgres$/, `/${db}`);
      current = await start(SRC, { databaseUrl: dbUrl('bench_current') });
      if (WITH_BASELINE) baseline = await start(baselineServer(), { databaseUrl: dbUrl('bench_baseline') });
    } else {
      const dirs = [await freshDataDir(), await freshDataDir()];
      cleanups.push(() => dirs.forEach((d) => d.remove()));
      current = await start(SRC, { dataDir: dirs[0].dir });
      if (WITH_BASELINE) baseline = await start(baselineServer(), { dataDir: dirs[1].dir });
    }
    const inserted = current.inserted;
    console.info(`${name}: ${inserted.documents.toLocaleString('en')} documents (bulk insert ${inserted.seconds.toFixed(1)} s)`);
    const pgPid = pgc?.pid;
    const targetsOf = async (server) => {
      const headers = await authHeaders(server.url);
      return {
        headers,
        floor: { url: `${server.url}/favicon.ico` },
        list: { url: `${server.url}/v1/documents?limit=50`, headers },
        ticketList: { url: `${server.url}/v1/documents?ticketId=bench-ticket-7&limit=100`, headers },
        create: createTarget(server.url, headers, server.inserted),
      };
    };
    const t = await targetsOf(current);
    const tb = baseline ? await targetsOf(baseline) : null;
    // Sanity: the list is full and the create body is accepted.
    const first = await (await fetch(t.list.url, { headers: t.headers })).json();
    if (first.items?.length !== 50 || !first.nextCursor) throw new Error(`list page: ${JSON.stringify(first).slice(0, 300)}`);

    // One request at a time, the targets interleaved (so they share the machine's noise).
    const seqSpec = { targets: [t.floor, t.list, t.ticketList, t.create], concurrency: 1, count: 4 * SEQUENTIAL, warmup: 20 };
    const [floor, list, ticketList, create] = summarize(seqSpec, await runLoad(seqSpec));
    const sequential = { floor, list, ticketList, create };
    for (const [k, r] of Object.entries(sequential)) console.info(`${name}: ${k.padEnd(10)} c=1 p50 ${r.p50.toFixed(1)} ms · p99 ${r.p99.toFixed(1)} ms`);

    // Under load, today's server and the baseline alternated.
    const loadRun = (target, concurrency, server) => () =>
      measured({ targets: [target], concurrency, durationMs: SECONDS * 1000, warmup: 5 }, [server.pid], pgPid);
    const variants = (key, concurrency) => [
      { name: 'current', run: loadRun(t[key], concurrency, current) },
      ...(tb ? [{ name: 'baseline', run: loadRun(tb[key], concurrency, baseline) }] : []),
    ];
    console.info(`${name}: creates, ${CONCURRENCY.create} concurrent, ${SECONDS} s × ${ROUNDS} rounds each`);
    const createLoad = await alternate('create', variants('create', CONCURRENCY.create));
    console.info(`${name}: list pages, ${CONCURRENCY.list} concurrent`);
    const listLoad = await alternate('list', variants('list', CONCURRENCY.list));
    if (baseline) {
      await baseline.stop();
      servers.splice(servers.indexOf(baseline), 1);
    }

    let scaleOut = null;
    if (name === 'postgres') scaleOut = await scaleOutRun(current, t, pgc, pgPid);
    return { documents: inserted.documents, customers: inserted.customers, tickets: TICKETS, insertSeconds: inserted.seconds, sequential, createLoad, listLoad, scaleOut };
  } finally {
    for (const s of servers) await s.stop();
    for (const c of cleanups) c();
    pgc?.stop();
  }
}

/**
 * One process against two on one PostgreSQL: list pages and creates, alternating per request,
 * round-robin over the processes. A live-events client on the second process watches creates
 * made through the first.
 */
async function scaleOutRun(first, t, pgc, pgPid) {
  const second = await startServerProcess({ src: SRC, databaseUrl: pgc.url.replace(/\/postgres$/, '/bench_current') });
  try {
    const t2 = { list: { ...t.list, url: t.list.url.replace(first.url, second.url) }, create: { ...t.create, url: t.create.url.replace(first.url, second.url) } };
    const token = t.headers.authorization.slice('Bearer '.length);
    const live = liveClient(second.url, token);
    await live.ready;
    // The second process warmed like the first (JIT, pool, prepared statements).
    await runLoad({ targets: [t2.list, t2.create], concurrency: CONCURRENCY.mix, durationMs: 3000 });
    const oneSpec = { targets: [t.list, t.create], concurrency: CONCURRENCY.mix, durationMs: SECONDS * 1000, warmup: 5 };
    const twoSpec = { targets: [t.list, t.create, t2.list, t2.create], concurrency: CONCURRENCY.mix, durationMs: SECONDS * 1000, warmup: 5 };
    console.info(`postgres: scale-out, list pages and creates mixed, ${CONCURRENCY.mix} concurrent`);
    const mixed = await alternate('mix', [
      // Both processes' CPU in both: the second also runs in the first's rounds (its live
      // client is fed the same events), only not answering requests.
      { name: 'one', run: () => measured(oneSpec, [first.pid, second.pid], pgPid) },
      { name: 'two', run: () => measured(twoSpec, [first.pid, second.pid], pgPid) },
    ]);
    // One more create through the first process, timed until the second's client has it.
    const before = live.events.length;
    const sent = performance.now();
    const response = await fetch(t.create.url, { method: 'POST', headers: { ...t.create.headers, 'idempotency-key': crypto.randomUUID() }, body: t.create.body });
    const doc = await response.json();
    let arrived = null;
    for (const until = performance.now() + 10_000; performance.now() < until && arrived === null; ) {
      const hit = live.events.slice(before).find((e) => e.event.type === 'document.created' && e.event.data.id === doc.id);
      if (hit) arrived = hit.at - sent;
      else await new Promise((r) => setTimeout(r, 5));
    }
    await live.stop();
    const ids = live.events.map((e) => e.id);
    const gaps = ids.slice(1).filter((id, i) => id !== ids[i] + 1).length;
    const created = live.events.filter((e) => e.event.type === 'document.created').length;
    // Every create of the run through either process is one document.created event.
    const admin = new pg.Client({ connectionString: pgc.url.replace(/\/postgres$/, '/bench_current') });
    await admin.connect();
    const first0 = ids[0];
    const [{ n: expected }] = (await admin.query(`SELECT count(*)::int AS n FROM events WHERE seq >= $1 AND seq <= $2`, [first0, ids.at(-1)])).rows;
    await admin.end();
    const events = { received: ids.length, expected, created, gaps, lastDelayMs: arrived };
    console.info(`postgres: live events on the second process: ${ids.length} received of ${expected} written in that span, ${created} document.created, ${gaps} gaps; a create through the first arrived after ${arrived?.toFixed(1)} ms`);
    return { ...mixed, ratio: mixed.two.rps.median / mixed.one.rps.median, events };
  } finally {
    await second.stop();
  }
}

const results = {};
for (const name of BACKENDS) results[name] = await benchBackend(name);
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ bench: 'server', docs: DOCS, seconds: SECONDS, rounds: ROUNDS, baseline: BASELINE, concurrency: CONCURRENCY, results }, null, 2));
