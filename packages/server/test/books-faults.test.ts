/**
 * Faults between Ledgerside and QuickBooks, each losing nothing and duplicating nothing, and
 * afterwards the mirror equals QuickBooks: 429 with Retry-After; an answer lost after QuickBooks
 * committed (the retry with the same requestid leaves one invoice); the access token expiring
 * mid-queue; QuickBooks unreachable for a minute (reads from the mirror, writes refused clearly,
 * the queue drains after). (A refresh token rotated by another server process:
 * books-connect.test.ts; duplicate, out-of-order and forged webhooks: books-live.test.ts.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startQuickBooksSim, toScaled, type RunningSim } from '@ledgerside/quickbooks-sim';
import { demoIds } from '../src/index.js';
import { booksConfig, connectThroughConsent, eventually, REALM, TAX_CODES } from './helpers/books.js';
import { client, expectError, expectStatus, invoiceBody, type Client, type Json } from './helpers/http.js';
import { backends, startTestServer, type TestServer } from './helpers/server.js';

const ACME = demoIds.customers.acme;

for (const backend of backends()) {
  describe(`QuickBooks faults on ${backend.name}`, { skip: backend.skip }, () => {
    let sim: RunningSim;
    let server: TestServer;
    let api: Client;
    let admin: string;
    const company = () => sim.sim.company(REALM);
    const idle = () =>
      eventually('the books queue idle', async () => (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM books_jobs WHERE status IN ('pending', 'running')`)).at(0)!.n === 0, 90_000);
    const synced = (id: string, timeout = 30_000) =>
      eventually(`document ${id} synced`, async () => {
        const doc = (await api.get(`/v1/documents/${id}`, { token: admin })).body;
        return doc.books?.state === 'synced' ? doc : undefined;
      }, timeout);
    const create = async () => {
      const reply = await api.post('/v1/documents', { token: admin, body: invoiceBody(ACME) });
      expectStatus(reply, 201);
      return reply.body;
    };

    /** Every document of the mirror that QuickBooks has, as QuickBooks has it; no document twice in QuickBooks. */
    async function assertMirrorEqualsVendor(): Promise<void> {
      await idle();
      const rows = await server.db.query<{ id: string; number: string; total: number; amount_paid: number; status: string; books: Json }>(
        `SELECT id, number, total, amount_paid, status, books FROM documents WHERE organization_id = $1 AND books IS NOT NULL AND kind = 'invoice'`,
        [demoIds.organizationId],
      );
      const invoices = company().all('Invoice');
      const numbers = invoices.map((i) => String(i.DocNumber));
      assert.equal(new Set(numbers).size, numbers.length, `no invoice twice in QuickBooks: ${numbers.join(', ')}`);
      for (const row of rows) {
        assert.equal(row.books.state, 'synced', `${row.number} synced`);
        const vendor = invoices.find((i) => i.Id === row.books.vendorId);
        if (row.status === 'deleted') {
          assert.equal(vendor, undefined, `${row.number} deleted in QuickBooks too`);
          continue;
        }
        assert.ok(vendor, `${row.number} is in QuickBooks`);
        assert.equal(String(vendor.DocNumber), row.number);
        assert.equal(String(vendor.SyncToken), row.books.syncToken, `${row.number} SyncToken`);
        assert.equal(toScaled(vendor.TotalAmt), BigInt(Number(row.total)) * 10n ** 8n, `${row.number} total`);
        assert.equal(toScaled(vendor.Balance), BigInt(Number(row.total) - Number(row.amount_paid)) * 10n ** 8n, `${row.number} balance`);
      }
      for (const invoice of invoices) assert.ok(rows.some((r) => r.books.vendorId === invoice.Id), `QuickBooks invoice ${String(invoice.DocNumber)} is in the mirror`);
    }

    before(async () => {
      sim = await startQuickBooksSim({ rateLimit: false });
      sim.sim.addCompany({ realmId: REALM, taxCodes: TAX_CODES });
      server = await startTestServer(backend.name, { books: booksConfig(sim), booksPollMs: 100, booksProbeMs: 1000, booksReconcileMs: 3_600_000 });
      api = client(server.url);
      admin = await server.token('admin');
      assert.equal((await connectThroughConsent(api, admin, REALM)).status, 200);
    });
    after(async () => {
      await server?.destroy();
      await sim?.close();
    });

    it('429 with Retry-After: the write waits that long, then goes through once', async () => {
      sim.sim.failNext(1, 429, { retryAfter: 2, when: (path, method) => method === 'POST' && path === '/invoice' });
      const started = Date.now();
      const doc = await create();
      await synced(doc.id);
      assert.ok(Date.now() - started >= 2000, 'not before Retry-After');
      assert.equal(sim.sim.counters.get(REALM)!.throttled, 1);
      await assertMirrorEqualsVendor();
    });

    it('the answer lost after QuickBooks committed: the retry with the same requestid leaves one invoice', async () => {
      const before = company().count('Invoice');
      sim.sim.loseAnswerAfterCommit(1, (path, method) => method === 'POST' && path === '/invoice');
      const doc = await create();
      await synced(doc.id);
      assert.equal(company().count('Invoice'), before + 1);
      assert.equal(company().all('Invoice').filter((i) => i.DocNumber === doc.number).length, 1);
      const [job] = await server.db.query<{ attempts: number }>(`SELECT attempts FROM books_jobs WHERE local_id = $1 AND op = 'push'`, [doc.id]);
      assert.equal(job!.attempts, 2, 'the first answer was lost, the retry answered');
      await assertMirrorEqualsVendor();
    });

    it('the access token expires mid-queue: refreshed once, every write applied once', async () => {
      const refreshes = sim.sim.counters.get(REALM)!.refreshes;
      const before = company().count('Invoice');
      const docs = [];
      for (let i = 0; i < 6; i++) {
        docs.push(await create());
        if (i === 2) sim.sim.expireAccessTokens();
      }
      for (const doc of docs) await synced(doc.id);
      assert.equal(company().count('Invoice'), before + 6);
      assert.equal(sim.sim.counters.get(REALM)!.refreshes, refreshes + 1);
      await assertMirrorEqualsVendor();
    });

    it('QuickBooks unreachable for a minute: reads from the mirror, writes refused clearly, the queue drains after', async () => {
      // A real minute on one backend; the same behaviour in 5 s on the other.
      const outage = backend.name === 'pglite' ? 60_000 : 5_000;
      const listed = (await api.get('/v1/documents?customerId=' + ACME, { token: admin })).body.items.length;
      sim.sim.reachable = false;
      const startedAt = Date.now();
      // Accepted before anyone knew: it waits in the queue, not lost.
      const accepted = await create();
      assert.equal(accepted.books.state, 'pending');
      const state = await eventually('QuickBooks known unreachable', async () => {
        const s = (await api.get('/v1/books', { token: admin })).body;
        return s.connection.reachable === false ? s : undefined;
      });
      assert.match(state.connection.lastError.message, /QuickBooks (cannot be reached|did not answer)/);
      const count = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents')).at(0)!.n;
      const refused = await api.post('/v1/documents', { token: admin, body: invoiceBody(ACME) });
      expectError(refused, 503, 'unavailable');
      assert.equal(refused.body.error.reason, 'books_unreachable');
      assert.match(refused.body.error.message, /QuickBooks cannot be reached .* Nothing was changed/);
      assert.equal(refused.headers.get('retry-after'), '30');
      expectError(await api.post(`/v1/documents/${accepted.id}/payments`, { token: admin, body: { amount: 100, date: accepted.issueDate } }), 503, 'unavailable');
      assert.equal((await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents')).at(0)!.n, count, 'nothing written');
      // Reads go on, from the mirror, saying how fresh it is.
      const list = await api.get('/v1/documents?customerId=' + ACME, { token: admin });
      expectStatus(list, 200);
      assert.equal(list.body.items.length, listed + 1);
      expectStatus(await api.get('/v1/documents/summary?customerId=' + ACME, { token: admin }), 200);
      const session = (await api.get('/v1/session', { token: admin })).body;
      assert.equal(session.books.reachable, false);
      assert.ok(session.books.lastSyncAt);
      // The PDF is QuickBooks': refused clearly too.
      const synced0 = (await api.get('/v1/documents?customerId=' + ACME, { token: admin })).body.items.find((d: Json) => d.books?.vendorId);
      expectError(await api.get(`/v1/documents/${synced0.id}/pdf`, { token: admin }), 503, 'unavailable');

      await new Promise((r) => setTimeout(r, Math.max(0, outage - (Date.now() - startedAt))));
      sim.sim.reachable = true;
      await synced(accepted.id, 90_000);
      expectStatus(await api.post('/v1/documents', { token: admin, body: invoiceBody(ACME) }), 201);
      assert.equal((await api.get('/v1/books', { token: admin })).body.connection.reachable, true);
      await assertMirrorEqualsVendor();
    });
  });
}
