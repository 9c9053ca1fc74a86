#!/usr/bin/env node
// The QuickBooks connector against the simulator (in this process, on loopback; the server on
// PGlite in a temp folder, demo seed):
//   1. create through the connector vs builtin: POST /v1/documents answered (both), and for the
//      connector the time until QuickBooks confirmed it (the document.changed event with
//      books.state synced) — less the simulator's own latency per request (--latency, 50 ms) —
//      creates alternated between the demo organization (connected) and the second one (builtin);
//   2. webhook → live: a payment recorded in the simulator until its payment.recorded event
//      reaches an agent's event stream (what the sidebar repaints from; the repaint's own frame
//      is not in it), the simulator posting its webhook at once (QuickBooks batches for longer);
//   3. reconciling 10,000 vendor invoices: the mirror knows 10,000 invoices, QuickBooks changed
//      them all (paid), one reconcile over /cdc and the query API: its time, and the QuickBooks
//      requests it used against the limit of 500 a minute.
//
//   node --import tsx bench/books.bench.mjs [--runs 25] [--latency 50] [--invoices 10000] [--json out.json]
import { writeFileSync } from 'node:fs';
import { flag } from './lib/cli.mjs';

const RUNS = Number(flag('runs', '25'));
const LATENCY = Number(flag('latency', '50'));
const INVOICES = Number(flag('invoices', '10000'));
const JSON_OUT = flag('json', '');

const { startQuickBooksSim } = await import('@ledgerside/quickbooks-sim');
const { startServer, demoIds } = await import('../packages/server/src/index.ts');
const { freshDataDir } = await import('../packages/server/test/helpers/server.ts');
const { reconcile } = await import('../packages/server/src/books/quickbooks/reconcile.ts');
const { LosslessNumber } = await import('lossless-json');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length });

const REALM = '9130350000000123';
const sim = await startQuickBooksSim({ latencyMs: LATENCY, webhookDelayMs: 0, webhookVerifier: 'bench-verifier' });
sim.sim.addCompany({ realmId: REALM, taxCodes: [{ id: 'NON', name: 'Exempt', ratePercent: '0' }, { id: 'TX', name: 'Sales tax', ratePercent: '8.25' }] });
const data = await freshDataDir();
const server = await startServer({
  port: 0,
  dataDir: data.dir,
  demo: true,
  examplesDir: null,
  rateLimit: false,
  booksPollMs: 50,
  booksReconcileMs: 3_600_000,
  books: {
    secretKey: 'bench-secret-key-0123456789abcdefghijklmn',
    quickbooks: { clientId: 'sim-client', clientSecret: 'sim-secret', webhookVerifier: 'bench-verifier', apiUrl: sim.apiUrl, authUrl: sim.authUrl, tokenUrl: sim.tokenUrl, appUrl: sim.appUrl },
  },
});
sim.sim.options.webhookUrl = `${server.url}/v1/books/webhooks/quickbooks`;
const token = async (user, organization) => (await (await fetch(`${server.url}/dev/token?user=${user}${organization ? `&organization=${organization}` : ''}`)).json()).token;
const admin = await token(demoIds.users.admin);
const globex = await token(demoIds.second.users.agent);

// Connect the demo organization (the consent page skipped: a code as the simulator gives one).
{
  const started = await (await fetch(`${server.url}/v1/books/connect`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'quickbooks' }) })).json();
  const state = new URL(started.authorizationUrl).searchParams.get('state');
  const code = sim.sim.issueCode(REALM, `${server.url}/v1/books/callback`);
  const back = await fetch(`${server.url}/v1/books/callback?state=${state}&code=${code}&realmId=${REALM}`);
  if (back.status !== 200) throw new Error(`connect: ${back.status}`);
}

/** Live events of one organization, as a sidebar's stream gets them. */
function stream(bearer) {
  const waiters = [];
  const controller = new AbortController();
  void (async () => {
    const response = await fetch(`${server.url}/v1/events`, { headers: { authorization: `Bearer ${bearer}`, accept: 'text/event-stream' }, signal: controller.signal });
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const line = block.split('\n').find((l) => l.startsWith('data:'));
          if (!line) continue;
          const event = JSON.parse(line.slice(5));
          const at = performance.now();
          for (const w of [...waiters]) if (w.match(event)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(at);
          }
        }
      }
    } catch {
      // closed
    }
  })();
  return {
    next: (match) => new Promise((resolve) => waiters.push({ match, resolve })),
    close: () => controller.abort(),
  };
}

const events = stream(admin);
await new Promise((r) => setTimeout(r, 300));
const body = (customerId) => JSON.stringify({ kind: 'invoice', customerId, currency: customerId === demoIds.customers.acme ? 'USD' : 'EUR', issueDate: new Date().toISOString().slice(0, 10), lines: [{ description: 'Support, 1.5 h', quantity: 1.5, unitPrice: 12000, taxRatePercent: 8.25 }] });
async function create(bearer, customerId) {
  const t0 = performance.now();
  const response = await fetch(`${server.url}/v1/documents`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: body(customerId) });
  const doc = await response.json();
  if (response.status !== 201) throw new Error(`create: ${response.status} ${JSON.stringify(doc)}`);
  return { doc, answered: performance.now() - t0, t0 };
}

