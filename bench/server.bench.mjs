#!/usr/bin/env node
// Server under load: the reference server (startServer, demo mode, no rate limit) with 100,000
// documents in one organization (inserted with set-based SQL through the server's own db
// handle: a seeded document as the template, 20,000 rows per statement, then ANALYZE), on
// PGlite (embedded, one connection) and on PostgreSQL (a throwaway cluster, scripts/pg.mjs),
// spread over 100 customers (99 copies of a seeded one) and 2,000 tickets.
// The load comes from bench/lib/load.mjs in its own process, on loopback, keep-alive:
//   - list page: GET /v1/documents?limit=50 (the organization's newest; 100,000 behind it),
//     and the sidebar's call, GET /v1/documents?ticketId=…&limit=100;
//   - create: POST /v1/documents (one line; a new Idempotency-Key each);
// each first alone (concurrency 1: latency p50/p99), then under concurrent load (latency and
// throughput). The same phases on both backends, in the same run.
//
//   node --import tsx bench/server.bench.mjs [--docs 100000] [--seconds 8] [--json out.json] [--backends pglite,postgres]
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startPostgres } from '../scripts/pg.mjs';
import { flag, root } from './lib/cli.mjs';

const DOCS = Number(flag('docs', '100000'));
const SECONDS = Number(flag('seconds', '8'));
const JSON_OUT = flag('json', '');
const BACKENDS = flag('backends', 'pglite,postgres').split(',');
const SEQUENTIAL = { list: 250 };
const CONCURRENCY = { list: 16, create: 8 };
const ORG = 'org-northwind';
const TICKETS = 2000; // 50 documents per bench ticket
const CUSTOMERS = 100; // 1,000 documents per customer

const { startServer } = await import('../packages/server/src/index.ts');
const { freshDataDir } = await import('../packages/server/test/helpers/server.ts');
const run = promisify(execFile);

/** Runs the load generator; per target: n, p50, p99, max, and requests per second of the whole run. */
async function load(spec) {
  const { stdout } = await run(process.execPath, [path.join(root, 'bench/lib/load.mjs'), JSON.stringify(spec)], { maxBuffer: 64 * 1024 * 1024 });
  const r = JSON.parse(stdout);
  return r.targets.map((t, i) => {
    const s = [...t.latencies].sort((a, b) => a - b);
    const at = (p) => s[Math.min(s.length - 1, Math.floor(s.length * p))];
    const ok = Object.entries(t.statuses).reduce((n, [code, count]) => n + (code.startsWith('2') ? count : 0), 0);
    if (ok < s.length) throw new Error(`${spec.targets[i].method ?? 'GET'} ${spec.targets[i].url}: ${JSON.stringify(t.statuses)} ${t.errors.join('; ')}`);
    return { n: s.length, mean: s.reduce((a, b) => a + b, 0) / s.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: s.at(-1), rps: (s.length / r.elapsedMs) * 1000, concurrency: spec.concurrency };
  });
}

/** 100,000 documents copied from a seeded invoice, spread over the org's customers and bench tickets. */
async function insertDocuments(db) {
  const [template] = await db.query(`SELECT id, customer_id, currency FROM documents WHERE organization_id = $1 AND kind = 'invoice' AND status = 'sent' ORDER BY id LIMIT 1`, [ORG]);
  if (!template) throw new Error('no seeded invoice to copy');
  const t0 = performance.now();
  // 99 more customers like the template's, so the documents spread over 100 (1,000 each).
  await db.query(
    `INSERT INTO customers (id, organization_id, first_name, last_name, company_name, display_name, email, secondary_email, phone,
       billing_address, tax_id, currency, language, time_zone, payment_terms_days, template, tax_rate_percent)
     SELECT 'bench-cus-' || g, c.organization_id, c.first_name, c.last_name, c.company_name, c.display_name || ' ' || g,
       'bench-' || g || '@example.test', NULL, c.phone, c.billing_address, c.tax_id, c.currency, c.language, c.time_zone,
       c.payment_terms_days, c.template, c.tax_rate_percent
     FROM customers c, generate_series(1, ${CUSTOMERS - 1}) g WHERE c.id = $1`,
    [template.customer_id],
  );
  const BATCH = 20_000;
  for (let from = 1; from <= DOCS; from += BATCH) {
    const to = Math.min(DOCS, from + BATCH - 1);
    await db.query(
      `INSERT INTO documents (id, organization_id, kind, number, customer_id, ticket_id, deal_id, currency, issue_date, due_date,
         payment_terms_days, template, reference, notes, lines, subtotal, discount, tax, total, amount_paid, status, version, sent_at, created_at, updated_at)
       SELECT 'bench-' || g, t.organization_id, CASE WHEN g % 5 = 0 THEN 'quote' ELSE 'invoice' END, 'B-' || lpad(g::text, 7, '0'),
         cs.ids[1 + g % array_length(cs.ids, 1)], 'bench-ticket-' || (g % ${TICKETS}), NULL, t.currency, t.issue_date, t.due_date,
         t.payment_terms_days, t.template, t.reference, t.notes, t.lines, t.subtotal, t.discount, t.tax, t.total, 0,
         CASE WHEN g % 5 = 0 THEN 'draft' ELSE t.status END, 1, t.sent_at, now() - (g || ' seconds')::interval, now()
       FROM documents t,
         (SELECT array_agg(id ORDER BY id) AS ids FROM customers WHERE organization_id = $1 AND currency = $3) cs,
         generate_series($4::int, $5::int) g
       WHERE t.id = $2`,
      [ORG, template.id, template.currency, from, to],
    );
  }
  await db.exec('ANALYZE documents');
  const [{ n }] = await db.query('SELECT count(*)::int AS n FROM documents WHERE organization_id = $1', [ORG]);
  const [{ customers }] = await db.query('SELECT count(*)::int AS customers FROM customers WHERE organization_id = $1 AND currency = $2', [ORG, template.currency]);
  return { seconds: (performance.now() - t0) / 1000, documents: n, customers, customerId: template.customer_id, currency: template.currency };
}

