/**
 * Access beyond the server's own role × route matrix (packages/server/test/matrix.test.ts,
 * which covers every route × role, missing / expired / forged / wrong-audience / unknown-org
 * tokens, and Northwind's admin calling with Globex's ids):
 *
 * - a client user reaches only its own customer's transactions on every route it may call
 *   (generated from the route table: the test fails when a client route is not covered), in
 *   both directions (Acme's client vs Hradec's, and back) and for a client without a customer;
 * - tokens of another organization: signed with the other organization's secret, or a valid
 *   token of the other organization naming a user id that exists here;
 * - tokens no library should accept: `alg: none`, another algorithm, no `exp`, an unknown
 *   role, an over-long subject; and `?access_token=` anywhere but the event stream.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rolesAllowed, routeNames, routes, type RouteDef, type RouteName } from '@ledgerside/contract';
import { demoIds, mintToken } from '../../packages/server/src/index.js';
import { client, expectError, expectStatus, invoiceBody, today, type CallOptions, type Client, type Json } from '../../packages/server/test/helpers/http.js';
import { connectSse } from '../../packages/server/test/helpers/sse.js';
import { backends, startTestServer, type TestServer } from '../../packages/server/test/helpers/server.js';
import { signJwt } from './fuzz/harness.js';

const ACME = demoIds.customers.acme;
const HRADEC = demoIds.customers.hradec;

/** One customer's transactions, as ids the other side must not reach. */
interface Side {
  customerId: string;
  invoice: string;
  ticketId: string;
  payment: string;
  conversation: string;
  message: string;
}

interface Case {
  path: string;
  options?: CallOptions;
  /** 404, or 200 with nothing of theirs (`check`). */
  expect: 404 | 200;
  check?: (body: Json) => void;
}

