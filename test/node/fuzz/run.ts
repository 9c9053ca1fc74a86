/**
 * `pnpm fuzz`: the large fuzz run. ≥ 100,000 generated requests (fixed seed) over every route
 * of the route table against a real server in this process, then the database invariants;
 * prints the figures. Exit code 1 on any bad answer or broken invariant.
 *
 *   pnpm fuzz                                 100,000 requests on PGlite
 *   pnpm fuzz -- --count 5000 --concurrency 8 --backend postgres --seed 7 --route createDocument
 *
 * `--backend postgres` uses TEST_DATABASE_URL, or starts a throwaway cluster (scripts/pg.mjs).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { routeNames, type RouteName } from '@ledgerside/contract';
import { anyRequest, requestsFor, type FuzzRequest } from './generators.js';
import { describe, FuzzSession, type Outcome } from './harness.js';
import { checkInvariants } from './invariants.js';

// `pnpm fuzz -- --count 5` passes the `--` through: drop it.
const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    count: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '20261110' },
    concurrency: { type: 'string', default: '4' },
    backend: { type: 'string', default: 'pglite' },
    route: { type: 'string' },
    'body-limit': { type: 'string', default: String(64 * 1024) },
    refusals: { type: 'string', default: '0' },
    /** Stop after this many requests (the sequence stays that of --count). */
    stop: { type: 'string' },
  },
});
const count = Number(args.count);
const seed = Number(args.seed);
const concurrency = Math.max(1, Number(args.concurrency));
const bodyLimit = Number(args['body-limit']);
const backend = args.backend === 'postgres' ? 'postgres' : 'pglite';
const only = args.route as RouteName | undefined;
if (only && !routeNames.includes(only)) throw new Error(`No route ${only}; one of ${routeNames.join(', ')}`);

let stopPostgres: (() => void) | undefined;
if (backend === 'postgres' && !process.env.TEST_DATABASE_URL) {
  const pgModule = new URL('../../../scripts/pg.mjs', import.meta.url).href;
  const { startPostgres } = (await import(pgModule)) as { startPostgres(): Promise<{ url: string; stop(): void } | undefined> };
  const pg = await startPostgres();
  if (!pg) throw new Error('PostgreSQL is not installed (initdb not found)');
  process.env.TEST_DATABASE_URL = pg.url;
  stopPostgres = () => pg.stop();
}
// The helper reads TEST_DATABASE_URL when it loads.
const { startTestServer } = await import('../../../packages/server/test/helpers/server.js');

/** The requests, in a fixed order for a seed: first each route in turn, then the mix. */
function* requests(): Generator<FuzzRequest> {
  const names = only ? [only] : routeNames;
  const perRoute = only ? count : Math.min(50, Math.floor(count / (4 * names.length)));
  for (const [i, name] of names.entries()) yield* fc.sample(requestsFor(name), { seed: seed + i, numRuns: perRoute });
  let left = only ? 0 : count - perRoute * names.length;
  for (let chunk = 0; left > 0; chunk++) {
    const n = Math.min(1000, left);
    yield* fc.sample(anyRequest, { seed: seed * 31 + chunk, numRuns: n });
    left -= n;
  }
}

const server = await startTestServer(backend, { bodyLimit });
const session = await FuzzSession.start(server, { bodyLimit });
console.info(`fuzz: ${count.toLocaleString('en')} requests, seed ${seed}, concurrency ${concurrency}, ${backend}, body limit ${bodyLimit} B, ${server.url}`);

