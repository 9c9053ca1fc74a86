import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { documentTotals, type Document } from '@ledgerside/contract';
import { createLedgerClient, LedgerApiError } from '../src/index.js';

const BASE = 'http://ledger.test';
const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
after(() => server.close());

const now = '2026-11-23T10:00:00.000Z';
function documentFixture(overrides: Partial<Document> = {}): Document {
  const lines = [
    {
      id: 'l1',
      description: 'Support, 1.25 h',
      quantity: 1.25,
      unitPrice: 8000,
      discountPercent: 0,
      taxRatePercent: 21,
      timeEntryIds: ['te-1'],
      productId: null,
      amounts: { gross: 10000, discount: 0, net: 10000, tax: 2100, total: 12100 },
    },
  ];
  const totals = documentTotals(lines);
  return {
    id: 'doc-1',
    kind: 'invoice',
    number: 'INV-000001',
    customerId: 'cus-1',
    customerName: 'Acme',
    ticketId: 't-1',
    dealId: null,
    currency: 'EUR',
    issueDate: '2026-11-23',
    dueDate: '2026-12-07',
    paymentTermsDays: 14,
    template: '',
    reference: '',
    notes: '',
    lines,
    totals,
    amountPaid: 0,
    balance: totals.total,
    status: 'draft',
    displayStatus: 'draft',
    version: 1,
    convertedTo: null,
    convertedFrom: null,
    sentAt: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

const createBody = {
  kind: 'invoice' as const,
  customerId: 'cus-1',
  currency: 'EUR',
  issueDate: '2026-11-23',
  lines: [{ description: 'Support', quantity: 1.25, unitPrice: 8000 }],
};

function client(getToken: () => string | Promise<string> = () => 'token-1', extra = {}) {
  return createLedgerClient({ baseUrl: BASE, getToken, retryDelay: () => 5, timeoutMs: 2000, ...extra });
}

describe('client: idempotency and retries', () => {
  it('sends the same Idempotency-Key on every retry of one create', async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/v1/documents`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        if (keys.length === 1) return HttpResponse.error(); // network failure
        if (keys.length === 2) return HttpResponse.json({ error: { code: 'unavailable', message: 'busy' } }, { status: 503 });
        return HttpResponse.json(documentFixture(), { status: 201 });
      }),
    );
    const doc = await client().createDocument({ body: createBody });
    assert.equal(doc.number, 'INV-000001');
    assert.equal(keys.length, 3);
    assert.ok(keys[0] && keys[0].length >= 16, 'a key is generated');
    assert.deepEqual(new Set(keys).size, 1, 'every attempt carries the same key');
  });

  it('uses a new key for a new create, and the caller’s key when given', async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/v1/documents`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        return HttpResponse.json(documentFixture(), { status: 201 });
      }),
    );
    const c = client();
    await c.createDocument({ body: createBody });
    await c.createDocument({ body: createBody });
    await c.createDocument({ body: createBody }, { idempotencyKey: 'draft-42' });
    assert.notEqual(keys[0], keys[1]);
    assert.equal(keys[2], 'draft-42');
  });

  it('honours Retry-After on 429', async () => {
    let calls = 0;
    const times: number[] = [];
    server.use(
      http.get(`${BASE}/v1/session`, () => {
        calls += 1;
        times.push(Date.now());
        if (calls === 1) {
          return HttpResponse.json({ error: { code: 'rate_limited', message: 'slow down' } }, { status: 429, headers: { 'Retry-After': '1' } });
        }
        return HttpResponse.json({ error: { code: 'forbidden', message: 'no' } }, { status: 403 });
      }),
    );
    const error = await client().getSession().catch((e: unknown) => e);
    assert.equal(calls, 2);
    assert.ok(times[1]! - times[0]! >= 900, `waited ${times[1]! - times[0]!} ms`);
    assert.ok(error instanceof LedgerApiError && error.status === 403);
  });

  it('never repeats an unsafe change (PATCH) after a network error', async () => {
    let calls = 0;
    server.use(
      http.patch(`${BASE}/v1/documents/doc-1`, () => {
        calls += 1;
        return HttpResponse.error();
      }),
    );
    const error = await client()
      .updateDocument({ params: { id: 'doc-1' }, body: { notes: 'x' }, ifMatch: 1 })
      .catch((e: unknown) => e);
    assert.equal(calls, 1);
    assert.ok(error instanceof LedgerApiError);
    assert.equal(error.kind, 'network');
  });

  it('sends If-Match with the document version', async () => {
    let ifMatch: string | null = null;
    server.use(
      http.post(`${BASE}/v1/documents/doc-1/void`, ({ request }) => {
        ifMatch = request.headers.get('if-match');
        return HttpResponse.json(documentFixture({ status: 'void', displayStatus: 'void', version: 5 }));
      }),
    );
    const doc = await client().voidDocument({ params: { id: 'doc-1' }, ifMatch: 4 });
    assert.equal(ifMatch, '4');
    assert.equal(doc.status, 'void');
  });
});

