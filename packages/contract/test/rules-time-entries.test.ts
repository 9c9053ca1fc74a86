/** The time-entry lock and currency rule (issue 15): one copy for the server and the form. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { timeEntryLock } from '../src/rules/time-entries.js';

const currency = fc.constantFrom('USD', 'EUR', 'CZK');
const docId = fc.constantFrom('doc-a', 'doc-b', 'doc-c');
const entry = fc.record({ billable: fc.boolean(), currency, invoicedBy: fc.option(fc.record({ documentId: docId }), { nil: null }) });
const target = fc.record({ documentId: fc.option(docId, { nil: null }), currency });

describe('timeEntryLock', () => {
  it('the cases, written out', () => {
    const usd = { billable: true, currency: 'USD', invoicedBy: null };
    assert.equal(timeEntryLock(usd, { documentId: null, currency: 'USD' }), null);
    assert.equal(timeEntryLock({ ...usd, billable: false }, { documentId: null, currency: 'USD' }), 'not_billable');
    assert.equal(timeEntryLock(usd, { documentId: null, currency: 'EUR' }), 'currency_mismatch');
    const onA = { ...usd, invoicedBy: { documentId: 'doc-a' } };
    assert.equal(timeEntryLock(onA, { documentId: null, currency: 'USD' }), 'time_entry_invoiced');
    assert.equal(timeEntryLock(onA, { documentId: 'doc-b', currency: 'USD' }), 'time_entry_invoiced');
    assert.equal(timeEntryLock(onA, { documentId: 'doc-a', currency: 'USD' }), null, 'its own document may keep it');
    // Invoiced elsewhere and in another currency: the lock no currency change lifts comes first.
    assert.equal(timeEntryLock(onA, { documentId: 'doc-b', currency: 'EUR' }), 'time_entry_invoiced');
  });

  it('billable exactly when billable, free or on this document, and in its currency', () => {
    fc.assert(
      fc.property(entry, target, (e, t) => {
        const free = e.invoicedBy === null || e.invoicedBy.documentId === t.documentId;
        assert.equal(timeEntryLock(e, t) === null, e.billable && free && e.currency === t.currency);
      }),
      { seed: 1513 },
    );
  });

  it('a non-billable entry is never anything but not_billable; changing the currency never lifts another lock', () => {
    fc.assert(
      fc.property(entry, target, currency, (e, t, other) => {
        if (!e.billable) assert.equal(timeEntryLock(e, t), 'not_billable');
        const lock = timeEntryLock(e, t);
        if (lock === 'not_billable' || lock === 'time_entry_invoiced') assert.equal(timeEntryLock(e, { ...t, currency: other }), lock);
        if (lock === 'currency_mismatch') assert.equal(timeEntryLock(e, { ...t, currency: e.currency }), null);
      }),
      { seed: 1514 },
    );
  });
});
