/**
 * An in-memory Ledgerside backend. Its public methods are the routes of the contract's route
 * table (same names, same rules, same errors) called as a user; every money, status, permission
 * and eligibility decision is the contract's. Handlers call it over HTTP; tests also call it
 * directly to make "something happen elsewhere" (a payment, a client's message), which emits
 * live events like the real server.
 */
import {
  actionState,
  allowsConversation,
  canTransition,
  checkPayment,
  displayStatus,
  documentTotals,
  lineAmounts,
  permissionsOf,
  routes,
  sideOf,
  summarizeDocuments,
  todayIso,
  toMajorString,
  type ContactLink,
  type Conversation,
  type Customer,
  type CustomerWithBalance,
  type Document,
  type DocumentAction,
  type DocumentKind,
  type DocumentLine,
  type DocumentStatus,
  type DocumentSummary,
  type HostContact,
  type IntegrationSettings,
  type LiveEvent,
  type Message,
  type Organization,
  type Payment,
  type Product,
  type Recipient,
  type RouteDef,
  type RouteName,
  type Session,
  type TimeEntry,
  type TransactionType,
  type UnreadCounts,
  type User,
} from '@ledgerside/contract';
import { addDays, daysBetween } from './dates.js';
import { ApiError, badRequest, forbidden, notFound, refused, unauthorized } from './errors.js';
import { EventLog, type LogEntry } from './events.js';
import { pageByOffset, pageNewestFirst, readCursor, type Page } from './paging.js';
import { renderPdf } from './pdf.js';
import { fingerprint, parse, type Output } from './validate.js';

/** Who is calling: a user or a user id. */
export type Actor = string | User;

export interface WriteOptions {
  /** For creates: the same key and body answer the first response again. */
  idempotencyKey?: string | null;
  /** For changes to documents and customers: the version the caller saw, or `*`. */
  ifMatch?: number | string | null;
}

export interface StoreInit {
  organization: Organization;
  users: readonly User[];
  sessionUserId: string;
  integration?: Partial<Omit<IntegrationSettings, 'updatedAt'>>;
  /** A fixed "today" (YYYY-MM-DD); the clock then ticks from noon of that day. */
  today?: string;
  /** The clock, when neither real time nor a fixed today will do. */
  now?: () => Date;
}

export interface SentEmail {
  id: string;
  kind: 'document' | 'message';
  to: string[];
  subject: string;
  text: string;
  documentId: string | null;
  conversationId: string | null;
  /** File name of the attached PDF, if any. */
  attachment: string | null;
  sentBy: string;
  sentAt: string;
}

type In<N extends RouteName, K extends 'body' | 'query'> = Routes[N] extends Record<K, infer S> ? Output<S> : never;
type Routes = typeof routes;
type LineData = In<'createDocument', 'body'>['lines'][number];
type DocumentData = In<'createDocument', 'body'>;
/** What is stored; `displayStatus` and `externalUrl` are worked out when read. */
type DocumentCore = Omit<Document, 'displayStatus' | 'externalUrl'>;

interface DocumentRow {
  /** Position in insertion order: lists page newest first over it. */
  seq: number;
  doc: DocumentCore;
}

interface ConversationRow {
  id: string;
  transactionType: TransactionType;
  transactionId: string;
  /** The customer whose transaction it is (clients see only their own). */
  customerId: string | null;
  label: string;
  createdAt: string;
  messages: Message[];
  position: Map<string, number>;
}

interface LinkRow {
  contact: HostContact;
  customerId: string;
  linkedAt: string;
  linkedBy: string;
}

/** Writes refused while the integration is disabled: all but its own settings and read markers. */
const allowedWhileDisabled: ReadonlySet<RouteName> = new Set(['updateIntegration', 'deleteIntegration', 'markRead']);

const MESSAGE_PAGE = 50;

export class MockStore {
  readonly organization: Organization;
  readonly events = new EventLog();
  /** Every email the backend would have sent: invoices and message notifications. */
  readonly sentEmails: SentEmail[] = [];

  private readonly users = new Map<string, User>();
  private sessionUserId: string;
  private integration: IntegrationSettings;
  private readonly customers = new Map<string, Customer>();
  private readonly links = new Map<string, LinkRow>();
  private readonly timeEntries = new Map<string, TimeEntry>();
  private readonly products = new Map<string, Product>();
  private readonly documentRows: DocumentRow[] = [];
  private readonly documents = new Map<string, DocumentRow>();
  private readonly documentsByCustomer = new Map<string, DocumentRow[]>();
  private readonly payments = new Map<string, Payment>();
  private readonly conversations = new Map<string, ConversationRow>();
  private readonly conversationByTransaction = new Map<string, ConversationRow>();
  /** `${conversationId}|${userId}` → position of the last message read. */
  private readonly readMarkers = new Map<string, number>();
  private readonly messageIds = new Set<string>();
  private readonly idempotency = new Map<string, { print: string; response: unknown }>();
  private readonly counters = new Map<string, number>();
  private readonly numbers: Record<DocumentKind, number> = { invoice: 0, quote: 0 };
  private readonly clock: () => Date;
  private readonly fixedToday: string | undefined;
  private pinned: Date | null = null;
  private seeding = false;

