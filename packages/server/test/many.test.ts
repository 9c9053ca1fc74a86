// The `many` seed: bulk-written, yet every row is what the API itself would have made.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { documentTotals, todayIso, type Document } from '@ledgerside/contract';
import { createCore, demoIds, manyIds, seedMany, type Core } from '../src/core.js';
import { nodeFontSource } from '../src/pdf/fonts-node.js';

describe('the many seed', () => {
  let core: Core;
  let token: string;
  const call = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    if (init.body) headers.set('content-type', 'application/json');
    const response = await core.fetch(new Request(`http://core.test/v1${path}`, { ...init, headers }));
    return { status: response.status, json: (await response.json()) as Record<string, unknown> & { items?: unknown[] } };
  };
  before(async () => {
    // Every answer is checked against the contract's response schemas.
    core = await createCore({ demo: true, seed: seedMany, fonts: nodeFontSource, maintenance: false, checkResponses: true, rateLimit: false });
    token = ((await (await core.fetch(new Request(`http://core.test/dev/token?user=${demoIds.users.agent}`))).json()) as { token: string }).token;
  });
  after(() => core.close());

  it('documents in every status, with the contract’s totals and balances', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let count = 0;
    do {
      const page = await call(`/documents?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200);
      for (const doc of page.json.items as Document[]) {
        count++;
        seen.add(doc.displayStatus);
        assert.deepEqual(doc.totals, documentTotals(doc.lines), doc.id);
        assert.equal(doc.balance, doc.totals.total - doc.amountPaid, doc.id);
      }
      cursor = page.json.nextCursor as string | null;
    } while (cursor);
    assert.equal(count, manyIds.documents);
    for (const s of ['draft', 'sent', 'overdue', 'partially_paid', 'paid', 'void', 'accepted', 'declined', 'expired']) assert.ok(seen.has(s), s);
  });

  it('a new invoice continues the numbering; the thread has 5,000 messages, 10 unread by the agent', async () => {
    const last = (await call(`/documents/${manyIds.documentId(9_999)}`)).json as unknown as Document;
    const created = await call('/documents', {
      method: 'POST',
      headers: { 'idempotency-key': 'many-next' },
      body: JSON.stringify({ kind: 'invoice', customerId: demoIds.customers.acme, currency: 'USD', issueDate: todayIso(), lines: [{ description: 'x', quantity: 1, unitPrice: 100 }] }),
    });
    assert.equal(created.status, 201);
    assert.equal(Number(String(created.json.number).slice(4)), Number(last.number.slice(4)) + 1);
    const unread = await call('/unread');
    assert.equal((unread.json as { total: number }).total, 10);
    const page = await call(`/conversations/${manyIds.conversationId}/messages?limit=200`);
    assert.equal((page.json.items as { id: string }[]).at(-1)!.id, 'msg-many-5000');
  });
});