for (const backend of backends()) {
  describe(`access beyond the matrix on ${backend.name}`, { skip: backend.skip }, () => {
    let server: TestServer;
    let api: Client;
    let agent: string;
    const sides = {} as Record<'acme' | 'hradec', Side>;
    const clientTokens = {} as Record<'acme' | 'hradec', string>;

    /** An invoice with a payment and a thread with a message, for one customer. */
    async function transactions(customerId: string, currency: string, clientUser: string): Promise<Side> {
      const ticketId = `T-access-${customerId}`;
      const invoice = await api.post('/v1/documents', { token: agent, body: invoiceBody(customerId, { currency, ticketId }) });
      expectStatus(invoice, 201);
      const sent = await api.post(`/v1/documents/${invoice.body.id}/mark-sent`, { token: agent, ifMatch: 1 });
      expectStatus(sent, 200);
      const paid = await api.post(`/v1/documents/${invoice.body.id}/payments`, { token: agent, body: { amount: 100, date: today() } });
      expectStatus(paid, 201);
      const conversation = await api.post('/v1/conversations', { token: agent, body: { transactionType: 'invoice', transactionId: invoice.body.id } });
      expectStatus(conversation, 200);
      const posted = await api.post(`/v1/conversations/${conversation.body.id}/messages`, {
        token: agent,
        body: { recipientIds: [clientUser], body: `For ${customerId} only` },
      });
      expectStatus(posted, 201);
      return { customerId, invoice: invoice.body.id, ticketId, payment: paid.body.payment.id, conversation: conversation.body.id, message: posted.body.message.id };
    }

    before(async () => {
      server = await startTestServer(backend.name);
      api = client(server.url);
      agent = await server.token('agent');
      clientTokens.acme = await server.token('client');
      clientTokens.hradec = await server.token('otherClient');
      sides.acme = await transactions(ACME, 'USD', demoIds.users.client);
      sides.hradec = await transactions(HRADEC, 'CZK', demoIds.users.otherClient);
    });
    after(() => server?.destroy());

    /**
     * For every route a client may call: the request that reaches `their` transaction, and
     * what must come back. Routes without ids (session, unread, events) check that nothing
     * of theirs is in the answer.
     */
    const cases = (their: Side): Record<RouteName, Case[]> => {
      const tx = (type: string, id: string) => `transactionType=${type}&transactionId=${encodeURIComponent(id)}`;
      const nothingOf = (b: Json) => assert.ok(!JSON.stringify(b).includes(their.invoice) && !JSON.stringify(b).includes(their.conversation), JSON.stringify(b).slice(0, 300));
      const cases: Partial<Record<RouteName, Case[]>> = {
        getSession: [{ path: '/session', expect: 200, check: (b) => assert.notEqual(b.user.customerId, their.customerId) }],
        listDocuments: [
          { path: `/documents?customerId=${their.customerId}`, expect: 200, check: (b) => assert.deepEqual(b.items, []) },
          { path: `/documents?ticketId=${their.ticketId}`, expect: 200, check: (b) => assert.deepEqual(b.items, []) },
          { path: '/documents?limit=200', expect: 200, check: nothingOf },
          { path: '/documents?status=partially_paid&limit=200', expect: 200, check: nothingOf },
        ],
        documentSummary: [
          { path: `/documents/summary?customerId=${their.customerId}`, expect: 200, check: (b) => assert.deepEqual(b.currencies, []) },
          { path: `/documents/summary?ticketId=${their.ticketId}`, expect: 200, check: (b) => assert.deepEqual(b.currencies, []) },
        ],
        getDocument: [{ path: `/documents/${their.invoice}`, expect: 404 }],
        documentPdf: [{ path: `/documents/${their.invoice}/pdf`, expect: 404 }],
        getConversation: [
          { path: `/conversations?${tx('invoice', their.invoice)}`, expect: 404 },
          { path: `/conversations?${tx('customer_payment', their.payment)}`, expect: 404 },
          // Vendor checks and card transactions live only in the billing app: firm users only.
          { path: `/conversations?${tx('vendor_check', 'chk-1')}`, expect: 404 },
          { path: `/conversations?${tx('credit_card_transaction', 'cc-1')}`, expect: 404 },
        ],
        openConversation: [
          { path: '/conversations', options: { body: { transactionType: 'invoice', transactionId: their.invoice } }, expect: 404 },
          { path: '/conversations', options: { body: { transactionType: 'customer_payment', transactionId: their.payment } }, expect: 404 },
          { path: '/conversations', options: { body: { transactionType: 'vendor_check', transactionId: 'chk-1' } }, expect: 404 },
        ],
        listMessages: [{ path: `/conversations/${their.conversation}/messages`, expect: 404 }],
        postMessage: [
          { path: `/conversations/${their.conversation}/messages`, options: { body: { recipientIds: [demoIds.users.agent], body: 'hi' } }, expect: 404 },
          // The first-message form, naming their transaction instead of a thread id.
          {
            path: `/conversations/${their.conversation}/messages`,
            options: { body: { transactionType: 'invoice', transactionId: their.invoice, recipientIds: [demoIds.users.agent], body: 'hi' } },
            expect: 404,
          },
        ],
        markRead: [{ path: `/conversations/${their.conversation}/read`, options: { body: { messageId: their.message } }, expect: 404 }],
        getUnread: [{ path: '/unread', expect: 200, check: nothingOf }],
        listRecipients: [
          { path: `/recipients?${tx('invoice', their.invoice)}`, expect: 404 },
          { path: `/recipients?${tx('customer_payment', their.payment)}`, expect: 404 },
        ],
        events: [],
      };
      return cases as Record<RouteName, Case[]>;
    };

    const clientRoutes = routeNames.filter((name) => (routes[name] as RouteDef).permission !== null && rolesAllowed(routes[name]).includes('client'));

    it('covers every route a client may call', () => {
      assert.deepEqual(Object.keys(cases(sides.hradec)).sort(), [...clientRoutes].sort());
    });

    for (const [viewer, victim] of [
      ['acme', 'hradec'],
      ['hradec', 'acme'],
    ] as const) {
      it(`${viewer}'s client reaches none of ${victim}'s transactions, on every route it may call`, async () => {
        const token = clientTokens[viewer];
        for (const [name, list] of Object.entries(cases(sides[victim]))) {
          const route: RouteDef = routes[name as RouteName];
          for (const c of list) {
            const reply = await api.call(route.method, `/v1${c.path}`, { ...c.options, token });
            if (c.expect === 404) expectError(reply, 404, 'not_found', `${name} ${c.path}`);
            else expectStatus(reply, 200, `${name} ${c.path}`);
            c.check?.(reply.body);
          }
        }
        // Its own are there (the refusals above are about ownership, not a broken route).
        const own = sides[viewer];
        expectStatus(await api.get(`/v1/documents/${own.invoice}`, { token }), 200);
        expectStatus(await api.get(`/v1/documents/${own.invoice}/pdf`, { token }), 200);
        expectStatus(await api.get(`/v1/conversations/${own.conversation}/messages`, { token }), 200);
        expectStatus(await api.get(`/v1/recipients?transactionType=customer_payment&transactionId=${own.payment}`, { token }), 200);
        expectStatus(await api.post(`/v1/conversations/${own.conversation}/read`, { token, body: { messageId: own.message } }), 200);
        // A read marker cannot point into their thread.
        const crossRead = await api.post(`/v1/conversations/${own.conversation}/read`, { token, body: { messageId: sides[victim].message } });
        assert.ok(crossRead.status >= 400 && crossRead.status < 500, `read marker on their message: ${crossRead.status}`);
        const unread = await api.get('/v1/unread', { token });
        assert.ok(unread.body.byTransaction.every((t: Json) => t.transactionId !== sides[victim].invoice));
      });
    }

    it('a client’s event stream carries only its own customer’s documents, payments and messages', async () => {
      const stream = await connectSse(`${server.url}/v1/events`, { authorization: `Bearer ${clientTokens.hradec}` });
      assert.equal(stream.status, 200);
      try {
        // Acme's: a new invoice, a payment, a message; then one of Hradec's as the marker.
        const acme = await api.post('/v1/documents', { token: agent, body: invoiceBody(ACME) });
        await api.post(`/v1/documents/${acme.body.id}/mark-sent`, { token: agent, ifMatch: 1 });
        await api.post(`/v1/documents/${acme.body.id}/payments`, { token: agent, body: { amount: 1, date: today() } });
        await api.post(`/v1/conversations/${sides.acme.conversation}/messages`, { token: agent, body: { recipientIds: [demoIds.users.client], body: 'private' } });
        // Hradec's marker: a draft is not the client's to see (contract visibleToClient), so it shows once sent.
        const marker = await api.post('/v1/documents', { token: agent, body: invoiceBody(HRADEC, { currency: 'CZK' }) });
        await api.post(`/v1/documents/${marker.body.id}/mark-sent`, { token: agent, ifMatch: 1 });
        await stream.until((events) => events.some((e) => e.data.data?.id === marker.body.id));
        const text = JSON.stringify(stream.events);
        assert.ok(!text.includes(acme.body.id) && !text.includes(sides.acme.conversation) && !text.includes(ACME), 'nothing of Acme');
        assert.deepEqual(stream.events.map((e) => e.data.data?.id), [marker.body.id], 'only the sent marker, not its draft');
      } finally {
        stream.close();
      }
    });

    it('a client user without a customer sees no transactions at all', async () => {
      const [org] = await server.db.query<{ jwt_secret: string }>('SELECT jwt_secret FROM organizations WHERE id = $1', [demoIds.organizationId]);
      const token = await mintToken({
        organizationId: demoIds.organizationId,
        userId: 'u-client-unlinked',
        name: 'Nobody Yet',
        email: 'nobody@example.test',
        role: 'client',
        secret: org!.jwt_secret,
      });
      expectStatus(await api.get('/v1/session', { token }), 200);
      const list = await api.get('/v1/documents?limit=200', { token });
      expectStatus(list, 200);
      assert.deepEqual(list.body.items, []);
      assert.deepEqual((await api.get('/v1/documents/summary', { token })).body.currencies, []);
      assert.deepEqual((await api.get('/v1/unread', { token })).body, { total: 0, byTransaction: [] });
      for (const side of Object.values(sides)) {
        expectError(await api.get(`/v1/documents/${side.invoice}`, { token }), 404, 'not_found');
        expectError(await api.get(`/v1/conversations/${side.conversation}/messages`, { token }), 404, 'not_found');
      }
      expectError(await api.get(`/v1/conversations/${demoIds.conversationId}/messages`, { token }), 404, 'not_found');
    });

    describe('tokens', () => {
      let northwind: string;
      let globex: string;
      before(async () => {
        const secret = async (org: string) =>
          (await server.db.query<{ jwt_secret: string }>('SELECT jwt_secret FROM organizations WHERE id = $1', [org]))[0]!.jwt_secret;
        northwind = await secret(demoIds.organizationId);
        globex = await secret(demoIds.second.organizationId);
      });

      const now = () => Math.floor(Date.now() / 1000);
      const admin = { org: demoIds.organizationId, sub: demoIds.users.admin, name: 'Ada', email: 'ada@northwind.test', role: 'admin', aud: 'ledgerside' };

      /** Every protected route refuses it with 401 (auth comes before any other check). */
      async function refusedEverywhere(token: string, what: string, viaQuery = false) {
        for (const name of routeNames) {
          const route: RouteDef = routes[name];
          if (route.permission === null) continue;
          const path = `/v1${route.path.replace(/:[A-Za-z]+/g, 'x')}`;
          let reply;
          if (route.responseKind === 'sse' || viaQuery) {
            const controller = new AbortController();
            const url = `${server.url}${path}?access_token=${encodeURIComponent(token)}`;
            const response = await fetch(url, { method: route.method, signal: controller.signal, ...(route.body ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}) });
            reply = { status: response.status, body: response.headers.get('content-type')?.includes('json') ? await response.json() : null, headers: response.headers };
            controller.abort();
            if (viaQuery && route.responseKind === 'sse') continue; // the stream takes it: checked below
          } else {
            reply = await api.call(route.method, path, { token, ...(route.body ? { body: {} } : {}), ifMatch: 1 });
          }
          expectError(reply, 401, 'unauthorized', `${name} with ${what}`);
        }
      }

      it('another organization’s secret: Northwind claims signed by Globex, and Globex claims signed by Northwind → 401', async () => {
        await refusedEverywhere(await mintToken({ organizationId: demoIds.organizationId, userId: 'u-admin', name: 'Ada', email: 'a@x.test', role: 'admin', secret: globex }), 'Northwind claims, Globex secret');
        await refusedEverywhere(
          await mintToken({ organizationId: demoIds.second.organizationId, userId: 'u-globex-admin', name: 'G', email: 'g@x.test', role: 'admin', secret: northwind }),
          'Globex claims, Northwind secret',
        );
      });

      it('a valid token of another organization, naming a user id that exists here, sees only its own organization', async () => {
        const token = await mintToken({ organizationId: demoIds.second.organizationId, userId: demoIds.users.admin, name: 'Ada', email: 'ada@northwind.test', role: 'admin', secret: globex });
        const session = await api.get('/v1/session', { token });
        expectStatus(session, 200);
        assert.equal(session.body.organization.id, demoIds.second.organizationId);
        expectError(await api.get(`/v1/documents/${demoIds.invoices.sent}`, { token }), 404, 'not_found');
        expectError(await api.get(`/v1/conversations/${demoIds.conversationId}/messages`, { token }), 404, 'not_found');
        expectError(await api.get(`/v1/customers/${ACME}`, { token }), 404, 'not_found');
        const list = await api.get('/v1/documents?limit=200', { token });
        assert.ok(list.body.items.every((d: Json) => d.customerId === demoIds.second.customers.initech), 'Globex’s documents only');
        // And it did not become Northwind's admin: Northwind's users are as they were.
        const [ada] = await server.db.query<{ organization_id: string; email: string }>('SELECT organization_id, email FROM users WHERE id = $1 AND organization_id = $2', [demoIds.users.admin, demoIds.organizationId]);
        assert.equal(ada!.email, 'ada@northwind.test');
      });

      it('unsigned (alg none), HS512, no exp, unknown role, over-long subject, a future nbf → 401', async () => {
        const header = (alg: string) => Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url');
        const body = (claims: object) => Buffer.from(JSON.stringify(claims)).toString('base64url');
        const unsigned = `${header('none')}.${body({ ...admin, exp: now() + 600 })}.`;
        const { createHmac } = await import('node:crypto');
        const head512 = `${header('HS512')}.${body({ ...admin, exp: now() + 600 })}`;
        const hs512 = `${head512}.${createHmac('sha512', northwind).update(head512).digest('base64url')}`;
        const tokens: [string, string][] = [
          ['alg none', unsigned],
          ['HS512', hs512],
          ['no exp', signJwt(admin, northwind)],
          ['role owner', signJwt({ ...admin, role: 'owner', exp: now() + 600 }, northwind)],
          ['sub of 65 characters', signJwt({ ...admin, sub: 'u'.repeat(65), exp: now() + 600 }, northwind)],
          ['no sub', signJwt({ ...admin, sub: undefined, exp: now() + 600 }, northwind)],
          ['not yet valid', signJwt({ ...admin, exp: now() + 600, nbf: now() + 300 }, northwind)],
        ];
        // The control: the same signer with sane claims is accepted.
        expectStatus(await api.get('/v1/session', { token: signJwt({ ...admin, exp: now() + 600 }, northwind) }), 200);
        for (const [what, token] of tokens) await refusedEverywhere(token, what);
      });

      // Found here (now fixed in auth.ts): a token without an `email` claim was accepted, and
      // GET /session then answered a user whose email was '' — outside the contract
      // (Session.user.email is an Email): a 500 under checkResponses, a response the typed
      // client rejects otherwise.
      it('a token without a valid email claim is refused', async () => {
        for (const email of [undefined, '', 'not-an-email']) {
          const token = signJwt({ ...admin, email, exp: now() + 600 }, northwind);
          const reply = await api.get('/v1/session', { token });
          assert.equal(reply.status, 401, `${String(email)}: ${reply.status} ${JSON.stringify(reply.body)}`);
        }
      });

      it('?access_token= works for the event stream only', async () => {
        const token = await server.token('admin');
        await refusedEverywhere(token, 'a good token in the query', true);
        const controller = new AbortController();
        const stream = await fetch(`${server.url}/v1/events?access_token=${token}`, { signal: controller.signal });
        assert.equal(stream.status, 200);
        controller.abort();
      });
    });
  });
}
