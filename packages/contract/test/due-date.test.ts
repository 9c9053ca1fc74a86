/** The due-date rules that server, mocks and the form share. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, dueDateError, dueDateOnCopy, dueDateOnCreate, dueDateOnEdit } from '../src/due-date.js';

const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const terms = fc.option(fc.integer({ min: 0, max: 365 }), { nil: null });
const gapOf = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

describe('due dates', () => {
  it('addDays is calendar arithmetic: inverse of going back, across months, leap days and years', () => {
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2023-02-28', 1), '2023-03-01');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('not a date', 1), null);
    fc.assert(
      fc.property(day, fc.integer({ min: -1000, max: 1000 }), (d, n) => {
        const later = addDays(d, n)!;
        assert.equal(addDays(later, -n), d);
        assert.equal(gapOf(d, later), n);
      }),
      { seed: 3 },
    );
  });

  it('on create: a given due date stands alone; otherwise issue date + the given terms, else the customer’s', () => {
    assert.deepEqual(dueDateOnCreate({ issueDate: '2026-01-10' }, 30), { dueDate: '2026-02-09', paymentTermsDays: 30 });
    assert.deepEqual(dueDateOnCreate({ issueDate: '2026-01-10', paymentTermsDays: 7 }, 30), { dueDate: '2026-01-17', paymentTermsDays: 7 });
    assert.deepEqual(dueDateOnCreate({ issueDate: '2026-01-10', dueDate: '2026-03-01' }, 30), { dueDate: '2026-03-01', paymentTermsDays: null });
    assert.deepEqual(dueDateOnCreate({ issueDate: '2026-01-10' }, null), { dueDate: null, paymentTermsDays: null });
    fc.assert(
      fc.property(day, terms, terms, (issueDate, given, customer) => {
        const out = dueDateOnCreate({ issueDate, paymentTermsDays: given }, customer);
        assert.equal(out.paymentTermsDays, given);
        assert.equal(out.dueDate, given === null ? null : addDays(issueDate, given));
      }),
      { seed: 4 },
    );
  });

  it('on edit: only what changes; new dates or terms move the due date unless one is given', () => {
    const current = { issueDate: '2026-01-10', dueDate: '2026-02-09', paymentTermsDays: 30 };
    assert.deepEqual(dueDateOnEdit(current, {}), {});
    assert.deepEqual(dueDateOnEdit(current, { issueDate: '2026-01-20' }), { dueDate: '2026-02-19' });
    assert.deepEqual(dueDateOnEdit(current, { paymentTermsDays: 14 }), { paymentTermsDays: 14, dueDate: '2026-01-24' });
    assert.deepEqual(dueDateOnEdit(current, { dueDate: '2026-05-01' }), { dueDate: '2026-05-01', paymentTermsDays: null });
    assert.deepEqual(dueDateOnEdit(current, { paymentTermsDays: null }), { paymentTermsDays: null });
    fc.assert(
      fc.property(day, terms, day, fc.option(day, { nil: undefined }), terms, (issueDate, t, newIssue, newDue, newTerms) => {
        const before = { issueDate, dueDate: t === null ? null : addDays(issueDate, t), paymentTermsDays: t };
        const change = dueDateOnEdit(before, { issueDate: newIssue, ...(newDue !== undefined ? { dueDate: newDue } : {}), paymentTermsDays: newTerms });
        const after = { ...before, issueDate: newIssue, ...change };
        // Terms and due date never disagree after an edit.
        if (after.paymentTermsDays !== null && newDue === undefined) assert.equal(after.dueDate, addDays(newIssue, after.paymentTermsDays));
        if (newDue !== undefined) assert.equal(after.dueDate, newDue);
      }),
      { seed: 5 },
    );
  });

  it('a copy keeps the terms, or without terms the same days between issue and due date', () => {
    assert.deepEqual(dueDateOnCopy({ issueDate: '2026-01-10', dueDate: '2026-02-09', paymentTermsDays: 30 }, '2026-06-01'), { dueDate: '2026-07-01', paymentTermsDays: 30 });
    assert.deepEqual(dueDateOnCopy({ issueDate: '2026-01-10', dueDate: '2026-01-20', paymentTermsDays: null }, '2026-06-01'), { dueDate: '2026-06-11', paymentTermsDays: null });
    assert.deepEqual(dueDateOnCopy({ issueDate: '2026-01-10', dueDate: null, paymentTermsDays: null }, '2026-06-01'), { dueDate: null, paymentTermsDays: null });
  });
});

describe('dueDateError', () => {
  it('refuses a due date before the issue date, accepts the same day, later days and no due date', () => {
    assert.equal(dueDateError('2026-03-12', '2026-03-11'), 'The due date cannot be before the issue date');
    assert.equal(dueDateError('2026-03-12', '2026-03-12'), null);
    assert.equal(dueDateError('2026-03-12', null), null);
    fc.assert(
      fc.property(day, fc.integer({ min: -2000, max: 2000 }), (issue, gap) => {
        const due = addDays(issue, gap)!;
        assert.equal(dueDateError(issue, due) === null, gap >= 0);
      }),
      { seed: 4 },
    );
  });

  it('every due date the create, edit and copy rules derive from terms passes it', () => {
    fc.assert(
      fc.property(day, day, fc.integer({ min: 0, max: 365 }), terms, (issue, newIssue, t, customer) => {
        const created = dueDateOnCreate({ issueDate: issue, paymentTermsDays: t }, customer);
        assert.equal(dueDateError(issue, created.dueDate), null);
        const copied = dueDateOnCopy({ issueDate: issue, ...created }, newIssue);
        assert.equal(dueDateError(newIssue, copied.dueDate), null);
      }),
      { seed: 5 },
    );
  });
});
