/**
 * Invoices and quotes: every status move through the contract's `actionState` /
 * `canTransition`, every amount through `lineAmounts` / `documentTotals`, payments through
 * `checkPayment`, summaries through `summarizeDocuments`.
 */
import {
  actionState,
  canTransition,
  checkPayment,
  displayStatus,
  documentExternalUrl,
  dueDateError,
  dueDateOnCopy,
  dueDateOnCreate,
  dueDateOnEdit,
  documentTotals,
  lineAmounts,
  permissionsOf,
  routes,
  summarizeDocuments,
  toMajorString,
  visibleToClient,
  type Document,
  type DocumentAction,
  type DocumentKind,
  type DocumentLine,
  type DocumentStatus,
  type DocumentSummary,
  type Payment,
  type TimeEntry,
  type User,
} from '@ledgerside/contract';
import { ApiError, forbidden, notFound, refused } from '../errors.js';
import { pageNewestFirst, type Page } from '../paging.js';
import { renderPdf } from '../pdf.js';
import { parse } from '../validate.js';
import { CustomersPart } from './customers.js';
import type { Actor, DocumentCore, DocumentData, DocumentRow, LineData, SeedDocument, WriteOptions } from './types.js';

type SimpleAction = Extract<DocumentAction, 'mark_sent' | 'void' | 'delete'>;

export abstract class DocumentsPart extends CustomersPart {
  /** Newest first; `status` filters on the status a person sees (so `overdue` works). */
  listDocuments(actor: Actor, input: unknown = {}): Page<Document> {
    const user = this.authorize(actor, 'listDocuments');
    const query = parse(routes.listDocuments.query, input, 'query');
    const today = this.today();
    return pageNewestFirst(
      this.documentRows,
      query.cursor,
      query.limit ?? 25,
      ({ doc }) =>
        this.inScope(user, doc, query) &&
        (query.kind === undefined || doc.kind === query.kind) &&
        (query.status === undefined || displayStatus(doc, today) === query.status),
      (row) => this.documentView(row),
    );
  }

  documentSummary(actor: Actor, input: unknown = {}): DocumentSummary {
    const user = this.authorize(actor, 'documentSummary');
    const query = parse(routes.documentSummary.query, input, 'query');
    const docs = this.documentRows.flatMap(({ doc }) => (this.inScope(user, doc, query) ? [doc] : []));
    return summarizeDocuments(docs, this.today());
  }

  getDocument(actor: Actor, id: string): Document {
    const user = this.authorize(actor, 'getDocument');
    return this.documentView(this.documentFor(user, id));
  }

  /** The PDF as text (ASCII only, so its bytes are its characters). */
  documentPdf(actor: Actor, id: string): { filename: string; pdf: string } {
    const user = this.authorize(actor, 'documentPdf');
    const row = this.documentFor(user, id);
    this.allow(user, row, 'pdf');
    const d = row.doc;
    const money = (minor: number) => `${toMajorString(minor, d.currency)} ${d.currency}`;
    const lines = [
      this.organization.name,
      `${d.kind === 'invoice' ? 'Invoice' : 'Quote'} ${d.number} for ${d.customerName}`,
      `Issued ${d.issueDate}${d.dueDate ? (d.kind === 'quote' ? `, valid until ${d.dueDate}` : `, due ${d.dueDate}`) : ''}`,
      '',
      // A line's amount is its net amount, as on the server's PDF and in the components.
      ...d.lines.map((l) => `${l.description}: ${l.quantity} x ${money(l.unitPrice)} = ${money(l.amounts.net)}`),
      '',
      `Subtotal ${money(d.totals.subtotal)}`,
      `Discount ${money(d.totals.discount)}`,
      `Tax ${money(d.totals.tax)}`,
      `Total ${money(d.totals.total)}`,
      `Paid ${money(d.amountPaid)}`,
      `Balance ${money(d.balance)}`,
    ];
    return { filename: `${d.number}.pdf`, pdf: renderPdf(`${this.organization.name} ${d.number}`, lines) };
  }

  createDocument(actor: Actor, input: unknown, options: WriteOptions = {}): Document {
    const user = this.authorize(actor, 'createDocument');
    const body = parse(routes.createDocument.body, input, 'request body');
    return this.once(user, 'createDocument', options.idempotencyKey, body, () => {
      this.checkTemplate(body.template);
      return this.documentView(this.insertDocument(body));
    });
  }