const failures: Outcome[] = [];
const problemKinds = new Map<string, number>();
const started = performance.now();
let lastReport = started;
const stopAt = args.stop ? Number(args.stop) : Infinity;
const source = (function* () {
  let n = 0;
  for (const request of requests()) {
    if (n++ >= stopAt) return;
    yield request;
  }
})();
async function worker(): Promise<void> {
  for (;;) {
    const next = source.next();
    if (next.done) return;
    const outcome = await session.send(next.value);
    if (outcome.problems.length) {
      if (failures.length < 25) failures.push(outcome);
      // Each new kind of problem is shown as it happens, with what was sent.
      if (outcome.problems.some((p) => !problemKinds.has(`${outcome.route}: ${p.replace(/[0-9a-z]{16}/g, '…').slice(0, 120)}`))) {
        console.info(`! ${describe(outcome)}`);
      }
      for (const p of outcome.problems) {
        const kind = `${outcome.route}: ${p.replace(/[0-9a-z]{16}/g, '…').slice(0, 120)}`;
        problemKinds.set(kind, (problemKinds.get(kind) ?? 0) + 1);
      }
    }
    const now = performance.now();
    if (now - lastReport > 15_000) {
      lastReport = now;
      const rate = session.requests / ((now - started) / 1000);
      console.info(`  ${session.requests.toLocaleString('en')} requests, ${rate.toFixed(0)}/s, ${failures.length ? `${problemKinds.size} kinds of problem` : 'no problems'}`);
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, () => worker()));
const seconds = (performance.now() - started) / 1000;

const invariantsStarted = performance.now();
const invariants = await checkInvariants(server.db);
const invariantSeconds = (performance.now() - invariantsStarted) / 1000;
const counts = await server.db.query<{ what: string; n: number }>(
  `SELECT 'documents' AS what, count(*) AS n FROM documents UNION ALL SELECT 'customers', count(*) FROM customers
   UNION ALL SELECT 'payments', count(*) FROM payments UNION ALL SELECT 'messages', count(*) FROM messages
   UNION ALL SELECT 'contact links', count(*) FROM contact_links UNION ALL SELECT 'time entries', count(*) FROM time_entries
   UNION ALL SELECT 'invoiced time entries', count(*) FROM time_entries WHERE invoiced_by IS NOT NULL UNION ALL SELECT 'events', count(*) FROM events`,
);
await server.destroy();
stopPostgres?.();

const summary = session.summary();
const table = (record: Record<string, number>) => Object.entries(record).map(([k, v]) => `${k}: ${v.toLocaleString('en')}`).join(', ');
console.info(`\nrequests      ${summary.requests.toLocaleString('en')} in ${seconds.toFixed(1)} s (${(summary.requests / seconds).toFixed(0)} requests/s)`);
console.info(`statuses      ${table(summary.statuses)}`);
console.info(`inputs        ${table(Object.fromEntries(session.shapes))}`);
console.info(`stored        ${counts.map((c) => `${c.what} ${Number(c.n).toLocaleString('en')}`).join(', ')}`);
console.info('per route (status: count)');
for (const [name, statuses] of Object.entries(summary.routes)) console.info(`  ${name.padEnd(18)} ${table(statuses)}`);
const refusals = Number(args.refusals);
if (refusals > 0) {
  console.info(`most frequent refusals (route status reason/code first-issue-path)`);
  for (const [key, n] of [...session.refusals].sort((a, b) => b[1] - a[1]).slice(0, refusals)) console.info(`  ${String(n).padStart(6)}  ${key}`);
}
console.info(`invariants (${invariantSeconds.toFixed(1)} s)`);
for (const r of invariants) {
  console.info(`  ${r.violations.length ? 'FAIL' : 'ok  '} ${r.name} (${r.checked.toLocaleString('en')} checked)`);
  for (const v of r.violations.slice(0, 10)) console.info(`       ${v}`);
}
const problems = [...problemKinds.values()].reduce((a, b) => a + b, 0);
console.info(`problems      ${problems ? `${problems} in ${problemKinds.size} kinds` : 'none'}`);
for (const [kind, n] of [...problemKinds].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.info(`  ${String(n).padStart(6)}  ${kind}`);
if (failures.length) {
  console.info('first failures:');
  for (const f of failures.slice(0, 8)) console.info(`- ${describe(f)}`);
}
process.exit(problems || invariants.some((r) => r.violations.length) ? 1 : 0);
