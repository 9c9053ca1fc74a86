#!/usr/bin/env node
// Where a create's time goes: the reference server in its own process under the create load
// (8 concurrent POST /v1/documents, as in bench/server.bench.mjs), on a throwaway PostgreSQL
// with pg_stat_statements, 100,000 documents in the organization. Prints
//   - the SQL per create: each statement's calls per create and mean time in PostgreSQL
//     (pg_stat_statements, BEGIN/COMMIT included: every call is one round trip);
//   - CPU per create of the server process, PostgreSQL (all backends) and the load generator;
//   - the server's CPU profile over the measured stretch (node:inspector): self time by
//     function and by package, and inclusive time of the server's own functions.
//   node bench/server-profile.mjs [--seconds 8] [--concurrency 8] [--route create|list|ticket|summary|floor] [--src packages/server/src] [--pool 10] [--json out.json]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startPostgres } from '../scripts/pg.mjs';
import { flag, root } from './lib/cli.mjs';
import { cpuMs, treeCpuMs } from './lib/cpu.mjs';
import { runLoad, startServerProcess, createTarget, authHeaders } from './lib/server-procs.mjs';

// pg is the server package's dependency, not the workspace root's.
const pg = createRequire(path.join(root, 'packages/server/package.json'))('pg');
const SECONDS = Number(flag('seconds', '8'));
const CONCURRENCY = Number(flag('concurrency', '8'));
const ROUTE = flag('route', 'create');
const SRC = path.resolve(root, flag('src', 'packages/server/src'));
const JSON_OUT = flag('json', '');
const POOL = flag('pool', '') ? Number(flag('pool', '')) : undefined;

const pgc = await startPostgres({ shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all', 'pg_stat_statements.track_planning': 'on' });
const profDir = mkdtempSync(path.join(os.tmpdir(), 'ledgerside-prof-'));
let server;
try {
  server = await startServerProcess({ src: SRC, databaseUrl: pgc.url, docs: 100_000, poolSize: POOL });
  const admin = new pg.Client({ connectionString: pgc.url });
  await admin.connect();
  await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const headers = await authHeaders(server.url);
  const target = {
    create: createTarget(server.url, headers, server.inserted),
    list: { url: `${server.url}/v1/documents?limit=50`, headers },
    ticket: { url: `${server.url}/v1/documents?ticketId=bench-ticket-7&limit=100`, headers },
    summary: { url: `${server.url}/v1/documents/summary?customerId=${server.inserted.customerId}`, headers },
    // The server's cheapest route (no database): its own overhead per request.
    floor: { url: `${server.url}/favicon.ico` },
  }[ROUTE];
  // Warm the server (JIT, pool, plans), then measure from a clean slate.
  await runLoad({ targets: [target], concurrency: CONCURRENCY, durationMs: 2000 });
  await admin.query('SELECT pg_stat_statements_reset()');
  await server.command('profile-start');
  const before = { server: cpuMs(server.pid), postgres: treeCpuMs(pgc.pid) };
  const load = await runLoad({ targets: [target], concurrency: CONCURRENCY, durationMs: SECONDS * 1000 });
  const after = { server: cpuMs(server.pid), postgres: treeCpuMs(pgc.pid) };
  const profFile = path.join(profDir, 'server.cpuprofile');
  await server.command(`profile-stop ${profFile}`);
  const n = load.targets[0].latencies.length;
  const statements = (
    await admin.query(
      `SELECT toplevel, calls, mean_exec_time + mean_plan_time AS mean_exec_time, total_exec_time, query FROM pg_stat_statements
       WHERE query NOT ILIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC`,
    )
  ).rows
    .map((r) => ({ toplevel: r.toplevel, perRequest: Number(r.calls) / n, meanMs: Number(r.mean_exec_time), totalMs: Number(r.total_exec_time), query: r.query.replace(/\s+/g, ' ').trim() }))
    .filter((s) => s.perRequest >= 0.01);
  await admin.end();
  await server.stop();
  server = null;
  const profile = summarizeProfile(JSON.parse(readFileSync(profFile, 'utf8')));
  const cpu = {
    serverMs: (after.server - before.server) / n,
    postgresMs: (after.postgres - before.postgres) / n,
    loadMs: load.cpuMs / n,
  };
  const sorted = [...load.targets[0].latencies].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(n - 1, Math.floor(n * p))];
  const report = { route: ROUTE, n, rps: (n / load.elapsedMs) * 1000, p50: at(0.5), p99: at(0.99), cpuPerRequest: cpu, statements, roundTrips: statements.filter((s) => s.toplevel).reduce((a, s) => a + s.perRequest, 0), profile };
  console.info(`${ROUTE}: ${n} requests in ${SECONDS} s at c=${CONCURRENCY} → ${report.rps.toFixed(0)} req/s, p50 ${report.p50.toFixed(1)} ms, p99 ${report.p99.toFixed(1)} ms; load average ${os.loadavg()[0].toFixed(1)}`);
  console.info(`CPU per request: server ${cpu.serverMs.toFixed(2)} ms · PostgreSQL ${cpu.postgresMs.toFixed(2)} ms · load generator ${cpu.loadMs.toFixed(2)} ms`);
  console.info(`SQL per request: ${report.roundTrips.toFixed(1)} statements sent (each a round trip); calls per request, mean time in PostgreSQL (planning included):`);
  for (const s of statements) console.info(`  ${s.toplevel ? '' : '  (inside: a foreign-key check) '}${s.perRequest.toFixed(2)}× ${s.meanMs.toFixed(3)} ms  ${s.query.slice(0, 150)}`);
  console.info(`server CPU profile (${profile.sampledMs.toFixed(0)} ms sampled): by package`);
  for (const [k, v] of profile.byPackage.slice(0, 14)) console.info(`  ${(v * 100).toFixed(1).padStart(5)} %  ${k}`);
  console.info('top functions (self time)');
  for (const [k, v] of profile.byFunction.slice(0, 25)) console.info(`  ${(v * 100).toFixed(1).padStart(5)} %  ${k}`);
  console.info('inclusive time (our code and the main libraries)');
  for (const [k, v] of profile.inclusive.slice(0, 30)) console.info(`  ${(v * 100).toFixed(1).padStart(5)} %  ${k}`);
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(report, null, 2));
} finally {
  await server?.stop();
  pgc.stop();
  rmSync(profDir, { recursive: true, force: true });
}