  /** Edit a draft or sent document; invoiced time entries move with its lines. */
  updateDocument(actor: Actor, id: string, input: unknown, options: WriteOptions = {}): Document {
    const user = this.authorize(actor, 'updateDocument');
    const patch = parse(routes.updateDocument.body, input, 'request body');
    const row = this.documentFor(user, id);
    this.checkDocumentVersion(row, options.ifMatch);
    this.allow(user, row, 'edit');
    if (patch.template !== row.doc.template) this.checkTemplate(patch.template);
    const d = row.doc;
    const locked = patch.lines && d.kind === 'invoice' ? this.checkTimeEntries(d.id, patch.lines) : null;
    const next: Partial<DocumentCore> = {};
    for (const key of ['currency', 'issueDate', 'dueDate', 'paymentTermsDays', 'template', 'reference', 'notes'] as const) {
      if (patch[key] !== undefined) Object.assign(next, { [key]: patch[key] });
    }
    Object.assign(next, dueDateOnEdit(d, patch));
    // As the server: an edit is checked on the merged document.
    const dueError = dueDateError(next.issueDate ?? d.issueDate, next.dueDate !== undefined ? next.dueDate : d.dueDate);
    if (dueError) throw refused('due_before_issue', dueError, [{ path: ['dueDate'], message: dueError }]);
    if (patch.lines) {
      next.lines = priceLines(d.id, patch.lines);
      next.totals = documentTotals(patch.lines);
      next.balance = next.totals.total - d.amountPaid;
    }
    if (locked) {
      this.releaseTimeEntries(d.id);
      this.lockTimeEntries(d.id, d.number, locked);
    }
    return this.documentView(this.change(row, next));
  }

  /** Kept with status `deleted`; its time entries are free again. */
  deleteDocument(actor: Actor, id: string, options: WriteOptions = {}): Document {
    return this.simpleAction(actor, 'deleteDocument', 'delete', id, options);
  }

  voidDocument(actor: Actor, id: string, options: WriteOptions = {}): Document {
    return this.simpleAction(actor, 'voidDocument', 'void', id, options);
  }

  markDocumentSent(actor: Actor, id: string, options: WriteOptions = {}): Document {
    return this.simpleAction(actor, 'markDocumentSent', 'mark_sent', id, options);
  }

  /** A new draft with the same customer, lines and details; time entries stay with the original. */
  cloneDocument(actor: Actor, id: string, options: WriteOptions = {}): Document {
    const user = this.authorize(actor, 'cloneDocument');
    return this.once(user, 'cloneDocument', options.idempotencyKey, { id }, () => {
      const row = this.documentFor(user, id);
      this.allow(user, row, 'clone');
      const lines = row.doc.lines.map((l) => ({ ...lineInput(l), timeEntryIds: [] }));
      return this.documentView(this.insertDocument(this.copyOf(row.doc, row.doc.kind, lines)));
    });
  }

  /** Emails the document with its PDF; a draft becomes sent. */
  emailDocument(actor: Actor, id: string, input: unknown = {}, options: WriteOptions = {}): Document {
    const user = this.authorize(actor, 'emailDocument');
    const body = parse(routes.emailDocument.body, input, 'request body');
    return this.once(user, 'emailDocument', options.idempotencyKey, { id, body }, () => {
      const row = this.documentFor(user, id);
      this.allow(user, row, 'email');
      const d = row.doc;
      const customer = this.customers.get(d.customerId);
      const to = body.to ?? (customer ? [customer.email] : []);
      const what = d.kind === 'invoice' ? 'Invoice' : 'Quote';
      this.recordEmail(user, {
        kind: 'document',
        to,
        // As the server: an empty subject is the standard one; the message is a note inside the standard text.
        subject: body.subject?.trim() || `${what} ${d.number} from ${this.organization.name}`,
        text: ['Hello,', body.message?.trim(), `Please find attached ${what.toLowerCase()} ${d.number}.`, `Kind regards,\n${this.organization.name}`]
          .filter(Boolean)
          .join('\n\n'),
        documentId: d.id,
        conversationId: null,
        attachment: `${d.number}.pdf`,
      });
      if (d.status !== 'draft') return this.documentView(row);
      this.mustTransition(d.kind, d.status, 'sent');
      return this.documentView(this.change(row, { status: 'sent', sentAt: this.nowIso() }));
    });
  }

