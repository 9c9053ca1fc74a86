// `core.reset()`: the fresh start tests and stories take on a running core — the seeded rows
// come back, what was written since goes, and live events keep flowing to open streams.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { todayIso } from '@ledgerside/contract';
import { createCore, demoIds, type Core } from '../src/core.js';
import { nodeFontSource } from '../src/pdf/fonts-node.js';

describe('core.reset()', () => {
  let core: Core;
  let admin: string;
  const call = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${admin}`);
    if (init.body) headers.set('content-type', 'application/json');
    return core.fetch(new Request(`http://core.test/v1${path}`, { ...init, headers }));
  };
  before(async () => {
    core = await createCore({ demo: true, fonts: nodeFontSource, maintenance: false, resettable: true });
    admin = ((await (await core.fetch(new Request(`http://core.test/dev/token?user=${demoIds.users.admin}`))).json()) as { token: string }).token;
  });
  after(() => core.close());

  it('brings back the seeded rows, drops what was written since, and numbers start over', async () => {
    const before = (await (await call('/documents?limit=200')).json()) as { items: { id: string; number: string; status: string }[] };
    const created = await call('/documents', {
      method: 'POST',
      headers: { 'idempotency-key': 'reset-test-1' },
      body: JSON.stringify({ kind: 'invoice', customerId: demoIds.customers.acme, currency: 'USD', issueDate: todayIso(), lines: [{ description: 'x', quantity: 1, unitPrice: 100 }] }),
    });
    assert.equal(created.status, 201);
    const first = (await created.json()) as { id: string; number: string };
    const draft = before.items.find((d) => d.id === demoIds.invoices.draft)!;
    assert.equal((await call(`/documents/${draft.id}`, { method: 'DELETE', headers: { 'if-match': '"1"' } })).status < 300, true);

    await core.reset();
    const again = (await (await call('/documents?limit=200')).json()) as typeof before;
    assert.deepEqual(again.items, before.items);
    assert.equal((await call(`/documents/${first.id}`)).status, 404);
    // The same idempotency key is new again, and the number given back is the same one.
    const recreated = await call('/documents', {
      method: 'POST',
      headers: { 'idempotency-key': 'reset-test-1' },
      body: JSON.stringify({ kind: 'invoice', customerId: demoIds.customers.acme, currency: 'USD', issueDate: todayIso(), lines: [{ description: 'y', quantity: 1, unitPrice: 100 }] }),
    });
    assert.equal(recreated.status, 201);
    assert.equal(((await recreated.json()) as { number: string }).number, first.number);
    await core.reset();
  });

  it('an event written after a reset reaches a stream opened before it', async () => {
    const controller = new AbortController();
    const stream = await call('/events', { signal: controller.signal });
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    await core.reset();
    const paid = await call(`/documents/${demoIds.invoices.sent}/payments`, {
      method: 'POST',
      headers: { 'idempotency-key': 'reset-test-pay' },
      body: JSON.stringify({ amount: 100, date: todayIso(), method: 'card' }),
    });
    assert.equal(paid.status, 201);
    let text = '';
    while (!text.includes('payment.recorded') && !text.includes('document.updated')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    controller.abort();
    assert.match(text, /event: (payment\.recorded|document\.updated)/);
    await core.reset();
  });
});
