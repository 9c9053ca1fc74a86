/**
 * Rate limits on the real server: per caller (the token's user) and per organization (all its
 * users together), 429 with `Retry-After` and the documented error body; and the real
 * @ledgerside/client backing off for `Retry-After` and succeeding without anyone doing
 * anything — reads, and creates (one document for all its attempts, one Idempotency-Key).
 * (packages/server/test/http.test.ts checks the per-caller bucket on the bare app.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLedgerClient } from '@ledgerside/client';
import type { DocumentCreate } from '@ledgerside/contract';
import { demoIds, mintToken } from '../../packages/server/src/index.js';
import { client, expectError, expectStatus, invoiceBody, type Client } from '../../packages/server/test/helpers/http.js';
import { startTestServer, type TestServer } from '../../packages/server/test/helpers/server.js';

/** The helpers' invoice body, typed for the client. */
const typedInvoice = (customerId: string, extra: Record<string, unknown> = {}) => invoiceBody(customerId, extra) as DocumentCreate;

/** Every request the client made and when, with the status it got. */
function recordingFetch() {
  const log: { method: string; path: string; status: number; at: number; retryAfter: number; key: string | null }[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    log.push({
      method: request.method,
      path: new URL(request.url).pathname,
      status: response.status,
      at: Date.now(),
      retryAfter: Number(response.headers.get('retry-after') ?? 0),
      key: request.headers.get('idempotency-key'),
    });
    return response;
  };
  return { log, fetchImpl };
}

describe('rate limits', () => {
  let server: TestServer;
  let api: Client;

  // Small buckets that refill slowly: a burst runs dry at once, a token comes back in 1–2 s.
  const CALLER = { capacity: 4, perSecond: 1 };
  const ORGANIZATION = { capacity: 6, perSecond: 1 };

  before(async () => {
    server = await startTestServer('pglite', { rateLimit: { ...CALLER, organization: ORGANIZATION } });
    api = client(server.url);
  });
  after(() => server?.destroy());

  /** Empties Globex's organization bucket with calls from users who have not called yet. */
  async function drainGlobex() {
    const [org] = await server.db.query<{ jwt_secret: string }>('SELECT jwt_secret FROM organizations WHERE id = $1', [demoIds.second.organizationId]);
    for (let i = 0; ; i++) {
      const token = await mintToken({ organizationId: demoIds.second.organizationId, userId: `u-drain-${Date.now()}-${i}`, name: 'D', email: 'd@globex.test', role: 'agent', secret: org!.jwt_secret });
      const reply = await api.get('/v1/session', { token });
      if (reply.status === 429) return;
      expectStatus(reply, 200);
    }
  }

  it('per caller: a burst past the bucket is 429 with Retry-After and the error body; another user of the organization is not held up', async () => {
    const agent = await server.token('agent');
    const statuses = [];
    for (let i = 0; i < CALLER.capacity + 1; i++) statuses.push((await api.get('/v1/session', { token: agent })).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 429]);
    const limited = await api.get('/v1/documents', { token: agent });
    expectError(limited, 429, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1, 'Retry-After in whole seconds');
    // The same user with a new token is the same caller.
    expectError(await api.get('/v1/session', { token: await server.token('agent') }), 429, 'rate_limited');
    expectStatus(await api.get('/v1/session', { token: await server.token('lightAgent') }), 200);
  });

  it('per organization: its users together share one bucket; another organization has its own', async () => {
    // The organization's bucket had 6; the agent took 4 and the light agent 1 above.
    const admin = await server.token('admin');
    expectStatus(await api.get('/v1/session', { token: admin }), 200);
    // Now the organization is dry, though the client user has not called at all.
    const client = await server.token('client');
    expectError(await api.get('/v1/session', { token: client }), 429, 'rate_limited');
    const globex = await server.token('secondAgent');
    expectStatus(await api.get('/v1/session', { token: globex }), 200);
  });

  it('the client backs off for Retry-After and then succeeds: a burst of reads', async () => {
    const { log, fetchImpl } = recordingFetch();
    const ledger = createLedgerClient({ baseUrl: server.url, getToken: () => server.token('secondAdmin'), fetch: fetchImpl, retries: 4 });
    // Globex's buckets: 4 for the caller; ask for 6 at once.
    const results = await Promise.all(Array.from({ length: CALLER.capacity + 2 }, () => ledger.getSession()));
    assert.equal(results.length, CALLER.capacity + 2);
    assert.ok(results.every((s) => s.organization.id === demoIds.second.organizationId));
    const refused = log.filter((r) => r.status === 429);
    assert.ok(refused.length >= 2, `some calls were refused: ${JSON.stringify(log.map((r) => r.status))}`);
    // Every refused call was asked again, no sooner than the server said.
    const firstRefusal = Math.min(...refused.map((r) => r.at));
    const retries = log.filter((r) => r.status === 200 && r.at > firstRefusal);
    assert.ok(retries.length >= 2);
    for (const r of retries) assert.ok(r.at - firstRefusal >= refused[0]!.retryAfter * 1000 - 20, 'waited Retry-After');
  });

  it('the client backs off and succeeds: a create refused with 429 makes exactly one document', async () => {
    const { log, fetchImpl } = recordingFetch();
    const token = await server.token('secondAgent');
    const ledger = createLedgerClient({ baseUrl: server.url, getToken: () => token, fetch: fetchImpl, retries: 4 });
    // Drain Globex's organization bucket first, so the create meets a 429.
    await drainGlobex();
    const doc = await ledger.createDocument({ body: typedInvoice(demoIds.second.customers.initech, { currency: 'EUR', reference: 'rate-limited' }) });
    const creates = log.filter((r) => r.method === 'POST' && r.path === '/v1/documents');
    assert.ok(creates.some((r) => r.status === 429), `the create met a 429 first: ${JSON.stringify(creates.map((r) => r.status))}`);
    assert.equal(creates.at(-1)!.status, 201);
    assert.equal(new Set(creates.map((r) => r.key)).size, 1, 'one Idempotency-Key for every attempt');
    const stored = await server.db.query("SELECT id FROM documents WHERE reference = 'rate-limited'");
    assert.deepEqual(stored.map((r) => r.id), [doc.id]);
  });

  // Found here (now fixed in the client): it retried 429 only for retry-safe calls (GET, PUT,
  // DELETE, creates with a key). A 429 is refused before anything happens, so repeating any
  // call is safe; a PATCH, a void or mark-sent failed and left it to the person to try again.
  it('the client retries a change (PATCH with If-Match) refused with 429', async () => {
    const token = await server.token('secondAgent');
    const ledger = createLedgerClient({ baseUrl: server.url, getToken: () => token, retries: 4 });
    // Made through the client, which itself waits out a 429 left by the tests before.
    const created = await ledger.createDocument({ body: invoiceBody(demoIds.second.customers.initech, { currency: 'EUR' }) as DocumentCreate });
    await drainGlobex();
    const updated = await ledger.updateDocument({ params: { id: created.id }, body: { notes: 'after a 429' }, ifMatch: created.version });
    assert.equal(updated.notes, 'after a 429');
  });
});
