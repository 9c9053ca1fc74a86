import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contacts, customers, demoIds } from '@ledgerside/mocks/legacy';
import { as, call, serve } from './helpers.js';

describe('customers, contact links and integration settings', () => {
  it('a template is one of the organization’s, as the server: refused at template; a new customer gets the first', async () => {
    serve('demo');
    const body = { displayName: 'Templated', email: 'tpl@example.test', currency: 'USD', language: 'en', timeZone: 'UTC' };
    const bad = await call('POST', '/customers', { body: { ...body, template: 'no-such-template' } });
    assert.equal(bad.status, 422);
    assert.equal(bad.json.error.reason, 'unknown_template');
    assert.deepEqual(bad.json.error.issues.map((i: { path: unknown }) => i.path), [['template']]);
    const made = await call('POST', '/customers', { body });
    assert.equal(made.json.template, 'standard');
    const badDoc = await call('POST', '/documents', {
      body: { kind: 'invoice', customerId: demoIds.customers.acme, currency: 'USD', issueDate: '2026-03-01', template: 'nope', lines: [{ description: 'x', quantity: 1, unitPrice: 1 }] },
    });
    assert.equal(badDoc.status, 422);
    assert.deepEqual(badDoc.json.error.issues.map((i: { path: unknown }) => i.path), [['template']]);
  });

  it('matches the secondary email only when the settings say so, and says how it matched', async () => {
    serve('demo');
    const search = (email: string) => call('GET', `/customers?email=${encodeURIComponent(email)}`);
    // The demo matches secondary emails, as the server's demo organization does.
    assert.equal((await search(contacts.jana.email)).json.items[0]?.id, demoIds.customers.hradec);
    await call('PUT', '/integration', { token: as(demoIds.users.admin), body: { matchSecondaryEmail: false } });
    assert.deepEqual((await search(contacts.jana.email)).json.items, []);
    const primary = await search('FAKTURACE@hradec.test');
    assert.equal(primary.json.items[0].matchedBy, 'email');
    const enabled = await call('PUT', '/integration', { token: as(demoIds.users.admin), body: { matchSecondaryEmail: true } });
    assert.equal(enabled.json.matchSecondaryEmail, true);
    const secondary = await search(contacts.jana.email);
    assert.equal(secondary.json.items[0].id, demoIds.customers.hradec);
    assert.equal(secondary.json.items[0].matchedBy, 'secondary_email');
    const byText = await call('GET', '/customers?q=umbrel');
    assert.deepEqual(byText.json.items.map((c: { id: string; matchedBy: string }) => [c.id, c.matchedBy]), [[demoIds.customers.umbrella, 'query']]);
  });

  it('creates customers, copying preferences from another, and updates them under If-Match', async () => {
    serve('demo');
    const body = { displayName: 'NewCo', email: contacts.noah.email, currency: 'EUR', language: 'en', timeZone: 'Europe/London', copyPreferencesFrom: demoIds.customers.hradec };
    const created = await call('POST', '/customers', { body, headers: { 'Idempotency-Key': 'c-1' } });
    assert.equal(created.status, 201);
    assert.equal(created.json.currency, customers.hradec.currency);
    assert.equal(created.json.paymentTermsDays, customers.hradec.paymentTermsDays);
    assert.equal(created.json.template, customers.hradec.template);
    assert.equal(created.json.timeZone, customers.hradec.timeZone, 'the time zone comes with the preferences');
    assert.equal(created.json.outstanding, 0);
    assert.equal((await call('POST', '/customers', { body, headers: { 'Idempotency-Key': 'c-1' } })).json.id, created.json.id);
    const unknown = await call('POST', '/customers', { body: { ...body, copyPreferencesFrom: 'cus-nope' } });
    assert.equal(unknown.status, 422);

    const patched = await call('PATCH', `/customers/${created.json.id}`, { body: { taxId: 'GB123' }, headers: { 'If-Match': '1' } });
    assert.equal(patched.json.taxId, 'GB123');
    assert.equal((await call('PATCH', `/customers/${created.json.id}`, { body: { taxId: 'GB9' }, headers: { 'If-Match': '1' } })).status, 412);
    assert.equal((await call('GET', `/customers/${demoIds.customers.acme}`)).json.outstanding > 0, true);
  });

  it('maps, reads and unmaps a contact', async () => {
    serve('demo');
    assert.equal((await call('GET', `/contact-links/${contacts.ana.id}`)).json.link.customerId, demoIds.customers.acme);
    assert.deepEqual((await call('GET', `/contact-links/${contacts.noah.id}`)).json, { link: null });
    const mapped = await call('PUT', `/contact-links/${contacts.jana.id}`, { body: { contact: contacts.jana, customerId: demoIds.customers.hradec } });
    assert.equal(mapped.status, 200);
    assert.equal(mapped.json.customer.id, demoIds.customers.hradec);
    assert.equal(mapped.json.linkedBy, demoIds.users.agent);
    const mismatch = await call('PUT', `/contact-links/${contacts.noah.id}`, { body: { contact: contacts.jana, customerId: demoIds.customers.hradec } });
    assert.equal(mismatch.status, 400);
    assert.equal((await call('DELETE', `/contact-links/${contacts.jana.id}`)).status, 204);
    assert.deepEqual((await call('GET', `/contact-links/${contacts.jana.id}`)).json, { link: null });
  });

  it('a disabled integration keeps links and refuses writes (422 integration_disabled); deleting removes links', async () => {
    serve('demo');
    const admin = as(demoIds.users.admin);
    assert.equal((await call('PUT', '/integration', { body: { state: 'disabled' } })).status, 403, 'agents may not manage it');
    await call('PUT', '/integration', { token: admin, body: { state: 'disabled' } });
    const refused = await call('POST', `/documents/${demoIds.invoices.draft}/mark-sent`, { headers: { 'If-Match': '*' } });
    assert.equal(refused.status, 422);
    assert.equal(refused.json.error.code, 'integration_disabled');
    assert.equal((await call('GET', `/contact-links/${contacts.ana.id}`)).json.link.customerId, demoIds.customers.acme);
    assert.equal((await call('GET', '/session')).json.integration.state, 'disabled');

    await call('PUT', '/integration', { token: admin, body: { state: 'enabled' } });
    assert.equal((await call('POST', `/documents/${demoIds.invoices.draft}/mark-sent`, { headers: { 'If-Match': '*' } })).status, 200);

    const deleted = await call('DELETE', '/integration', { token: admin });
    assert.equal(deleted.json.state, 'deleted');
    assert.deepEqual((await call('GET', `/contact-links/${contacts.ana.id}`)).json, { link: null });
  });

  it('time entries are upserted by host id and keep their invoice', async () => {
    serve('demo');
    const entry = { hostId: 'te-4', userId: 'u-agent', date: '2026-01-01', minutes: 75, description: 'Edited', billable: true, hourlyRate: 12000, currency: 'USD' };
    const put = await call('PUT', '/time-entries', { body: { ticketId: demoIds.ticketId, entries: [entry, { ...entry, hostId: 'te-new' }] } });
    const items = put.json.items;
    assert.equal(items.length, 5);
    assert.equal(items.find((e: { hostId: string }) => e.hostId === 'te-4').invoicedBy.documentId, demoIds.invoices.paid);
    assert.equal(items.find((e: { hostId: string }) => e.hostId === 'te-4').minutes, 75);
  });
});
