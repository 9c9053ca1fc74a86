import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { todayIso } from '@ledgerside/contract';
import { createScenario, demoIds, manyIds, scenarioNames } from '@ledgerside/mocks';
import { as, call, serve } from './helpers.js';

after(() => createScenario('demo').ready().then((core) => core.close()));

describe('scenarios', () => {
  for (const name of scenarioNames) {
    it(`${name} loads and answers GET /session`, async () => {
      serve(name, name === 'slow' ? { delayMs: 20 } : {});
      const { status, json } = await call('GET', '/session');
      assert.equal(status, 200);
      assert.equal(json.organization.id, demoIds.organizationId);
      assert.equal(json.user.role, name === 'readOnly' ? 'light_agent' : 'agent');
      assert.ok(json.permissions.includes('session.read'));
    });
  }

  it('a mock:<userId> token selects that user, mock:<role> the first with that role; no token is a 401', async () => {
    serve('demo');
    assert.equal((await call('GET', '/session', { token: as('u-client') })).json.user.id, 'u-client');
    assert.equal((await call('GET', '/session', { token: 'mock:admin' })).json.user.id, 'u-admin');
    assert.equal((await call('GET', '/session', { token: 'mock:nobody' })).status, 401);
    const missing = await call('GET', '/session', { token: null });
    assert.equal(missing.status, 401);
    assert.equal(missing.json.error.code, 'unauthorized');
  });

  it('demo has documents in every status, time billable and not, and a thread with unread messages', async () => {
    serve('demo');
    const { json } = await call('GET', '/documents?limit=200');
    const shown = new Set(json.items.map((d: { displayStatus: string }) => d.displayStatus));
    for (const s of ['draft', 'sent', 'partially_paid', 'paid', 'overdue', 'void', 'deleted', 'accepted', 'declined', 'expired', 'invoiced']) {
      assert.ok(shown.has(s), `a document ${s}`);
    }
    const time = (await call('GET', `/time-entries?ticketId=${demoIds.ticketId}`)).json.items;
    assert.ok(time.some((e: { billable: boolean }) => !e.billable));
    assert.ok(time.some((e: { billable: boolean; invoicedBy: unknown }) => e.billable && e.invoicedBy === null));
    const unread = (await call('GET', '/unread')).json;
    assert.equal(unread.total, 3);
    assert.equal(unread.byTransaction[0].conversationId, demoIds.conversationId);
  });

  it('a new scenario starts from the seeded rows; what the previous one wrote is gone', async () => {
    serve('demo');
    const paid = await call('POST', `/documents/${demoIds.invoices.sent}/payments`, {
      token: 'mock:admin',
      headers: { 'Idempotency-Key': 'scenarios-reset-1' },
      body: { amount: 100, date: todayIso(), method: 'card' },
    });
    assert.equal(paid.status, 201);
    const balance = (await call('GET', `/documents/${demoIds.invoices.sent}`)).json.balance;
    serve('demo');
    assert.equal((await call('GET', `/documents/${demoIds.invoices.sent}`)).json.balance, balance + 100);
  });

  it('the answers are the server’s: a time entry in another currency is refused (currency_mismatch)', async () => {
    serve('demo');
    const created = await call('POST', '/documents', {
      headers: { 'Idempotency-Key': 'scenarios-czk' },
      body: {
        kind: 'invoice',
        customerId: demoIds.customers.hradec,
        currency: 'CZK',
        issueDate: todayIso(),
        lines: [{ description: 'Diagnosed the sync failure', quantity: 1.5, unitPrice: 12_000, timeEntryIds: [demoIds.timeEntries.billable[0]] }],
      },
    });
    assert.equal(created.status, 422);
    assert.equal(created.json.error.reason, 'currency_mismatch');
  });

  it('empty has no customers, documents or messages', async () => {
    serve('empty');
    assert.deepEqual((await call('GET', '/customers')).json, { items: [], nextCursor: null });
    assert.deepEqual((await call('GET', '/documents')).json, { items: [], nextCursor: null });
    assert.deepEqual((await call('GET', '/documents/summary')).json, { currencies: [] });
    assert.equal((await call('GET', '/unread')).json.total, 0);
  });

  it('slow delays every response by about 1.5 s by default', async () => {
    serve('slow');
    const started = performance.now();
    assert.equal((await call('GET', '/session')).status, 200);
    assert.ok(performance.now() - started >= 1400);
  });

  it('failing answers 500s, spares the session, and hangs the summary until aborted', async () => {
    serve('failing');
    assert.equal((await call('GET', '/session')).status, 200);
    const failed = await call('GET', '/documents');
    assert.equal(failed.status, 500);
    assert.equal(failed.json.error.code, 'internal');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 150);
    const started = performance.now();
    await assert.rejects(call('GET', '/documents/summary', { signal: controller.signal }), { name: 'AbortError' });
    clearTimeout(timer);
    assert.ok(performance.now() - started >= 140, 'it hung until the client gave up');
  });

  it('failing is configurable: which routes, which status, how many times', async () => {
    serve('failing', { failing: { fail: ['listDocuments'], hang: [], status: 503, times: 2 } });
    assert.equal((await call('GET', '/customers')).status, 200);
    assert.equal((await call('GET', '/documents')).status, 503);
    assert.equal((await call('GET', '/documents')).status, 503);
    assert.equal((await call('GET', '/documents')).status, 200);
  });

  it('readOnly: the light agent reads but may not write (403), and may still comment', async () => {
    serve('readOnly');
    assert.equal((await call('GET', '/documents')).status, 200);
    const denied = await call('POST', `/documents/${demoIds.invoices.draft}/mark-sent`, { headers: { 'If-Match': '1' } });
    assert.equal(denied.status, 403);
    assert.equal(denied.json.error.code, 'forbidden');
    assert.equal((await call('PUT', '/integration', { body: { matchSecondaryEmail: true } })).status, 403);
    const posted = await call('POST', `/conversations/${demoIds.conversationId}/messages`, {
      body: { recipientIds: [demoIds.users.agent], body: 'Noted.' },
    });
    assert.equal(posted.status, 201);
  });
});

