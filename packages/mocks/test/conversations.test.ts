import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoIds } from '@ledgerside/mocks/legacy';
import { as, call, serve } from './helpers.js';

describe('conversations', () => {
  it('are refused on ineligible transactions (422) and created once on eligible ones', async () => {
    serve('demo');
    const memo = await call('POST', '/conversations', { body: { transactionType: 'credit_memo', transactionId: 'cm-1' } });
    assert.equal(memo.status, 422);
    assert.equal(memo.json.error.reason, 'conversation_not_allowed');
    assert.equal((await call('GET', '/recipients?transactionType=paycheck&transactionId=p-1')).status, 422);

    const query = `transactionType=quote&transactionId=${demoIds.quotes.sent}`;
    assert.deepEqual((await call('GET', `/conversations?${query}`)).json, { conversation: null });
    const opened = await call('POST', '/conversations', { body: { transactionType: 'quote', transactionId: demoIds.quotes.sent } });
    assert.equal(opened.status, 200);
    const reopened = await call('POST', '/conversations', { body: { transactionType: 'quote', transactionId: demoIds.quotes.sent } });
    assert.equal(reopened.json.id, opened.json.id);
    assert.equal((await call('GET', `/conversations?${query}`)).json.conversation.id, opened.json.id);
    const wrongKind = await call('POST', '/conversations', { body: { transactionType: 'quote', transactionId: demoIds.invoices.sent } });
    assert.equal(wrongKind.status, 404);
  });

  it('recipients are the firm users and the customer contacts, without the caller', async () => {
    serve('demo');
    const { json } = await call('GET', `/recipients?transactionType=invoice&transactionId=${demoIds.invoices.sent}`);
    const ids = json.items.map((r: { id: string }) => r.id).sort();
    assert.deepEqual(ids, [demoIds.users.admin, demoIds.users.client, demoIds.users.lightAgent].sort());
    const contact = json.items.find((r: { id: string }) => r.id === demoIds.users.client);
    assert.equal(contact.kind, 'customer_contact');
    // Umbrella has no portal user: the customer itself is addressed.
    const created = await call('POST', '/documents', {
      body: { kind: 'invoice', customerId: demoIds.customers.umbrella, currency: 'GBP', issueDate: '2026-01-01', lines: [{ description: 'x', quantity: 1, unitPrice: 100 }] },
    });
    // Once sent: a draft is the firm's alone.
    await call('POST', `/documents/${created.json.id}/mark-sent`, { headers: { 'If-Match': '1' } });
    const umbrella = await call('GET', `/recipients?transactionType=invoice&transactionId=${created.json.id}`);
    assert.ok(umbrella.json.items.some((r: { id: string; kind: string }) => r.id === demoIds.customers.umbrella && r.kind === 'customer_contact'));
  });

  it('posting, paging, read markers and unread counts per user', async () => {
    const store = serve('demo');
    const conv = demoIds.conversationId;
    const page = await call('GET', `/conversations/${conv}/messages`);
    assert.deepEqual(page.json.items.map((m: { id: string }) => m.id), demoIds.messages);
    assert.equal(page.json.nextCursor, null);
    const newest = await call('GET', `/conversations/${conv}/messages?limit=3`);
    assert.deepEqual(newest.json.items.map((m: { id: string }) => m.id), demoIds.messages.slice(1));
    const older = await call('GET', `/conversations/${conv}/messages?limit=3&cursor=${newest.json.nextCursor}`);
    assert.deepEqual(older.json.items.map((m: { id: string }) => m.id), demoIds.messages.slice(0, 1));

    const posted = await call('POST', `/conversations/${conv}/messages`, {
      token: as(demoIds.users.client),
      body: { recipientIds: [demoIds.users.agent], body: 'Paid by card just now.' },
      headers: { 'Idempotency-Key': 'm-1' },
    });
    assert.equal(posted.status, 201);
    assert.deepEqual(posted.json.message.author, { id: 'u-client', name: 'Ana Smith', role: 'client', side: 'client' });
    assert.equal(posted.json.conversation.unread, 0, 'your own message is read');
    const replay = await call('POST', `/conversations/${conv}/messages`, {
      token: as(demoIds.users.client),
      body: { recipientIds: [demoIds.users.agent], body: 'Paid by card just now.' },
      headers: { 'Idempotency-Key': 'm-1' },
    });
    assert.equal(replay.json.message.id, posted.json.message.id);
    assert.equal(store.sentEmails.filter((e) => e.kind === 'message').length, 1, 'one notification');

    assert.equal((await call('GET', '/unread')).json.total, 4);
    const read = await call('POST', `/conversations/${conv}/read`, { body: { messageId: demoIds.messages[2] } });
    assert.equal(read.json.unread, 2);
    assert.equal(read.json.lastReadMessageId, demoIds.messages[2]);
    assert.equal((await call('GET', '/unread', { token: as(demoIds.users.lightAgent) })).json.total, 5, 'counts are per user');

    const stranger = await call('POST', `/conversations/${conv}/messages`, { body: { recipientIds: ['u-nobody'], body: 'hi' } });
    assert.equal(stranger.status, 422);
    assert.deepEqual(stranger.json.error.issues[0].path, ['recipientIds', 0]);
  });

  it('a client sees only its own transactions\' threads', async () => {
    serve('demo');
    const other = as(demoIds.users.otherClient);
    assert.equal((await call('GET', `/conversations/${demoIds.conversationId}/messages`, { token: other })).status, 404);
    assert.equal((await call('GET', '/unread', { token: other })).json.total, 0);
    const own = await call('GET', `/conversations/${demoIds.conversationId}/messages`, { token: as(demoIds.users.client) });
    assert.equal(own.json.items.length, demoIds.messages.length);
    assert.equal((await call('GET', '/unread', { token: as(demoIds.users.client) })).json.total, 0, 'she wrote the last message');
  });
});
