import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionState, documentTotals, permissionsOf, visibleToClient, type DocumentCreate } from '@ledgerside/contract';
import { demoIds } from '@ledgerside/mocks/legacy';
import { as, call, serve } from './helpers.js';

const invoice = (over: Partial<DocumentCreate> = {}): DocumentCreate => ({
  kind: 'invoice',
  customerId: demoIds.customers.umbrella,
  ticketId: 'ticket-new',
  currency: 'GBP',
  issueDate: '2026-01-05',
  lines: [
    { description: 'Consulting', quantity: 1.25, unitPrice: 9999, taxRatePercent: 20, discountPercent: 12.5 },
    { description: 'Travel', quantity: 3, unitPrice: 1, taxRatePercent: 7.125 },
  ],
  ...over,
});

describe('documents', () => {
  it('create → list → summary: totals are the contract\'s documentTotals', async () => {
    serve('demo');
    const body = invoice();
    const created = await call('POST', '/documents', { body });
    assert.equal(created.status, 201);
    assert.deepEqual(created.json.totals, documentTotals(body.lines));
    assert.equal(created.json.status, 'draft');
    assert.equal(created.json.number, 'INV-000009', 'gapless after the demo\'s eight');
    assert.equal(created.json.dueDate, '2026-02-04', 'the customer\'s 30 days');
    assert.equal(created.headers.get('ETag'), '"1"');

    const listed = await call('GET', '/documents?ticketId=ticket-new');
    assert.deepEqual(listed.json.items.map((d: { id: string }) => d.id), [created.json.id]);

    const sent = await call('POST', `/documents/${created.json.id}/mark-sent`, { headers: { 'If-Match': '1' } });
    assert.equal(sent.json.status, 'sent');
    const summary = await call('GET', '/documents/summary?ticketId=ticket-new');
    const total = documentTotals(body.lines).total;
    assert.deepEqual(summary.json.currencies, [{ currency: 'GBP', count: 1, invoiced: total, outstanding: total, overdue: total }]);
  });

  it('an idempotent create answers the same document; another body under the key is a 422', async () => {
    serve('demo');
    const headers = { 'Idempotency-Key': 'create-1' };
    const first = await call('POST', '/documents', { body: invoice(), headers });
    const again = await call('POST', '/documents', { body: invoice(), headers });
    assert.equal(again.status, 201);
    assert.deepEqual(again.json, first.json);
    assert.equal((await call('GET', '/documents?ticketId=ticket-new')).json.items.length, 1);
    const other = await call('POST', '/documents', { body: invoice({ notes: 'changed' }), headers });
    assert.equal(other.status, 422);
    assert.equal(other.json.error.code, 'idempotency_mismatch');
    const next = await call('POST', '/documents', { body: invoice() });
    assert.equal(next.json.number, 'INV-000010', 'no number was used up by the replay');
  });

  it('changes need If-Match: missing → 428, stale → 412 with the current document', async () => {
    serve('demo');
    const id = demoIds.invoices.draft;
    const missing = await call('PATCH', `/documents/${id}`, { body: { notes: 'x' } });
    assert.equal(missing.status, 428);
    assert.equal(missing.json.error.code, 'precondition_required');
    const { json: current } = await call('GET', `/documents/${id}`);
    const ok = await call('PATCH', `/documents/${id}`, { body: { notes: 'first' }, headers: { 'If-Match': String(current.version) } });
    assert.equal(ok.status, 200);
    assert.equal(ok.json.version, current.version + 1);
    const stale = await call('PATCH', `/documents/${id}`, { body: { notes: 'second' }, headers: { 'If-Match': `"${current.version}"` } });
    assert.equal(stale.status, 412);
    assert.equal(stale.json.error.code, 'precondition_failed');
    assert.equal(stale.json.error.current.notes, 'first');
    assert.equal(stale.json.error.current.version, current.version + 1);
  });

  it('a time entry is invoiced once (409), non-billable time never (422), and void releases it', async () => {
    serve('demo');
    const [te1] = demoIds.timeEntries.billable;
    const withTime = (ids: string[]) =>
      invoice({ customerId: demoIds.customers.acme, currency: 'USD', ticketId: demoIds.ticketId, lines: [{ description: 'Time', quantity: 1.5, unitPrice: 12000, timeEntryIds: ids }] });
    const first = await call('POST', '/documents', { body: withTime([te1]) });
    assert.equal(first.status, 201);
    const entries = (await call('GET', `/time-entries?ticketId=${demoIds.ticketId}`)).json.items;
    assert.deepEqual(entries.find((e: { hostId: string }) => e.hostId === te1).invoicedBy, { documentId: first.json.id, number: first.json.number });

    const twice = await call('POST', '/documents', { body: withTime([te1]) });
    assert.equal(twice.status, 409);
    assert.deepEqual(twice.json.error.issues[0].path, ['lines', 0, 'timeEntryIds', 0]);
    const already = await call('POST', '/documents', { body: withTime([demoIds.timeEntries.invoiced]) });
    assert.equal(already.status, 409);
    const nonBillable = await call('POST', '/documents', { body: withTime([demoIds.timeEntries.nonBillable]) });
    assert.equal(nonBillable.status, 422);
    assert.equal(nonBillable.json.error.reason, 'not_billable');

    await call('POST', `/documents/${first.json.id}/void`, { headers: { 'If-Match': '1' } });
    assert.equal((await call('POST', '/documents', { body: withTime([te1]) })).status, 201, 'released by the void');
  });

  it('payments follow checkPayment: partial, full, then refused', async () => {
    serve('demo');
    const id = demoIds.invoices.sent;
    const { json: doc } = await call('GET', `/documents/${id}`);
    const part = await call('POST', `/documents/${id}/payments`, { body: { amount: 1000, date: '2026-01-10' } });
    assert.equal(part.status, 201);
    assert.equal(part.json.document.status, 'partially_paid');
    assert.equal(part.json.document.balance, doc.balance - 1000);
    assert.equal(part.json.payment.method, 'bank_transfer');
    const over = await call('POST', `/documents/${id}/payments`, { body: { amount: doc.balance, date: '2026-01-10' } });
    assert.equal(over.status, 422);
    assert.equal(over.json.error.reason, 'overpayment');
    const rest = await call('POST', `/documents/${id}/payments`, { body: { amount: doc.balance - 1000, date: '2026-01-11' } });
    assert.equal(rest.json.document.status, 'paid');
    assert.equal(rest.json.document.balance, 0);
    const voidPaid = await call('POST', `/documents/${id}/void`, { headers: { 'If-Match': String(rest.json.document.version) } });
    assert.equal(voidPaid.status, 422);
    assert.equal(voidPaid.json.error.reason, 'paid_cannot_be_voided');
  });

  it('convert, clone, email, delete and the PDF', async () => {
    const store = serve('demo');
    const quote = demoIds.quotes.accepted;
    const { json: q } = await call('GET', `/documents/${quote}`);
    const converted = await call('POST', `/documents/${quote}/convert`, { headers: { 'If-Match': String(q.version) } });
    assert.equal(converted.status, 201);
    assert.equal(converted.json.kind, 'invoice');
    assert.equal(converted.json.convertedFrom, quote);
    assert.deepEqual(converted.json.totals, q.totals);
    const after = (await call('GET', `/documents/${quote}`)).json;
    assert.equal(after.status, 'invoiced');
    assert.equal(after.convertedTo, converted.json.id);
    const again = await call('POST', `/documents/${quote}/convert`, { headers: { 'If-Match': String(after.version) } });
    assert.equal(again.status, 422);
    const rule = actionState(after, 'convert', permissionsOf('agent'));
    assert.equal(again.json.error.reason, rule.allowed ? undefined : rule.reason, "the contract's reason");

    const clone = await call('POST', `/documents/${demoIds.invoices.paid}/clone`);
    assert.equal(clone.status, 201);
    assert.equal(clone.json.status, 'draft');
    assert.ok(clone.json.lines.every((l: { timeEntryIds: string[] }) => l.timeEntryIds.length === 0), 'time stays with the original');

    const emailed = await call('POST', `/documents/${clone.json.id}/email`, { body: { message: 'Hello' } });
    assert.equal(emailed.json.status, 'sent');
    const mail = store.sentEmails.at(-1)!;
    assert.deepEqual(mail.to, ['billing@acme.test'], 'the customer\'s email by default');
    assert.equal(mail.attachment, `${clone.json.number}.pdf`);

    const deleted = await call('DELETE', `/documents/${demoIds.invoices.draft}`, { headers: { 'If-Match': '*' } });
    assert.equal(deleted.json.status, 'deleted');

    const pdf = await call('GET', `/documents/${demoIds.invoices.sent}/pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('Content-Type'), 'application/pdf');
    assert.match(pdf.text, /^%PDF-1\.4/);
    assert.match(pdf.text, /INV-000005/);
    assert.match(pdf.text, /%%EOF\n$/);
    const xref = Number(/startxref\n(\d+)/.exec(pdf.text)![1]);
    assert.equal(pdf.text.slice(xref, xref + 4), 'xref', 'offsets are right');
  });

  it('as the server: the PDF prints a line’s net amount and a quote’s validity; an email’s empty subject is the standard one, the note said once', async () => {
    const store = serve('demo');
    const created = (await call('POST', '/documents', { body: invoice({ dueDate: '2026-02-01' }) })).json;
    const pdf = (await call('GET', `/documents/${created.id}/pdf`)).text;
    const net = (minor: number) => `${(minor / 100).toFixed(2)} GBP`;
    for (const line of created.lines) assert.ok(pdf.includes(`= ${net(line.amounts.net)}`), `${line.description} at its net amount`);
    assert.ok(!pdf.includes(`= ${net(created.lines[0].amounts.total)}`), 'not the amount with tax');
    const quote = (await call('POST', '/documents', { body: invoice({ kind: 'quote', dueDate: '2026-02-01' }) })).json;
    assert.match((await call('GET', `/documents/${quote.id}/pdf`)).text, /valid until 2026-02-01/);

    await call('POST', `/documents/${created.id}/email`, { body: { subject: '', message: 'See you Friday.' } });
    const mail = store.sentEmails.at(-1)!;
    assert.equal(mail.subject, `Invoice ${created.number} from Northwind Support`);
    assert.equal(mail.text.split('See you Friday.').length - 1, 1);
    assert.equal(mail.text.split('Please find').length - 1, 1);
  });

  it('bad input is a 400 whose issues point at the fields', async () => {
    serve('demo');
    const bad = await call('POST', '/documents', { body: invoice({ lines: [{ description: 'x', quantity: 0.00001, unitPrice: 1 }] }) });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'bad_request');
    assert.deepEqual(bad.json.error.issues[0].path, ['lines', 0, 'quantity']);
    assert.equal((await call('GET', '/documents?limit=0')).status, 400);
    assert.equal((await call('GET', '/documents?cursor=nope')).status, 400);
    const json = await fetch('http://ledger.test/v1/documents', { method: 'POST', headers: { Authorization: 'Bearer t' }, body: '{' });
    assert.equal(json.status, 400);
    assert.equal((await call('GET', '/no-such-route')).status, 404);
    assert.equal((await call('GET', '/documents/nope')).status, 404);
  });

  it('a client sees only its own customer\'s documents', async () => {
    serve('demo');
    const mine = await call('GET', '/documents?limit=200', { token: as(demoIds.users.client) });
    assert.ok(mine.json.items.length > 0);
    assert.ok(mine.json.items.every((d: { customerId: string }) => d.customerId === demoIds.customers.acme));
    assert.equal((await call('GET', `/documents/${demoIds.invoices.otherCurrency}`, { token: as(demoIds.users.client) })).status, 404);
    assert.equal((await call('GET', `/documents/${demoIds.invoices.otherCurrency}`, { token: as(demoIds.users.otherClient) })).status, 200);
    assert.equal((await call('GET', '/customers', { token: as(demoIds.users.client) })).status, 403);
  });

  it('a client sees only documents sent to it, as the server (contract visibleToClient)', async () => {
    serve('demo');
    const client = { token: as(demoIds.users.client) };
    // A fresh Acme draft with a thread: hidden from the client everywhere until it is sent.
    const draft = (await call('POST', '/documents', { body: invoice({ customerId: demoIds.customers.acme, currency: 'USD' }) })).json;
    const thread = (await call('POST', '/conversations', { body: { transactionType: 'invoice', transactionId: draft.id } })).json;
    const recipients = (await call('GET', `/recipients?transactionType=invoice&transactionId=${draft.id}`)).json.items;
    assert.deepEqual(recipients.filter((r: { kind: string }) => r.kind === 'customer_contact'), [], 'nobody of the customer on a draft');
    const listed = (await call('GET', '/documents?limit=200', client)).json.items;
    assert.ok(listed.length > 0);
    assert.ok(listed.every((d: Parameters<typeof visibleToClient>[0]) => visibleToClient(d)), listed.map((d: { number: string; status: string }) => `${d.number} ${d.status}`).join());
    for (const id of [draft.id, demoIds.invoices.draft, demoIds.invoices.deleted, demoIds.quotes.draft]) {
      assert.equal((await call('GET', `/documents/${id}`, client)).status, 404, id);
      assert.equal((await call('GET', `/documents/${id}/pdf`, client)).status, 404, `${id} pdf`);
    }
    assert.equal((await call('GET', `/conversations?transactionType=invoice&transactionId=${draft.id}`, client)).status, 404);
    assert.equal((await call('GET', `/conversations/${thread.id}/messages`, client)).status, 404);
    const sent = await call('POST', `/documents/${draft.id}/mark-sent`, { headers: { 'If-Match': '1' } });
    assert.equal(sent.status, 200);
    assert.equal((await call('GET', `/documents/${draft.id}`, client)).status, 200, 'visible once sent');
    assert.equal((await call('GET', `/conversations/${thread.id}/messages`, client)).status, 200, 'and its thread');
  });

  it('a due date before the issue date: 400 on create, 422 on an edit, at dueDate, as the server', async () => {
    serve('demo');
    const early = await call('POST', '/documents', { body: invoice({ issueDate: '2026-03-12', dueDate: '2026-03-11' }) });
    assert.equal(early.status, 400);
    assert.deepEqual(early.json.error.issues, [{ path: ['dueDate'], message: 'The due date cannot be before the issue date' }]);
    const doc = (await call('POST', '/documents', { body: invoice({ issueDate: '2026-03-12', dueDate: '2026-03-20' }) })).json;
    const back = await call('PATCH', `/documents/${doc.id}`, { body: { issueDate: '2026-04-01' }, headers: { 'If-Match': '1' } });
    assert.equal(back.status, 422);
    assert.equal(back.json.error.reason, 'due_before_issue');
    assert.deepEqual(back.json.error.issues, [{ path: ['dueDate'], message: 'The due date cannot be before the issue date' }]);
    assert.equal((await call('PATCH', `/documents/${doc.id}`, { body: { dueDate: '2026-03-12' }, headers: { 'If-Match': '1' } })).status, 200);
  });

  it('summary per currency never mixes currencies', async () => {
    serve('demo');
    const { json } = await call('GET', '/documents/summary');
    assert.deepEqual(json.currencies.map((c: { currency: string }) => c.currency), ['CZK', 'USD']);
    const usd = json.currencies[1];
    assert.ok(usd.overdue > 0 && usd.overdue <= usd.outstanding && usd.outstanding <= usd.invoiced);
  });
});
