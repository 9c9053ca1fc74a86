/**
 * Live status from QuickBooks: a payment recorded in QuickBooks turns the invoice paid in the
 * mirror and reaches the sidebars as `payment.recorded`, exactly as a Ledgerside payment does —
 * through signed webhooks (classic and CloudEvents), duplicates and out-of-order deliveries
 * changing nothing twice, forged ones refused with 401 and nothing else; and through the
 * scheduled reconcile over change data capture when no webhook came.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LosslessNumber } from 'lossless-json';
import { startQuickBooksSim, type RunningSim } from '@ledgerside/quickbooks-sim';
import { demoIds } from '../src/index.js';
import { reconcile } from '../src/books/quickbooks/reconcile.js';
import { booksConfig, connectThroughConsent, eventually, REALM, TAX_CODES } from './helpers/books.js';
import { client, expectStatus, invoiceBody, type Client, type Json } from './helpers/http.js';
import { backends, startTestServer, type TestServer } from './helpers/server.js';
import { connectSse, type SseConnection } from './helpers/sse.js';

const ACME = demoIds.customers.acme;

for (const backend of backends()) {
  describe(`live status from QuickBooks on ${backend.name}`, { skip: backend.skip }, () => {
    let sim: RunningSim;
    let server: TestServer;
    let api: Client;
    let admin: string;
    let events: SseConnection;
    const company = () => sim.sim.company(REALM);
    const hookUrl = () => `${server.url}/v1/books/webhooks/quickbooks`;

    /** A sent invoice of $110.00, in QuickBooks. */
    async function sentInvoice(): Promise<Json> {
      const created = (await api.post('/v1/documents', { token: admin, body: invoiceBody(ACME, { lines: [{ description: 'Work', quantity: 1, unitPrice: 10_000, taxRatePercent: 10 }] }) })).body;
      const synced = await eventually('synced', async () => {
        const d = (await api.get(`/v1/documents/${created.id}`, { token: admin })).body;
        return d.books.state === 'synced' ? d : undefined;
      });
      expectStatus(await api.post(`/v1/documents/${created.id}/mark-sent`, { token: admin, ifMatch: synced.version }), 200);
      return eventually('sent and synced', async () => {
        const d = (await api.get(`/v1/documents/${created.id}`, { token: admin })).body;
        return d.books.state === 'synced' && d.status === 'sent' ? d : undefined;
      });
    }

    /** A payment as someone records it in QuickBooks itself. */
    const payInQuickBooks = (doc: Json, amount: string) =>
      company().savePayment({
        CustomerRef: { value: String((company().get('Invoice', doc.books.vendorId).CustomerRef as Json).value) },
        TotalAmt: new LosslessNumber(amount),
        Line: [{ Amount: new LosslessNumber(amount), LinkedTxn: [{ TxnId: doc.books.vendorId, TxnType: 'Invoice' }] }],
      });

    before(async () => {
      sim = await startQuickBooksSim({ rateLimit: false, webhookDelayMs: 20 });
      sim.sim.addCompany({ realmId: REALM, taxCodes: TAX_CODES });
      server = await startTestServer(backend.name, { books: booksConfig(sim), booksPollMs: 100, booksReconcileMs: 3_600_000 });
      sim.sim.options.webhookUrl = hookUrl();
      api = client(server.url);
      admin = await server.token('admin');
      assert.equal((await connectThroughConsent(api, admin, REALM)).status, 200);
      events = await connectSse(`${server.url}/v1/events`, { authorization: `Bearer ${await server.token('agent')}` });
    });
    after(async () => {
      events?.close();
      await server?.destroy();
      await sim?.close();
    });

    for (const format of ['classic', 'cloudevents'] as const) {
      it(`a payment recorded in QuickBooks turns the invoice paid, live (${format} webhooks)`, async () => {
        sim.sim.options.webhookFormat = format;
        const doc = await sentInvoice();
        payInQuickBooks(doc, '110.00');
        const [event] = (await events.until((list) => list.some((e) => e.data.type === 'payment.recorded' && e.data.data.document.id === doc.id), 15_000)).filter(
          (e) => e.data.type === 'payment.recorded' && e.data.data.document.id === doc.id,
        );
        assert.equal(event!.data.data.document.status, 'paid');
        assert.equal(event!.data.data.document.balance, 0);
        assert.equal(event!.data.data.payment.amount, 11_000);
        assert.match(event!.data.data.payment.reference, /^QuickBooks payment \d+$/);
        const read = (await api.get(`/v1/documents/${doc.id}`, { token: admin })).body;
        assert.equal(read.status, 'paid');
        assert.equal(read.version, doc.version + 1);
      });
    }

    it('a forged webhook is 401 and changes nothing; a duplicate changes nothing twice', async () => {
      const doc = await sentInvoice();
      await sim.sim.idle();
      await eventually('the queue idle', async () => (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM books_jobs WHERE status IN ('pending', 'running')`)).at(0)!.n === 0);
      // Naming an invoice no real delivery names, so any job for it could only come from the forgery.
      const body = sim.sim.webhookBody([{ realmId: REALM, change: { entity: 'Invoice', id: '424242', operation: 'Update', at: new Date().toISOString() } }], 'classic');
      const queuedFor = async (id: string) => (await server.db.query(`SELECT 1 FROM books_jobs WHERE vendor_id = $1`, [id])).length;
      for (const signature of [await sim.sim.sign(body, 'not-the-verifier'), '', 'bm90IGEgbWFj']) {
        const forged = await fetch(hookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', 'intuit-signature': signature }, body });
        assert.equal(forged.status, 401);
        assert.equal((await forged.json()).error.code, 'unauthorized');
      }
      // Signed, but the body re-serialised (a space added): the signature no longer matches.
      const reserialised = await fetch(hookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', 'intuit-signature': await sim.sim.sign(body) }, body: body.replace(':', ': ') });
      assert.equal(reserialised.status, 401);
      assert.equal(await queuedFor('424242'), 0, 'nothing was queued');
      // The same body, signed right, is taken (so the forgeries were refused for their signatures alone).
      assert.equal((await fetch(hookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', 'intuit-signature': await sim.sim.sign(body) }, body })).status, 200);
      assert.equal(await queuedFor('424242'), 1);

      sim.sim.deliverWebhooks = false;
      payInQuickBooks(doc, '10.00');
      await sim.sim.idle();
      const held = sim.sim['held' as keyof typeof sim.sim] as unknown as { body: string; signature: string }[];
      const copy = [...held];
      sim.sim.deliverWebhooks = true;
      await sim.sim.flushWebhooks();
      for (const { body: again, signature } of copy) assert.equal(await sim.sim.post(again, signature), 200); // the same delivery, twice more
      for (const { body: again, signature } of copy) assert.equal(await sim.sim.post(again, signature), 200);
      const paid = await eventually('partially paid', async () => {
        const d = (await api.get(`/v1/documents/${doc.id}`, { token: admin })).body;
        return d.status === 'partially_paid' ? d : undefined;
      });
      await eventually('the queue idle', async () => (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM books_jobs WHERE status IN ('pending', 'running')`)).at(0)!.n === 0);
      const payments = await server.db.query('SELECT * FROM payments WHERE document_id = $1', [doc.id]);
      assert.equal(payments.length, 1, 'one payment, however often QuickBooks said so');
      assert.equal(paid.balance, 10_000);
    });

    it('webhooks out of order: the last word is QuickBooks’ current state', async () => {
      const doc = await sentInvoice();
      sim.sim.deliverWebhooks = false;
      payInQuickBooks(doc, '30.00');
      await sim.sim.idle();
      await new Promise((r) => setTimeout(r, 30));
      payInQuickBooks(doc, '50.00');
      await sim.sim.idle();
      sim.sim.deliverWebhooks = true;
      await sim.sim.flushWebhooks('reversed');
      const settled = await eventually('both payments', async () => {
        const d = (await api.get(`/v1/documents/${doc.id}`, { token: admin })).body;
        return d.balance === 3_000 ? d : undefined;
      });
      assert.equal(settled.status, 'partially_paid');
      assert.equal(String(company().get('Invoice', doc.books.vendorId).Balance), '30.00');
      assert.equal((await server.db.query('SELECT * FROM payments WHERE document_id = $1', [doc.id])).length, 2);
    });

    it('without any webhook, the reconcile over change data capture catches up', async () => {
      const doc = await sentInvoice();
      // Every echo of the writes above delivered and read first: only the reconcile can learn of the payment.
      await sim.sim.idle();
      await eventually('the queue idle', async () => (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM books_jobs WHERE status IN ('pending', 'running')`)).at(0)!.n === 0);
      sim.sim.options.webhookUrl = undefined;
      try {
        payInQuickBooks(doc, '110.00');
        // The reconcile takes the organization's lease, which the queue may hold for a moment.
        const result = await eventually('the lease', () => reconcile(server.books.runtime, demoIds.organizationId, 'test'));
        assert.ok(result && result.applied >= 1, JSON.stringify(result));
        assert.ok(result.requests >= 2 && result.requests <= 5, `requests used: ${result.requests}`);
        const read = (await api.get(`/v1/documents/${doc.id}`, { token: admin })).body;
        assert.equal(read.status, 'paid');
        assert.equal((await server.db.query('SELECT * FROM payments WHERE document_id = $1', [doc.id])).length, 1);
        const again = await eventually('the lease', () => reconcile(server.books.runtime, demoIds.organizationId, 'test'));
        assert.equal(again?.applied, 0, 'nothing new the second time');
      } finally {
        sim.sim.options.webhookUrl = hookUrl();
      }
    });
  });
}
