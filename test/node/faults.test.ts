/**
 * Faults, with the real server and the real @ledgerside/client:
 *
 * - the server process SIGKILLed and restarted (same port, same PGlite data) while a document
 *   create and a message post are in flight — held before reaching it, answered but the
 *   answers lost, or cut as they arrive — and the client's retries (one Idempotency-Key per
 *   call) leave exactly one document and one message;
 * - PGlite after SIGKILL during concurrent writes: the data directory opens, every write that
 *   was acknowledged is there, the database invariants hold, and the server starts on it again;
 * - the event stream cut mid-event several times: the client reconnects with Last-Event-ID,
 *   receives every event exactly once in order, and a list kept from the events ends up equal
 *   to the server's.
 *
 * The browser offline while posting is the conversation's outbox:
 * packages/elements/src/conversation/ledger-conversation.test.ts ("delivers a post made
 * offline exactly once after a reload, with the same idempotency key", "sends what waited when
 * the network comes back (online)", "does not post twice when the server stored it but the
 * answer was lost").
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLedgerClient, type LedgerClient, type LiveEventData } from '@ledgerside/client';
import type { Document, DocumentCreate } from '@ledgerside/contract';
import { demoIds, openDatabase } from '../../packages/server/src/index.js';
import { invoiceBody, today } from '../../packages/server/test/helpers/http.js';
import { freshDataDir, startTestServer, type TestServer } from '../../packages/server/test/helpers/server.js';
import { checkInvariants } from './fuzz/invariants.js';
import { ChaosProxy, freePort, startChild, until, type Child } from './faults/support.js';

/** The helpers' invoice body, typed for the client. */
const typedInvoice = (customerId: string, extra: Record<string, unknown> = {}) => invoiceBody(customerId, extra) as DocumentCreate;

const ACME = demoIds.customers.acme;

async function devToken(url: string, user: string): Promise<string> {
  const reply = await fetch(`${url}/dev/token?user=${user}`);
  assert.equal(reply.status, 200);
  return ((await reply.json()) as { token: string }).token;
}

describe('the server killed and restarted while a document is saving and a message posting', () => {
  let data: Awaited<ReturnType<typeof freshDataDir>>;
  let port: number;
  let child: Child;
  let proxy: ChaosProxy;
  let ledger: LedgerClient;
  let direct: LedgerClient;

  before(async () => {
    data = await freshDataDir();
    port = await freePort();
    child = await startChild({ port, dataDir: data.dir });
    proxy = new ChaosProxy(() => port);
    await proxy.start();
    const token = await devToken(child.url, demoIds.users.agent);
    // Retries spaced so that a restart (a few seconds on a busy machine) fits well inside them.
    ledger = createLedgerClient({ baseUrl: proxy.url, getToken: () => token, retries: 80, retryDelay: () => 250, timeoutMs: 20_000 });
    direct = createLedgerClient({ baseUrl: child.url, getToken: () => token, retries: 20, retryDelay: () => 250 });
  });
  after(async () => {
    await child?.kill();
    await proxy?.stop();
    data?.remove();
  });

  const isCreate = (head: string) => head === 'POST /v1/documents';
  const isPost = (head: string) => head === `POST /v1/conversations/${demoIds.conversationId}/messages`;

  /** Starts both calls, lets `arm` decide when the server dies, restarts it, and checks the end state. */
  async function scenario(name: string, arm: (kill: () => void) => void) {
    const reference = `fault ${name}`;
    const text = `Posted while the server died (${name})`;
    let killed!: () => void;
    const dead = new Promise<void>((resolve) => (killed = resolve));
    arm(() => {
      proxy.hooks = {};
      void child.kill().then(killed);
    });
    const saving = ledger.createDocument({ body: typedInvoice(ACME, { reference }) });
    const posting = ledger.postMessage({ params: { id: demoIds.conversationId }, body: { recipientIds: [demoIds.users.client], body: text } });
    await dead;
    child = await startChild({ port, dataDir: data.dir });
    const [doc, posted] = await Promise.all([saving, posting]);

    const documents = (await direct.listDocuments({ query: { customerId: ACME, limit: 200 } })).items.filter((d) => d.reference === reference);
    assert.deepEqual(documents.map((d) => d.id), [doc.id], 'exactly one document, the one the client was given');
    const messages = (await direct.listMessages({ params: { id: demoIds.conversationId }, query: { limit: 200 } })).items.filter((m) => m.body === text);
    assert.deepEqual(messages.map((m) => m.id), [posted.message.id], 'exactly one message, the one the client was given');
  }

  it('held on the way: neither reached the server', async () => {
    const seen = new Set<string>();
    await scenario('held', (kill) => {
      proxy.hooks = {
        request: (head) => {
          if (!isCreate(head) && !isPost(head)) return 'forward';
          seen.add(head);
          if (seen.size === 2) setImmediate(kill);
          return 'hold';
        },
      };
    });
  });

  it('done, then the answers lost: both committed before the server died', async () => {
    const swallowed = new Set<string>();
    await scenario('answered', (kill) => {
      proxy.hooks = {
        response: (chunk, pair) => {
          const head = pair.requests.at(-1) ?? '';
          if (!isCreate(head) && !isPost(head)) return { pass: chunk };
          assert.match(chunk.toString('latin1', 0, 12), /^HTTP\/1\.1 20[01]/, 'the server did it');
          swallowed.add(head);
          if (swallowed.size === 2) setImmediate(kill);
          return { pass: Buffer.alloc(0) };
        },
      };
    });
  });

  it('cut as they arrive: killed the moment both requests reached it', async () => {
    const seen = new Set<string>();
    await scenario('cut', (kill) => {
      proxy.hooks = {
        request: (head) => {
          if (isCreate(head) || isPost(head)) seen.add(head);
          // Forwarded first, then the kill: the server may or may not have committed either.
          if (seen.size === 2) setImmediate(kill);
          return 'forward';
        },
      };
    });
  });
});

