/**
 * Conversations: get-or-create for eligible transactions only, recipients, messages with
 * paging, read markers, unread counts per user, the client's side, notification emails.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allowsConversation, transactionTypes } from '@ledgerside/contract';
import { demoIds } from '../src/index.js';
import { client, expectError, expectStatus, invoiceBody, type Client, type Json } from './helpers/http.js';
import { backends, startTestServer, type TestServer } from './helpers/server.js';

const { users } = demoIds;

for (const backend of backends()) {
  describe(`conversations on ${backend.name}`, { skip: backend.skip }, () => {
    let server: TestServer;
    let api: Client;
    let agent: string;
    let admin: string;
    let carla: string;
    let invoice: { id: string; number: string; version: number };

    before(async () => {
      server = await startTestServer(backend.name);
      api = client(server.url);
      agent = await server.token('agent');
      admin = await server.token('admin');
      carla = await server.token('client');
      invoice = (await api.post('/v1/documents', { token: agent, body: invoiceBody(demoIds.customers.acme) })).body;
      // Sent, so that it is the client's to see and talk about (a draft is the firm's alone).
      invoice = (await api.post(`/v1/documents/${invoice.id}/mark-sent`, { token: agent, ifMatch: invoice.version })).body;
    });
    after(() => server?.destroy());

    it('is null before the first message, then created once (get-or-create)', async () => {
      const lookup = await api.get(`/v1/conversations?transactionType=invoice&transactionId=${invoice.id}`, { token: agent });
      expectStatus(lookup, 200);
      assert.equal(lookup.body.conversation, null);
      const opened = await Promise.all(
        [agent, admin, carla].map((token) => api.post('/v1/conversations', { token, body: { transactionType: 'invoice', transactionId: invoice.id } })),
      );
      for (const r of opened) expectStatus(r, 200);
      assert.equal(new Set(opened.map((r) => r.body.id)).size, 1);
      const again = await api.get(`/v1/conversations?transactionType=invoice&transactionId=${invoice.id}`, { token: agent });
      assert.equal(again.body.conversation.id, opened[0]!.body.id);
    });

    it('refuses ineligible transaction types with 422, as the contract says', async () => {
      for (const type of transactionTypes.filter((t) => !allowsConversation(t))) {
        const reply = await api.post('/v1/conversations', { token: agent, body: { transactionType: type, transactionId: 'X-1' } });
        expectError(reply, 422, 'unprocessable', type);
        assert.equal(reply.body.error.reason, 'conversation_not_allowed');
        expectError(await api.get(`/v1/recipients?transactionType=${type}&transactionId=X-1`, { token: agent }), 422, 'unprocessable');
      }
      // Eligible, but the document is a quote, not an invoice: no such invoice.
      const quote = (await api.post('/v1/documents', { token: agent, body: invoiceBody(demoIds.customers.acme, { kind: 'quote' }) })).body;
      expectError(await api.post('/v1/conversations', { token: agent, body: { transactionType: 'invoice', transactionId: quote.id } }), 404, 'not_found');
      expectStatus(await api.post('/v1/conversations', { token: agent, body: { transactionType: 'quote', transactionId: quote.id } }), 200);
      // Transactions that live only in the billing app are the firm's.
      expectStatus(await api.post('/v1/conversations', { token: agent, body: { transactionType: 'vendor_check', transactionId: 'CHK-1' } }), 200);
      expectError(await api.post('/v1/conversations', { token: carla, body: { transactionType: 'vendor_check', transactionId: 'CHK-1' } }), 404, 'not_found');
    });

    it('offers firm users and the customer’s people as recipients, never the caller', async () => {
      const reply = await api.get(`/v1/recipients?transactionType=invoice&transactionId=${invoice.id}`, { token: agent });
      expectStatus(reply, 200);
      const ids = reply.body.items.map((r: Json) => `${r.kind}:${r.id}`);
      assert.ok(ids.includes(`firm_user:${users.admin}`));
      assert.ok(ids.includes(`firm_user:${users.lightAgent}`));
      assert.ok(ids.includes(`customer_contact:${users.client}`));
      assert.ok(!ids.includes(`firm_user:${users.agent}`), 'not the caller');
      assert.ok(!ids.some((id: string) => id.endsWith(demoIds.second.users.admin)), 'not another organization’s users');
      const forCarla = await api.get(`/v1/recipients?transactionType=invoice&transactionId=${invoice.id}`, { token: carla });
      assert.ok(forCarla.body.items.every((r: Json) => r.kind === 'firm_user'));
    });

    it('posts messages, counts unread per user and moves read markers forward only', async () => {
      const conversation = (await api.post('/v1/conversations', { token: agent, body: { transactionType: 'invoice', transactionId: invoice.id } })).body;
      const path = `/v1/conversations/${conversation.id}/messages`;
      const first = await api.post(path, { token: agent, body: { recipientIds: [users.client], body: 'Hello Carla' }, idempotencyKey: 'first-message' });
      expectStatus(first, 201);
      assert.equal(first.body.message.author.side, 'firm');
      assert.equal(first.body.conversation.unread, 0, 'own messages are read');
      const retry = await api.post(path, { token: agent, body: { recipientIds: [users.client], body: 'Hello Carla' }, idempotencyKey: 'first-message' });
      assert.equal(retry.body.message.id, first.body.message.id);

      const replies = [];
      for (const body of ['Thanks', 'One more thing', 'And another']) {
        const r = await api.post(path, { token: carla, body: { recipientIds: [users.agent], body } });
        expectStatus(r, 201);
        assert.equal(r.body.message.author.side, 'client');
        replies.push(r.body.message);
      }
      const unread = await api.get('/v1/unread', { token: agent });
      const mine = unread.body.byTransaction.find((t: Json) => t.conversationId === conversation.id);
      assert.equal(mine.count, 3);
      assert.equal(mine.transactionId, invoice.id);
      assert.ok(unread.body.total >= 3);

      const read = await api.post(`/v1/conversations/${conversation.id}/read`, { token: agent, body: { messageId: replies[1].id } });
      expectStatus(read, 200);
      assert.equal(read.body.unread, 1);
      assert.equal(read.body.lastReadMessageId, replies[1].id);
      const backwards = await api.post(`/v1/conversations/${conversation.id}/read`, { token: agent, body: { messageId: first.body.message.id } });
      assert.equal(backwards.body.unread, 1, 'a marker never moves back');
      expectError(await api.post(`/v1/conversations/${conversation.id}/read`, { token: agent, body: { messageId: 'msg_nope' } }), 422, 'unprocessable');
      // The admin has read nothing of it.
      const adminView = await api.get(`/v1/conversations?transactionType=invoice&transactionId=${invoice.id}`, { token: admin });
      assert.equal(adminView.body.conversation.unread, 4);

      const bad = await api.post(path, { token: agent, body: { recipientIds: [demoIds.second.users.admin], body: 'x' } });
      expectError(bad, 422, 'unprocessable');
      assert.equal(bad.body.error.reason, 'unknown_recipient');
      const mismatch = await api.post(path, { token: agent, body: { recipientIds: [users.client], body: 'x', transactionType: 'quote' } });
      assert.equal(mismatch.body.error.reason, 'transaction_mismatch');
    });

    it('pages messages newest page first, oldest to newest within a page', async () => {
      const conversation = (await api.post('/v1/conversations', { token: agent, body: { transactionType: 'invoice', transactionId: invoice.id } })).body;
      const all = (await api.get(`/v1/conversations/${conversation.id}/messages?limit=200`, { token: agent })).body.items;
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const reply: Json = await api.get(`/v1/conversations/${conversation.id}/messages?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: carla });
        expectStatus(reply, 200);
        seen.unshift(...reply.body.items.map((m: Json) => m.id));
        cursor = reply.body.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, all.map((m: Json) => m.id));
      assert.ok(all.length >= 4);
    });

    it('emails each recipient with a link to the transaction', async () => {
      const conversation = (await api.post('/v1/conversations', { token: agent, body: { transactionType: 'invoice', transactionId: invoice.id } })).body;
      await api.post(`/v1/conversations/${conversation.id}/messages`, {
        token: agent,
        body: { recipientIds: [users.client, users.admin], body: 'Please check the total.' },
      });
      const rows = await server.db.query<{ recipients: string[]; subject: string; body: string }>(
        `SELECT recipients, subject, body FROM outbox WHERE kind = 'message' AND body LIKE 'Please check the total.%' ORDER BY recipients::text`,
      );
      assert.deepEqual(rows.map((r) => r.recipients[0]), ['ada@northwind.test', 'billing@acme.test']);
      // Each link opens the thread signed in as its own recipient, not as whoever else.
      const identities = [users.admin, users.client];
      rows.forEach((row, i) => {
        assert.ok(row.body.includes(`${server.url}/transactions/invoice/${invoice.id}?user=${identities[i]}`), row.body);
        assert.match(row.subject, new RegExp(invoice.number));
      });
    });

    it('keeps a client to its own customer’s threads', async () => {
      const draft = (await api.post('/v1/documents', { token: agent, body: invoiceBody(demoIds.customers.umbrella, { currency: 'GBP' }) })).body;
      const umbrella = (await api.post(`/v1/documents/${draft.id}/mark-sent`, { token: agent, ifMatch: draft.version })).body;
      const conversation = (await api.post('/v1/conversations', { token: agent, body: { transactionType: 'invoice', transactionId: umbrella.id } })).body;
      const recipients = (await api.get(`/v1/recipients?transactionType=invoice&transactionId=${umbrella.id}`, { token: agent })).body.items;
      const contact = recipients.find((r: Json) => r.kind === 'customer_contact');
      assert.equal(contact.id, demoIds.customers.umbrella, 'a customer without contacts is addressed at its own email');
      await api.post(`/v1/conversations/${conversation.id}/messages`, { token: agent, body: { recipientIds: [contact.id], body: 'Hola' } });
      expectError(await api.get(`/v1/conversations/${conversation.id}/messages`, { token: carla }), 404, 'not_found');
      expectError(await api.post(`/v1/conversations/${conversation.id}/messages`, { token: carla, body: { recipientIds: [users.agent], body: 'x' } }), 404, 'not_found');
      const unread = await api.get('/v1/unread', { token: carla });
      assert.ok(unread.body.byTransaction.every((t: Json) => t.transactionId !== umbrella.id));
    });
  });
}