describe('many', () => {
  it('pages all 10,000 documents newest first without repeats', async () => {
    serve('many');
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    let previous = Infinity;
    do {
      const { json }: { json: { items: { id: string; number: string }[]; nextCursor: string | null } } = await call(
        'GET',
        `/documents?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const doc of json.items) {
        const n = Number(doc.id.slice(-5));
        assert.ok(n < previous, 'newest first');
        previous = n;
        seen.add(doc.id);
      }
      cursor = json.nextCursor;
      pages += 1;
    } while (cursor);
    assert.equal(seen.size, manyIds.documents);
    assert.equal(pages, 50);
    const quotes = await call('GET', '/documents?kind=quote&limit=5');
    assert.ok(quotes.json.items.every((d: { kind: string }) => d.kind === 'quote'));
  });

  it('pages 5,000 messages: newest page first, each oldest to newest, the cursor going back', async () => {
    serve('many');
    const all: string[] = [];
    let cursor: string | null = null;
    let first = true;
    do {
      const { json }: { json: { items: { id: string; createdAt: string }[]; nextCursor: string | null } } = await call(
        'GET',
        `/conversations/${manyIds.conversationId}/messages?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const times = json.items.map((m) => m.createdAt);
      assert.deepEqual(times, [...times].sort(), 'oldest to newest within a page');
      if (first) assert.equal(json.items.at(-1)!.id, 'msg-many-5000');
      first = false;
      all.unshift(...json.items.map((m) => m.id));
      cursor = json.nextCursor;
    } while (cursor);
    assert.equal(all.length, manyIds.messages);
    assert.equal(new Set(all).size, manyIds.messages);
    assert.equal(all[0], 'msg-many-0001');
    assert.equal((await call('GET', '/unread')).json.total, 10);
  });
});