describe('PGlite after SIGKILL during writes', () => {
  it('opens, keeps every acknowledged write, holds the invariants, and serves again (two kills)', async () => {
    const data = await freshDataDir();
    const port = await freePort();
    try {
      const acknowledged = { documents: new Set<string>(), payments: new Set<string>(), messages: new Set<string>() };
      for (let round = 1; round <= 2; round++) {
        const child = await startChild({ port, dataDir: data.dir });
        const token = await devToken(child.url, demoIds.users.agent);
        const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        let stop = false;
        let writes = 0;
        const writer = async (w: number) => {
          for (let i = 0; !stop; i++) {
            try {
              const created = await fetch(`${child.url}/v1/documents`, {
                method: 'POST',
                headers,
                body: JSON.stringify(invoiceBody(ACME, { reference: `kill ${round}/${w}/${i}`, lines: Array.from({ length: 1 + (i % 7) }, (_, n) => ({ description: `Line ${n} ${'x'.repeat(200)}`, quantity: n + 1, unitPrice: 1234, taxRatePercent: 21 })) })),
              });
              if (created.status !== 201) throw new Error(`create ${created.status}`);
              const doc = (await created.json()) as Document;
              acknowledged.documents.add(doc.id);
              const sent = await fetch(`${child.url}/v1/documents/${doc.id}/mark-sent`, { method: 'POST', headers: { ...headers, 'if-match': '1' } });
              if (sent.status !== 200) throw new Error(`mark-sent ${sent.status}`);
              const paid = await fetch(`${child.url}/v1/documents/${doc.id}/payments`, { method: 'POST', headers, body: JSON.stringify({ amount: 100, date: today() }) });
              if (paid.status !== 201) throw new Error(`payment ${paid.status}`);
              acknowledged.payments.add(((await paid.json()) as { payment: { id: string } }).payment.id);
              const posted = await fetch(`${child.url}/v1/conversations/${demoIds.conversationId}/messages`, {
                method: 'POST',
                headers,
                body: JSON.stringify({ recipientIds: [demoIds.users.client], body: `kill ${round}/${w}/${i}` }),
              });
              if (posted.status !== 201) throw new Error(`post ${posted.status}`);
              acknowledged.messages.add(((await posted.json()) as { message: { id: string } }).message.id);
              writes += 4;
            } catch {
              return; // the server is gone
            }
          }
        };
        const writers = Array.from({ length: 4 }, (_, w) => writer(w));
        // Kill once writing is well under way (more each round), with requests in flight.
        await until('writes under way', () => writes >= 12 * round);
        await child.kill();
        stop = true;
        await Promise.all(writers);

        const db = await openDatabase({ dataDir: data.dir });
        try {
          for (const r of await checkInvariants(db)) assert.deepEqual(r.violations, [], `round ${round}: ${r.name}`);
          const has = async (table: string, ids: Set<string>) => {
            const rows = await db.query<{ id: string }>(`SELECT id FROM ${table} WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))`, [JSON.stringify([...ids])]);
            assert.equal(rows.length, ids.size, `round ${round}: every acknowledged row of ${table} is there`);
          };
          await has('documents', acknowledged.documents);
          await has('payments', acknowledged.payments);
          await has('messages', acknowledged.messages);
        } finally {
          await db.close();
        }
      }
      // And the server starts on it and goes on numbering.
      const child = await startChild({ port, dataDir: data.dir });
      try {
        const token = await devToken(child.url, demoIds.users.agent);
        const reply = await fetch(`${child.url}/v1/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(invoiceBody(ACME)) });
        assert.equal(reply.status, 201);
      } finally {
        await child.kill();
      }
      const db = await openDatabase({ dataDir: data.dir });
      try {
        for (const r of await checkInvariants(db)) assert.deepEqual(r.violations, [], `after the restart: ${r.name}`);
      } finally {
        await db.close();
      }
    } finally {
      data.remove();
    }
  });
});

describe('the event stream dropped mid-stream', () => {
  let server: TestServer;
  let proxy: ChaosProxy;

  before(async () => {
    server = await startTestServer('pglite');
    proxy = new ChaosProxy(() => Number(new URL(server.url).port));
    await proxy.start();
  });
  after(async () => {
    await proxy?.stop();
    await server?.destroy();
  });

  it('reconnects with Last-Event-ID, gets every event once and in order, and the list ends up exactly right', async () => {
    const token = await server.token('agent');
    const ledger = createLedgerClient({ baseUrl: proxy.url, getToken: () => token, retries: 0 });
    const writer = createLedgerClient({ baseUrl: server.url, getToken: () => token, retries: 0 });
    const [{ max: before }] = (await server.db.query<{ max: number }>('SELECT max(seq) AS max FROM events WHERE organization_id = $1', [demoIds.organizationId])) as [{ max: number }];

    // The list as the page first loads it, then kept up to date from the events.
    const list = new Map<string, Document>((await writer.listDocuments({ query: { limit: 200 } })).items.map((d) => [d.id, d]));
    const received: LiveEventData[] = [];
    const resumedWith: (string | null)[] = [];
    let framesSinceCut = 0;
    let cuts = 0;
    proxy.hooks = {
      request: (head, _pair, raw) => {
        if (head.startsWith('GET /v1/events')) resumedWith.push(/^last-event-id: *(\S+)/im.exec(raw)?.[1] ?? null);
        return 'forward';
      },
      // Every fourth event: pass half of its frame, then drop the connection.
      response: (chunk, pair) => {
        if (!pair.requests.at(-1)?.startsWith('GET /v1/events') || !chunk.includes('\nid: ') && !chunk.toString().startsWith('id: ')) return { pass: chunk };
        if (++framesSinceCut < 4) return { pass: chunk };
        framesSinceCut = 0;
        cuts++;
        return { pass: chunk.subarray(0, Math.floor(chunk.length / 2)), cut: true };
      },
    };
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const subscription = ledger.subscribe({
      onEvent: (event) => {
        received.push(event);
        if (event.type === 'document.created' || event.type === 'document.changed') list.set(event.data.id, event.data);
        if (event.type === 'payment.recorded') list.set(event.data.document.id, event.data.document);
      },
      onStatus: (status) => status === 'open' && open(),
      reconnectDelay: () => 30,
    });
    try {
      await opened;
      for (let i = 0; i < 8; i++) {
        const doc = await writer.createDocument({ body: typedInvoice(ACME, { reference: `sse ${i}` }) });
        const sent = await writer.markDocumentSent({ params: { id: doc.id }, ifMatch: doc.version });
        await writer.recordPayment({ params: { id: doc.id }, body: { amount: Math.floor(sent.balance / 2), date: today() } });
        await writer.postMessage({ params: { id: demoIds.conversationId }, body: { recipientIds: [demoIds.users.client], body: `sse ${i}` } });
      }
      const [{ max: last }] = (await server.db.query<{ max: number }>('SELECT max(seq) AS max FROM events WHERE organization_id = $1', [demoIds.organizationId])) as [{ max: number }];
      await until('every event arrived', () => received.at(-1)?.id === String(last), 20_000);

      // How often depends on how the server batches frames into chunks; a few cuts are enough.
      assert.ok(cuts >= 2, `the stream was cut mid-event ${cuts} times`);
      assert.deepEqual(
        received.map((e) => Number(e.id)),
        Array.from({ length: Number(last) - Number(before) }, (_, i) => Number(before) + 1 + i),
        'every event once, in order, no gaps',
      );
      // Each reconnect named the last event it had whole (the half frame was not taken).
      assert.equal(resumedWith.length, cuts + 1);
      assert.equal(resumedWith[0], null);
      assert.ok(resumedWith.slice(1).every((id) => id !== null && Number(id) > Number(before)), JSON.stringify(resumedWith));
      const fresh = (await writer.listDocuments({ query: { limit: 200 } })).items;
      const view = (d: Document) => [d.id, d.version, d.status, d.balance, d.amountPaid];
      assert.deepEqual(
        [...list.values()].map(view).sort(),
        fresh.map(view).sort(),
        'the list kept from events equals the server’s',
      );
    } finally {
      subscription.close();
    }
  });
});
