/**
 * Live events over SSE: ids and Last-Event-ID replay, filtering by role, heartbeats, the
 * `?access_token=` fallback — and, on PostgreSQL, two server processes: an SSE client of one
 * receives what is posted through the other, and a reconnect misses nothing.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { demoIds } from '../src/index.js';
import { client, expectStatus, invoiceBody, type Client } from './helpers/http.js';
import { backends, startTestServer, type TestServer } from './helpers/server.js';
import { connectSse, type SseEvent } from './helpers/sse.js';

const ACME = demoIds.customers.acme;
const ids = (events: SseEvent[]) => events.map((e) => Number(e.id));

for (const backend of backends()) {
  describe(`live events on ${backend.name}`, { skip: backend.skip }, () => {
    let server: TestServer;
    let api: Client;
    let agent: string;
    let admin: string;
    let carla: string;
    const sse = (token: string, headers: Record<string, string> = {}) =>
      connectSse(`${server.url}/v1/events`, { authorization: `Bearer ${token}`, ...headers });

    before(async () => {
      server = await startTestServer(backend.name);
      api = client(server.url);
      agent = await server.token('agent');
      admin = await server.token('admin');
      carla = await server.token('client');
    });
    after(() => server?.destroy());

    it('streams new events with ids, and replays after Last-Event-ID without gaps', async () => {
      const stream = await sse(agent);
      assert.equal(stream.status, 200);
      const created = (await api.post('/v1/documents', { token: agent, body: invoiceBody(ACME) })).body;
      const [event] = await stream.until((e) => e.some((x) => x.data.type === 'document.created' && x.data.data.id === created.id));
      assert.equal(event!.event, 'document.created');
      assert.equal(event!.id, event!.data.id);
      assert.deepEqual(event!.data.data, created);
      const lastSeen = event!.id!;
      stream.close();

      // While disconnected: several changes.
      await api.post(`/v1/documents/${created.id}/mark-sent`, { token: agent, ifMatch: 1 });
      await api.post(`/v1/documents/${created.id}/payments`, { token: agent, body: { amount: 100, date: '2026-01-01' } });
      await api.put('/v1/contact-links/c-ev', { token: agent, body: { contact: { id: 'c-ev' }, customerId: ACME } });

      const resumed = await sse(agent, { 'last-event-id': lastSeen });
      const replay = await resumed.until((e) => e.some((x) => x.data.type === 'contact.mapped'));
      assert.deepEqual(
        replay.map((e) => e.data.type),
        ['document.changed', 'payment.recorded', 'contact.mapped'],
      );
      assert.deepEqual(ids(replay), [1, 2, 3].map((n) => Number(lastSeen) + n), 'consecutive ids, nothing missed');
      assert.equal(replay[1]!.data.data.document.status, 'partially_paid');
      resumed.close();
    });

    it('shows a client only its own customer’s transactions', async () => {
      const stream = await sse(carla);
      const admins = await sse(admin);
      const umbrella = (await api.post('/v1/documents', { token: agent, body: invoiceBody(demoIds.customers.umbrella, { currency: 'GBP' }) })).body;
      await api.put('/v1/contact-links/c-ev2', { token: agent, body: { contact: { id: 'c-ev2' }, customerId: ACME } });
      const draft = (await api.post('/v1/documents', { token: agent, body: invoiceBody(ACME) })).body;
      // A draft is the firm's alone: the client hears of it when it is sent.
      const acme = (await api.post(`/v1/documents/${draft.id}/mark-sent`, { token: agent, ifMatch: draft.version })).body;
      await admins.until((e) => e.some((x) => x.data.type === 'document.changed' && x.data.data?.id === acme.id));
      await stream.until((e) => e.some((x) => x.data.data?.id === acme.id));
      assert.ok(admins.events.some((x) => x.data.data?.id === umbrella.id));
      assert.ok(admins.events.some((x) => x.data.type === 'contact.mapped'));
      assert.deepEqual(stream.events.map((e) => [e.data.type, e.data.data.id]), [['document.changed', acme.id]]);
      stream.close();
      admins.close();
    });

    it('personalizes a message event’s unread count for each reader', async () => {
      const [conversation] = await server.db.query<{ id: string }>('SELECT id FROM conversations WHERE organization_id = $1', [demoIds.organizationId]);
      const agentStream = await sse(agent);
      const carlaStream = await sse(carla);
      const posted = await api.post(`/v1/conversations/${conversation!.id}/messages`, {
        token: carla,
        body: { recipientIds: [demoIds.users.agent], body: 'Live!' },
      });
      expectStatus(posted, 201);
      const match = (e: SseEvent[]) => e.find((x) => x.data.type === 'message.posted' && x.data.data.message.id === posted.body.message.id);
      await agentStream.until((e) => !!match(e));
      await carlaStream.until((e) => !!match(e));
      assert.equal(match(carlaStream.events)!.data.data.conversation.unread, 0, 'the author has read it');
      assert.ok(match(agentStream.events)!.data.data.conversation.unread >= 1, 'the agent has not');
      agentStream.close();
      carlaStream.close();
    });

    it('sends heartbeats and accepts ?access_token= (EventSource cannot set headers)', async () => {
      const controller = new AbortController();
      const response = await fetch(`${server.url}/v1/events?access_token=${encodeURIComponent(agent)}`, { signal: controller.signal });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
      const reader = response.body!.getReader();
      let text = '';
      const deadline = Date.now() + 5000;
      while (!text.includes(': keep-alive') && Date.now() < deadline) {
        const { value } = await reader.read();
        text += new TextDecoder().decode(value);
      }
      controller.abort();
      assert.match(text, /^retry: \d+/);
      assert.ok(text.includes(': keep-alive'));
      assert.equal((await fetch(`${server.url}/v1/events`)).status, 401);
      // The query token works on the stream only.
      assert.equal((await fetch(`${server.url}/v1/session?access_token=${encodeURIComponent(agent)}`)).status, 401);
    });

    it('ends a stream when its token expires, so the client comes back with a fresh one', async () => {
      const stream = await sse(await server.token('agent', { expiresInSeconds: 2 }));
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('stream outlived its token')), 5000)));
      await Promise.race([stream.done, timeout]).finally(() => clearTimeout(timer));
      assert.ok(Date.now() - started <= 2500, `ended after ${Date.now() - started} ms`);
      stream.close();
    });

    it('ends open streams promptly when the server closes (runs last)', async () => {
      const stream = await sse(agent);
      const started = Date.now();
      await server.close();
      assert.ok(Date.now() - started < 3000, `close took ${Date.now() - started} ms`);
      stream.close();
    });
  });
}

describe('two server processes on one PostgreSQL', { skip: backends()[1]!.skip }, () => {
  let a: TestServer;
  let b: { url: string; process: ChildProcess };
  let api: Client;
  let apiB: Client;

  before(async () => {
    a = await startTestServer('postgres');
    b = await spawnServer(a.storage.databaseUrl!);
    api = client(a.url);
    apiB = client(b.url);
  });
  after(async () => {
    if (b && b.process.exitCode === null) {
      const exited = once(b.process, 'exit');
      b.process.kill('SIGTERM');
      await exited;
    }
    await a?.destroy();
  });

  it('an SSE client of one receives a message posted through the other; a reconnect misses nothing', async () => {
    const agent = await a.token('agent');
    const carla = await a.token('client');
    const [conversation] = await a.db.query<{ id: string }>('SELECT id FROM conversations WHERE organization_id = $1', [demoIds.organizationId]);
    const onA = await connectSse(`${a.url}/v1/events`, { authorization: `Bearer ${agent}` });
    const posted = await apiB.post(`/v1/conversations/${conversation!.id}/messages`, {
      token: carla,
      body: { recipientIds: [demoIds.users.agent], body: 'Through process B' },
    });
    expectStatus(posted, 201);
    const events = await onA.until((e) => e.some((x) => x.data.type === 'message.posted' && x.data.data.message.id === posted.body.message.id));
    const last = events.at(-1)!.id!;
    onA.close();

    // Disconnected from A: both processes write at once.
    const writes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? api : apiB).post('/v1/documents', { token: agent, body: invoiceBody(ACME, { reference: `two-${i}` }) }),
      ),
    );
    for (const w of writes) expectStatus(w, 201);
    const resumed = await connectSse(`${b.url}/v1/events`, { authorization: `Bearer ${agent}`, 'last-event-id': last });
    const replay = await resumed.until((e) => e.filter((x) => x.data.type === 'document.created').length === 12);
    assert.deepEqual(ids(replay), Array.from({ length: 12 }, (_, i) => Number(last) + 1 + i));
    assert.deepEqual(
      new Set(replay.map((e) => e.data.data.id)),
      new Set(writes.map((w) => w.body.id)),
    );
    // Live again, across processes: a write through A reaches the stream on B.
    const more = await api.post('/v1/documents', { token: agent, body: invoiceBody(ACME) });
    await resumed.until((e) => e.some((x) => x.data.data?.id === more.body.id));
    resumed.close();
  });
});

/** The real entry point in a child process, on the same database; resolves once it listens. */
function spawnServer(databaseUrl: string): Promise<{ url: string; process: ChildProcess }> {
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', LEDGERSIDE_DEMO: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`second server did not start: ${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, process: child });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`second server exited (${code}): ${output}`)));
  });
}
