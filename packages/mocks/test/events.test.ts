import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LiveEvent } from '@ledgerside/contract';
import { demoIds } from '@ledgerside/mocks/legacy';
import { as, BASE, serve } from './helpers.js';

interface Frame {
  id: string;
  event: string;
  data: unknown;
}

/** Opens /events and reads frames from it as they come. */
async function open(token: string, lastEventId?: string) {
  const controller = new AbortController();
  const response = await fetch(`${BASE}/events`, {
    headers: { Authorization: `Bearer ${token}`, ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('Content-Type'), 'text/event-stream');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next(count: number): Promise<Frame[]> {
      const frames: Frame[] = [];
      const deadline = setTimeout(() => controller.abort(), 2000);
      try {
        while (frames.length < count) {
          const end = buffer.indexOf('\n\n');
          if (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim();
            const id = field('id');
            if (id) frames.push({ id, event: field('event') ?? '', data: JSON.parse(field('data') ?? 'null') });
            continue;
          }
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
        }
      } finally {
        clearTimeout(deadline);
      }
      return frames;
    },
    close: () => controller.abort(),
  };
}

describe('/events', () => {
  it('streams what happens elsewhere, and replays after Last-Event-ID', async () => {
    const store = serve('demo');
    const stream = await open('agent-token');
    // The client pays by card elsewhere, and the accountant records it.
    const { document } = store.recordPayment(demoIds.users.admin, demoIds.invoices.sent, { amount: 5000, date: '2026-01-02', method: 'card' });
    store.postMessage(demoIds.users.client, demoIds.conversationId, { recipientIds: [demoIds.users.agent], body: 'Paid 50 by card.' });

    const frames = await stream.next(3);
    assert.deepEqual(frames.map((f) => f.event), ['document.changed', 'payment.recorded', 'message.posted']);
    for (const f of frames) assert.ok(LiveEvent.safeParse(f.data).success, `${f.event} matches LiveEvent`);
    const paid = frames[1]!.data as { data: { document: { status: string; balance: number } } };
    assert.equal(paid.data.document.status, 'partially_paid');
    assert.equal(paid.data.document.balance, document.balance);
    const posted = frames[2]!.data as { data: { conversation: { unread: number } } };
    assert.equal(posted.data.conversation.unread, 4, "rendered for the subscriber: the agent's unread");
    stream.close();

    const resumed = await open('agent-token', frames[0]!.id);
    const replayed = await resumed.next(2);
    assert.deepEqual(replayed.map((f) => f.id), [frames[1]!.id, frames[2]!.id]);
    store.deleteContactLink(demoIds.users.agent, demoIds.contacts.mapped);
    assert.deepEqual((await resumed.next(1)).map((f) => f.event), ['contact.unmapped'], 'then live again');
    resumed.close();
  });

  it('shows each role only what it may see', async () => {
    const store = serve('demo');
    store.postMessage(demoIds.users.client, demoIds.conversationId, { recipientIds: [demoIds.users.agent], body: 'Hello' });
    store.updateIntegration(demoIds.users.admin, { syncMode: 'two_way' });
    const types = (userId: string) => store.eventsSince(userId, '0').map((e) => e.type);
    assert.deepEqual(types(demoIds.users.agent), ['message.posted', 'integration.changed']);
    assert.deepEqual(types(demoIds.users.client), ['message.posted']);
    assert.deepEqual(types(demoIds.users.otherClient), []);
    const stream = await open(as(demoIds.users.otherClient), '0');
    store.recordPayment(demoIds.users.admin, demoIds.invoices.otherCurrency, { amount: 100, date: '2026-01-02' });
    assert.deepEqual((await stream.next(2)).map((f) => f.event), ['document.changed', 'payment.recorded'], 'its own invoice only');
    stream.close();
  });
});
