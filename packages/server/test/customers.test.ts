/**
 * Customers (search by primary / secondary email, create with copied preferences, If-Match),
 * contact mappings, the catalogue, and the integration settings (disable keeps mappings and
 * refuses writes; delete removes mappings for good).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_PAGE_SIZE, defaultTemplate } from '@ledgerside/contract';
import { demoIds } from '../src/index.js';
import { client, expectError, expectStatus, invoiceBody, type Client, type Json } from './helpers/http.js';
import { backends, startTestServer, type TestServer } from './helpers/server.js';

for (const backend of backends()) {
  describe(`customers, mappings and integration on ${backend.name}`, { skip: backend.skip }, () => {
    let server: TestServer;
    let api: Client;
    let agent: string;
    let admin: string;

    before(async () => {
      server = await startTestServer(backend.name);
      api = client(server.url);
      agent = await server.token('agent');
      admin = await server.token('admin');
    });
    after(() => server?.destroy());

    it('finds customers by primary email, and by secondary email only when enabled', async () => {
      const primary = await api.get('/v1/customers?email=BILLING@acme.test', { token: agent });
      expectStatus(primary, 200);
      assert.deepEqual(primary.body.items.map((c: Json) => [c.id, c.matchedBy]), [[demoIds.customers.acme, 'email']]);
      // The demo organization matches secondary emails (issue 14, item 3): the requester Jana finds Hradec.
      const session = await api.get('/v1/session', { token: agent });
      assert.equal(session.body.integration.matchSecondaryEmail, true);
      const jana = await api.get('/v1/customers?email=jana@hradec.test', { token: agent });
      assert.deepEqual(jana.body.items.map((c: Json) => [c.id, c.matchedBy]), [[demoIds.customers.hradec, 'secondary_email']]);
      expectStatus(await api.put('/v1/integration', { token: admin, body: { matchSecondaryEmail: false } }), 200);
      const secondary = await api.get('/v1/customers?email=ap@acme.test', { token: agent });
      assert.deepEqual(secondary.body.items, []);
      expectStatus(await api.put('/v1/integration', { token: admin, body: { matchSecondaryEmail: true } }), 200);
      const enabled = await api.get('/v1/customers?email=ap@acme.test', { token: agent });
      assert.deepEqual(enabled.body.items.map((c: Json) => [c.id, c.matchedBy]), [[demoIds.customers.acme, 'secondary_email']]);
      // Free text finds a secondary email too.
      const typed = await api.get('/v1/customers?q=jana@hradec', { token: agent });
      assert.deepEqual(typed.body.items.map((c: Json) => c.id), [demoIds.customers.hradec]);
      const byName = await api.get('/v1/customers?q=umbrella', { token: agent });
      assert.deepEqual(byName.body.items.map((c: Json) => c.id), [demoIds.customers.umbrella]);
      assert.equal(byName.body.items[0].matchedBy, 'query');
    });

    it('shows the outstanding balance in the customer’s currency', async () => {
      const acme = (await api.get(`/v1/customers/${demoIds.customers.acme}`, { token: agent })).body;
      const docs = (await api.get(`/v1/documents?customerId=${demoIds.customers.acme}&limit=200`, { token: agent })).body.items;
      const open = docs.filter((d: Json) => d.kind === 'invoice' && ['sent', 'partially_paid'].includes(d.status));
      assert.equal(acme.outstanding, open.reduce((n: number, d: Json) => n + d.balance, 0));
      assert.ok(acme.outstanding > 0);
    });

    it('creates a customer copying preferences from another, and pages the list', async () => {
      const created = await api.post('/v1/customers', {
        token: agent,
        body: {
          displayName: 'Nueva Empresa',
          email: 'hola@nueva.example',
          currency: 'USD',
          language: 'en',
          timeZone: 'Europe/Madrid',
          billingAddress: { line1: 'Calle 1', city: 'Madrid', postalCode: '28001', country: 'ES' },
          copyPreferencesFrom: demoIds.customers.hradec,
        },
        idempotencyKey: 'nueva',
      });
      expectStatus(created, 201);
      assert.equal(created.body.currency, 'CZK');
      assert.equal(created.body.language, 'cs');
      assert.equal(created.body.taxRatePercent, 21);
      assert.equal(created.body.paymentTermsDays, 14);
      assert.equal(created.body.template, 'detailed');
      // Hradec's zone comes with its other preferences (issue 14: it stayed at the typed one).
      assert.equal(created.body.timeZone, 'Europe/Prague');
      assert.equal(created.body.outstanding, 0);
      assert.equal(created.body.version, 1);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Json = await api.get(`/v1/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: agent });
        seen.push(...page.body.items.map((c: Json) => c.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.equal(new Set(seen).size, seen.length);
      assert.ok(seen.includes(created.body.id));
      assert.equal(seen.length, 4);
    });

    it('updates a customer with If-Match', async () => {
      const id = demoIds.customers.hradec;
      const current = (await api.get(`/v1/customers/${id}`, { token: agent })).body;
      expectError(await api.patch(`/v1/customers/${id}`, { token: agent, body: { taxId: 'CZ1' } }), 428, 'precondition_required');
      const ok = await api.patch(`/v1/customers/${id}`, { token: agent, body: { taxId: 'CZ1', secondaryEmail: null }, ifMatch: current.version });
      expectStatus(ok, 200);
      assert.equal(ok.body.taxId, 'CZ1');
      assert.equal(ok.body.version, current.version + 1);
      const stale = await api.patch(`/v1/customers/${id}`, { token: agent, body: { taxId: 'CZ2' }, ifMatch: current.version });
      expectError(stale, 412, 'precondition_failed');
      assert.equal(stale.body.error.current.taxId, 'CZ1');
    });

    it('maps, reads and unmaps a host contact', async () => {
      const contact = { id: 'c-77', name: 'Jiří Dvořák', email: 'jiri@prazskakava.example' };
      expectStatus(await api.get('/v1/contact-links/c-77', { token: agent }), 200);
      const put = await api.put('/v1/contact-links/c-77', { token: agent, body: { contact, customerId: demoIds.customers.hradec } });
      expectStatus(put, 200);
      assert.equal(put.body.customer.id, demoIds.customers.hradec);
      assert.equal(put.body.linkedBy, demoIds.users.agent);
      const read = await api.get('/v1/contact-links/c-77', { token: await server.token('lightAgent') });
      assert.equal(read.body.link.customer.displayName, 'Hradec Software');
      expectStatus(await api.del('/v1/contact-links/c-77', { token: agent }), 204);
      assert.equal((await api.get('/v1/contact-links/c-77', { token: agent })).body.link, null);
      expectError(await api.del('/v1/contact-links/c-77', { token: agent }), 404, 'not_found');
    });

    it('searches the catalogue', async () => {
      const reply = await api.get('/v1/products?q=train', { token: agent });
      expectStatus(reply, 200);
      assert.deepEqual(reply.body.items.map((p: Json) => p.sku), ['TRAIN-D']);
      const all = await api.get('/v1/products?limit=2', { token: agent });
      assert.equal(all.body.items.length, 2);
      assert.ok(all.body.nextCursor);
    });

    it('a template is one of the organization’s: refused otherwise at template; a new customer gets the first', async () => {
      const body = { displayName: 'Templated', email: 'tpl@example.test', currency: 'USD', language: 'en', timeZone: 'UTC' };
      const bad = await api.post('/v1/customers', { token: agent, body: { ...body, template: 'no-such-template' } });
      expectError(bad, 422, 'unprocessable');
      assert.equal(bad.body.error.reason, 'unknown_template');
      assert.deepEqual(bad.body.error.issues.map((i: Json) => i.path), [['template']]);
      const made = await api.post('/v1/customers', { token: agent, body });
      expectStatus(made, 201);
      assert.equal(made.body.template, 'standard');
      const badDoc = await api.post('/v1/documents', { token: agent, body: invoiceBody(demoIds.customers.acme, { template: 'no-such-template' }) });
      expectError(badDoc, 422, 'unprocessable');
      assert.deepEqual(badDoc.body.error.issues.map((i: Json) => i.path), [['template']]);
      const doc = await api.post('/v1/documents', { token: agent, body: invoiceBody(demoIds.customers.acme, { template: 'compact' }) });
      expectStatus(doc, 201);
      expectError(await api.patch(`/v1/documents/${doc.body.id}`, { token: agent, body: { template: 'nope' }, ifMatch: 1 }), 422, 'unprocessable');
      expectStatus(await api.patch(`/v1/documents/${doc.body.id}`, { token: agent, body: { template: 'detailed', notes: 'n' }, ifMatch: 1 }), 200);
    });

    it('an admin sets the billing app’s URL template and the templates; documents open there', async () => {
      const url = 'https://billing.example.com/northwind/invoices/{number}?id={id}';
      const set = await api.put('/v1/integration', { token: admin, body: { billingAppUrl: url, templates: [{ id: 'standard', name: 'Standard' }, { id: 'letter', name: 'Letterhead' }] } });
      expectStatus(set, 200);
      assert.deepEqual(set.body.templates, [{ id: 'standard', name: 'Standard' }, { id: 'letter', name: 'Letterhead' }]);
      const doc = (await api.get(`/v1/documents/${demoIds.invoices.sent}`, { token: agent })).body;
      assert.equal(doc.externalUrl, `https://billing.example.com/northwind/invoices/${doc.number}?id=${doc.id}`);
      expectError(await api.put('/v1/integration', { token: agent, body: { billingAppUrl: null } }), 403, 'forbidden');
      expectError(await api.put('/v1/integration', { token: admin, body: { billingAppUrl: 'javascript:alert(1)' } }), 400, 'bad_request');
      // Other settings leave the URL alone; null clears it.
      expectStatus(await api.put('/v1/integration', { token: admin, body: { syncMode: 'one_way' } }), 200);
      assert.equal((await api.get(`/v1/documents/${doc.id}`, { token: agent })).body.externalUrl, doc.externalUrl);
      const cleared = await api.put('/v1/integration', { token: admin, body: { billingAppUrl: null } });
      assert.equal(cleared.body.billingAppUrl, null);
      assert.equal((await api.get(`/v1/documents/${doc.id}`, { token: agent })).body.externalUrl, null);
    });

    it('disabling keeps mappings and refuses writes; re-enabling restores them', async () => {
      const disabled = await api.put('/v1/integration', { token: admin, body: { state: 'disabled', syncMode: 'two_way' } });
      expectStatus(disabled, 200);
      assert.equal(disabled.body.state, 'disabled');
      assert.equal(disabled.body.syncMode, 'two_way');
      const write = await api.post('/v1/documents', { token: agent, body: invoiceBody(demoIds.customers.acme) });
      expectError(write, 422, 'integration_disabled');
      expectError(await api.put('/v1/contact-links/c-1', { token: agent, body: { contact: { id: 'c-1' }, customerId: demoIds.customers.acme } }), 422, 'integration_disabled');
      // Reads go on; the mapping is still there.
      const link = await api.get(`/v1/contact-links/${demoIds.contacts.mapped}`, { token: agent });
      assert.equal(link.body.link.customerId, demoIds.customers.acme);
      assert.equal((await api.get('/v1/session', { token: agent })).body.integration.state, 'disabled');
      expectStatus(await api.put('/v1/integration', { token: admin, body: { state: 'enabled' } }), 200);
      expectStatus(await api.post('/v1/documents', { token: agent, body: invoiceBody(demoIds.customers.acme) }), 201);
      assert.equal((await api.get(`/v1/contact-links/${demoIds.contacts.mapped}`, { token: agent })).body.link.customerId, demoIds.customers.acme);
    });

    it('while disabled, the writes the contract allows still run and every other write is refused', async () => {
      const thread = await api.get(`/v1/conversations?transactionType=invoice&transactionId=${demoIds.invoices.sent}`, { token: agent });
      const conversation = thread.body.conversation as Json;
      const [, , , last] = demoIds.messages;
      expectStatus(await api.put('/v1/integration', { token: admin, body: { state: 'disabled' } }), 200, 'disable');
      try {
        // Allowed by whileIntegrationOff: reading a thread moves its marker.
        const read = await api.post(`/v1/conversations/${conversation.id}/read`, { token: agent, body: { messageId: last } });
        expectStatus(read, 200, 'markRead while disabled');
        assert.equal(read.body.unread, 0);
        const posted = await api.post(`/v1/conversations/${conversation.id}/messages`, { token: agent, body: { recipientIds: [demoIds.users.admin], body: 'Still there?' } });
        expectError(posted, 422, 'integration_disabled');
        const opened = await api.post('/v1/conversations', { token: agent, body: { transactionType: 'quote', transactionId: demoIds.quotes.sent } });
        expectError(opened, 422, 'integration_disabled');
        expectError(await api.post(`/v1/documents/${demoIds.invoices.draft}/void`, { token: agent, ifMatch: '*' }), 422, 'integration_disabled');
      } finally {
        expectStatus(await api.put('/v1/integration', { token: admin, body: { state: 'enabled' } }), 200, 'enable again');
      }
    });

    it('deleting removes every mapping for good', async () => {
      const deleted = await api.del('/v1/integration', { token: admin });
      expectStatus(deleted, 200);
      assert.equal(deleted.body.state, 'deleted');
      assert.equal((await api.get(`/v1/contact-links/${demoIds.contacts.mapped}`, { token: agent })).body.link, null);
      expectError(await api.post('/v1/documents', { token: agent, body: invoiceBody(demoIds.customers.acme) }), 422, 'integration_disabled');
      expectStatus(await api.put('/v1/integration', { token: admin, body: { state: 'enabled' } }), 200);
      assert.equal((await api.get(`/v1/contact-links/${demoIds.contacts.mapped}`, { token: agent })).body.link, null);
      const [{ n }] = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM contact_links WHERE organization_id = $1', [demoIds.organizationId])) as [{ n: number }];
      assert.equal(Number(n), 0);
    });

    it('a new customer without a template gets the organization\'s default (the contract\'s defaultTemplate)', async () => {
      const original = (await api.get('/v1/integration', { token: admin })).body.templates as Json[];
      const body = (n: number) => ({ displayName: `Templated ${n}`, email: `templated-${n}@acme.test`, currency: 'USD', language: 'en', timeZone: 'UTC' });
      try {
        const memo = [{ id: 'memo', name: 'Memo' }, ...original.filter((t) => t.id !== 'memo')];
        expectStatus(await api.put('/v1/integration', { token: admin, body: { templates: memo } }), 200);
        const made = await api.post('/v1/customers', { token: agent, body: body(1) });
        expectStatus(made, 201);
        assert.equal(made.body.template, defaultTemplate(memo as { id: string; name: string }[]));
        assert.equal(made.body.template, 'memo', 'the first listed, whichever it is');
      } finally {
        expectStatus(await api.put('/v1/integration', { token: admin, body: { templates: original } }), 200, 'templates restored');
      }
    });

    // Last: it adds many customers.
    it('a search without limit answers the contract\'s default page size, then the rest', async () => {
      for (let i = 0; i <= DEFAULT_PAGE_SIZE; i++) {
        const n = String(i).padStart(3, '0');
        const reply = await api.post('/v1/customers', { token: agent, body: { displayName: `Paged ${n}`, email: `paged-${n}@paging.test`, currency: 'USD', language: 'en', timeZone: 'UTC' } });
        expectStatus(reply, 201, `customer ${n}`);
      }
      const first: Json = await api.get('/v1/customers?q=paged', { token: agent });
      expectStatus(first, 200);
      assert.equal(first.body.items.length, DEFAULT_PAGE_SIZE);
      assert.ok(first.body.nextCursor, 'more to come');
      const rest: Json = await api.get(`/v1/customers?q=paged&cursor=${first.body.nextCursor}`, { token: agent });
      assert.deepEqual(rest.body.items.map((c: Json) => c.displayName), [`Paged ${String(DEFAULT_PAGE_SIZE).padStart(3, '0')}`]);
      assert.equal(rest.body.nextCursor, null);
    });
  });
}