async function benchBackend(name) {
  let pg;
  let data;
  let server;
  try {
    if (name === 'postgres') {
      pg = await startPostgres();
      if (!pg) return { skipped: 'PostgreSQL is not installed (initdb not found)' };
      server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: pg.url, demo: true, examplesDir: null, rateLimit: false });
    } else {
      data = await freshDataDir();
      server = await startServer({ port: 0, host: '127.0.0.1', dataDir: data.dir, demo: true, examplesDir: null, rateLimit: false });
    }
    const inserted = await insertDocuments(server.db);
    console.info(`${name}: ${inserted.documents.toLocaleString('en')} documents in ${ORG} (bulk insert ${inserted.seconds.toFixed(1)} s)`);
    const token = (await (await fetch(`${server.url}/dev/token?user=u-agent`)).json()).token;
    const headers = { authorization: `Bearer ${token}` };
    const listUrl = `${server.url}/v1/documents?limit=50`;
    const ticketUrl = `${server.url}/v1/documents?ticketId=bench-ticket-7&limit=100`;
    const create = {
      url: `${server.url}/v1/documents`,
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      idempotencyKey: true,
      body: JSON.stringify({
        kind: 'invoice',
        customerId: inserted.customerId,
        currency: inserted.currency,
        issueDate: new Date().toISOString().slice(0, 10),
        lines: [{ description: 'Support, 1.25 h', quantity: 1.25, unitPrice: 8000, taxRatePercent: 21 }],
      }),
    };
    // Sanity: the list is full and the create body is accepted.
    const first = await (await fetch(listUrl, { headers })).json();
    if (first.items?.length !== 50 || !first.nextCursor) throw new Error(`list page: ${JSON.stringify(first).slice(0, 300)}`);
    const phases = {};
    const show = (key) => {
      const r = phases[key];
      console.info(`${name}: ${key.padEnd(14)} c=${String(r.concurrency).padEnd(2)} p50 ${r.p50.toFixed(1)} ms · p90 ${r.p90.toFixed(1)} ms · p99 ${r.p99.toFixed(1)} ms · mean ${r.mean.toFixed(1)} ms${r.concurrency > 1 ? ` · ${r.rps.toFixed(0)} req/s` : ''} (n=${r.n})`);
    };
    // One request at a time, the targets interleaved (so they share the machine's noise), with
    // the server's cheapest route (GET /favicon.ico: 204, no database) as the floor.
    const floor = { url: `${server.url}/favicon.ico` };
    const each = SEQUENTIAL.list;
    [phases.floor, phases.list, phases.ticketList, phases.create] = await load({
      targets: [floor, { url: listUrl, headers }, { url: ticketUrl, headers }, create],
      concurrency: 1,
      count: 4 * each,
      warmup: 20,
    });
    ['floor', 'list', 'ticketList', 'create'].forEach(show);
    // Under concurrent load, one route at a time: latency and throughput.
    [phases.listLoad] = await load({ targets: [{ url: listUrl, headers }], concurrency: CONCURRENCY.list, durationMs: SECONDS * 1000, warmup: 5 });
    show('listLoad');
    [phases.createLoad] = await load({ targets: [create], concurrency: CONCURRENCY.create, durationMs: SECONDS * 1000, warmup: 5 });
    show('createLoad');
    return { documents: inserted.documents, customers: inserted.customers, tickets: TICKETS, insertSeconds: inserted.seconds, phases };
  } finally {
    await server?.close();
    data?.remove();
    pg?.stop();
  }
}

const results = {};
for (const name of BACKENDS) results[name] = await benchBackend(name);
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ bench: 'server', docs: DOCS, seconds: SECONDS, concurrency: CONCURRENCY, results }, null, 2));