// 1. create: builtin (Globex) and connector (Northwind), alternated; a warm-up of each first.
const simRequests = () => sim.sim.counters.get(REALM).requests;
{
  const warm = await create(admin, demoIds.customers.acme);
  await events.next((e) => e.type === 'document.changed' && e.data.id === warm.doc.id && e.data.books?.state === 'synced');
  await create(globex, demoIds.second.customers.initech);
}
const builtinAnswer = [];
const connectorAnswer = [];
const connectorConfirmed = [];
const requestsPerCreate = [];
for (let i = 0; i < RUNS; i++) {
  builtinAnswer.push((await create(globex, demoIds.second.customers.initech)).answered);
  const before = simRequests();
  const { doc, answered, t0 } = await create(admin, demoIds.customers.acme);
  const synced = events.next((e) => e.type === 'document.changed' && e.data.id === doc.id && e.data.books?.state === 'synced');
  connectorAnswer.push(answered);
  connectorConfirmed.push((await synced) - t0);
  requestsPerCreate.push(simRequests() - before);
}
const vendorRequests = median(requestsPerCreate);
const overhead = median(connectorConfirmed) - median(builtinAnswer) - vendorRequests * LATENCY;

// 2. webhook → live event
const webhookToEvent = [];
for (let i = 0; i < Math.min(RUNS, 15); i++) {
  const { doc } = await create(admin, demoIds.customers.acme);
  const synced = await (async () => {
    for (;;) {
      const d = await (await fetch(`${server.url}/v1/documents/${doc.id}`, { headers: { authorization: `Bearer ${admin}` } })).json();
      if (d.books?.state === 'synced') return d;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await sim.sim.idle();
  await new Promise((r) => setTimeout(r, 200)); // the create's own echoes read first
  const company = sim.sim.company(REALM);
  const invoice = company.get('Invoice', synced.books.vendorId);
  const arrived = events.next((e) => e.type === 'payment.recorded' && e.data.document.id === doc.id);
  const t0 = performance.now();
  company.savePayment({ CustomerRef: invoice.CustomerRef, TotalAmt: invoice.Balance, Line: [{ Amount: invoice.Balance, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }] });
  webhookToEvent.push((await arrived) - t0);
}
events.close();

// 3. reconcile 10,000: the mirror knows them; QuickBooks has them all paid since the last reconcile.
const company = sim.sim.company(REALM);
const customerVendorId = (await server.db.query(`SELECT books->>'vendorId' AS v FROM customers WHERE id = $1`, [demoIds.customers.acme]))[0].v;
const firstNew = company.count('Invoice') + company.count('Customer') + 100;
void firstNew;
const beforeIds = new Set(company.all('Invoice').map((i) => i.Id));
company.bulkInvoices(customerVendorId, INVOICES, '100.00');
const fresh = company.all('Invoice').filter((i) => !beforeIds.has(i.Id));
const t0Insert = performance.now();
await server.db.query(
  `INSERT INTO documents (id, organization_id, kind, number, customer_id, currency, issue_date, lines, subtotal, discount, tax, total, status, sent_at, books)
   SELECT 'bench_' || v.id, $1, 'invoice', 'SIM-' || v.n, $2, 'USD', '2026-01-01', '[]'::jsonb, 10000, 0, 0, 10000, 'sent', now(),
     jsonb_build_object('provider', 'quickbooks', 'state', 'synced', 'vendorId', v.id, 'syncToken', '0', 'lastSyncedAt', now()::text, 'error', null, 'enteredTotals', null, 'url', null)
   FROM jsonb_to_recordset($3::jsonb) AS v(id text, n int)`,
  [demoIds.organizationId, demoIds.customers.acme, JSON.stringify(fresh.map((i, n) => ({ id: i.Id, n: n + 1 })))],
);
const insertSeconds = (performance.now() - t0Insert) / 1000;
await server.db.query(`UPDATE books_connections SET cdc_cursor = now() - interval '2 minutes' WHERE organization_id = $1`, [demoIds.organizationId]);
// Paid in QuickBooks (as a bulk import of payments would leave them), stamped now.
const stamp = new Date().toISOString().replace(/\.\d{3}Z$/, '-00:00');
for (const invoice of fresh) {
  invoice.Balance = new LosslessNumber('0.00');
  invoice.SyncToken = '1';
  invoice.MetaData.LastUpdatedTime = stamp;
}
await server.booksWorker.idle();
const t0 = performance.now();
let result = null;
while (!result) result = await reconcile(server.books.runtime, demoIds.organizationId, 'bench');
const reconcileSeconds = (performance.now() - t0) / 1000;
const paid = (await server.db.query(`SELECT count(*)::int AS n FROM documents WHERE id LIKE 'bench_%' AND status = 'paid'`))[0].n;

const out = {
  latencyMs: LATENCY,
  runs: RUNS,
  create: { builtinAnswer: spread(builtinAnswer), connectorAnswer: spread(connectorAnswer), connectorConfirmed: spread(connectorConfirmed), vendorRequests, overheadMs: overhead },
  webhook: { toEvent: spread(webhookToEvent) },
  reconcile: { invoices: INVOICES, seconds: reconcileSeconds, requests: result.requests, seen: result.seen, applied: result.applied, paid, insertSeconds, limitPerMinute: 500 },
};
console.info(JSON.stringify(out, null, 2));
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(out));
await server.close();
await sim.close();
data.remove();