  /** Turns a quote into a new draft invoice; answers the invoice. */
  convertDocument(actor: Actor, id: string, options: WriteOptions = {}): Document {
    const user = this.authorize(actor, 'convertDocument');
    return this.once(user, 'convertDocument', options.idempotencyKey, { id }, () => {
      const row = this.documentFor(user, id);
      this.checkDocumentVersion(row, options.ifMatch);
      return this.documentView(this.convert(user, row));
    });
  }

  /** Partial → partially_paid, full → paid (the contract's `checkPayment` decides). */
  recordPayment(actor: Actor, id: string, input: unknown, options: WriteOptions = {}): { payment: Payment; document: Document } {
    const user = this.authorize(actor, 'recordPayment');
    const body = parse(routes.recordPayment.body, input, 'request body');
    return this.once(user, 'recordPayment', options.idempotencyKey, { id, body }, () => {
      const row = this.documentFor(user, id);
      const payment = this.pay(row, body);
      const result = { payment, document: this.documentView(row) };
      this.events.emit('payment.recorded', payment.createdAt, (viewer) => (this.canSeeDocument(viewer, row.doc) ? result : null));
      return result;
    });
  }

  /**
   * A status change made elsewhere (the client accepted the quote in the billing app): any
   * move the status machine allows without a payment.
   */
  setDocumentStatus(actor: Actor, id: string, to: DocumentStatus): Document {
    const user = this.authorize(actor, 'updateDocument');
    return this.documentView(this.moveTo(this.documentFor(user, id), to));
  }


  /** Creates a document with a fixed id (scenarios): the same path as `createDocument`. */
  addDocument(id: string, input: unknown): Document {
    const body = parse(routes.createDocument.body, input, 'document');
    return this.documentView(this.insertDocument(body, null, id));
  }

  /** Converts a quote into an invoice with a fixed id (scenarios): the same path as `convertDocument`. */
  addConversion(quoteId: string, invoiceId: string): Document {
    const admin = this.admin();
    return this.documentView(this.convert(admin, this.documentFor(admin, quoteId), invoiceId));
  }

  /**
   * Creates many documents quickly (the `many` scenario): inputs are trusted and no answers
   * are built, but totals (once per document) and every step go through the contract's rules.
   */
  addDocumentsUnchecked(documents: Iterable<SeedDocument>): void {
    const admin = this.admin();
    for (const { id, at, input, steps = [] } of documents) {
      this.pinned = at;
      const row = this.insertDocument(input, null, id);
      for (const step of steps) {
        if (typeof step === 'string') this.act(admin, row, step);
        else if ('status' in step) this.moveTo(row, step.status);
        else this.pay(row, { amount: step.pay(row.doc.balance), date: step.date, method: 'bank_transfer', reference: '' });
      }
    }
    this.pinned = null;
  }


  /** Its customer's, and for a client only once sent to it (the contract's `visibleToClient`), as the server. */
  protected canSeeDocument(user: User, doc: DocumentCore): boolean {
    return this.canSee(user, doc.customerId) && (user.role !== 'client' || visibleToClient(doc));
  }

  protected inScope(user: User, doc: DocumentCore, scope: { ticketId?: string; dealId?: string; customerId?: string }): boolean {
    return (
      this.canSeeDocument(user, doc) &&
      (scope.ticketId === undefined || doc.ticketId === scope.ticketId) &&
      (scope.dealId === undefined || doc.dealId === scope.dealId) &&
      (scope.customerId === undefined || doc.customerId === scope.customerId)
    );
  }

  protected documentFor(user: User, id: string): DocumentRow {
    const row = this.documents.get(id);
    if (!row || !this.canSeeDocument(user, row.doc)) throw notFound('The document');
    return row;
  }

  /** The contract's action rule, as the buttons show it. */
  protected allow(user: User, row: DocumentRow, action: DocumentAction): void {
    const state = actionState(row.doc, action, permissionsOf(user.role));
    if (state.allowed) return;
    throw state.reason === 'forbidden' ? forbidden(state.message) : refused(state.reason, state.message);
  }

  protected mustTransition(kind: DocumentKind, from: DocumentStatus, to: DocumentStatus): void {
    const result = canTransition(kind, from, to);
    if (!result.ok) throw refused(result.reason, result.message);
  }