/** Self time per function and per package (node_modules/.pnpm/<name>, our packages, node internals). */
function summarizeProfile(prof) {
  const self = new Map(prof.nodes.map((node) => [node.id, 0]));
  const dt = prof.timeDeltas;
  for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
  const byFunction = new Map();
  const byPackage = new Map();
  let total = 0;
  for (const node of prof.nodes) {
    const us = self.get(node.id) ?? 0;
    if (!us) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    total += us;
    const pkg = packageOf(url, functionName);
    const fn = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*node_modules\/\.pnpm\//, '').replace(/^file:\/\/.*?\/packages\//, 'packages/')}:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  // Inclusive time: each sample counts once for every distinct function on its stack.
  const parent = new Map();
  for (const node of prof.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(prof.nodes.map((node) => [node.id, node]));
  const inclusive = new Map();
  for (let i = 0; i < prof.samples.length; i++) {
    if (byId.get(prof.samples[i])?.callFrame.functionName === '(idle)') continue;
    const seen = new Set();
    for (let id = prof.samples[i]; id !== undefined; id = parent.get(id)) {
      const { functionName, url, lineNumber } = byId.get(id).callFrame;
      const pkg = packageOf(url, functionName);
      if (!url || !(pkg.startsWith('@ledgerside') || ['jose', 'hono', 'zod', 'pg', 'pg-pool', '@hono/node-server'].includes(pkg))) continue;
      const key = `${pkg}: ${functionName || '(anonymous)'} ${url.replace(/^.*\//, '')}:${lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + (dt[i] ?? 0));
    }
  }
  const share = (m) => [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v / total]);
  return { sampledMs: total / 1000, byPackage: share(byPackage), byFunction: share(byFunction), inclusive: share(inclusive) };
}

function packageOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pnpm = /node_modules\/\.pnpm\/(@?[^@/]+(?:\+[^@/]+)?)@/.exec(url);
  if (pnpm) return pnpm[1].replace('+', '/');
  const ours = /\/packages\/([^/]+)\//.exec(url);
  if (ours) return `@ledgerside/${ours[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  return url;
}
