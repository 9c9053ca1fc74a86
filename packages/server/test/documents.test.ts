/**
 * Documents over real HTTP: create / edit / If-Match / actions / payments / conversion /
 * summary, idempotency and numbering under concurrency, time entries never billed twice.
 * Runs on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { documentTotals, parseDocumentNumber, SEARCH_QUERY_MAX_LENGTH } from '@ledgerside/contract';
import { demoIds } from '../src/index.js';
import { client, expectError, expectStatus, invoiceBody, today, type Client, type Json } from './helpers/http.js';
import { backends, startTestServer, type TestServer } from './helpers/server.js';

const ACME = demoIds.customers.acme;

for (const backend of backends()) {
  describe(`documents on ${backend.name}`, { skip: backend.skip }, () => {
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

    const create = async (extra: Record<string, unknown> = {}) => {
      const reply = await api.post('/v1/documents', { token: agent, body: invoiceBody(ACME, extra) });
      expectStatus(reply, 201, 'create');
      return reply.body;
    };

    it('creates an invoice with exact totals, a number and version 1', async () => {
      const lines = [
        { description: 'Consulting', quantity: 1.25, unitPrice: 9_999, discountPercent: 12.5, taxRatePercent: 7.125 },
        { description: 'Setup', quantity: 1, unitPrice: 150_000 },
      ];
      const reply = await api.post('/v1/documents', { token: agent, body: invoiceBody(ACME, { lines, ticketId: 'T-9' }) });
      expectStatus(reply, 201);
      const doc = reply.body;
      assert.match(doc.number, /^INV-\d{6}$/);
      assert.equal(parseDocumentNumber(doc.number)?.kind, 'invoice', 'the contract reads the server\'s number back');
      assert.deepEqual(doc.totals, documentTotals(lines));
      assert.equal(doc.status, 'draft');
      assert.equal(doc.version, 1);
      assert.equal(doc.balance, doc.totals.total);
      assert.equal(doc.customerName, 'Acme Corp');
      assert.equal(reply.headers.get('etag'), '"1"');
      // Invoices default to the customer's payment terms.
      assert.equal(doc.paymentTermsDays, 30);
      const read = await api.get(`/v1/documents/${doc.id}`, { token: agent });
      assert.deepEqual(read.body, doc);
    });

    it('derives the due date from terms; a given due date stands alone', async () => {
      const byTerms = await create({ issueDate: '2026-03-01' });
      assert.deepEqual([byTerms.paymentTermsDays, byTerms.dueDate], [30, '2026-03-31']);
      const moved = await api.patch(`/v1/documents/${byTerms.id}`, { token: agent, body: { issueDate: '2026-04-01' }, ifMatch: 1 });
      assert.deepEqual([moved.body.paymentTermsDays, moved.body.dueDate], [30, '2026-05-01']);
      const fixed = await api.patch(`/v1/documents/${byTerms.id}`, { token: agent, body: { dueDate: '2026-06-15' }, ifMatch: 2 });
      assert.deepEqual([fixed.body.paymentTermsDays, fixed.body.dueDate], [null, '2026-06-15']);
      const given = await create({ issueDate: '2026-03-01', dueDate: '2026-03-10' });
      assert.deepEqual([given.paymentTermsDays, given.dueDate], [null, '2026-03-10']);
      const terms = await create({ issueDate: '2026-03-01', paymentTermsDays: 7 });
      assert.deepEqual([terms.paymentTermsDays, terms.dueDate], [7, '2026-03-08']);
    });

    it('refuses a due date before the issue date, on create (400) and on edit after merging (422), at dueDate', async () => {
      const early = await api.post('/v1/documents', { token: agent, body: invoiceBody(ACME, { issueDate: '2026-03-12', dueDate: '2026-03-11' }) });
      expectError(early, 400, 'bad_request');
      assert.deepEqual(early.body.error.issues, [{ path: ['dueDate'], message: 'The due date cannot be before the issue date' }]);
      const doc = await create({ issueDate: '2026-03-12', dueDate: '2026-03-20' });
      const dueBack = await api.patch(`/v1/documents/${doc.id}`, { token: agent, body: { dueDate: '2026-03-01' }, ifMatch: 1 });
      expectError(dueBack, 422, 'unprocessable');
      assert.equal(dueBack.body.error.reason, 'due_before_issue');
      assert.deepEqual(dueBack.body.error.issues, [{ path: ['dueDate'], message: 'The due date cannot be before the issue date' }]);
      // Moving the issue date past a fixed due date is the same mistake.
      const issueLater = await api.patch(`/v1/documents/${doc.id}`, { token: agent, body: { issueDate: '2026-04-01' }, ifMatch: 1 });
      expectError(issueLater, 422, 'unprocessable');
      assert.deepEqual(issueLater.body.error.issues[0].path, ['dueDate']);
      const same = await api.patch(`/v1/documents/${doc.id}`, { token: agent, body: { dueDate: '2026-03-12' }, ifMatch: 1 });
      expectStatus(same, 200);
      assert.equal(same.body.dueDate, '2026-03-12');
    });

    it('refuses a zero quantity at the line, saying what is allowed', async () => {
      const reply = await api.post('/v1/documents', { token: agent, body: invoiceBody(ACME, { lines: [{ description: 'Nothing', quantity: 0, unitPrice: 100 }] }) });
      expectError(reply, 400, 'bad_request');
      assert.deepEqual(reply.body.error.issues, [{ path: ['lines', 0, 'quantity'], message: 'Quantity must be greater than 0' }]);
    });

    it('refuses a search longer than SEARCH_QUERY_MAX_LENGTH with a field issue on q', async () => {
      const ok = await api.get(`/v1/customers?q=${'a'.repeat(SEARCH_QUERY_MAX_LENGTH)}`, { token: agent });
      expectStatus(ok, 200);
      const long = await api.get(`/v1/customers?q=${'a'.repeat(330)}`, { token: agent });
      expectError(long, 400, 'bad_request');
      assert.deepEqual(long.body.error.issues, [{ path: ['query', 'q'], message: `A search takes at most ${SEARCH_QUERY_MAX_LENGTH} characters` }]);
    });

    it('rejects bad input with 400 and issues pointing at the field', async () => {
      const reply = await api.post('/v1/documents', {
        token: agent,
        body: invoiceBody(ACME, { lines: [{ description: 'x', quantity: 1.00001, unitPrice: 1 }] }),
      });
      expectError(reply, 400, 'bad_request');
      assert.ok(reply.body.error.issues.some((i: Json) => i.path.join('.') === 'lines.0.quantity'), JSON.stringify(reply.body));
      const noCurrency = await api.post('/v1/documents', { token: agent, body: { ...invoiceBody(ACME), currency: 'XXX1' } });
      expectError(noCurrency, 400, 'bad_request');
      const unknownCustomer = await api.post('/v1/documents', { token: agent, body: invoiceBody('cus_nobody') });
      expectError(unknownCustomer, 422, 'unprocessable');
      assert.equal(unknownCustomer.body.error.reason, 'unknown_customer');
      assert.deepEqual(unknownCustomer.body.error.issues[0].path, ['customerId']);
    });

    it('edits need If-Match: missing → 428, stale → 412 with the current document', async () => {
      const doc = await create();
      const patch = { notes: 'Thanks!' };
      expectError(await api.patch(`/v1/documents/${doc.id}`, { token: agent, body: patch }), 428, 'precondition_required');
      const ok = await api.patch(`/v1/documents/${doc.id}`, { token: agent, body: patch, ifMatch: '"1"' });
      expectStatus(ok, 200);
      assert.equal(ok.body.version, 2);
      assert.equal(ok.body.notes, 'Thanks!');
      const stale = await api.patch(`/v1/documents/${doc.id}`, { token: agent, body: { notes: 'again' }, ifMatch: 1 });
      expectError(stale, 412, 'precondition_failed');
      assert.equal(stale.body.error.current.version, 2);
      assert.equal(stale.body.error.current.notes, 'Thanks!');
      const lines = [{ description: 'Replaced', quantity: 2, unitPrice: 500 }];
      const relined = await api.patch(`/v1/documents/${doc.id}`, { token: agent, body: { lines }, ifMatch: 2 });
      expectStatus(relined, 200);
      assert.equal(relined.body.totals.total, 1000);
    });

    it('follows the status machine: send, pay partly, pay fully; paid cannot be voided', async () => {
      const doc = await create({ lines: [{ description: 'Work', quantity: 1, unitPrice: 10_000 }] });
      const sent = await api.post(`/v1/documents/${doc.id}/mark-sent`, { token: agent, ifMatch: doc.version });
      expectStatus(sent, 200);
      assert.equal(sent.body.status, 'sent');
      assert.ok(sent.body.sentAt);
      const again = await api.post(`/v1/documents/${doc.id}/mark-sent`, { token: agent, ifMatch: sent.body.version });
      expectError(again, 422, 'unprocessable');
      assert.equal(again.body.error.reason, 'same_status');

      const over = await api.post(`/v1/documents/${doc.id}/payments`, { token: agent, body: { amount: 10_001, date: today() } });
      expectError(over, 422, 'unprocessable');
      assert.equal(over.body.error.reason, 'overpayment');
      const part = await api.post(`/v1/documents/${doc.id}/payments`, { token: agent, body: { amount: 4_000, date: today() } });
      expectStatus(part, 201);
      assert.equal(part.body.document.status, 'partially_paid');
      assert.equal(part.body.document.balance, 6_000);
      assert.equal(part.body.payment.currency, 'USD');
      const full = await api.post(`/v1/documents/${doc.id}/payments`, { token: agent, body: { amount: 6_000, date: today(), method: 'card' } });
      expectStatus(full, 201);
      assert.equal(full.body.document.status, 'paid');
      assert.equal(full.body.document.balance, 0);

      const voided = await api.post(`/v1/documents/${doc.id}/void`, { token: agent, ifMatch: full.body.document.version });
      expectError(voided, 422, 'unprocessable');
      assert.equal(voided.body.error.reason, 'paid_cannot_be_voided');
    });

    it('void is final; delete keeps the document with status deleted; clone makes a new draft', async () => {
      const a = await create();
      const voided = await api.post(`/v1/documents/${a.id}/void`, { token: agent, ifMatch: 1 });
      expectStatus(voided, 200);
      assert.equal(voided.body.status, 'void');
      const edit = await api.patch(`/v1/documents/${a.id}`, { token: agent, body: { notes: 'x' }, ifMatch: 2 });
      expectError(edit, 422, 'unprocessable');
      assert.equal(edit.body.error.reason, 'void_is_final');

      const b = await create();
      const deleted = await api.del(`/v1/documents/${b.id}`, { token: agent, ifMatch: 1 });
      expectStatus(deleted, 200);
      assert.equal(deleted.body.status, 'deleted');
      assert.equal((await api.get(`/v1/documents/${b.id}`, { token: agent })).body.status, 'deleted');

      const clone = await api.post(`/v1/documents/${a.id}/clone`, { token: agent });
      expectStatus(clone, 201);
      assert.notEqual(clone.body.id, a.id);
      assert.notEqual(clone.body.number, a.number);
      assert.equal(clone.body.status, 'draft');
      assert.deepEqual(clone.body.totals, a.totals);
      assert.equal(clone.body.issueDate, today());
    });

    it('converts a quote into an invoice once', async () => {
      const quote = await create({ kind: 'quote', dealId: 'DEAL-9' });
      assert.match(quote.number, /^QT-\d{6}$/);
      const converted = await api.post(`/v1/documents/${quote.id}/convert`, { token: agent, ifMatch: 1 });
      expectStatus(converted, 201);
      assert.equal(converted.body.kind, 'invoice');
      assert.equal(converted.body.convertedFrom, quote.id);
      assert.equal(converted.body.dealId, 'DEAL-9');
      const after = (await api.get(`/v1/documents/${quote.id}`, { token: agent })).body;
      assert.equal(after.status, 'invoiced');
      assert.equal(after.convertedTo, converted.body.id);
      const twice = await api.post(`/v1/documents/${quote.id}/convert`, { token: agent, ifMatch: after.version });
      expectError(twice, 422, 'unprocessable');
      const invoice = await api.post(`/v1/documents/${converted.body.id}/convert`, { token: agent, ifMatch: 1 });
      expectError(invoice, 422, 'unprocessable');
      assert.equal(invoice.body.error.reason, 'not_a_quote');
    });

    it('derives overdue, filters by display status and sums per currency', async () => {
      const ticketId = `T-sum-${backend.name}`;
      const overdue = await create({ ticketId, issueDate: today(-40), dueDate: today(-10) });
      await api.post(`/v1/documents/${overdue.id}/mark-sent`, { token: agent, ifMatch: 1 });
      const current = await create({ ticketId, dueDate: today(10) });
      await api.post(`/v1/documents/${current.id}/mark-sent`, { token: agent, ifMatch: 1 });
      await create({ ticketId, currency: 'EUR' }); // draft: not counted
      const euro = await create({ ticketId, currency: 'EUR' });
      const euroSent = await api.post(`/v1/documents/${euro.id}/mark-sent`, { token: agent, ifMatch: 1 });
      await api.post(`/v1/documents/${euro.id}/payments`, { token: agent, body: { amount: 1_000, date: today() } });

      const read = (await api.get(`/v1/documents/${overdue.id}`, { token: agent })).body;
      assert.equal(read.status, 'sent');
      assert.equal(read.displayStatus, 'overdue');
      const list = await api.get(`/v1/documents?ticketId=${ticketId}&status=overdue`, { token: agent });
      expectStatus(list, 200);
      assert.deepEqual(list.body.items.map((d: Json) => d.id), [overdue.id]);
      const sentOnly = await api.get(`/v1/documents?ticketId=${ticketId}&status=sent`, { token: agent });
      assert.deepEqual(sentOnly.body.items.map((d: Json) => d.id), [current.id]);

      const summary = await api.get(`/v1/documents/summary?ticketId=${ticketId}`, { token: agent });
      expectStatus(summary, 200);
      const total = overdue.totals.total;
      assert.deepEqual(summary.body.currencies, [
        { currency: 'EUR', count: 1, invoiced: euroSent.body.totals.total, outstanding: euroSent.body.totals.total - 1_000, overdue: 0 },
        { currency: 'USD', count: 2, invoiced: 2 * total, outstanding: 2 * total, overdue: total },
      ]);
    });

    it('lists newest first with cursors that neither skip nor repeat', async () => {
      const ticketId = `T-page-${backend.name}`;
      const made = [];
      for (let i = 0; i < 5; i++) made.push((await create({ ticketId })).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const reply: Json = await api.get(`/v1/documents?ticketId=${ticketId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: agent });
        expectStatus(reply, 200);
        seen.push(...reply.body.items.map((d: Json) => d.id));
        cursor = reply.body.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, made.reverse());
      expectError(await api.get('/v1/documents?cursor=garbage!', { token: agent }), 400, 'bad_request');
      expectError(await api.get('/v1/documents?limit=0', { token: agent }), 400, 'bad_request');
    });

    it('20 concurrent creates with one Idempotency-Key make one document', async () => {
      const key = `idem-${backend.name}-${Date.now()}`;
      const body = invoiceBody(ACME, { reference: key });
      const replies = await Promise.all(
        Array.from({ length: 20 }, () => api.post('/v1/documents', { token: agent, body, idempotencyKey: key })),
      );
      for (const r of replies) expectStatus(r, 201, 'idempotent create');
      assert.equal(new Set(replies.map((r) => r.body.id)).size, 1);
      assert.equal(replies.filter((r) => r.headers.get('idempotent-replayed') === 'true').length, 19);
      const [count] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents WHERE reference = $1', [key]);
      assert.equal(Number(count!.n), 1);

      const other = await api.post('/v1/documents', { token: agent, body: { ...body, notes: 'different' }, idempotencyKey: key });
      expectError(other, 422, 'idempotency_mismatch');
      // Another user's identical key is another request.
      const mine = await api.post('/v1/documents', { token: admin, body, idempotencyKey: key });
      expectStatus(mine, 201);
      assert.notEqual(mine.body.id, replies[0]!.body.id);
    });

    it('50 concurrent creates get unique, gapless numbers', async () => {
      const replies = await Promise.all(Array.from({ length: 50 }, () => api.post('/v1/documents', { token: agent, body: invoiceBody(ACME) })));
      for (const r of replies) expectStatus(r, 201, 'concurrent create');
      const numbers = replies.map((r) => parseDocumentNumber(r.body.number)!.n).sort((a, b) => a - b);
      assert.equal(new Set(numbers).size, 50);
      assert.equal(numbers.at(-1)! - numbers[0]! + 1, 50, `gap in ${numbers.join(',')}`);
      // And nothing else in the organization took a number in between or skipped one.
      const rows = await server.db.query<{ number: string }>(
        `SELECT number FROM documents WHERE organization_id = $1 AND kind = 'invoice' ORDER BY number`,
        [demoIds.organizationId],
      );
      const all = rows.map((r) => parseDocumentNumber(r.number)!.n).sort((a, b) => a - b);
      assert.deepEqual(all, Array.from({ length: all.length }, (_, i) => i + 1));
    });

    describe('time entries', () => {
      const ticketId = `T-time-${backend.name}`;
      const entry = (hostId: string, extra: Record<string, unknown> = {}) => ({
        hostId,
        userId: 'u-alex',
        userName: 'Alex Agent',
        date: today(),
        minutes: 90,
        description: `Work ${hostId}`,
        billable: true,
        hourlyRate: 12_000,
        currency: 'USD',
        ...extra,
      });
      const billing = (ids: string[], extra: Record<string, unknown> = {}) =>
        invoiceBody(ACME, {
          ticketId,
          lines: [{ description: 'Time', quantity: 1.5, unitPrice: 12_000, timeEntryIds: ids }],
          ...extra,
        });

      before(async () => {
        const put = await api.put('/v1/time-entries', {
          token: agent,
          body: { ticketId, entries: [entry('h-1'), entry('h-2'), entry('h-free', { billable: false }), entry('h-eur', { currency: 'EUR' }), entry('h-race')] },
        });
        expectStatus(put, 200);
        assert.equal(put.body.items.length, 5);
      });

      it('upserts by host id and shows invoicedBy', async () => {
        const again = await api.put('/v1/time-entries', { token: agent, body: { ticketId, entries: [entry('h-1', { minutes: 60 })] } });
        expectStatus(again, 200);
        assert.equal(again.body.items.find((e: Json) => e.hostId === 'h-1').minutes, 60);
        const invoice = await api.post('/v1/documents', { token: agent, body: billing(['h-1']) });
        expectStatus(invoice, 201);
        const list = await api.get(`/v1/time-entries?ticketId=${ticketId}`, { token: agent });
        assert.deepEqual(list.body.items.find((e: Json) => e.hostId === 'h-1').invoicedBy, {
          documentId: invoice.body.id,
          number: invoice.body.number,
        });
        // Locked: the host's later edits do not change what was billed.
        await api.put('/v1/time-entries', { token: agent, body: { ticketId, entries: [entry('h-1', { minutes: 999 })] } });
        const locked = await api.get(`/v1/time-entries?ticketId=${ticketId}`, { token: agent });
        assert.equal(locked.body.items.find((e: Json) => e.hostId === 'h-1').minutes, 60);

        const second = await api.post('/v1/documents', { token: agent, body: billing(['h-1']) });
        expectError(second, 409, 'conflict');
        assert.equal(second.body.error.reason, 'time_entry_invoiced');

        // Voiding releases it.
        await api.post(`/v1/documents/${invoice.body.id}/void`, { token: agent, ifMatch: 1 });
        const rebill = await api.post('/v1/documents', { token: agent, body: billing(['h-1']) });
        expectStatus(rebill, 201);
        // And deleting releases it too.
        await api.del(`/v1/documents/${rebill.body.id}`, { token: agent, ifMatch: 1 });
        const free = await api.get(`/v1/time-entries?ticketId=${ticketId}`, { token: agent });
        assert.equal(free.body.items.find((e: Json) => e.hostId === 'h-1').invoicedBy, null);
      });

      it('an entry on another invoice is refused as invoiced, even in another currency (the contract\'s timeEntryLock)', async () => {
        expectStatus(await api.put('/v1/time-entries', { token: agent, body: { ticketId, entries: [entry('h-eur-billed', { currency: 'EUR' })] } }), 200);
        const eur = await api.post('/v1/documents', { token: agent, body: billing(['h-eur-billed'], { currency: 'EUR' }) });
        expectStatus(eur, 201, 'a EUR invoice bills the EUR entry');
        const usd = await api.post('/v1/documents', { token: agent, body: billing(['h-eur-billed']) });
        expectError(usd, 409, 'conflict');
        assert.equal(usd.body.error.reason, 'time_entry_invoiced', 'no currency would free it');
        assert.deepEqual(usd.body.error.issues[0].path, ['lines', 0, 'timeEntryIds', 0]);
      });

      it('refuses non-billable, other-currency and unknown entries', async () => {
        const free = await api.post('/v1/documents', { token: agent, body: billing(['h-free']) });
        expectError(free, 422, 'unprocessable');
        assert.equal(free.body.error.reason, 'not_billable');
        const eur = await api.post('/v1/documents', { token: agent, body: billing(['h-eur']) });
        assert.equal(eur.body.error.reason, 'currency_mismatch');
        const unknown = await api.post('/v1/documents', { token: agent, body: billing(['h-nope']) });
        expectError(unknown, 422, 'unprocessable');
        assert.equal(unknown.body.error.reason, 'unknown_time_entry');
        assert.deepEqual(unknown.body.error.issues[0].path, ['lines', 0, 'timeEntryIds', 0]);
        const twice = await api.post('/v1/documents', {
          token: agent,
          body: invoiceBody(ACME, {
            lines: [
              { description: 'a', quantity: 1, unitPrice: 1, timeEntryIds: ['h-2'] },
              { description: 'b', quantity: 1, unitPrice: 1, timeEntryIds: ['h-2'] },
            ],
          }),
        });
        expectError(twice, 409, 'conflict');
        assert.deepEqual(twice.body.error.issues[0].path, ['lines', 1, 'timeEntryIds', 0]);
        // A quote names entries without holding them.
        expectStatus(await api.post('/v1/documents', { token: agent, body: billing(['h-2'], { kind: 'quote' }) }), 201);
      });

      it('cannot be invoiced twice even by concurrent requests', async () => {
        const replies = await Promise.all(
          Array.from({ length: 6 }, () => api.post('/v1/documents', { token: agent, body: billing(['h-race', 'h-2']) })),
        );
        const statuses = replies.map((r) => r.status).sort();
        assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409], JSON.stringify(replies.map((r) => r.body)));
        const winner = replies.find((r) => r.status === 201)!.body;
        const list = await api.get(`/v1/time-entries?ticketId=${ticketId}`, { token: agent });
        for (const id of ['h-race', 'h-2']) {
          assert.equal(list.body.items.find((e: Json) => e.hostId === id).invoicedBy.documentId, winner.id);
        }
        // The failed attempts took no numbers: the sequence has no gap.
        const rows = await server.db.query<{ number: string }>(
          `SELECT number FROM documents WHERE organization_id = $1 AND kind = 'invoice' ORDER BY number`,
          [demoIds.organizationId],
        );
        const all = rows.map((r) => parseDocumentNumber(r.number)!.n).sort((a, b) => a - b);
        assert.deepEqual(all, Array.from({ length: all.length }, (_, i) => i + 1));
      });

      it('a quote converted to an invoice claims its entries then', async () => {
        await api.put('/v1/time-entries', { token: agent, body: { ticketId, entries: [entry('h-q')] } });
        const quote = await api.post('/v1/documents', { token: agent, body: billing(['h-q'], { kind: 'quote' }) });
        const invoice = await api.post(`/v1/documents/${quote.body.id}/convert`, { token: agent, ifMatch: 1 });
        expectStatus(invoice, 201);
        const list = await api.get(`/v1/time-entries?ticketId=${ticketId}`, { token: agent });
        assert.equal(list.body.items.find((e: Json) => e.hostId === 'h-q').invoicedBy.documentId, invoice.body.id);
      });
    });

    it('queues an email with the PDF and sends the draft', async () => {
      const doc = await create();
      const reply = await api.post(`/v1/documents/${doc.id}/email`, {
        token: agent,
        body: { to: ['ap@acme.example'], message: 'Hello' },
        idempotencyKey: `mail-${doc.id}`,
      });
      expectStatus(reply, 200);
      assert.equal(reply.body.status, 'sent');
      const rows = await server.db.query<{ recipients: string[]; subject: string; document_id: string }>(
        'SELECT recipients, subject, document_id FROM outbox WHERE document_id = $1',
        [doc.id],
      );
      assert.equal(rows.length, 1);
      assert.deepEqual(rows[0]!.recipients, ['ap@acme.example']);
      assert.match(rows[0]!.subject, new RegExp(doc.number));
      // Retried with the same key: no second email.
      await api.post(`/v1/documents/${doc.id}/email`, { token: agent, body: { to: ['ap@acme.example'], message: 'Hello' }, idempotencyKey: `mail-${doc.id}` });
      assert.equal((await server.db.query('SELECT id FROM outbox WHERE document_id = $1', [doc.id])).length, 1);
    });

    it('serves the PDF', async () => {
      const doc = await create();
      const reply = await fetch(`${server.url}/v1/documents/${doc.id}/pdf`, { headers: { authorization: `Bearer ${agent}` } });
      assert.equal(reply.status, 200);
      assert.equal(reply.headers.get('content-type'), 'application/pdf');
      const bytes = new Uint8Array(await reply.arrayBuffer());
      assert.equal(new TextDecoder().decode(bytes.slice(0, 5)), '%PDF-');
    });
  });
}