  protected checkDocumentVersion(row: DocumentRow, ifMatch: WriteOptions['ifMatch']): void {
    this.checkVersion(row.doc.version, ifMatch, () => this.documentView(row));
  }

  protected insertDocument(input: DocumentData, convertedFrom: string | null = null, fixedId?: string): DocumentRow {
    const customer = this.customers.get(input.customerId);
    if (!customer) {
      throw refused('unknown_customer', 'There is no such customer.', [{ path: ['customerId'], message: 'No such customer' }]);
    }
    const locked = input.kind === 'invoice' ? this.checkTimeEntries(null, input.lines) : [];
    const id = fixedId ?? this.newId('doc', (d) => this.documents.has(d));
    if (this.documents.has(id)) throw new TypeError(`Document ${id} exists`);
    const number = this.nextNumber(input.kind);
    const due = dueDateOnCreate(input, customer.paymentTermsDays);
    const totals = documentTotals(input.lines);
    const at = this.nowIso();
    const doc: DocumentCore = {
      id,
      kind: input.kind,
      number,
      customerId: customer.id,
      customerName: customer.displayName,
      ticketId: input.ticketId ?? null,
      dealId: input.dealId ?? null,
      currency: input.currency,
      issueDate: input.issueDate,
      ...due,
      template: input.template ?? customer.template,
      reference: input.reference ?? '',
      notes: input.notes ?? '',
      lines: priceLines(id, input.lines),
      totals,
      amountPaid: 0,
      balance: totals.total,
      status: 'draft',
      version: 1,
      convertedTo: null,
      convertedFrom,
      sentAt: null,
      createdAt: at,
      updatedAt: at,
    };
    const row: DocumentRow = { seq: this.documentRows.length, doc };
    this.documentRows.push(row);
    this.documents.set(id, row);
    let own = this.documentsByCustomer.get(customer.id);
    if (!own) this.documentsByCustomer.set(customer.id, (own = []));
    own.push(row);
    this.lockTimeEntries(id, number, locked);
    this.emitDocument('document.created', row);
    return row;
  }

  /** The details of `doc` for a new document issued today. */
  protected copyOf(doc: DocumentCore, kind: DocumentKind, lines: LineData[]): DocumentData {
    const issueDate = this.today();
    return {
      kind,
      customerId: doc.customerId,
      ticketId: doc.ticketId,
      dealId: doc.dealId,
      currency: doc.currency,
      issueDate,
      ...dueDateOnCopy(doc, issueDate),
      template: doc.template,
      reference: doc.reference,
      notes: doc.notes,
      lines,
    };
  }

  protected convert(user: User, quote: DocumentRow, fixedId?: string): DocumentRow {
    this.allow(user, quote, 'convert');
    const invoice = this.insertDocument(this.copyOf(quote.doc, 'invoice', quote.doc.lines.map(lineInput)), quote.doc.id, fixedId);
    this.change(quote, { status: 'invoiced', convertedTo: invoice.doc.id });
    return invoice;
  }

  /** Actions that only move the status, after If-Match and the contract's action rule. */
  protected simpleAction(
    actor: Actor,
    name: 'deleteDocument' | 'voidDocument' | 'markDocumentSent',
    action: SimpleAction,
    id: string,
    options: WriteOptions,
  ): Document {
    const user = this.authorize(actor, name);
    const row = this.documentFor(user, id);
    this.checkDocumentVersion(row, options.ifMatch);
    return this.documentView(this.act(user, row, action));
  }

  /** A status-only action, after the contract's action rule; void and delete free the time entries. */
  protected act(user: User, row: DocumentRow, action: SimpleAction): DocumentRow {
    this.allow(user, row, action);
    if (action === 'mark_sent') return this.change(row, { status: 'sent', sentAt: row.doc.sentAt ?? this.nowIso() });
    this.releaseTimeEntries(row.doc.id);
    return this.change(row, { status: action === 'void' ? 'void' : 'deleted' });
  }

