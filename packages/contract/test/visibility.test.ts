/** What a client user may see: only documents sent to it (issue 14, item 1). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { visibleToClient } from '../src/visibility.js';
import { invoiceStatuses, quoteStatuses, type DocumentKind, type DocumentStatus } from '../src/status.js';

const sentAt = fc.option(
  fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  { nil: null },
);
const doc = fc.oneof(
  fc.record({ kind: fc.constant<DocumentKind>('invoice'), status: fc.constantFrom<DocumentStatus>(...invoiceStatuses), sentAt }),
  fc.record({ kind: fc.constant<DocumentKind>('quote'), status: fc.constantFrom<DocumentStatus>(...quoteStatuses), sentAt }),
);

describe('visibleToClient', () => {
  it('the statuses of issue 14, written out, sent and never sent', () => {
    const sent = '2026-03-01T10:00:00.000Z';
    const expectations: [DocumentKind, DocumentStatus, boolean, boolean][] = [
      // kind, status, visible when never sent, visible once sent
      ['invoice', 'draft', false, false],
      ['invoice', 'sent', true, true],
      ['invoice', 'partially_paid', true, true],
      ['invoice', 'paid', true, true],
      ['invoice', 'void', false, true],
      ['invoice', 'deleted', false, false],
      ['quote', 'draft', false, false],
      ['quote', 'sent', true, true],
      ['quote', 'accepted', true, true],
      ['quote', 'declined', true, true],
      ['quote', 'expired', false, true],
      ['quote', 'invoiced', false, true],
      ['quote', 'deleted', false, false],
    ];
    for (const [kind, status, unsent, once] of expectations) {
      assert.equal(visibleToClient({ kind, status, sentAt: null }), unsent, `${kind} ${status} never sent`);
      assert.equal(visibleToClient({ kind, status, sentAt: sent }), once, `${kind} ${status} sent`);
    }
  });

  it('never a draft or a deleted document, whatever else it carries', () => {
    fc.assert(
      fc.property(doc, (d) => {
        if (d.status === 'draft' || d.status === 'deleted') assert.equal(visibleToClient(d), false);
      }),
      { seed: 14 },
    );
  });

  it('a document never sent is visible only in a status that only a send or a payment reaches', () => {
    fc.assert(
      fc.property(doc, (d) => {
        const unsent = { ...d, sentAt: null };
        if (visibleToClient(unsent)) assert.ok(['sent', 'partially_paid', 'paid', 'accepted', 'declined'].includes(d.status), d.status);
      }),
      { seed: 15 },
    );
  });

  it('sending only ever reveals: what a client saw before it was sent it still sees after', () => {
    fc.assert(
      fc.property(doc, (d) => {
        if (visibleToClient({ ...d, sentAt: null })) assert.equal(visibleToClient({ ...d, sentAt: '2026-01-01T00:00:00Z' }), true);
      }),
      { seed: 16 },
    );
  });

  it('accepts sentAt as a Date (server rows) the same as an ISO string (API documents)', () => {
    fc.assert(
      fc.property(doc, (d) => {
        const asDate = { ...d, sentAt: d.sentAt === null ? null : new Date(d.sentAt) };
        assert.equal(visibleToClient(asDate), visibleToClient(d));
      }),
      { seed: 17 },
    );
  });
});
