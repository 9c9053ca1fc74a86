/** Field rules of issue 14: quantities, search length, templates, the billing app's URL. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CustomerSearchQuery,
  DocumentCreate,
  IntegrationUpdate,
  Quantity,
  SEARCH_QUERY_MAX_LENGTH,
} from '../src/schemas.js';
import { defaultTemplate, templateError } from '../src/templates.js';
import { documentExternalUrl } from '../src/billing-app.js';

const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('Quantity', () => {
  it('refuses 0 and negatives saying what is allowed, once', () => {
    for (const q of [0, -0, -3, -0.0001]) assert.deepEqual(messages(Quantity.safeParse(q)), [': Quantity must be greater than 0'], String(q));
  });

  it('accepts every positive quantity of at most 4 decimals up to the maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 * 10_000 }), (n) => {
        assert.equal(Quantity.safeParse(n / 10_000).success, true);
      }),
      { seed: 6 },
    );
  });

  it('a document with a zero line is refused at the line', () => {
    const r = DocumentCreate.safeParse({
      kind: 'invoice',
      customerId: 'c1',
      currency: 'USD',
      issueDate: '2026-03-12',
      lines: [{ description: 'Support', quantity: 1, unitPrice: 100 }, { description: 'Nothing', quantity: 0, unitPrice: 100 }],
    });
    assert.deepEqual(messages(r), ['lines.1.quantity: Quantity must be greater than 0']);
  });
});

describe('DocumentCreate due date', () => {
  it('refuses a due date before the issue date with a field issue on dueDate', () => {
    const base = { kind: 'invoice', customerId: 'c1', currency: 'USD', issueDate: '2026-03-12', lines: [{ description: 'x', quantity: 1, unitPrice: 1 }] };
    assert.deepEqual(messages(DocumentCreate.safeParse({ ...base, dueDate: '2026-03-11' })), ['dueDate: The due date cannot be before the issue date']);
    assert.equal(DocumentCreate.safeParse({ ...base, dueDate: '2026-03-12' }).success, true);
    assert.equal(DocumentCreate.safeParse({ ...base, dueDate: null }).success, true);
  });
});

describe('CustomerSearchQuery', () => {
  it(`takes up to ${SEARCH_QUERY_MAX_LENGTH} characters and refuses longer with a field issue on q`, () => {
    assert.equal(SEARCH_QUERY_MAX_LENGTH, 200);
    assert.equal(CustomerSearchQuery.safeParse({ q: 'a'.repeat(SEARCH_QUERY_MAX_LENGTH) }).success, true);
    assert.deepEqual(messages(CustomerSearchQuery.safeParse({ q: 'a'.repeat(330) })), ['q: A search takes at most 200 characters']);
  });
});

describe('templates', () => {
  const templates = [{ id: 'standard', name: 'Standard' }, { id: 'compact', name: 'Compact' }];
  it('only the organization’s template ids; "" only where it lists none', () => {
    assert.equal(templateError('compact', templates), null);
    assert.match(templateError('no-such-template', templates)!, /templates/);
    assert.match(templateError('', templates)!, /templates/);
    assert.equal(templateError('', []), null);
    assert.match(templateError('standard', [])!, /templates/);
    assert.equal(defaultTemplate(templates), 'standard');
    assert.equal(defaultTemplate([]), '');
  });

  it('IntegrationUpdate refuses duplicate ids and ids that are not plain words', () => {
    assert.equal(IntegrationUpdate.safeParse({ templates }).success, true);
    assert.deepEqual(messages(IntegrationUpdate.safeParse({ templates: [...templates, { id: 'compact', name: 'Again' }] })), ['templates: Each template needs its own id']);
    assert.equal(IntegrationUpdate.safeParse({ templates: [{ id: 'a b', name: 'Spaced' }] }).success, false);
  });
});

describe('billing app URL', () => {
  const doc = { id: 'doc-1', number: 'INV-000007' };
  it('fills {id} and {number}, encoded; a plain base gets /documents/{id}; none gives null', () => {
    assert.equal(documentExternalUrl('https://billing.example.com/acme', doc), 'https://billing.example.com/acme/documents/doc-1');
    assert.equal(documentExternalUrl('https://billing.example.com/acme/', doc), 'https://billing.example.com/acme/documents/doc-1');
    assert.equal(documentExternalUrl('https://b.example.com/invoices/{number}?from=ledgerside', doc), 'https://b.example.com/invoices/INV-000007?from=ledgerside');
    assert.equal(documentExternalUrl(new URL('https://b.example.com/d/{id}/{number}').toString(), doc), 'https://b.example.com/d/doc-1/INV-000007');
    assert.equal(documentExternalUrl('https://b.example.com/d/{id}', { id: 'a/b?c', number: 'n' }), 'https://b.example.com/d/a%2Fb%3Fc');
    assert.equal(documentExternalUrl(null, doc), null);
  });

  it('IntegrationUpdate takes http(s) URLs and null, nothing else', () => {
    assert.equal(IntegrationUpdate.safeParse({ billingAppUrl: 'https://billing.example.com/d/{id}' }).success, true);
    assert.equal(IntegrationUpdate.safeParse({ billingAppUrl: null }).success, true);
    assert.equal(IntegrationUpdate.safeParse({ billingAppUrl: 'javascript:alert(1)' }).success, false);
    assert.equal(IntegrationUpdate.safeParse({ billingAppUrl: 'not a url' }).success, false);
  });
});