  /** A payment as `checkPayment` allows it: partial → partially_paid, full → paid. */
  protected pay(row: DocumentRow, body: { amount: number; date: string; method: Payment['method']; reference: string }): Payment {
    const d = row.doc;
    const check = checkPayment(d, body.amount);
    if (!check.ok) throw refused(check.reason, check.message, [{ path: ['amount'], message: check.message }]);
    const payment: Payment = {
      id: this.newId('pay', (p) => this.payments.has(p)),
      documentId: d.id,
      amount: body.amount,
      currency: d.currency,
      date: body.date,
      method: body.method,
      reference: body.reference,
      createdAt: this.nowIso(),
    };
    this.payments.set(payment.id, payment);
    const amountPaid = d.amountPaid + body.amount;
    this.change(row, { amountPaid, balance: d.totals.total - amountPaid, status: check.to, sentAt: d.sentAt ?? this.nowIso() });
    return payment;
  }

  /** A move the status machine allows without a payment. */
  protected moveTo(row: DocumentRow, to: DocumentStatus): DocumentRow {
    this.mustTransition(row.doc.kind, row.doc.status, to);
    if (to === 'void' || to === 'deleted') this.releaseTimeEntries(row.doc.id);
    return this.change(row, { status: to });
  }


  /** Applies a change as a new version and tells the listeners. */
  protected change(row: DocumentRow, changes: Partial<DocumentCore>): DocumentRow {
    row.doc = { ...row.doc, ...changes, version: row.doc.version + 1, updatedAt: this.nowIso() };
    this.emitDocument('document.changed', row);
    return row;
  }

  protected nextNumber(kind: DocumentKind): string {
    const n = ++this.numbers[kind];
    return `${kind === 'invoice' ? 'INV' : 'QT'}-${String(n).padStart(6, '0')}`;
  }

  /**
   * The entries the lines invoice, after checking each exists, is billable and is not locked
   * to another document (409: a time entry is never billed twice).
   */
  protected checkTimeEntries(documentId: string | null, lines: readonly LineData[]): TimeEntry[] {
    const seen = new Set<string>();
    const entries: TimeEntry[] = [];
    lines.forEach((line, i) =>
      line.timeEntryIds.forEach((hostId, j) => {
        const path = ['lines', i, 'timeEntryIds', j];
        const entry = this.timeEntries.get(hostId);
        if (!entry) throw refused('unknown_time_entry', `There is no time entry ${hostId}.`, [{ path, message: 'No such time entry' }]);
        if (!entry.billable) {
          throw refused('not_billable', 'Non-billable time cannot be invoiced.', [{ path, message: 'Not billable' }]);
        }
        if (seen.has(hostId) || (entry.invoicedBy && entry.invoicedBy.documentId !== documentId)) {
          const by = entry.invoicedBy ? ` by ${entry.invoicedBy.number}` : ' on another line';
          throw new ApiError(409, 'conflict', `Time entry ${hostId} is already invoiced${by}.`, {
            reason: 'time_entry_invoiced',
            issues: [{ path, message: `Already invoiced${by}` }],
          });
        }
        seen.add(hostId);
        entries.push(entry);
      }),
    );
    return entries;
  }

  protected lockTimeEntries(documentId: string, number: string, entries: readonly TimeEntry[]): void {
    for (const e of entries) this.timeEntries.set(e.hostId, { ...e, invoicedBy: { documentId, number } });
  }

  protected releaseTimeEntries(documentId: string): void {
    for (const e of this.timeEntries.values()) {
      if (e.invoicedBy?.documentId === documentId) this.timeEntries.set(e.hostId, { ...e, invoicedBy: null });
    }
  }

  protected documentView(row: DocumentRow): Document {
    const app = this.integration.billingAppUrl;
    return {
      ...row.doc,
      displayStatus: displayStatus(row.doc, this.today()),
      externalUrl: documentExternalUrl(app, row.doc),
    };
  }

  protected emitDocument(type: 'document.created' | 'document.changed', row: DocumentRow): void {
    if (this.events.muted) return;
    const snapshot = this.documentView(row);
    this.events.emit(type, snapshot.updatedAt, (viewer) => (this.canSeeDocument(viewer, snapshot) ? snapshot : null));
  }
}

function priceLines(documentId: string, lines: readonly LineData[]): DocumentLine[] {
  return lines.map((line, i) => ({ ...line, id: `${documentId}-line-${i + 1}`, amounts: lineAmounts(line) }));
}

/** A stored line back as input, for clones and conversions. */
function lineInput(line: DocumentLine): LineData {
  return {
    description: line.description,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    discountPercent: line.discountPercent,
    taxRatePercent: line.taxRatePercent,
    timeEntryIds: line.timeEntryIds,
    productId: line.productId,
  };
}