  constructor(init: StoreInit) {
    this.organization = init.organization;
    for (const user of init.users) this.users.set(user.id, user);
    if (!this.users.has(init.sessionUserId)) throw new TypeError(`Unknown session user ${init.sessionUserId}`);
    this.sessionUserId = init.sessionUserId;
    this.fixedToday = init.today;
    if (init.now) this.clock = init.now;
    else if (init.today) {
      const start = Date.now();
      const noon = Date.parse(`${init.today}T12:00:00Z`);
      this.clock = () => new Date(noon + (Date.now() - start));
    } else this.clock = () => new Date();
    this.integration = {
      state: 'enabled',
      syncMode: 'one_way',
      matchSecondaryEmail: false,
      billingAppUrl: null,
      ...init.integration,
      updatedAt: this.nowIso(),
    };
  }

  // ------------------------------------------------------------ clock, users, seeding

  now(): Date {
    return this.pinned ?? this.clock();
  }

  /** The calendar day overdue is judged against. */
  today(): string {
    if (this.pinned) return todayIso(this.pinned);
    return this.fixedToday ?? todayIso(this.clock());
  }

  get sessionUser(): User {
    return this.users.get(this.sessionUserId)!;
  }

  setSessionUser(id: string): void {
    if (!this.users.has(id)) throw new TypeError(`Unknown user ${id}`);
    this.sessionUserId = id;
  }

  user(id: string): User | undefined {
    return this.users.get(id);
  }

  listUsers(): User[] {
    return [...this.users.values()];
  }

  /**
   * Runs `build` with events and emails muted, then starts the event log afresh: a scenario's
   * starting data is history, not news.
   */
  seed(build: () => void): void {
    this.seeding = this.events.muted = true;
    try {
      build();
    } finally {
      this.seeding = this.events.muted = false;
      this.pinned = null;
      this.events.clear();
      this.sentEmails.length = 0;
    }
  }

  /** While seeding: what "now" is for the next writes (null: the clock again). */
  pinClock(at: Date | null): void {
    this.pinned = at;
  }

  addCustomer(customer: Customer): void {
    this.customers.set(customer.id, customer);
  }

  addProduct(product: Product): void {
    this.products.set(product.id, product);
  }

  // ------------------------------------------------------------ session and integration

  getSession(actor: Actor): Session {
    const user = this.authorize(actor, 'getSession');
    return {
      user,
      organization: this.organization,
      permissions: [...permissionsOf(user.role)],
      integration: this.integration,
    };
  }

  getIntegration(actor: Actor): IntegrationSettings {
    this.authorize(actor, 'getIntegration');
    return this.integration;
  }

  /** Enable or disable (every link is kept), sync mode, secondary-email matching. */
  updateIntegration(actor: Actor, input: unknown): IntegrationSettings {
    this.authorize(actor, 'updateIntegration');
    const body = parse(routes.updateIntegration.body, input, 'request body');
    this.integration = { ...this.integration, ...given(body), updatedAt: this.nowIso() };
    this.emitIntegration();
    return this.integration;
  }

  /** Deleting the integration removes every mapping, permanently. */
  deleteIntegration(actor: Actor): IntegrationSettings {
    this.authorize(actor, 'deleteIntegration');
    for (const [contactId, link] of this.links) this.emitUnmapped(contactId, link.customerId);
    this.links.clear();
    this.integration = { ...this.integration, state: 'deleted', updatedAt: this.nowIso() };
    this.emitIntegration();
    return this.integration;
  }

  // ------------------------------------------------------------ customers

  /** `email` matches the primary email, and the secondary one when the settings say so. */
  searchCustomers(actor: Actor, input: unknown = {}): Page<CustomerWithBalance> {
    this.authorize(actor, 'searchCustomers');
    const query = parse(routes.searchCustomers.query, input, 'query');
    const email = query.email?.toLowerCase();
    const text = query.q?.toLowerCase();
    const found: CustomerWithBalance[] = [];
    for (const c of this.sortedCustomers()) {
      let matchedBy: CustomerWithBalance['matchedBy'];
      if (email !== undefined) {
        if (c.email.toLowerCase() === email) matchedBy = 'email';
        else if (this.integration.matchSecondaryEmail && c.secondaryEmail?.toLowerCase() === email) matchedBy = 'secondary_email';
        else continue;
      }
      if (text) {
        const haystack = [c.displayName, c.companyName, c.firstName, c.lastName, c.email, c.secondaryEmail ?? '']
          .join('\n')
          .toLowerCase();
        if (!haystack.includes(text)) continue;
        matchedBy ??= 'query';
      }
      found.push(matchedBy ? { ...this.customerView(c), matchedBy } : this.customerView(c));
    }
    return pageByOffset(found, query.cursor, query.limit);
  }

