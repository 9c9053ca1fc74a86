/**
 * The quickbooks adapter against the simulator: writes are checked, applied to the mirror as
 * pending and queued; the queue sends them to QuickBooks (every body validated against the
 * schema derived from Intuit's XSDs) and the mirror takes QuickBooks' answer — ids, SyncTokens,
 * totals, status — announced live; QuickBooks' refusals reach the document; reads come from the
 * mirror; the PDF and email come from QuickBooks.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startQuickBooksSim, type RunningSim } from '@ledgerside/quickbooks-sim';
import { demoIds } from '../src/index.js';
import { booksConfig, connectThroughConsent, eventually, REALM, TAX_CODES } from './helpers/books.js';
import { client, expectError, expectStatus, invoiceBody, today, type Client, type Json } from './helpers/http.js';
import { backends, startTestServer, type TestServer } from './helpers/server.js';
import { connectSse } from './helpers/sse.js';

const ACME = demoIds.customers.acme;

for (const backend of backends()) {
  describe(`the quickbooks adapter on ${backend.name}`, { skip: backend.skip }, () => {
    let sim: RunningSim;
    let server: TestServer;
    let api: Client;
    let admin: string;
    const company = () => sim.sim.company(REALM);
    const synced = (id: string) =>
      eventually(`document ${id} synced`, async () => {
        const doc = (await api.get(`/v1/documents/${id}`, { token: admin })).body;
        return doc.books?.state === 'synced' ? doc : doc.books?.state === 'failed' ? Promise.reject(new Error(JSON.stringify(doc.books.error))) : undefined;
      });

    before(async () => {
      sim = await startQuickBooksSim({ rateLimit: false });
      sim.sim.addCompany({ realmId: REALM, name: 'Northwind Books (simulated)', homeCurrency: 'USD', currencies: ['EUR'], taxCodes: TAX_CODES });
      server = await startTestServer(backend.name, { books: booksConfig(sim), booksPollMs: 100 });
      api = client(server.url);
      admin = await server.token('admin');
      assert.equal((await connectThroughConsent(api, admin, REALM)).status, 200);
    });
    after(async () => {
      await server?.destroy();
      await sim?.close();
    });

    it('an invoice answers pending, goes to QuickBooks, and comes back synced with QuickBooks’ id — live', async () => {
      const events = await connectSse(`${server.url}/v1/events`, { authorization: `Bearer ${admin}` });
      try {
        const created = await api.post('/v1/documents', { token: admin, body: invoiceBody(ACME, { lines: [{ description: 'Support, 1.5 h', quantity: 1.5, unitPrice: 12_000, taxRatePercent: 10 }] }) });
        expectStatus(created, 201);
        assert.equal(created.body.books.state, 'pending');
        assert.equal(created.body.books.providerName, 'QuickBooks');
        const doc = await synced(created.body.id);
        const vendor = company().get('Invoice', doc.books.vendorId);
        assert.equal(String(vendor.DocNumber), doc.number);
        assert.equal(String(vendor.TotalAmt), '198.00');
        assert.equal(doc.totals.total, 19_800);
        assert.equal(doc.version, created.body.version, 'a confirmation alone is not a new version');
        assert.equal(doc.externalUrl, `${sim.appUrl}/invoice?txnId=${doc.books.vendorId}`);
        // Acme existed before the connection: it was created in QuickBooks first.
        const customer = company().get('Customer', String((vendor.CustomerRef as Json).value));
        assert.equal((customer.PrimaryEmailAddr as Json).Address, 'billing@acme.test');
        await events.until((list) => list.some((e) => e.data.type === 'document.changed' && e.data.data.id === doc.id && e.data.data.books.state === 'synced'));
      } finally {
        events.close();
      }
    });

    it('what QuickBooks would refuse is refused first, at the field, and nothing is written', async () => {
      const before = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents')).at(0)!.n;
      const noCode = await api.post('/v1/documents', { token: admin, body: invoiceBody(ACME, { lines: [{ description: 'x', quantity: 1, unitPrice: 100, taxRatePercent: 7 }] }) });
      expectError(noCode, 422, 'unprocessable');
      assert.equal(noCode.body.error.reason, 'tax_code_missing');
      assert.deepEqual(noCode.body.error.issues[0].path, ['lines', 0, 'taxRatePercent']);
      const gbp = await api.post('/v1/documents', { token: admin, body: invoiceBody(ACME, { currency: 'GBP' }) });
      expectError(gbp, 422, 'unprocessable');
      assert.equal(gbp.body.error.reason, 'currency_not_enabled');
      assert.deepEqual(gbp.body.error.issues[0].path, ['currency']);
      assert.equal((await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents')).at(0)!.n, before);
      // Mapping 7 % makes the same invoice go through.
      expectStatus(await api.put('/v1/books/settings', { token: admin, body: { taxMapping: [{ ratePercent: 7, taxCodeId: '5' }] } }), 200);
      const mapped = await api.post('/v1/documents', { token: admin, body: invoiceBody(ACME, { lines: [{ description: 'x', quantity: 1, unitPrice: 100, taxRatePercent: 7 }] }) });
      expectStatus(mapped, 201);
    });

    it('a customer goes to QuickBooks with both emails, address, tax id and currency', async () => {
      const created = await api.post('/v1/customers', {
        token: admin,
        body: {
          displayName: 'Euro GmbH',
          email: 'ap@euro.test',
          secondaryEmail: 'cfo@euro.test',
          billingAddress: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
          taxId: 'DE123456789',
          currency: 'EUR',
          language: 'en',
          timeZone: 'Europe/Berlin',
        },
      });
      expectStatus(created, 201);
      const vendor = await eventually('the customer in QuickBooks', async () => company().all('Customer').find((c) => c.DisplayName === 'Euro GmbH'));
      assert.equal((vendor.PrimaryEmailAddr as Json).Address, 'ap@euro.test');
      assert.equal(((vendor.OtherContactInfo as Json[])[0]!.Email as Json).Address, 'cfo@euro.test');
      assert.equal((vendor.BillAddr as Json).City, 'Berlin');
      assert.equal(vendor.PrimaryTaxIdentifier, 'DE123456789');
      assert.equal((vendor.CurrencyRef as Json).value, 'EUR');
    });

    it('mark sent, email, a payment and void reach QuickBooks; status follows QuickBooks', async () => {
      const a = (await api.post('/v1/documents', { token: admin, body: invoiceBody(ACME) })).body;
      let doc = await synced(a.id);
      const sent = await api.post(`/v1/documents/${a.id}/mark-sent`, { token: admin, ifMatch: doc.version });
      expectStatus(sent, 200);
      assert.equal(sent.body.books.state, 'pending');
      doc = await synced(a.id);
      assert.equal(company().get('Invoice', doc.books.vendorId).EmailStatus, 'EmailSent');
      assert.equal(doc.status, 'sent');

      const mails = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox')).at(0)!.n;
      expectStatus(await api.post(`/v1/documents/${a.id}/email`, { token: admin, body: { to: ['ap@acme.test'] } }), 200);
      await eventually('QuickBooks sent it', async () => company().sent.some((s) => s.id === doc.books.vendorId && s.to === 'ap@acme.test'));
      assert.equal((await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox')).at(0)!.n, mails, 'QuickBooks sends it, not Ledgerside');

      const paid = await api.post(`/v1/documents/${a.id}/payments`, { token: admin, body: { amount: 5000, date: today() } });
      expectStatus(paid, 201);
      doc = await synced(a.id);
      const vendor = company().get('Invoice', doc.books.vendorId);
      assert.equal(String(vendor.Balance), String((doc.balance / 100).toFixed(2)));
      assert.equal(doc.status, 'partially_paid');
      assert.equal(company().all('Payment').length, 1);

      const b = (await api.post('/v1/documents', { token: admin, body: invoiceBody(ACME) })).body;
      const bSynced = await synced(b.id);
      expectStatus(await api.post(`/v1/documents/${b.id}/void`, { token: admin, ifMatch: bSynced.version }), 200);
      const voided = await synced(b.id);
      assert.equal(voided.status, 'void');
      assert.match(String(company().get('Invoice', voided.books.vendorId).PrivateNote), /^Voided/);
    });

    it('QuickBooks recomputes the tax: its totals are shown, the entered ones kept beside them', async () => {
      company().automatedSalesTax = true;
      try {
        // Per line, 10 % of $0.05 rounds to a cent each (2 ¢); on the sum QuickBooks gets 1 ¢.
        const lines = [1, 2].map((n) => ({ description: `Tiny ${n}`, quantity: 1, unitPrice: 5, taxRatePercent: 10 }));
        const created = (await api.post('/v1/documents', { token: admin, body: invoiceBody(ACME, { lines }) })).body;
        assert.equal(created.totals.tax, 2);
        const doc = await synced(created.id);
        assert.equal(doc.totals.tax, 1);
        assert.equal(doc.totals.total, 11);
        assert.deepEqual(doc.books.enteredTotals, { subtotal: 10, discount: 0, tax: 2, total: 12 });
        assert.equal(doc.version, created.version + 1, 'different totals are a change people see');
      } finally {
        company().automatedSalesTax = false;
      }
    });

    it('the PDF is QuickBooks’ own', async () => {
      const a = (await api.post('/v1/documents', { token: admin, body: invoiceBody(ACME) })).body;
      const doc = await synced(a.id);
      const pdf = await api.get(`/v1/documents/${a.id}/pdf`, { token: admin });
      expectStatus(pdf, 200);
      assert.match(Buffer.from(pdf.body).toString('latin1'), /QuickBooks simulator[\s\S]*Invoice/);
      void doc;
    });

    it('changed in QuickBooks while being saved: QuickBooks wins, and the document says so', async () => {
      const a = (await api.post('/v1/documents', { token: admin, body: invoiceBody(ACME) })).body;
      const doc = await synced(a.id);
      // Someone edits it in QuickBooks (no webhook reaches us here).
      const vendor = company().get('Invoice', doc.books.vendorId);
      company().saveTxn('Invoice', { Id: vendor.Id, SyncToken: vendor.SyncToken, sparse: true, CustomerMemo: { value: 'Edited in QuickBooks' } });
      const edited = await api.patch(`/v1/documents/${a.id}`, { token: admin, ifMatch: doc.version, body: { notes: 'Edited in Ledgerside' } });
      expectStatus(edited, 200);
      const after = await eventually('the conflict', async () => {
        const d = (await api.get(`/v1/documents/${a.id}`, { token: admin })).body;
        return d.books.error?.reason === 'changed_in_quickbooks' ? d : undefined;
      });
      assert.equal(after.books.state, 'synced');
      assert.equal(company().get('Invoice', doc.books.vendorId).CustomerMemo && (company().get('Invoice', doc.books.vendorId).CustomerMemo as Json).value, 'Edited in QuickBooks');
    });
  });
}
