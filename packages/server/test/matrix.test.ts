/**
 * Generated from the contract's route table: every route × every role (allowed → the route's
 * success status, not allowed → 403), every protected route without / with a bad token (401),
 * and every route called with another organization's ids (404, or nothing of theirs shown).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { roles, rolesAllowed, routeNames, routes, visibleToClient, type Role, type RouteDef, type RouteName } from '@ledgerside/contract';
import { demoIds, mintToken } from '../src/index.js';
import { client, expectError, expectStatus, invoiceBody, today, type CallOptions, type Client, type Json, type Reply } from './helpers/http.js';
import { backends, startTestServer, type DemoUser, type TestServer } from './helpers/server.js';
import { connectSse } from './helpers/sse.js';
import { startQuickBooksSim, type RunningSim } from '@ledgerside/quickbooks-sim';
import { booksConfig } from './helpers/books.js';

const userOfRole: Record<Role, DemoUser> = { admin: 'admin', agent: 'agent', light_agent: 'lightAgent', client: 'client' };
const ACME = demoIds.customers.acme;
const MATRIX_REALM = '9130350000000077';

interface Sample {
  path: string;
  options?: CallOptions;
}

for (const backend of backends()) {
  describe(`roles and tenancy on ${backend.name}`, { skip: backend.skip }, () => {
    let server: TestServer;
    let sim: RunningSim;
    let api: Client;
    const tokens = {} as Record<Role, string>;
    let adminToken: string;
    let acmeInvoice: string;
    let conversationId: string;
    let firstMessageId: string;

    before(async () => {
      // The books routes need somewhere to connect to: the QuickBooks simulator.
      sim = await startQuickBooksSim({ rateLimit: false });
      sim.sim.addCompany({ realmId: MATRIX_REALM });
      server = await startTestServer(backend.name, { books: booksConfig(sim) });
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
    after(async () => {
      await server?.destroy();
      await sim?.close();
    });

    /** A callback the simulator would send the admin back with (a fresh state each time). */
    const callback = async (): Promise<Sample> => {
      const started = await api.post('/v1/books/connect', { token: adminToken, body: { provider: 'quickbooks' } });
      expectStatus(started, 200, 'connect for a callback');
      const state = new URL(started.body.authorizationUrl).searchParams.get('state')!;
      const code = sim.sim.issueCode(MATRIX_REALM, `${server.url}/v1/books/callback`);
      return { path: `/books/callback?state=${state}&code=${code}&realmId=${MATRIX_REALM}` };
    };
    /** Connected, so the settings have a connection to change and a disconnect something to remove. */
    const connected = async (path: string, options?: CallOptions): Promise<Sample> => {
      const { path: back } = await callback();
      assert.equal((await fetch(`${server.url}/v1${back}`)).status, 200);
      return { path, ...(options ? { options } : {}) };
    };
    /** The organization goes back to its own books for the routes that follow. */
    const disconnect = async () => expectStatus(await api.del('/v1/books', { token: adminToken }), 204);

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
      // Public: the body's signed proof (the demo's /dev/hosts plays each host's signing side) is the credential.
      zendeskHostSession: async () => ({ path: '/host-sessions/zendesk', options: { body: { token: await hostProof('zendesk'), user: { email: 'alex@northwind.test' } } } }),
      pipedriveHostSession: async () => ({ path: '/host-sessions/pipedrive', options: { body: { token: await hostProof('pipedrive'), user: { email: 'alex@northwind.test' } } } }),
      getBooks: async () => ({ path: '/books' }),
      connectBooks: async () => ({ path: '/books/connect', options: { body: { provider: 'quickbooks' } } }),
      booksCallback: callback,
      updateBooksSettings: () => connected('/books/settings', { body: { taxMapping: [{ ratePercent: 0, taxCodeId: 'NON' }] } }),
      disconnectBooks: () => connected('/books'),
      quickbooksWebhook: async () => {
        const body = { eventNotifications: [{ realmId: MATRIX_REALM, dataChangeEvent: { entities: [] } }] };
        return { path: '/books/webhooks/quickbooks', options: { body, headers: { 'intuit-signature': await sim.sim.sign(JSON.stringify(body)) } } };
      },
      events: async () => ({ path: '/events' }),
      openapi: async () => ({ path: '/openapi.json' }),
    };

    async function hostProof(host: 'zendesk' | 'pipedrive'): Promise<string> {
      return ((await (await fetch(`${server.url}/dev/hosts/${host}/jwt`)).json()) as { token: string }).token;
    }

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
          if ((name === 'booksCallback' || name === 'updateBooksSettings') && reply.status === 200) await disconnect();
          if (name === 'disconnectBooks' && reply.status !== 204) await disconnect();
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
          if (name === 'booksCallback') await disconnect();
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
        if (name === 'updateBooksSettings' || name === 'disconnectBooks') await disconnect();
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

      /**
       * Routes that take no ids at all: nothing of another organization's to name. (A host
       * session's organization is its installation's: the proof names no organization. The books
       * act on the caller's own connection; a callback's `state` names the organization that
       * started it — books-connect.test.ts.)
       */
      const withoutIds: RouteName[] = [
        'getSession', 'searchProducts', 'getIntegration', 'updateIntegration', 'deleteIntegration', 'events', 'openapi',
        'zendeskHostSession', 'pipedriveHostSession',
        'getBooks', 'connectBooks', 'booksCallback', 'updateBooksSettings', 'disconnectBooks', 'quickbooksWebhook',
      ];

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

    describe('a client user × document status', () => {
      /** One Acme document per status the client may or may not see, each with a thread. */
      interface Case {
        label: string;
        kind: 'invoice' | 'quote';
        id: string;
        visible: boolean;
        conversationId: string;
        messageId: string;
      }
      const cases: Case[] = [];
      let clientStream: Awaited<ReturnType<typeof connectSse>>;

      before(async () => {
        clientStream = await connectSse(`${server.url}/v1/events`, { authorization: `Bearer ${tokens.client}` });
        const admin = { token: adminToken };
        const make = async (kind: 'invoice' | 'quote', extra: Record<string, unknown> = {}) => {
          const reply = await api.post('/v1/documents', { ...admin, body: invoiceBody(ACME, { kind, ...extra }) });
          expectStatus(reply, 201, 'status case');
          return reply.body as Json;
        };
        const send = async (doc: Json) => {
          const r = await api.post(`/v1/documents/${doc.id}/mark-sent`, { ...admin, ifMatch: doc.version });
          expectStatus(r, 200, 'mark sent');
          return r.body as Json;
        };
        const pay = async (doc: Json, amount: number) => {
          const r = await api.post(`/v1/documents/${doc.id}/payments`, { ...admin, body: { amount, date: today() } });
          expectStatus(r, 201, 'payment');
          return r.body.document as Json;
        };
        const voidIt = async (doc: Json) => expectStatus(await api.post(`/v1/documents/${doc.id}/void`, { ...admin, ifMatch: doc.version }), 200, 'void');
        const remove = async (doc: Json) => expectStatus(await api.del(`/v1/documents/${doc.id}`, { ...admin, ifMatch: doc.version }), 200, 'delete');
        /** Quote answers have no route of their own here: the billing app sets them. */
        const setStatus = (doc: Json, status: string) => server.db.query('UPDATE documents SET status = $2 WHERE id = $1', [doc.id, status]);
        const add = async (label: string, kind: 'invoice' | 'quote', doc: Json, visible: boolean) => {
          const conversation = await api.post('/v1/conversations', { ...admin, body: { transactionType: kind, transactionId: doc.id } });
          expectStatus(conversation, 200, `${label} conversation`);
          const posted = await api.post(`/v1/conversations/${conversation.body.id}/messages`, {
            ...admin,
            body: { recipientIds: [demoIds.users.agent], body: `about the ${label}` },
          });
          expectStatus(posted, 201, `${label} message`);
          cases.push({ label, kind, id: doc.id, visible, conversationId: conversation.body.id, messageId: posted.body.message.id });
        };

        await add('draft invoice', 'invoice', await make('invoice'), false);
        await add('sent invoice', 'invoice', await send(await make('invoice')), true);
        await add('overdue invoice', 'invoice', await send(await make('invoice', { issueDate: today(-40), dueDate: today(-10) })), true);
        const partial = await send(await make('invoice'));
        await add('partially paid invoice', 'invoice', await pay(partial, 100), true);
        const unsentPaid = await make('invoice');
        await add('invoice paid without sending', 'invoice', await pay(unsentPaid, unsentPaid.totals.total), true);
        const voidUnsent = await make('invoice');
        await voidIt(voidUnsent);
        await add('invoice void before sending', 'invoice', voidUnsent, false);
        const voidSent = await send(await make('invoice'));
        await voidIt(voidSent);
        await add('invoice void after sending', 'invoice', voidSent, true);
        const deletedDraft = await make('invoice');
        await remove(deletedDraft);
        await add('deleted draft invoice', 'invoice', deletedDraft, false);
        const deletedSent = await send(await make('invoice'));
        await remove(deletedSent);
        await add('deleted sent invoice', 'invoice', deletedSent, false);

        await add('draft quote', 'quote', await make('quote'), false);
        await add('sent quote', 'quote', await send(await make('quote')), true);
        for (const status of ['accepted', 'declined', 'expired'] as const) {
          const q = await send(await make('quote'));
          await setStatus(q, status);
          await add(`${status} quote`, 'quote', q, true);
        }
        const expiredUnsent = await make('quote');
        await setStatus(expiredUnsent, 'expired');
        await add('quote expired without sending', 'quote', expiredUnsent, false);
        const invoicedDraft = await make('quote');
        expectStatus(await api.post(`/v1/documents/${invoicedDraft.id}/convert`, { ...admin, ifMatch: invoicedDraft.version }), 201, 'convert');
        await add('draft quote invoiced', 'quote', invoicedDraft, false);
        const invoicedSent = await send(await make('quote'));
        expectStatus(await api.post(`/v1/documents/${invoicedSent.id}/convert`, { ...admin, ifMatch: invoicedSent.version }), 201, 'convert');
        await add('sent quote invoiced', 'quote', invoicedSent, true);
        const deletedQuote = await make('quote');
        await remove(deletedQuote);
        await add('deleted quote', 'quote', deletedQuote, false);

        // The cases agree with the contract's rule itself.
        for (const c of cases) {
          const doc = (await api.get(`/v1/documents/${c.id}`, admin)).body;
          assert.equal(visibleToClient(doc), c.visible, `${c.label}: ${doc.status}, sentAt ${doc.sentAt}`);
        }
      });
      after(() => clientStream?.close());

      /** Each route that names a document or its thread, as the client: 2xx when visible, else 404. */
      const perDocument: [string, (c: Case) => Promise<Reply>, number][] = [
        ['getDocument', (c) => api.get(`/v1/documents/${c.id}`, { token: tokens.client }), 200],
        ['documentPdf', (c) => api.get(`/v1/documents/${c.id}/pdf`, { token: tokens.client }), 200],
        ['getConversation', (c) => api.get(`/v1/conversations?transactionType=${c.kind}&transactionId=${c.id}`, { token: tokens.client }), 200],
        ['openConversation', (c) => api.post('/v1/conversations', { token: tokens.client, body: { transactionType: c.kind, transactionId: c.id } }), 200],
        ['listRecipients', (c) => api.get(`/v1/recipients?transactionType=${c.kind}&transactionId=${c.id}`, { token: tokens.client }), 200],
        ['listMessages', (c) => api.get(`/v1/conversations/${c.conversationId}/messages`, { token: tokens.client }), 200],
        ['markRead', (c) => api.post(`/v1/conversations/${c.conversationId}/read`, { token: tokens.client, body: { messageId: c.messageId } }), 200],
        [
          'postMessage',
          (c) => api.post(`/v1/conversations/${c.conversationId}/messages`, { token: tokens.client, body: { recipientIds: [demoIds.users.agent], body: 'from the client' } }),
          201,
        ],
      ];

      it('routes on one document: allowed when it was sent to the client, 404 otherwise', async () => {
        for (const c of cases) {
          for (const [name, call, ok] of perDocument) {
            const reply = await call(c);
            if (c.visible) expectStatus(reply, ok, `${name} on the ${c.label}`);
            else expectError(reply, 404, 'not_found', `${name} on the ${c.label}`);
          }
        }
      });

      it('lists, summaries and unread counts hold exactly the visible ones', async () => {
        const listed = new Set<string>();
        let cursor: string | null = null;
        do {
          const page: Json = await api.get(`/v1/documents?customerId=${ACME}&limit=200${cursor ? `&cursor=${cursor}` : ''}`, { token: tokens.client });
          expectStatus(page, 200);
          for (const d of page.body.items) listed.add(d.id);
          cursor = page.body.nextCursor;
        } while (cursor);
        for (const c of cases) assert.equal(listed.has(c.id), c.visible, `list and the ${c.label}`);
        for (const kind of ['invoice', 'quote']) {
          const byKind = await api.get(`/v1/documents?kind=${kind}&limit=200`, { token: tokens.client });
          assert.ok(byKind.body.items.every((d: Json) => visibleToClient(d)), `kind=${kind}`);
        }
        const drafts = await api.get('/v1/documents?status=draft', { token: tokens.client });
        assert.deepEqual(drafts.body.items, [], 'status=draft');
        const deleted = await api.get('/v1/documents?status=deleted', { token: tokens.client });
        assert.deepEqual(deleted.body.items, [], 'status=deleted');

        // The admin's unread threads on these documents (the admin wrote them, the agent did not read).
        const agentUnread = await api.get('/v1/unread', { token: tokens.agent });
        const clientUnread = await api.get('/v1/unread', { token: tokens.client });
        expectStatus(clientUnread, 200);
        const clientThreads = new Set(clientUnread.body.byTransaction.map((t: Json) => t.transactionId));
        for (const c of cases.filter((x) => !x.visible)) assert.equal(clientThreads.has(c.id), false, `unread and the ${c.label}`);
        assert.ok(agentUnread.body.byTransaction.some((t: Json) => t.transactionId === cases.find((x) => !x.visible)!.id), 'the firm still sees them');

        // The summary counts what the client's list shows, nothing hidden.
        const summary = await api.get(`/v1/documents/summary?customerId=${ACME}`, { token: tokens.client });
        const firm = await api.get(`/v1/documents/summary?customerId=${ACME}`, { token: tokens.agent });
        assert.deepEqual(summary.body, firm.body, 'hidden documents never count in a summary anyway');
      });

      it('live events carry only what the client may see', async () => {
        const visibleIds = new Set(cases.filter((c) => c.visible).map((c) => c.id));
        const hiddenIds = new Set(cases.filter((c) => !c.visible).map((c) => c.id));
        const documentOf = (e: Json): string | undefined =>
          e.data.type === 'document.created' || e.data.type === 'document.changed'
            ? e.data.data.id
            : e.data.type === 'payment.recorded'
              ? e.data.data.document.id
              : e.data.type === 'message.posted'
                ? e.data.data.conversation.transactionId
                : undefined;
        await clientStream.until((events) => [...visibleIds].every((id) => events.some((e) => documentOf(e) === id)));
        // Everything was written before the stream caught up with the visible ones' last event.
        const marker = await api.post(`/v1/conversations/${cases.find((c) => c.visible)!.conversationId}/messages`, {
          token: adminToken,
          body: { recipientIds: [demoIds.users.client], body: 'last' },
        });
        await clientStream.until((events) => events.some((e) => e.data.type === 'message.posted' && e.data.data.message.id === marker.body.message.id));
        // A sent invoice deleted later was the client's to see while it was sent: only that.
        const wasVisible = (e: Json) => e.data.type.startsWith('document.') && visibleToClient(e.data.data);
        const leaked = clientStream.events.filter((e) => hiddenIds.has(documentOf(e) ?? '') && !wasVisible(e));
        assert.deepEqual(leaked.map((e) => `${e.data.type} ${documentOf(e)}`), []);
        for (const e of clientStream.events) {
          if (e.data.type.startsWith('document.')) assert.ok(visibleToClient(e.data.data), `${e.data.type} ${e.data.data.number} ${e.data.data.status}`);
        }
      });

      it('a thread on a draft cannot address the customer’s people', async () => {
        const draft = cases.find((c) => c.label === 'draft invoice')!;
        const recipients = await api.get(`/v1/recipients?transactionType=invoice&transactionId=${draft.id}`, { token: adminToken });
        expectStatus(recipients, 200);
        assert.deepEqual(recipients.body.items.filter((r: Json) => r.kind === 'customer_contact'), []);
        const posted = await api.post(`/v1/conversations/${draft.conversationId}/messages`, {
          token: adminToken,
          body: { recipientIds: [demoIds.users.client], body: 'not yet' },
        });
        expectError(posted, 422, 'unprocessable');
        assert.equal(posted.body.error.reason, 'unknown_recipient');
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
