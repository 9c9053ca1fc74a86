/**
 * Sums that must stay exact: the summary adds up an organization's billed invoices per
 * currency, and every amount the API answers is a safe integer. An invoice that would take
 * that sum past Number.MAX_SAFE_INTEGER is refused (422, nothing changed) — found by
 * `pnpm fuzz`, where the summary answered 500. A server of its own: its sums are huge.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoIds } from '../src/index.js';
import { client, expectError, expectStatus, invoiceBody, today, type Client, type Json } from './helpers/http.js';
import { backends, startTestServer, type TestServer } from './helpers/server.js';

const ACME = demoIds.customers.acme;
/** 4,000 × 10¹² minor units: 4 × 10¹⁵, under the safe-integer limit (≈ 9.007 × 10¹⁵). */
const huge = { lines: [{ description: 'A very large order', quantity: 4_000, unitPrice: 1_000_000_000_000 }] };

for (const backend of backends()) {
  describe(`exact sums on ${backend.name}`, { skip: backend.skip }, () => {
    let server: TestServer;
    let api: Client;
    let agent: string;

    before(async () => {
      server = await startTestServer(backend.name);
      api = client(server.url);
      agent = await server.token('agent');
    });
    after(() => server?.destroy());

    const create = async () => {
      const reply = await api.post('/v1/documents', { token: agent, body: invoiceBody(ACME, huge) });
      expectStatus(reply, 201, 'create');
      return reply.body as Json;
    };
    const summary = async () => {
      const reply = await api.get(`/v1/documents/summary?customerId=${ACME}`, { token: agent });
      expectStatus(reply, 200, 'summary');
      return (reply.body.currencies as Json[]).find((c) => c.currency === 'USD')!;
    };

    it('refuses the invoice that would overflow the billed sum; the summary keeps answering', async () => {
      const before = (await summary())?.invoiced ?? 0;
      const [a, b, c] = [await create(), await create(), await create()];
      expectStatus(await api.post(`/v1/documents/${a.id}/mark-sent`, { token: agent, ifMatch: a.version }), 200);
      expectStatus(await api.post(`/v1/documents/${b.id}/mark-sent`, { token: agent, ifMatch: b.version }), 200);
      assert.equal((await summary()).invoiced, before + 8_000_000_000_000_000);

      // The third would make 1.2 × 10¹⁶: by sending it, or by recording a payment on the draft.
      const sent = await api.post(`/v1/documents/${c.id}/mark-sent`, { token: agent, ifMatch: c.version });
      expectError(sent, 422, 'unprocessable');
      assert.equal(sent.body.error.reason, 'amount_too_large');
      const paid = await api.post(`/v1/documents/${c.id}/payments`, { token: agent, body: { amount: 100, date: today() } });
      expectError(paid, 422, 'unprocessable');
      assert.equal(paid.body.error.reason, 'amount_too_large');

      // Nothing changed: still a draft at version 1, no payment, the same sums.
      const still = await api.get(`/v1/documents/${c.id}`, { token: agent });
      assert.equal(still.body.status, 'draft');
      assert.equal(still.body.version, c.version);
      assert.equal(still.body.amountPaid, 0);
      assert.equal((await summary()).invoiced, before + 8_000_000_000_000_000);

      // Voiding one of the billed ones makes room again.
      const voided = await api.post(`/v1/documents/${b.id}/void`, { token: agent, ifMatch: b.version + 1 });
      expectStatus(voided, 200, 'void frees the room');
      expectStatus(await api.post(`/v1/documents/${c.id}/mark-sent`, { token: agent, ifMatch: c.version }), 200);
    });
  });
}
