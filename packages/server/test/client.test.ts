/**
 * The typed client (@ledgerside/client) against the real server: the two ends of the contract
 * agree on headers, bodies, errors and the event stream.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLedgerClient, isLedgerApiError, type LedgerClient } from '@ledgerside/client';
import { demoIds } from '../src/index.js';
import { today } from './helpers/http.js';
import { backends, startTestServer, type TestServer } from './helpers/server.js';

for (const backend of backends()) {
  describe(`the typed client on ${backend.name}`, { skip: backend.skip }, () => {
    let server: TestServer;
    let ledger: LedgerClient;

    const body = () => ({
      kind: 'invoice' as const,
      customerId: demoIds.customers.acme,
      currency: 'USD',
      issueDate: today(),
      lines: [{ description: 'Work', quantity: 1.5, unitPrice: 10_000, taxRatePercent: 10 }],
    });

    before(async () => {
      server = await startTestServer(backend.name);
      ledger = createLedgerClient({ baseUrl: server.url, getToken: () => server.token('agent'), retries: 0 });
    });
    after(() => server?.destroy());

    it('creates, edits, pays and lists through typed calls', async () => {
      const session = await ledger.getSession();
      assert.equal(session.user.id, demoIds.users.agent);
      const doc = await ledger.createDocument({ body: body() }, { idempotencyKey: 'client-1' });
      const same = await ledger.createDocument({ body: body() }, { idempotencyKey: 'client-1' });
      assert.equal(same.id, doc.id);
      const edited = await ledger.updateDocument({ params: { id: doc.id }, body: { notes: 'typed' }, ifMatch: doc.version });
      assert.equal(edited.version, doc.version + 1);
      await assert.rejects(
        ledger.updateDocument({ params: { id: doc.id }, body: { notes: 'stale' }, ifMatch: doc.version }),
        (e: unknown) => isLedgerApiError(e) && e.status === 412 && (e.current as { notes: string }).notes === 'typed',
      );
      const sent = await ledger.markDocumentSent({ params: { id: doc.id }, ifMatch: edited.version });
      const paid = await ledger.recordPayment({ params: { id: doc.id }, body: { amount: sent.balance, date: sent.issueDate } });
      assert.equal(paid.document.status, 'paid');
      const list = await ledger.listDocuments({ query: { customerId: demoIds.customers.acme, limit: 5 } });
      assert.equal(list.items[0]!.id, doc.id);
      const pdf = await ledger.documentPdf({ params: { id: doc.id } });
      assert.equal(pdf.type, 'application/pdf');
      await ledger.putContactLink({ params: { contactId: 'typed-contact' }, body: { contact: { id: 'typed-contact' }, customerId: demoIds.customers.acme } });
      assert.equal(await ledger.deleteContactLink({ params: { contactId: 'typed-contact' } }), undefined);
      await assert.rejects(ledger.getDocument({ params: { id: 'doc-nope' } }), (e: unknown) => isLedgerApiError(e) && e.status === 404);
    });

    it('receives live events through subscribe()', async () => {
      const received: string[] = [];
      let resolve!: () => void;
      let opened!: () => void;
      const arrived = new Promise<void>((r) => (resolve = r));
      const open = new Promise<void>((r) => (opened = r));
      const subscription = ledger.subscribe({
        onStatus: (status) => status === 'open' && opened(),
        onEvent: (event) => {
          if (event.type === 'document.created') {
            received.push(event.data.id);
            resolve();
          }
        },
      });
      try {
        // Once the stream is open, everything committed after it arrives.
        await open;
        const doc = await ledger.createDocument({ body: body() });
        await arrived;
        assert.deepEqual(received, [doc.id]);
      } finally {
        subscription.close();
      }
    });
  });
}