  /** `copyPreferencesFrom` copies payment terms, currency, language, template and tax over the body's. */
  createCustomer(actor: Actor, input: unknown, options: WriteOptions = {}): CustomerWithBalance {
    const user = this.authorize(actor, 'createCustomer');
    const body = parse(routes.createCustomer.body, input, 'request body');
    return this.once(user, 'createCustomer', options.idempotencyKey, body, () => {
      const source = body.copyPreferencesFrom === undefined ? null : this.customers.get(body.copyPreferencesFrom);
      if (source === undefined) {
        throw refused('unknown_customer', 'There is no customer to copy preferences from.', [
          { path: ['copyPreferencesFrom'], message: 'No such customer' },
        ]);
      }
      const at = this.nowIso();
      const customer: Customer = {
        id: this.newId('cus', (id) => this.customers.has(id)),
        firstName: body.firstName ?? '',
        lastName: body.lastName ?? '',
        companyName: body.companyName ?? '',
        displayName: body.displayName,
        email: body.email,
        secondaryEmail: body.secondaryEmail ?? null,
        phone: body.phone ?? '',
        billingAddress: body.billingAddress ?? null,
        taxId: body.taxId ?? '',
        currency: source?.currency ?? body.currency,
        language: source?.language ?? body.language,
        timeZone: body.timeZone,
        paymentTermsDays: source?.paymentTermsDays ?? body.paymentTermsDays ?? 30,
        template: source?.template ?? body.template ?? 'standard',
        taxRatePercent: source?.taxRatePercent ?? body.taxRatePercent ?? 0,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      this.customers.set(customer.id, customer);
      return this.customerView(customer);
    });
  }

  getCustomer(actor: Actor, id: string): CustomerWithBalance {
    this.authorize(actor, 'getCustomer');
    return this.customerView(this.customerOr404(id));
  }

  updateCustomer(actor: Actor, id: string, input: unknown, options: WriteOptions = {}): CustomerWithBalance {
    this.authorize(actor, 'updateCustomer');
    const patch = parse(routes.updateCustomer.body, input, 'request body');
    const current = this.customerOr404(id);
    this.checkVersion(current.version, options.ifMatch, () => this.customerView(current));
    const next: Customer = { ...current, ...given(patch), version: current.version + 1, updatedAt: this.nowIso() };
    this.customers.set(id, next);
    return this.customerView(next);
  }

  // ------------------------------------------------------------ contact links

  getContactLink(actor: Actor, contactId: string): { link: ContactLink | null } {
    this.authorize(actor, 'getContactLink');
    const row = this.links.get(contactId);
    return { link: row ? this.linkView(contactId, row) : null };
  }

  putContactLink(actor: Actor, contactId: string, input: unknown): ContactLink {
    const user = this.authorize(actor, 'putContactLink');
    const body = parse(routes.putContactLink.body, input, 'request body');
    if (body.contact.id !== contactId) {
      throw badRequest('The contact in the body is not the one in the path.', [
        { path: ['contact', 'id'], message: 'Must equal the contact id in the path' },
      ]);
    }
    if (!this.customers.has(body.customerId)) {
      throw refused('unknown_customer', 'There is no such customer to map to.', [{ path: ['customerId'], message: 'No such customer' }]);
    }
    const row: LinkRow = { contact: body.contact, customerId: body.customerId, linkedAt: this.nowIso(), linkedBy: user.id };
    this.links.set(contactId, row);
    const link = this.linkView(contactId, row);
    this.events.emit('contact.mapped', this.nowIso(), (viewer) => (viewer.role === 'client' ? null : link));
    return link;
  }

  /** Unmapping twice is fine: the second does nothing. */
  deleteContactLink(actor: Actor, contactId: string): void {
    this.authorize(actor, 'deleteContactLink');
    const row = this.links.get(contactId);
    if (!row) return;
    this.links.delete(contactId);
    this.emitUnmapped(contactId, row.customerId);
  }

  // ------------------------------------------------------------ time entries and products

  /** Upserts by host id; an entry keeps the invoice it is locked to. */
  putTimeEntries(actor: Actor, input: unknown): { items: TimeEntry[] } {
    this.authorize(actor, 'putTimeEntries');
    const body = parse(routes.putTimeEntries.body, input, 'request body');
    for (const entry of body.entries) {
      const existing = this.timeEntries.get(entry.hostId);
      this.timeEntries.set(entry.hostId, { ...entry, ticketId: body.ticketId, invoicedBy: existing?.invoicedBy ?? null });
    }
    return { items: this.entriesOf(body.ticketId) };
  }

  listTimeEntries(actor: Actor, input: unknown): { items: TimeEntry[] } {
    this.authorize(actor, 'listTimeEntries');
    const query = parse(routes.listTimeEntries.query, input, 'query');
    return { items: this.entriesOf(query.ticketId) };
  }

  searchProducts(actor: Actor, input: unknown = {}): Page<Product> {
    this.authorize(actor, 'searchProducts');
    const query = parse(routes.searchProducts.query, input, 'query');
    const text = query.q?.trim().toLowerCase();
    const found = [...this.products.values()]
      .filter((p) => !text || `${p.sku}\n${p.name}\n${p.description}`.toLowerCase().includes(text))
      .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id));
    return pageByOffset(found, query.cursor, query.limit);
  }

  // ------------------------------------------------------------ documents: reads

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
      `Issued ${d.issueDate}${d.dueDate ? `, due ${d.dueDate}` : ''}`,
      '',
      ...d.lines.map((l) => `${l.description}: ${l.quantity} x ${money(l.unitPrice)} = ${money(l.amounts.total)}`),
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

  // ------------------------------------------------------------ documents: writes

  createDocument(actor: Actor, input: unknown, options: WriteOptions = {}): Document {
    const user = this.authorize(actor, 'createDocument');
    const body = parse(routes.createDocument.body, input, 'request body');
    return this.once(user, 'createDocument', options.idempotencyKey, body, () =>
      this.documentView(this.insertDocument(body)),
    );
  }

  /** Edit a draft or sent document; invoiced time entries move with its lines. */
  updateDocument(actor: Actor, id: string, input: unknown, options: WriteOptions = {}): Document {
    const user = this.authorize(actor, 'updateDocument');
    const patch = parse(routes.updateDocument.body, input, 'request body');
    const row = this.documentFor(user, id);
    this.checkDocumentVersion(row, options.ifMatch);
    this.allow(user, row, 'edit');
    const d = row.doc;
    const locked = patch.lines && d.kind === 'invoice' ? this.checkTimeEntries(d.id, patch.lines) : null;
    const next: Partial<DocumentCore> = {};
    for (const key of ['currency', 'issueDate', 'dueDate', 'paymentTermsDays', 'template', 'reference', 'notes'] as const) {
      if (patch[key] !== undefined) Object.assign(next, { [key]: patch[key] });
    }
    // New terms or a new issue date move the due date, unless one was given.
    const terms = next.paymentTermsDays !== undefined ? next.paymentTermsDays : d.paymentTermsDays;
    if (patch.dueDate === undefined && terms !== null && (patch.paymentTermsDays !== undefined || patch.issueDate !== undefined)) {
      next.dueDate = addDays(next.issueDate ?? d.issueDate, terms);
    }
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
    return this.simpleAction(actor, 'deleteDocument', 'delete', id, options, () => ({ status: 'deleted' }));
  }

  voidDocument(actor: Actor, id: string, options: WriteOptions = {}): Document {
    return this.simpleAction(actor, 'voidDocument', 'void', id, options, () => ({ status: 'void' }));
  }

  markDocumentSent(actor: Actor, id: string, options: WriteOptions = {}): Document {
    return this.simpleAction(actor, 'markDocumentSent', 'mark_sent', id, options, (d) => ({
      status: 'sent',
      sentAt: d.sentAt ?? this.nowIso(),
    }));
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
        subject: body.subject ?? `${what} ${d.number} from ${this.organization.name}`,
        text: body.message ?? `Please find ${what.toLowerCase()} ${d.number} attached.`,
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
      const document = this.documentView(
        this.change(row, { amountPaid, balance: d.totals.total - amountPaid, status: check.to, sentAt: d.sentAt ?? this.nowIso() }),
      );
      const result = { payment, document };
      this.events.emit('payment.recorded', payment.createdAt, (viewer) => (this.canSee(viewer, d.customerId) ? result : null));
      return result;
    });
  }

  /**
   * A status change made elsewhere (the client accepted the quote in the billing app): any
   * move the status machine allows without a payment.
   */
  setDocumentStatus(actor: Actor, id: string, to: DocumentStatus): Document {
    const user = this.authorize(actor, 'updateDocument');
    const row = this.documentFor(user, id);
    this.mustTransition(row.doc.kind, row.doc.status, to);
    if (to === 'void' || to === 'deleted') this.releaseTimeEntries(id);
    return this.documentView(this.change(row, { status: to }));
  }

  // ------------------------------------------------------------ conversations

  /** The thread of a transaction, or null before its first message (or on an ineligible type). */
  getConversation(actor: Actor, input: unknown): { conversation: Conversation | null } {
    const user = this.authorize(actor, 'getConversation');
    const query = parse(routes.getConversation.query, input, 'query');
    this.transactionOf(user, query.transactionType, query.transactionId);
    const row = this.conversationByTransaction.get(transactionKey(query.transactionType, query.transactionId));
    return { conversation: row ? this.conversationView(row, user) : null };
  }

  /** Get or create the thread; 422 for a transaction type that may not carry one. */
  openConversation(actor: Actor, input: unknown): Conversation {
    const user = this.authorize(actor, 'openConversation');
    const body = parse(routes.openConversation.body, input, 'request body');
    return this.conversationView(this.openThread(user, body.transactionType, body.transactionId), user);
  }

  /** Newest page first, each page oldest to newest; `nextCursor` goes further back. */
  listMessages(actor: Actor, conversationId: string, input: unknown = {}): Page<Message> {
    const user = this.authorize(actor, 'listMessages');
    const query = parse(routes.listMessages.query, input, 'query');
    const row = this.conversationFor(user, conversationId);
    const end = Math.min(readCursor(query.cursor) ?? row.messages.length, row.messages.length);
    const start = Math.max(0, end - (query.limit ?? MESSAGE_PAGE));
    return { items: row.messages.slice(start, end), nextCursor: start > 0 ? String(start) : null };
  }

  /** Recipients must be among `listRecipients`; they are notified by email. */
  postMessage(actor: Actor, conversationId: string, input: unknown, options: WriteOptions = {}): { conversation: Conversation; message: Message } {
    const user = this.authorize(actor, 'postMessage');
    const body = parse(routes.postMessage.body, input, 'request body');
    return this.once(user, 'postMessage', options.idempotencyKey, { conversationId, body }, () => {
      const row = this.conversationFor(user, conversationId);
      if (
        (body.transactionType !== undefined && body.transactionType !== row.transactionType) ||
        (body.transactionId !== undefined && body.transactionId !== row.transactionId)
      ) {
        throw refused('transaction_mismatch', 'This conversation belongs to another transaction.');
      }
      const allowed = new Map(this.recipientsOf(user, row.customerId).map((r) => [r.id, r]));
      const issues = body.recipientIds.flatMap((rid, i) =>
        allowed.has(rid) ? [] : [{ path: ['recipientIds', i], message: `${rid} cannot be addressed here` }],
      );
      if (issues.length) throw refused('unknown_recipient', 'Choose recipients from the list offered.', issues);
      const message = this.insertMessage(row, user, body.recipientIds.map((rid) => allowed.get(rid)!), body.body);
      return { conversation: this.conversationView(row, user), message };
    });
  }

  markRead(actor: Actor, conversationId: string, input: unknown): Conversation {
    const user = this.authorize(actor, 'markRead');
    const body = parse(routes.markRead.body, input, 'request body');
    const row = this.conversationFor(user, conversationId);
    const position = row.position.get(body.messageId);
    if (position === undefined) {
      throw refused('unknown_message', 'That message is not in this conversation.', [{ path: ['messageId'], message: 'Not in this conversation' }]);
    }
    this.markReadUpTo(row, user.id, position);
    return this.conversationView(row, user);
  }

  getUnread(actor: Actor): UnreadCounts {
    const user = this.authorize(actor, 'getUnread');
    const byTransaction: UnreadCounts['byTransaction'] = [];
    for (const row of this.conversations.values()) {
      if (!this.canSee(user, row.customerId)) continue;
      const { unread } = this.readState(row, user.id);
      if (unread > 0) {
        byTransaction.push({ transactionType: row.transactionType, transactionId: row.transactionId, conversationId: row.id, count: unread });
      }
    }
    return { total: byTransaction.reduce((n, t) => n + t.count, 0), byTransaction };
  }

  /** The firm's users and the customer's contacts, without the caller. */
  listRecipients(actor: Actor, input: unknown): { items: Recipient[] } {
    const user = this.authorize(actor, 'listRecipients');
    const query = parse(routes.listRecipients.query, input, 'query');
    mustAllowConversation(query.transactionType);
    const { customerId } = this.transactionOf(user, query.transactionType, query.transactionId);
    return { items: this.recipientsOf(user, customerId) };
  }

  // ------------------------------------------------------------ live events

  /** Events after `lastEventId` that `viewer` may see, as `/events` replays them. */
  eventsSince(viewer: Actor, lastEventId: string | null | undefined): LiveEvent[] {
    const user = this.resolve(viewer);
    return this.events.since(lastEventId).flatMap((e) => e.render(user) ?? []);
  }

  /** Every event so far as `viewer` (default: the session user) sees it. */
  liveEvents(viewer: Actor = this.sessionUserId): LiveEvent[] {
    const user = this.resolve(viewer);
    return this.events.all().flatMap((e) => e.render(user) ?? []);
  }

  /** Calls `listener` with each new event `viewer` may see; returns the unsubscribe. */
  subscribe(viewer: Actor, listener: (event: LiveEvent) => void): () => void {
    const user = this.resolve(viewer);
    return this.events.subscribe((entry: LogEntry) => {
      const event = entry.render(user);
      if (event) listener(event);
    });
  }

  // ------------------------------------------------------------ seeding shortcuts

  /** Adds time entries as the host would; used by scenarios. */
  addTimeEntries(ticketId: string, entries: readonly Omit<TimeEntry, 'ticketId' | 'invoicedBy'>[]): void {
    for (const e of entries) this.timeEntries.set(e.hostId, { ...e, ticketId, invoicedBy: null });
  }

  /** A message with a fixed id and author, for scenario threads. */
  addMessage(conversationId: string, authorId: string, recipientIds: readonly string[], body: string, id?: string): Message {
    const row = this.conversations.get(conversationId);
    const author = this.users.get(authorId);
    if (!row || !author) throw new TypeError(`Unknown conversation ${conversationId} or user ${authorId}`);
    const all = new Map(this.recipientsOf(author, row.customerId).map((r) => [r.id, r]));
    const recipients = recipientIds.map((rid) => {
      const r = all.get(rid);
      if (!r) throw new TypeError(`${rid} cannot be addressed in ${conversationId}`);
      return r;
    });
    return this.insertMessage(row, author, recipients, body, id);
  }

  /** A thread with a fixed id. */
  addConversation(id: string, transactionType: TransactionType, transactionId: string): Conversation {
    const admin = this.admin();
    return this.conversationView(this.openThread(admin, transactionType, transactionId, id), admin);
  }

  /** Moves a reader's marker, as if they had opened the thread. */
  readUpTo(conversationId: string, userId: string, messageId: string): void {
    const row = this.conversations.get(conversationId);
    const position = row?.position.get(messageId);
    if (!row || position === undefined) throw new TypeError(`Unknown message ${messageId} in ${conversationId}`);
    this.markReadUpTo(row, userId, position);
  }

  /** Maps a host contact without events, for scenarios. */
  addLink(contact: HostContact, customerId: string, linkedBy: string): void {
    this.links.set(contact.id, { contact, customerId, linkedAt: this.nowIso(), linkedBy });
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
   * Creates many documents quickly (the `many` scenario): inputs are trusted, so only the
   * contract's money rules run, once per document.
   */
  addDocumentsUnchecked(inputs: Iterable<{ id: string; at: Date; input: DocumentData }>): void {
    for (const { id, at, input } of inputs) {
      this.pinned = at;
      this.insertDocument(input, null, id);
    }
    this.pinned = null;
  }

  // ------------------------------------------------------------ internals: access

  /** Seeding acts as an admin: the one role that may do everything. */
  private admin(): User {
    return this.listUsers().find((u) => u.role === 'admin') ?? this.sessionUser;
  }

  private resolve(actor: Actor): User {
    const user = typeof actor === 'string' ? this.users.get(actor) : actor;
    if (!user) throw unauthorized('Unknown user.');
    return user;
  }

  /** Role from the route table; writes refused while the integration is off. */
  private authorize(actor: Actor, name: RouteName): User {
    const user = this.resolve(actor);
    const route: RouteDef = routes[name];
    if (route.permission !== null && !permissionsOf(user.role).includes(route.permission)) {
      throw forbidden(`A ${user.role.replace('_', ' ')} cannot do this.`);
    }
    if (route.method !== 'GET' && this.integration.state !== 'enabled' && !allowedWhileDisabled.has(name)) {
      throw new ApiError(422, 'integration_disabled', `The billing integration is ${this.integration.state}; changes are refused.`, {
        reason: 'integration_disabled',
      });
    }
    return user;
  }

  /** Clients see only their own customer's things. */
  private canSee(user: User, customerId: string | null): boolean {
    return user.role !== 'client' || (customerId !== null && user.customerId === customerId);
  }

  private inScope(user: User, doc: DocumentCore, scope: { ticketId?: string; dealId?: string; customerId?: string }): boolean {
    return (
      this.canSee(user, doc.customerId) &&
      (scope.ticketId === undefined || doc.ticketId === scope.ticketId) &&
      (scope.dealId === undefined || doc.dealId === scope.dealId) &&
      (scope.customerId === undefined || doc.customerId === scope.customerId)
    );
  }

  private documentFor(user: User, id: string): DocumentRow {
    const row = this.documents.get(id);
    if (!row || !this.canSee(user, row.doc.customerId)) throw notFound('The document');
    return row;
  }

  private customerOr404(id: string): Customer {
    const customer = this.customers.get(id);
    if (!customer) throw notFound('The customer');
    return customer;
  }

  /** The contract's action rule, as the buttons show it. */
  private allow(user: User, row: DocumentRow, action: DocumentAction): void {
    const state = actionState(row.doc, action, permissionsOf(user.role));
    if (state.allowed) return;
    throw state.reason === 'forbidden' ? forbidden(state.message) : refused(state.reason, state.message);
  }

  private mustTransition(kind: DocumentKind, from: DocumentStatus, to: DocumentStatus): void {
    const result = canTransition(kind, from, to);
    if (!result.ok) throw refused(result.reason, result.message);
  }

  // ------------------------------------------------------------ internals: idempotency, versions

  private once<T>(user: User, name: RouteName, key: string | null | undefined, request: unknown, run: () => T): T {
    if (key === undefined || key === null) return run();
    if (key.length < 1 || key.length > 255) {
      throw badRequest('Invalid Idempotency-Key', [{ path: ['Idempotency-Key'], message: 'Between 1 and 255 characters' }]);
    }
    const id = `${user.id}\u0000${name}\u0000${key}`;
    const print = fingerprint(request);
    const stored = this.idempotency.get(id);
    if (stored) {
      if (stored.print !== print) {
        throw new ApiError(422, 'idempotency_mismatch', 'This Idempotency-Key was used with a different request.');
      }
      return structuredClone(stored.response) as T;
    }
    const response = run();
    this.idempotency.set(id, { print, response: structuredClone(response) });
    return response;
  }

  private checkVersion(version: number, ifMatch: number | string | null | undefined, current: () => unknown): void {
    if (ifMatch === undefined || ifMatch === null || ifMatch === '') {
      throw new ApiError(428, 'precondition_required', 'Send If-Match with the version you changed.');
    }
    if (ifMatch === '*') return;
    const text = String(ifMatch).trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
    if (!/^\d+$/.test(text)) {
      throw badRequest('Invalid If-Match', [{ path: ['If-Match'], message: 'A version number' }]);
    }
    if (Number(text) !== version) {
      throw new ApiError(412, 'precondition_failed', 'It was changed meanwhile; here is the current version.', { current: current() });
    }
  }

  private checkDocumentVersion(row: DocumentRow, ifMatch: WriteOptions['ifMatch']): void {
    this.checkVersion(row.doc.version, ifMatch, () => this.documentView(row));
  }

  // ------------------------------------------------------------ internals: documents

  private insertDocument(input: DocumentData, convertedFrom: string | null = null, fixedId?: string): DocumentRow {
    const customer = this.customers.get(input.customerId);
    if (!customer) {
      throw refused('unknown_customer', 'There is no such customer.', [{ path: ['customerId'], message: 'No such customer' }]);
    }
    const locked = input.kind === 'invoice' ? this.checkTimeEntries(null, input.lines) : [];
    const id = fixedId ?? this.newId('doc', (d) => this.documents.has(d));
    if (this.documents.has(id)) throw new TypeError(`Document ${id} exists`);
    const number = this.nextNumber(input.kind);
    const terms = input.paymentTermsDays !== undefined ? input.paymentTermsDays : input.dueDate !== undefined ? null : customer.paymentTermsDays;
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
      dueDate: input.dueDate !== undefined ? input.dueDate : terms === null ? null : addDays(input.issueDate, terms),
      paymentTermsDays: terms,
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
  private copyOf(doc: DocumentCore, kind: DocumentKind, lines: LineData[]): DocumentData {
    const issueDate = this.today();
    const gap = doc.dueDate === null ? null : daysBetween(doc.issueDate, doc.dueDate);
    return {
      kind,
      customerId: doc.customerId,
      ticketId: doc.ticketId,
      dealId: doc.dealId,
      currency: doc.currency,
      issueDate,
      ...(doc.paymentTermsDays === null
        ? { dueDate: gap === null ? null : addDays(issueDate, gap), paymentTermsDays: null }
        : { paymentTermsDays: doc.paymentTermsDays }),
      template: doc.template,
      reference: doc.reference,
      notes: doc.notes,
      lines,
    };
  }

  private convert(user: User, quote: DocumentRow, fixedId?: string): DocumentRow {
    this.allow(user, quote, 'convert');
    const invoice = this.insertDocument(this.copyOf(quote.doc, 'invoice', quote.doc.lines.map(lineInput)), quote.doc.id, fixedId);
    this.change(quote, { status: 'invoiced', convertedTo: invoice.doc.id });
    return invoice;
  }

  /** Actions that only move the status, after If-Match and the contract's action rule. */
  private simpleAction(
    actor: Actor,
    name: 'deleteDocument' | 'voidDocument' | 'markDocumentSent',
    action: DocumentAction,
    id: string,
    options: WriteOptions,
    changes: (doc: DocumentCore) => Partial<DocumentCore>,
  ): Document {
    const user = this.authorize(actor, name);
    const row = this.documentFor(user, id);
    this.checkDocumentVersion(row, options.ifMatch);
    this.allow(user, row, action);
    const next = changes(row.doc);
    if (next.status === 'void' || next.status === 'deleted') this.releaseTimeEntries(id);
    return this.documentView(this.change(row, next));
  }

  /** Applies a change as a new version and tells the listeners. */
  private change(row: DocumentRow, changes: Partial<DocumentCore>): DocumentRow {
    row.doc = { ...row.doc, ...changes, version: row.doc.version + 1, updatedAt: this.nowIso() };
    this.emitDocument('document.changed', row);
    return row;
  }

  private nextNumber(kind: DocumentKind): string {
    const n = ++this.numbers[kind];
    return `${kind === 'invoice' ? 'INV' : 'QT'}-${String(n).padStart(6, '0')}`;
  }

  /**
   * The entries the lines invoice, after checking each exists, is billable and is not locked
   * to another document (409: a time entry is never billed twice).
   */
  private checkTimeEntries(documentId: string | null, lines: readonly LineData[]): TimeEntry[] {
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

  private lockTimeEntries(documentId: string, number: string, entries: readonly TimeEntry[]): void {
    for (const e of entries) this.timeEntries.set(e.hostId, { ...e, invoicedBy: { documentId, number } });
  }

  private releaseTimeEntries(documentId: string): void {
    for (const e of this.timeEntries.values()) {
      if (e.invoicedBy?.documentId === documentId) this.timeEntries.set(e.hostId, { ...e, invoicedBy: null });
    }
  }

  private entriesOf(ticketId: string): TimeEntry[] {
    return [...this.timeEntries.values()]
      .filter((e) => e.ticketId === ticketId)
      .sort((a, b) => a.date.localeCompare(b.date) || a.hostId.localeCompare(b.hostId));
  }

  // ------------------------------------------------------------ internals: conversations

  /** Where a transaction lives and whose it is; 404 when unknown or not the caller's. */
  private transactionOf(user: User, type: TransactionType, id: string): { customerId: string | null; label: string } {
    let customerId: string | null = null;
    let label = `${type.replace(/_/g, ' ')} ${id}`;
    if (type === 'invoice' || type === 'quote') {
      const row = this.documents.get(id);
      if (!row || row.doc.kind !== type) throw notFound('The transaction');
      customerId = row.doc.customerId;
      label = row.doc.number;
    } else if (type === 'customer_payment') {
      const payment = this.payments.get(id);
      if (!payment) throw notFound('The transaction');
      customerId = this.documents.get(payment.documentId)?.doc.customerId ?? null;
    }
    if (!this.canSee(user, customerId)) throw notFound('The transaction');
    return { customerId, label };
  }

  private openThread(user: User, type: TransactionType, transactionId: string, fixedId?: string): ConversationRow {
    mustAllowConversation(type);
    const { customerId, label } = this.transactionOf(user, type, transactionId);
    const key = transactionKey(type, transactionId);
    let row = this.conversationByTransaction.get(key);
    if (!row) {
      row = {
        id: fixedId ?? this.newId('conv', (c) => this.conversations.has(c)),
        transactionType: type,
        transactionId,
        customerId,
        label,
        createdAt: this.nowIso(),
        messages: [],
        position: new Map(),
      };
      this.conversations.set(row.id, row);
      this.conversationByTransaction.set(key, row);
    }
    return row;
  }

  private conversationFor(user: User, id: string): ConversationRow {
    const row = this.conversations.get(id);
    if (!row || !this.canSee(user, row.customerId)) throw notFound('The conversation');
    return row;
  }

  private recipientsOf(user: User, customerId: string | null): Recipient[] {
    const recipients: Recipient[] = [];
    const contacts: Recipient[] = [];
    for (const u of this.users.values()) {
      if (u.role !== 'client') recipients.push({ id: u.id, name: u.name, email: u.email, kind: 'firm_user' });
      else if (customerId !== null && u.customerId === customerId) {
        contacts.push({ id: u.id, name: u.name, email: u.email, kind: 'customer_contact' });
      }
    }
    // A customer without portal users is addressed at its own email.
    const customer = customerId === null ? undefined : this.customers.get(customerId);
    if (contacts.length === 0 && customer) {
      contacts.push({ id: customer.id, name: customer.displayName, email: customer.email, kind: 'customer_contact' });
    }
    return [...recipients, ...contacts].filter((r) => r.id !== user.id);
  }

  private insertMessage(row: ConversationRow, author: User, recipients: Recipient[], body: string, fixedId?: string): Message {
    const message: Message = {
      id: fixedId ?? this.newId('msg', (m) => this.messageIds.has(m)),
      conversationId: row.id,
      author: { id: author.id, name: author.name, role: author.role, side: sideOf(author.role) },
      recipients,
      body,
      createdAt: this.nowIso(),
    };
    if (this.messageIds.has(message.id)) throw new TypeError(`Message ${message.id} exists`);
    this.messageIds.add(message.id);
    row.position.set(message.id, row.messages.length);
    row.messages.push(message);
    this.markReadUpTo(row, author.id, row.messages.length - 1);
    const link = this.integration.billingAppUrl ? ` ${this.integration.billingAppUrl}` : '';
    this.recordEmail(author, {
      kind: 'message',
      to: recipients.map((r) => r.email),
      subject: `New message about ${row.label}`,
      text: `${author.name} wrote about ${row.label}:${link}\n\n${body}`,
      documentId: row.transactionType === 'invoice' || row.transactionType === 'quote' ? row.transactionId : null,
      conversationId: row.id,
      attachment: null,
    });
    this.events.emit('message.posted', message.createdAt, (viewer) =>
      this.canSee(viewer, row.customerId) ? { conversation: this.conversationView(row, viewer), message } : null,
    );
    return message;
  }

  private markReadUpTo(row: ConversationRow, userId: string, position: number): void {
    const key = `${row.id}|${userId}`;
    this.readMarkers.set(key, Math.max(position, this.readMarkers.get(key) ?? -1));
  }

  private readState(row: ConversationRow, userId: string): { unread: number; lastReadMessageId: string | null } {
    const marker = this.readMarkers.get(`${row.id}|${userId}`) ?? -1;
    let unread = 0;
    for (let i = marker + 1; i < row.messages.length; i++) if (row.messages[i]!.author.id !== userId) unread++;
    return { unread, lastReadMessageId: marker >= 0 ? row.messages[marker]!.id : null };
  }

  // ------------------------------------------------------------ internals: views and events

  private documentView(row: DocumentRow): Document {
    const app = this.integration.billingAppUrl;
    return {
      ...row.doc,
      displayStatus: displayStatus(row.doc, this.today()),
      externalUrl: app ? `${app.replace(/\/+$/, '')}/documents/${encodeURIComponent(row.doc.id)}` : null,
    };
  }

  /** `outstanding` is the contract's summary of the customer's documents, in its currency. */
  private customerView(customer: Customer): CustomerWithBalance {
    const docs = (this.documentsByCustomer.get(customer.id) ?? []).map((row) => row.doc);
    const sums = summarizeDocuments(docs, this.today()).currencies.find((c) => c.currency === customer.currency);
    return { ...customer, outstanding: sums?.outstanding ?? 0 };
  }

  private linkView(contactId: string, row: LinkRow): ContactLink {
    const customer = this.customers.get(row.customerId)!;
    return { contactId, customerId: row.customerId, contact: row.contact, customer: this.customerView(customer), linkedAt: row.linkedAt, linkedBy: row.linkedBy };
  }

  private conversationView(row: ConversationRow, user: User): Conversation {
    return {
      id: row.id,
      transactionType: row.transactionType,
      transactionId: row.transactionId,
      ...this.readState(row, user.id),
      createdAt: row.createdAt,
    };
  }

  private sortedCustomers(): Customer[] {
    return [...this.customers.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en') || a.id.localeCompare(b.id));
  }

  private emitDocument(type: 'document.created' | 'document.changed', row: DocumentRow): void {
    if (this.events.muted) return;
    const snapshot = this.documentView(row);
    this.events.emit(type, snapshot.updatedAt, (viewer) => (this.canSee(viewer, snapshot.customerId) ? snapshot : null));
  }

  private emitUnmapped(contactId: string, customerId: string): void {
    this.events.emit('contact.unmapped', this.nowIso(), (viewer) => (viewer.role === 'client' ? null : { contactId, customerId }));
  }

  private emitIntegration(): void {
    const settings = this.integration;
    this.events.emit('integration.changed', settings.updatedAt, (viewer) => (viewer.role === 'client' ? null : settings));
  }

  private recordEmail(sender: User, email: Omit<SentEmail, 'id' | 'sentBy' | 'sentAt'>): void {
    if (this.seeding || email.to.length === 0) return;
    this.sentEmails.push({ ...email, id: `email-${this.sentEmails.length + 1}`, sentBy: sender.id, sentAt: this.nowIso() });
  }

  private nowIso(): string {
    return this.now().toISOString();
  }

  /** Deterministic ids: prefix and a counter, skipping any already taken. */
  private newId(prefix: string, taken: (id: string) => boolean): string {
    let n = this.counters.get(prefix) ?? 0;
    let id: string;
    do id = `${prefix}-${++n}`;
    while (taken(id));
    this.counters.set(prefix, n);
    return id;
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

/** The keys of a parsed patch that were given. */
function given<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function transactionKey(type: TransactionType, id: string): string {
  return `${type}:${id}`;
}

function mustAllowConversation(type: TransactionType): void {
  const name: string = type;
  if (!allowsConversation(name)) {
    throw refused('conversation_not_allowed', `Conversations are not available on ${type.replace(/_/g, ' ')} transactions.`);
  }
}
