/**
 * Generated from the contract's route table: every route × every role (allowed → the route's
 * success status, not allowed → 403), every protected route without / with a bad token (401),
 * and every route called with another organization's ids (404, or nothing of theirs shown).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { roles, rolesAllowed, routeNames, routes, type Role, type RouteDef, type RouteName } from '@ledgerside/contract';
import { demoIds, mintToken } from '../src/index.js';
import { client, expectError, expectStatus, invoiceBody, today, type CallOptions, type Client, type Json } from './helpers/http.js';
import { backends, startTestServer, type DemoUser, type TestServer } from './helpers/server.js';

const userOfRole: Record<Role, DemoUser> = { admin: 'admin', agent: 'agent', light_agent: 'lightAgent', client: 'client' };
const ACME = demoIds.customers.acme;

interface Sample {
  path: string;
  options?: CallOptions;
}

for (const backend of backends()) {
  describe(`roles and tenancy on ${backend.name}`, { skip: backend.skip }, () => {
    let server: TestServer;
    let api: Client;
    const tokens = {} as Record<Role, string>;
    let adminToken: string;
    let acmeInvoice: string;
    let conversationId: string;
    let firstMessageId: string;

    before(async () => {
      server = await startTestServer(backend.name);
      api = client(server.url);
      for (const role of roles) tokens[role] = await server.token(userOfRole[role]);
      adminToken = tokens.admin;
      const [conversation] = await server.db.query<{ id: string; transaction_id: string }>(
        `SELECT id, transaction_id FROM conversations WHERE organization_id = $1`,
        [demoIds.organizationId],
      );
      conversationId = conversation!.id;
      acmeInvoice = conversation!.transaction_id;
      const [message] = await server.db.query<{ id: string }>('SELECT id FROM messages WHERE conversation_id = $1 ORDER BY seq LIMIT 1', [
        conversationId,
      ]);
      firstMessageId = message!.id;
    });
    after(() => server?.destroy());

    /** A fresh draft of the given kind, made by the admin (so each call acts on its own). */
    const fresh = async (kind: 'invoice' | 'quote' = 'invoice') => {
      const reply = await api.post('/v1/documents', { token: adminToken, body: invoiceBody(ACME, { kind }) });
      expectStatus(reply, 201, 'fresh document');
      return reply.body.id as string;
    };

    /** A request to `name` that succeeds for an allowed `role`. */
    const samples: Record<RouteName, (role: Role) => Promise<Sample>> = {
      getSession: async () => ({ path: '/session' }),
      searchCustomers: async () => ({ path: '/customers?q=acme&limit=5' }),
      createCustomer: async (role) => ({
        path: '/customers',
        options: { body: { displayName: `Matrix ${role}`, email: `${role}@matrix.example`, currency: 'USD', language: 'en', timeZone: 'UTC' } },
      }),
      getCustomer: async () => ({ path: `/customers/${ACME}` }),
      updateCustomer: async () => ({ path: `/customers/${demoIds.customers.umbrella}`, options: { body: { phone: '+44 1' }, ifMatch: '*' } }),
      getContactLink: async () => ({ path: `/contact-links/${demoIds.contacts.mapped}` }),
      putContactLink: async (role) => ({
        path: `/contact-links/matrix-${role}`,
        options: { body: { contact: { id: `matrix-${role}`, name: 'M' }, customerId: ACME } },
      }),
      deleteContactLink: async (role) => {
        const id = `matrix-del-${role}`;
        expectStatus(await api.put(`/v1/contact-links/${id}`, { token: adminToken, body: { contact: { id }, customerId: ACME } }), 200);
        return { path: `/contact-links/${id}` };
      },
      putTimeEntries: async (role) => ({
        path: '/time-entries',
        options: {
          body: {
            ticketId: 'T-matrix',
            entries: [{ hostId: `m-${role}`, userId: 'u', date: today(), minutes: 5, description: '', billable: true, hourlyRate: 100, currency: 'USD' }],
          },
        },
      }),
      listTimeEntries: async () => ({ path: `/time-entries?ticketId=${demoIds.ticketId}` }),
      searchProducts: async () => ({ path: '/products?q=s' }),
      listDocuments: async () => ({ path: `/documents?customerId=${ACME}&limit=3` }),
      documentSummary: async () => ({ path: '/documents/summary' }),
      createDocument: async () => ({ path: '/documents', options: { body: invoiceBody(ACME) } }),
      getDocument: async () => ({ path: `/documents/${acmeInvoice}` }),
      updateDocument: async () => ({ path: `/documents/${await fresh()}`, options: { body: { notes: 'n' }, ifMatch: 1 } }),
      deleteDocument: async () => ({ path: `/documents/${await fresh()}`, options: { ifMatch: 1 } }),
      cloneDocument: async () => ({ path: `/documents/${acmeInvoice}/clone` }),
      voidDocument: async () => ({ path: `/documents/${await fresh()}/void`, options: { ifMatch: 1 } }),
      markDocumentSent: async () => ({ path: `/documents/${await fresh()}/mark-sent`, options: { ifMatch: 1 } }),
      emailDocument: async () => ({ path: `/documents/${await fresh()}/email`, options: { body: {} } }),
      convertDocument: async () => ({ path: `/documents/${await fresh('quote')}/convert`, options: { ifMatch: 1 } }),
      recordPayment: async () => ({ path: `/documents/${await fresh()}/payments`, options: { body: { amount: 100, date: today() } } }),
      documentPdf: async () => ({ path: `/documents/${acmeInvoice}/pdf` }),
      getConversation: async () => ({ path: `/conversations?transactionType=invoice&transactionId=${acmeInvoice}` }),
      openConversation: async () => ({ path: '/conversations', options: { body: { transactionType: 'invoice', transactionId: acmeInvoice } } }),
      listMessages: async () => ({ path: `/conversations/${conversationId}/messages` }),
      postMessage: async (role) => ({
        path: `/conversations/${conversationId}/messages`,
        options: { body: { recipientIds: [role === 'client' ? demoIds.users.agent : demoIds.users.client], body: `from ${role}` } },
      }),
      markRead: async () => ({ path: `/conversations/${conversationId}/read`, options: { body: { messageId: firstMessageId } } }),
      getUnread: async () => ({ path: '/unread' }),
      listRecipients: async () => ({ path: `/recipients?transactionType=invoice&transactionId=${acmeInvoice}` }),
      getIntegration: async () => ({ path: '/integration' }),
      updateIntegration: async () => ({ path: '/integration', options: { body: { syncMode: 'two_way' } } }),
      deleteIntegration: async () => ({ path: '/integration' }),
      events: async () => ({ path: '/events' }),
      openapi: async () => ({ path: '/openapi.json' }),
    };

    /** Calls a route; the event stream is opened, its status read, and closed. */
    async function invoke(route: RouteDef, sample: Sample, token: string | undefined) {
      if (route.responseKind === 'sse') {
        const controller = new AbortController();
        const response = await fetch(`${server.url}/v1${sample.path}`, {
          headers: token ? { authorization: `Bearer ${token}` } : {},
          signal: controller.signal,
        });
        const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
        controller.abort();
        return { status: response.status, body, headers: response.headers };
      }
      return api.call(route.method, `/v1${sample.path}`, { ...sample.options, ...(token ? { token } : {}) });
    }

    it('every route answers each role by the route table', async () => {
      for (const name of routeNames) {
        const route: RouteDef = routes[name];
        const allowed = rolesAllowed(route);
        for (const role of roles) {
          const reply = await invoke(route, await samples[name](role), tokens[role]);
          if (allowed.includes(role)) {
            assert.equal(reply.status, route.status, `${name} as ${role}: ${JSON.stringify(reply.body).slice(0, 400)}`);
          } else {
            expectError(reply, 403, 'forbidden', `${name} as ${role}`);
          }
          if (name === 'deleteIntegration' && reply.status === 200) {
            // Put the organization back for the routes that follow.
            expectStatus(await api.put('/v1/integration', { token: adminToken, body: { state: 'enabled' } }), 200);
          }
        }
      }
    });

    it('every protected route wants a valid token: none, expired, forged, wrong audience → 401', async () => {
      const [org] = await server.db.query<{ jwt_secret: string }>('SELECT jwt_secret FROM organizations WHERE id = $1', [demoIds.organizationId]);
      const claims = { organizationId: demoIds.organizationId, userId: 'u-admin', name: 'Ada', email: 'ada@northwind.test', role: 'admin' as const };
      const expired = await mintToken({ ...claims, secret: org!.jwt_secret, expiresInSeconds: -60 });
      const forged = await mintToken({ ...claims, secret: 'not-the-secret' });
      const otherAudience = await new SignJWT({ org: demoIds.organizationId, role: 'admin' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('u-admin')
        .setAudience('someone-else')
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(org!.jwt_secret));
      const unknownOrg = await mintToken({ ...claims, organizationId: 'org_nope', secret: org!.jwt_secret });
      for (const name of routeNames) {
        const route: RouteDef = routes[name];
        if (route.permission === null) {
          expectStatus(await invoke(route, await samples[name]('admin'), undefined), 200, `${name} is public`);
          continue;
        }
        const sample = await samples[name]('admin');
        for (const [what, token] of [
          ['no token', undefined],
          ['expired', expired],
          ['forged', forged],
          ['other audience', otherAudience],
          ['unknown organization', unknownOrg],
          ['garbage', 'not.a.jwt'],
        ] as const) {
          expectError(await invoke(route, sample, token), 401, 'unauthorized', `${name} with ${what}`);
        }
      }
    });

    describe('another organization’s ids', () => {
      let globexDoc: string;
      let globexQuote: string;
      let globexConversation: string;
      let globexMessage: string;
      const GLOBEX_CUSTOMER = demoIds.second.customers.initech;

      before(async () => {
        const gina = await server.token('secondAgent');
        globexDoc = (await server.db.query<{ id: string }>(`SELECT id FROM documents WHERE organization_id = $1`, [demoIds.second.organizationId]))[0]!.id;
        const quote = await api.post('/v1/documents', { token: gina, body: invoiceBody(GLOBEX_CUSTOMER, { kind: 'quote', currency: 'EUR' }) });
        globexQuote = quote.body.id;
        expectStatus(await api.put('/v1/contact-links/globex-contact', { token: gina, body: { contact: { id: 'globex-contact' }, customerId: GLOBEX_CUSTOMER } }), 200);
        expectStatus(
          await api.put('/v1/time-entries', {
            token: gina,
            body: { ticketId: 'GLOBEX-T', entries: [{ hostId: 'g-1', userId: 'u-gina', date: today(), minutes: 10, description: 'secret', billable: true, hourlyRate: 1, currency: 'EUR' }] },
          }),
          200,
        );
        const conversation = await api.post('/v1/conversations', { token: gina, body: { transactionType: 'invoice', transactionId: globexDoc } });
        globexConversation = conversation.body.id;
        const posted = await api.post(`/v1/conversations/${globexConversation}/messages`, {
          token: gina,
          body: { recipientIds: [demoIds.second.users.admin], body: 'internal' },
        });
        expectStatus(posted, 201);
        globexMessage = posted.body.message.id;
      });

      /**
       * Each route with ids, called by Northwind's admin with Globex's: 404 for an id in the path
       * or query, 422 `unknown_customer` for one in a body (a field error, as for any unknown
       * customer), or an answer without any of theirs.
       */
      const tenantCases = (): Partial<Record<RouteName, { sample: Sample; expect: number; check?: (body: Json) => void }>> => ({
        getCustomer: { sample: { path: `/customers/${GLOBEX_CUSTOMER}` }, expect: 404 },
        updateCustomer: { sample: { path: `/customers/${GLOBEX_CUSTOMER}`, options: { body: { phone: '1' }, ifMatch: '*' } }, expect: 404 },
        createCustomer: {
          sample: { path: '/customers', options: { body: { displayName: 'X', email: 'x@x.example', currency: 'EUR', language: 'en', timeZone: 'UTC', copyPreferencesFrom: GLOBEX_CUSTOMER } } },
          expect: 422,
        },
        searchCustomers: {
          sample: { path: '/customers?email=peter@initech.example' },
          expect: 200,
          check: (b) => assert.deepEqual(b.items, []),
        },
        getContactLink: { sample: { path: '/contact-links/globex-contact' }, expect: 200, check: (b) => assert.equal(b.link, null) },
        putContactLink: { sample: { path: '/contact-links/nw-contact', options: { body: { contact: { id: 'nw-contact' }, customerId: GLOBEX_CUSTOMER } } }, expect: 422 },
        deleteContactLink: { sample: { path: '/contact-links/globex-contact' }, expect: 404 },
        listTimeEntries: { sample: { path: '/time-entries?ticketId=GLOBEX-T' }, expect: 200, check: (b) => assert.deepEqual(b.items, []) },
        putTimeEntries: {
          sample: {
            path: '/time-entries',
            options: { body: { ticketId: 'GLOBEX-T', entries: [{ hostId: 'g-1', userId: 'x', date: today(), minutes: 99, description: 'mine', billable: true, hourlyRate: 1, currency: 'USD' }] } },
          },
          expect: 200,
          // Host ids are per organization: this made Northwind's own entry, Globex's is untouched.
          check: (b) => assert.equal(b.items[0].description, 'mine'),
        },
        listDocuments: { sample: { path: `/documents?customerId=${GLOBEX_CUSTOMER}` }, expect: 200, check: (b) => assert.deepEqual(b.items, []) },
        documentSummary: { sample: { path: `/documents/summary?customerId=${GLOBEX_CUSTOMER}` }, expect: 200, check: (b) => assert.deepEqual(b.currencies, []) },
        createDocument: { sample: { path: '/documents', options: { body: invoiceBody(GLOBEX_CUSTOMER, { currency: 'EUR' }) } }, expect: 422 },
        getDocument: { sample: { path: `/documents/${globexDoc}` }, expect: 404 },
        updateDocument: { sample: { path: `/documents/${globexDoc}`, options: { body: { notes: 'x' }, ifMatch: 1 } }, expect: 404 },
        deleteDocument: { sample: { path: `/documents/${globexDoc}`, options: { ifMatch: 1 } }, expect: 404 },
        cloneDocument: { sample: { path: `/documents/${globexDoc}/clone` }, expect: 404 },
        voidDocument: { sample: { path: `/documents/${globexDoc}/void`, options: { ifMatch: 1 } }, expect: 404 },
        markDocumentSent: { sample: { path: `/documents/${globexDoc}/mark-sent`, options: { ifMatch: 1 } }, expect: 404 },
        emailDocument: { sample: { path: `/documents/${globexDoc}/email`, options: { body: {} } }, expect: 404 },
        convertDocument: { sample: { path: `/documents/${globexQuote}/convert`, options: { ifMatch: 1 } }, expect: 404 },
        recordPayment: { sample: { path: `/documents/${globexDoc}/payments`, options: { body: { amount: 1, date: today() } } }, expect: 404 },
        documentPdf: { sample: { path: `/documents/${globexDoc}/pdf` }, expect: 404 },
        getConversation: { sample: { path: `/conversations?transactionType=invoice&transactionId=${globexDoc}` }, expect: 404 },
        openConversation: { sample: { path: '/conversations', options: { body: { transactionType: 'invoice', transactionId: globexDoc } } }, expect: 404 },
        listMessages: { sample: { path: `/conversations/${globexConversation}/messages` }, expect: 404 },
        postMessage: {
          sample: { path: `/conversations/${globexConversation}/messages`, options: { body: { recipientIds: [demoIds.second.users.admin], body: 'hi' } } },
          expect: 404,
        },
        markRead: { sample: { path: `/conversations/${globexConversation}/read`, options: { body: { messageId: globexMessage } } }, expect: 404 },
        listRecipients: { sample: { path: `/recipients?transactionType=invoice&transactionId=${globexDoc}` }, expect: 404 },
        getUnread: {
          sample: { path: '/unread' },
          expect: 200,
          check: (b) => assert.ok(b.byTransaction.every((t: Json) => t.conversationId !== globexConversation)),
        },
      });

      /** Routes that take no ids at all: nothing of another organization's to name. */
      const withoutIds: RouteName[] = ['getSession', 'searchProducts', 'getIntegration', 'updateIntegration', 'deleteIntegration', 'events', 'openapi'];

      it('covers every route of the table', () => {
        const covered = new Set([...Object.keys(tenantCases()), ...withoutIds]);
        assert.deepEqual(routeNames.filter((n) => !covered.has(n)), []);
      });

      it('answers 404 for their ids and never shows their data', async () => {
        for (const [name, c] of Object.entries(tenantCases()) as [RouteName, NonNullable<ReturnType<typeof tenantCases>[RouteName]>][]) {
          const route: RouteDef = routes[name];
          const reply = await api.call(route.method, `/v1${c.sample.path}`, { ...c.sample.options, token: adminToken });
          if (c.expect === 404) expectError(reply, 404, 'not_found', name);
          else if (c.expect === 422) {
            expectError(reply, 422, 'unprocessable', name);
            assert.equal(reply.body.error.reason, 'unknown_customer', name);
          } else expectStatus(reply, c.expect, name);
          c.check?.(reply.body);
        }
        // And nothing of theirs changed.
        const gina = await server.token('secondAgent');
        const doc = await api.get(`/v1/documents/${globexDoc}`, { token: gina });
        assert.equal(doc.body.version, 1);
        const entries = await api.get('/v1/time-entries?ticketId=GLOBEX-T', { token: gina });
        assert.equal(entries.body.items[0].description, 'secret');
        const link = await api.get('/v1/contact-links/globex-contact', { token: gina });
        assert.equal(link.body.link.customerId, GLOBEX_CUSTOMER);
      });
    });

    describe('a client user', () => {
      it('sees only its own customer’s documents and conversations', async () => {
        const token = tokens.client;
        const list = await api.get('/v1/documents?limit=200', { token });
        expectStatus(list, 200);
        assert.ok(list.body.items.length > 0);
        assert.ok(list.body.items.every((d: Json) => d.customerId === ACME));
        const hradec = demoIds.invoices.otherCurrency;
        expectError(await api.get(`/v1/documents/${hradec}`, { token }), 404, 'not_found');
        expectError(await api.get(`/v1/documents/${hradec}/pdf`, { token }), 404, 'not_found');
        expectError(
          await api.post('/v1/conversations', { token, body: { transactionType: 'invoice', transactionId: hradec } }),
          404,
          'not_found',
        );
        const summary = await api.get('/v1/documents/summary', { token });
        assert.deepEqual(summary.body.currencies.map((c: Json) => c.currency), ['USD']);
        const session = await api.get('/v1/session', { token });
        assert.equal(session.body.user.customerId, ACME);
        assert.deepEqual(session.body.permissions, ['session.read', 'documents.read', 'conversations.read', 'messages.post', 'events.read']);
      });
    });
  });
}