describe('client: auth', () => {
  it('asks for a new token exactly once on 401, then succeeds', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/v1/time-entries`, ({ request }) => {
        const auth = request.headers.get('authorization') ?? '';
        seen.push(auth);
        if (auth !== 'Bearer fresh') return HttpResponse.json({ error: { code: 'unauthorized', message: 'expired' } }, { status: 401 });
        return HttpResponse.json({ items: [] });
      }),
    );
    const requests: boolean[] = [];
    const c = client(() => {
      requests.push(true);
      return requests.length === 1 ? 'stale' : 'fresh';
    });
    const result = await c.listTimeEntries({ query: { ticketId: 't-1' } });
    assert.deepEqual(result.items, []);
    assert.deepEqual(seen, ['Bearer stale', 'Bearer fresh']);
    assert.equal(requests.length, 2);
  });

  it('gives up after one re-auth: a second 401 is a typed error', async () => {
    let tokens = 0;
    let calls = 0;
    server.use(
      http.get(`${BASE}/v1/session`, () => {
        calls += 1;
        return HttpResponse.json({ error: { code: 'unauthorized', message: 'forged' } }, { status: 401 });
      }),
    );
    const error = await client(() => `t${++tokens}`).getSession().catch((e: unknown) => e);
    assert.ok(error instanceof LedgerApiError);
    assert.equal(error.status, 401);
    assert.equal(error.code, 'unauthorized');
    assert.equal(tokens, 2);
    assert.equal(calls, 2);
  });

  it('reuses one token across concurrent calls', async () => {
    let tokens = 0;
    server.use(http.get(`${BASE}/v1/time-entries`, () => HttpResponse.json({ items: [] })));
    const c = client(async () => {
      tokens += 1;
      await delay(10);
      return 'shared';
    });
    await Promise.all([1, 2, 3].map(() => c.listTimeEntries({ query: { ticketId: 't' } })));
    assert.equal(tokens, 1);
  });
});

describe('client: errors', () => {
  it('turns a 400 with field issues into a LedgerApiError pointing at the fields', async () => {
    server.use(
      http.post(`${BASE}/v1/documents`, () =>
        HttpResponse.json(
          {
            error: {
              code: 'bad_request',
              message: 'Some fields need attention',
              issues: [
                { path: ['lines', 0, 'quantity'], message: 'Quantity takes at most 4 decimals' },
                { path: ['currency'], message: 'A currency code (ISO 4217)' },
              ],
            },
          },
          { status: 400 },
        ),
      ),
    );
    const error = await client().createDocument({ body: createBody }).catch((e: unknown) => e);
    assert.ok(error instanceof LedgerApiError);
    assert.equal(error.status, 400);
    assert.equal(error.kind, 'http');
    assert.deepEqual(error.issues[0]!.path, ['lines', 0, 'quantity']);
    assert.deepEqual(error.fieldErrors(), {
      'lines.0.quantity': 'Quantity takes at most 4 decimals',
      currency: 'A currency code (ISO 4217)',
    });
    assert.equal(error.transient, false);
  });

  it('keeps a 412’s current representation and a 422’s reason', async () => {
    server.use(
      http.post(`${BASE}/v1/documents/doc-1/void`, () =>
        HttpResponse.json({ error: { code: 'unprocessable', message: 'A paid invoice cannot be voided.', reason: 'paid_cannot_be_voided' } }, { status: 422 }),
      ),
      http.patch(`${BASE}/v1/documents/doc-1`, () =>
        HttpResponse.json({ error: { code: 'precondition_failed', message: 'Changed elsewhere', current: documentFixture({ version: 9 }) } }, { status: 412 }),
      ),
    );
    const c = client();
    const e422 = await c.voidDocument({ params: { id: 'doc-1' }, ifMatch: 1 }).catch((e: unknown) => e);
    assert.ok(e422 instanceof LedgerApiError && e422.reason === 'paid_cannot_be_voided');
    const e412 = await c.updateDocument({ params: { id: 'doc-1' }, body: {}, ifMatch: 1 }).catch((e: unknown) => e);
    assert.ok(e412 instanceof LedgerApiError && e412.status === 412);
    assert.equal((e412.current as Document).version, 9);
  });

  it('aborting cancels the call with an "aborted" error', async () => {
    let reached = false;
    server.use(
      http.get(`${BASE}/v1/documents/doc-1`, async () => {
        reached = true;
        await delay(5000);
        return HttpResponse.json(documentFixture());
      }),
    );
    const controller = new AbortController();
    const pending = client().getDocument({ params: { id: 'doc-1' } }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await pending.catch((e: unknown) => e);
    assert.ok(reached);
    assert.ok(error instanceof LedgerApiError);
    assert.equal(error.kind, 'aborted');
    assert.ok(Date.now() - started < 1000, 'does not wait for the response');
  });

  it('an already aborted signal makes no request', async () => {
    let reached = false;
    server.use(http.get(`${BASE}/v1/session`, () => ((reached = true), HttpResponse.json({}))));
    const error = await client().getSession(undefined, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    assert.ok(error instanceof LedgerApiError && error.kind === 'aborted');
    assert.equal(reached, false);
  });

  it('a malformed response is a typed error, not a crash', async () => {
    server.use(
      http.get(`${BASE}/v1/documents/doc-1`, () => HttpResponse.json({ ...documentFixture(), totals: { total: 'lots' } })),
      http.get(`${BASE}/v1/documents/doc-2`, () => new HttpResponse('<html>gateway</html>', { headers: { 'content-type': 'text/html' } })),
    );
    const c = client();
    const bad = await c.getDocument({ params: { id: 'doc-1' } }).catch((e: unknown) => e);
    assert.ok(bad instanceof LedgerApiError);
    assert.equal(bad.kind, 'invalid_response');
    assert.ok(bad.issues.some((i) => i.path[0] === 'totals'));
    const html = await c.getDocument({ params: { id: 'doc-2' } }).catch((e: unknown) => e);
    assert.ok(html instanceof LedgerApiError && html.kind === 'invalid_response');
  });

  it('a timeout is distinct from a network error, and a safe call retries it', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/v1/session`, async () => {
        calls += 1;
        await delay(1000);
        return HttpResponse.json({});
      }),
    );
    const error = await createLedgerClient({ baseUrl: BASE, getToken: () => 't', timeoutMs: 50, retries: 1, retryDelay: () => 1 })
      .getSession()
      .catch((e: unknown) => e);
    assert.ok(error instanceof LedgerApiError);
    assert.equal(error.kind, 'timeout');
    assert.equal(calls, 2);
  });

  it('encodes path parameters and drops empty query values', async () => {
    let url = '';
    server.use(
      http.get(`${BASE}/v1/documents`, ({ request }) => {
        url = request.url;
        return HttpResponse.json({ items: [], nextCursor: null });
      }),
      http.get(`${BASE}/v1/contact-links/:id`, ({ params }) => HttpResponse.json({ link: null, echo: params.id })),
    );
    const c = client();
    await c.listDocuments({ query: { ticketId: 't 1', kind: undefined, limit: 50 } });
    assert.equal(new URL(url).search, '?ticketId=t+1&limit=50');
    const link = await c.getContactLink({ params: { contactId: 'a:b@c' } });
    assert.equal(link.link, null);
  });
});
