import { after, afterEach, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createLedgerClient, type LiveEventData } from '../src/index.js';

const BASE = 'http://ledger.test';
const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
after(() => server.close());

const settings = (n: number) => ({
  state: 'enabled',
  syncMode: 'one_way',
  matchSecondaryEmail: n % 2 === 0,
  billingAppUrl: null,
  templates: [{ id: 'standard', name: 'Standard' }],
  updatedAt: '2026-11-23T10:00:00.000Z',
});
const frame = (id: number) =>
  `id: ${id}\nevent: integration.changed\ndata: ${JSON.stringify({ id: String(id), type: 'integration.changed', at: '2026-11-23T10:00:00.000Z', data: settings(id) })}\n\n`;

function stream(chunks: string[]) {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

it('subscribe delivers events, reconnects with Last-Event-ID and misses nothing', { timeout: 10_000 }, async () => {
  const lastIds: (string | null)[] = [];
  server.use(
    http.get(`${BASE}/v1/events`, ({ request }) => {
      const last = request.headers.get('last-event-id');
      lastIds.push(last);
      assert.equal(request.headers.get('authorization'), 'Bearer t');
      const from = last ? Number(last) + 1 : 1;
      // Each connection sends two events then drops, as a flaky proxy would.
      return new HttpResponse(stream([': keep-alive\n\n', frame(from), frame(from + 1).slice(0, 20), frame(from + 1).slice(20)]), {
        headers: { 'content-type': 'text/event-stream' },
      });
    }),
  );
  const client = createLedgerClient({ baseUrl: BASE, getToken: () => 't' });
  const received: LiveEventData[] = [];
  const statuses: string[] = [];
  await new Promise<void>((resolve) => {
    const sub = client.subscribe({
      reconnectDelay: () => 5,
      onStatus: (s) => statuses.push(s),
      onEvent(event) {
        received.push(event);
        if (received.length === 6) {
          sub.close();
          resolve();
        }
      },
    });
  });
  assert.deepEqual(received.map((e) => e.id), ['1', '2', '3', '4', '5', '6']);
  assert.deepEqual(lastIds, [null, '2', '4']);
  assert.equal(received[1]!.type, 'integration.changed');
  assert.ok(statuses.includes('reconnecting') && statuses.at(-1) === 'closed');
});

it('subscribe refreshes the token once on 401 and stops on 403', { timeout: 10_000 }, async () => {
  let calls = 0;
  server.use(
    http.get(`${BASE}/v1/events`, ({ request }) => {
      calls += 1;
      if (request.headers.get('authorization') === 'Bearer old') return new HttpResponse(null, { status: 401 });
      return new HttpResponse(null, { status: 403 });
    }),
  );
  let n = 0;
  const client = createLedgerClient({ baseUrl: BASE, getToken: () => (n++ === 0 ? 'old' : 'new') });
  const error = await new Promise<Error>((resolve) => client.subscribe({ onEvent() {}, onError: resolve }));
  assert.match(error.message, /may not/);
  assert.equal(calls, 2);
  assert.equal(n, 2);
});
