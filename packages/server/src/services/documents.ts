/**
 * Invoices and quotes. Every change locks the document row, checks `If-Match`, asks the
 * contract's `actionState` / `checkPayment` whether it is allowed, writes, bumps `version` and
 * appends a live event — all in the caller's transaction.
 */
import type { Output } from '../schema.js';
import {
  actionState,
  checkPayment,
  displayStatus,
  documentTotals,
  formatMoney,
  lineAmounts,
  summarizeDocuments,
  billedStatuses,
  dueDateOnCopy,
  dueDateOnCreate,
  dueDateError,
  dueDateOnEdit,
  documentNumberPrefixes,
  DOCUMENT_NUMBER_DIGITS,
  exceedsMaxAmount,
  pageSize,
  todayIso,
  type Document,
  type DocumentAction,
  type DocumentCreate,
  type DocumentUpdate,
  type DocumentKind,
  type DocumentLine,
  type DocumentListQuery,
  type DocumentScopeQuery,
  type DocumentStatus,
  type DocumentSummary,
  type EmailRequest,
  type PaymentCreate,
  type PaymentResult,
} from '@ledgerside/contract';
import type { Sql } from '../db/types.js';
import { notFound, preconditionFailed, unprocessable } from '../http/errors.js';
import { documentEmailText, formatDate, labelsFor } from '../i18n.js';
import { decodeCursor, encodeCursor, iso, isClient, jsonArray, newId, type Actor } from './common.js';
import { getCustomer } from './customers.js';
import {
  clientAudience,
  clientVisibleSql,
  factsOf,
  OPEN_INVOICE_STATUSES,
  SELECT_DOCUMENT,
  sqlList,
  toDocument,
  type DocumentRow,
} from './documents-model.js';
import { appendEvent, EVENTS_CHANNEL } from './events.js';
import { takeWriteTail } from '../http/idempotency.js';
import { checkTemplate, requireOrganization } from './organizations.js';
import { enqueueEmail } from './outbox.js';
import { claimTimeEntries, lockTimeEntries, releaseTimeEntries } from './time-entries.js';

type CreateInput = Output<typeof DocumentCreate>;
type UpdateInput = Output<typeof DocumentUpdate>;
type LineInputOut = CreateInput['lines'][number];

// ---------------------------------------------------------------- reading

/**
 * Client users see their own customer's documents, and of those only what was sent to them
 * (the contract's `visibleToClient`); everything else is 404, as for another organization's.
 */
function scope(actor: Actor, params: unknown[]): string {
  if (!isClient(actor)) return '';
  params.push(actor.customerId ?? '');
  return ` AND d.customer_id = $${params.length} AND ${clientVisibleSql('d')}`;
}

export async function loadDocument(sql: Sql, actor: Actor, id: string, lock = false): Promise<DocumentRow> {
  const params: unknown[] = [actor.organizationId, id];
  const where = `d.organization_id = $1 AND d.id = $2${scope(actor, params)}`;
  const [row] = await sql.query<DocumentRow>(
    `${SELECT_DOCUMENT} WHERE ${where}${lock ? ' FOR UPDATE OF d' : ''}`,
    params,
  );
  if (!row) throw notFound('The document');
  return row;
}

export async function getDocument(sql: Sql, actor: Actor, id: string): Promise<Document> {
  return toDocument(await loadDocument(sql, actor, id));
}

const isSeqCursor = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

function scopeFilters(actor: Actor, query: Output<typeof DocumentScopeQuery>, params: unknown[]): string[] {
  const where = ['d.organization_id = $1'];
  for (const [key, column] of [
    ['ticketId', 'ticket_id'],
    ['dealId', 'deal_id'],
    ['customerId', 'customer_id'],
  ] as const) {
    const value = query[key];
    if (value === undefined) continue;
    params.push(value);
    where.push(`d.${column} = $${params.length}`);
  }
  const own = scope(actor, params);
  if (own) where.push(own.replace(/^ AND /, ''));
  return where;
}

/**
 * Newest first. A status filter is a *display* status (overdue included), so rows are
 * pre-filtered in SQL and confirmed with the contract's `displayStatus`.
 */
export async function listDocuments(sql: Sql, actor: Actor, query: Output<typeof DocumentListQuery>) {
  const limit = pageSize(query.limit);
  const params: unknown[] = [actor.organizationId];
  const where = scopeFilters(actor, query, params);
  if (query.kind) {
    params.push(query.kind);
    where.push(`d.kind = $${params.length}`);
  }
  const today = todayIso();
  if (query.status === 'overdue') {
    // The contract's `isOverdue` as a pre-filter (it still decides below): without the date
    // and the balance, a page of overdue invoices would read every open one to find them.
    params.push(today);
    where.push(
      `d.kind = 'invoice' AND d.status IN ${sqlList(OPEN_INVOICE_STATUSES)} AND d.total > d.amount_paid AND d.due_date < $${params.length}`,
    );
  } else if (query.status) {
    params.push(query.status);
    where.push(`d.status = $${params.length}`);
  }
  let after = decodeCursor(query.cursor, isSeqCursor);
  const items: DocumentRow[] = [];
  let exhausted = false;
  while (items.length <= limit && !exhausted) {
    const batch = [...params];
    const conditions = [...where];
    if (after !== null) {
      batch.push(after);
      conditions.push(`d.seq < $${batch.length}`);
    }
    batch.push(limit + 1);
    const rows = await sql.query<DocumentRow>(
      `${SELECT_DOCUMENT} WHERE ${conditions.join(' AND ')} ORDER BY d.seq DESC LIMIT $${batch.length}`,
      batch,
    );
    exhausted = rows.length <= limit;
    for (const row of rows) {
      after = Number(row.seq);
      if (query.status && displayStatus(factsOf(row), today) !== query.status) continue;
      items.push(row);
      if (items.length > limit) break;
    }
  }
  const page = items.slice(0, limit);
  return {
    items: page.map(toDocument),
    nextCursor: items.length > limit ? encodeCursor(Number(page.at(-1)!.seq)) : null,
  };
}

/**
 * Per currency: issued invoices' totals, what is still due, and what of that is overdue.
 * PostgreSQL adds up per group of invoices the rule cannot tell apart (currency, status, due
 * date, whether anything is owed), so no document row leaves the database; the contract's
 * `summarizeDocuments` decides per group what counts where.
 */
export async function documentSummary(
  sql: Sql,
  actor: Actor,
  query: Output<typeof DocumentScopeQuery>,
): Promise<DocumentSummary> {
  const params: unknown[] = [actor.organizationId];
  const where = scopeFilters(actor, query, params);
  const groups = await sql.query<{ currency: string; status: DocumentStatus; due_date: string | null; count: number; total: string; balance: string }>(
    `SELECT d.currency, d.status, d.due_date, count(*)::int AS count,
            sum(d.total)::text AS total, sum(d.total - d.amount_paid)::text AS balance
     FROM documents d
     WHERE ${where.join(' AND ')} AND d.kind = 'invoice' AND d.status IN ${sqlList([...billedStatuses])}
     GROUP BY d.currency, d.status, d.due_date, sign(d.total - d.amount_paid)`,
    params,
  );
  return summarizeDocuments(
    groups.map((g) => ({
      kind: 'invoice' as const,
      status: g.status,
      dueDate: g.due_date,
      currency: g.currency,
      count: Number(g.count),
      totals: { total: Number(g.total) },
      balance: Number(g.balance),
    })),
  );
}

// ---------------------------------------------------------------- writing

function buildLines(lines: readonly LineInputOut[]) {
  const built: DocumentLine[] = lines.map((line) => ({ ...line, id: newId('ln'), amounts: lineAmounts(line) }));
  return { lines: built, totals: documentTotals(lines) };
}

/** Only a live invoice holds time entries; quotes name them and claim them when converted. */
const holdsTimeEntries = (kind: DocumentKind, status: DocumentStatus) =>
  kind === 'invoice' && status !== 'void' && status !== 'deleted';

function refuse(actor: Actor, row: DocumentRow, action: DocumentAction): void {
  const state = actionState(factsOf(row), action, actor.permissions);
  if (!state.allowed) throw unprocessable(state.reason, state.message);
}

/** `ifMatch` null: `If-Match: *`, any version. */
function checkVersion(row: DocumentRow, ifMatch: number | null): void {
  if (ifMatch !== null && Number(row.version) !== ifMatch) throw preconditionFailed(toDocument(row));
}

interface NewDocument {
  kind: DocumentKind;
  customerId: string;
  ticketId: string | null;
  dealId: string | null;
  currency: string;
  issueDate: string;
  dueDate?: string | null | undefined;
  paymentTermsDays?: number | null | undefined;
  template?: string | undefined;
  reference: string;
  notes: string;
  lines: readonly LineInputOut[];
  convertedFrom?: string | null;
}

/** Fixed ids instead of random ones: only the demo seed uses this, to match the mocks. */
export interface SeedIds {
  id?: string;
}

/** What a new document needs of its customer and organization, and the transaction's clock. */
interface CreateFacts {
  id: string;
  display_name: string;
  payment_terms_days: number | null;
  template: string;
  billing_app_url: string | null;
  /** The transaction's `now()`: the new row's `created_at` and `updated_at`. */
  now: Date;
}

/**
 * The customer a new document is for (422 `unknown_customer` when it is not the caller's):
 * only what the document copies — not the customer's balance, which a create never shows.
 */
async function createFacts(sql: Sql, actor: Actor, customerId: string): Promise<CreateFacts> {
  const [row] = await sql.query<CreateFacts>(
    `SELECT c.id, c.display_name, c.payment_terms_days, c.template, o.billing_app_url, now() AS now
     FROM customers c JOIN organizations o ON o.id = c.organization_id
     WHERE c.organization_id = $1 AND c.id = $2`,
    [actor.organizationId, customerId],
  );
  if (!row) throw unprocessable('unknown_customer', 'There is no such customer.', [{ path: ['customerId'], message: 'No such customer' }]);
  return row;
}

/**
 * The document number as SQL: the contract's `documentNumber` (prefix, dash, the counter
 * padded to its digits) for the counter value `value` (tested against the function).
 */
export const DOCUMENT_NUMBER_SQL = (prefix: string, value: string) =>
  `${prefix} || '-' || lpad(${value}::text, greatest(${DOCUMENT_NUMBER_DIGITS}, length(${value}::text)), '0')`;

/**
 * Writes a new draft. Everything that can be checked first is (customer, template, the time
 * entries it claims, locked in host-id order); then one statement takes the next number,
 * inserts the row, claims the entries, appends the `document.created` event and — inside an
 * idempotent request — stores the response. The number and event counters' row locks, which
 * make numbers gapless and events commit-ordered, are so held for that statement and the
 * commit only. The number is handed out inside the statement, so the event's and the stored
 * response's JSON are written with a one-off marker where it goes, which the statement fills.
 */
async function insertDocument(sql: Sql, actor: Actor, input: NewDocument, seed: SeedIds = {}, last = false): Promise<Document> {
  const facts = await createFacts(sql, actor, input.customerId);
  const id = seed.id ?? newId('doc');
  const due = dueDateOnCreate(input, facts.payment_terms_days === null ? null : Number(facts.payment_terms_days));
  const { lines, totals } = buildLines(input.lines);
  const timeEntryIds = input.kind === 'invoice' ? await lockTimeEntries(sql, actor.organizationId, id, input.lines, input.currency) : [];
  const marker = newId('number').replace('_', '');
  const row: DocumentRow = {
    id,
    seq: 0,
    organization_id: actor.organizationId,
    kind: input.kind,
    number: marker,
    customer_id: facts.id,
    customer_name: facts.display_name,
    ticket_id: input.ticketId,
    deal_id: input.dealId,
    currency: input.currency,
    issue_date: input.issueDate,
    due_date: due.dueDate,
    payment_terms_days: due.paymentTermsDays,
    template: input.template ?? facts.template,
    reference: input.reference,
    notes: input.notes,
    lines,
    ...totals,
    amount_paid: 0,
    status: 'draft',
    version: 1,
    converted_to: null,
    converted_from: input.convertedFrom ?? null,
    sent_at: null,
    created_at: facts.now,
    updated_at: facts.now,
    billing_app_url: facts.billing_app_url,
  };
  const marked = toDocument(row);
  const params: unknown[] = [
    actor.organizationId,
    `number:${input.kind}`,
    documentNumberPrefixes[input.kind],
    id,
    input.kind,
    facts.id,
    input.ticketId,
    input.dealId,
    input.currency,
    input.issueDate,
    due.dueDate,
    due.paymentTermsDays,
    row.template,
    input.reference,
    input.notes,
    JSON.stringify(lines),
    totals.subtotal,
    totals.discount,
    totals.tax,
    totals.total,
    row.converted_from,
    JSON.stringify(marked),
    marker,
    clientAudience(marked),
    EVENTS_CHANNEL,
  ];
  const ctes: string[] = [];
  if (timeEntryIds.length) {
    params.push(jsonArray(timeEntryIds));
    ctes.push(`claimed AS (
      UPDATE time_entries SET invoiced_by = $4
      WHERE organization_id = $1 AND host_id IN (SELECT jsonb_array_elements_text($${params.length}::jsonb)) AND EXISTS (SELECT 1 FROM d)
    )`);
  }
  // The request's last statement also commits, and stores the idempotent response.
  const tail = last ? takeWriteTail(sql) : null;
  const respond = tail?.idempotency;
  if (respond) {
    params.push(respond.userId, respond.key, respond.status);
    ctes.push(`answered AS (
      UPDATE idempotency_keys SET status = $${params.length}, response = (SELECT data FROM ev)
      WHERE organization_id = $1 AND user_id = $${params.length - 2} AND key = $${params.length - 1}
    )`);
  }
  const [written] = await (tail ? sql.finish! : sql.query)<{ number: string }>(
    `WITH n AS (
       INSERT INTO counters (organization_id, name, value) VALUES ($1, $2, 1)
       ON CONFLICT (organization_id, name) DO UPDATE SET value = counters.value + 1 RETURNING value
     ), d AS (
       INSERT INTO documents (id, organization_id, kind, number, customer_id, ticket_id, deal_id, currency,
         issue_date, due_date, payment_terms_days, template, reference, notes, lines, subtotal, discount, tax, total,
         status, converted_from)
       SELECT $4, $1, $5, ${DOCUMENT_NUMBER_SQL('$3::text', 'n.value')}, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb,
         $17, $18, $19, $20, 'draft', $21
       FROM n RETURNING number
     ), e AS (
       INSERT INTO counters (organization_id, name, value) SELECT $1, 'event', 1 FROM d
       ON CONFLICT (organization_id, name) DO UPDATE SET value = counters.value + 1 RETURNING value
     ), ev AS (
       INSERT INTO events (organization_id, seq, type, data, customer_id)
       SELECT $1, e.value, 'document.created', replace($22::text, $23::text, d.number)::jsonb, $24 FROM e, d
       RETURNING seq, data
     )${ctes.map((c) => `, ${c}`).join('')}
     SELECT d.number, pg_notify($25, $1 || ' ' || ev.seq) FROM d, ev`,
    params,
  );
  return toDocument({ ...row, number: written!.number });
}

/**
 * `last`: nothing follows in the caller's transaction (the request handler), so the writing
 * statement may commit it (see `insertDocument`).
 */
export async function createDocument(sql: Sql, actor: Actor, input: CreateInput, seed?: SeedIds, options: { last?: boolean } = {}): Promise<Document> {
  await checkTemplate(sql, actor.organizationId, input.template);
  return insertDocument(
    sql,
    actor,
    {
      ...input,
      ticketId: input.ticketId ?? null,
      dealId: input.dealId ?? null,
      reference: input.reference ?? '',
      notes: input.notes ?? '',
    },
    seed,
    options.last ?? false,
  );
}

/** Saves a changed row's fields, bumps its version and announces the change. */
/**
 * The summary adds up an organization's billed invoices per currency, and every amount the
 * API answers is an exact safe integer: an invoice that would take that sum past the largest
 * one (≈ 90 trillion dollars in cents) is refused, and its transaction rolls back.
 */
async function checkBilledSum(sql: Sql, organizationId: string, doc: Document): Promise<void> {
  if (doc.kind !== 'invoice' || !billedStatuses.has(doc.status)) return;
  const billed = `organization_id = $1 AND currency = $2 AND kind = 'invoice' AND status IN (${[...billedStatuses].map((s) => `'${s}'`).join(', ')})`;
  // Cheap first: no more invoices than numbers given, none larger than the largest (an index
  // lookup) — the sum is only read when that bound could overflow.
  const [bound] = await sql.query<{ top: string | null; count: string | null }>(
    `SELECT (SELECT total FROM documents WHERE ${billed} ORDER BY total DESC LIMIT 1)::text AS top,
            (SELECT value FROM counters WHERE organization_id = $1 AND name = 'number:invoice')::text AS count`,
    [organizationId, doc.currency],
  );
  if (!exceedsMaxAmount(BigInt(bound?.top ?? '0') * BigInt(bound?.count ?? '0'))) return;
  const [row] = await sql.query<{ sum: string }>(`SELECT coalesce(sum(total), 0)::text AS sum FROM documents WHERE ${billed}`, [
    organizationId,
    doc.currency,
  ]);
  if (exceedsMaxAmount(BigInt(row?.sum ?? '0'))) {
    throw unprocessable(
      'amount_too_large',
      `This invoice would take the ${doc.currency} invoices of the organization past the largest total Ledgerside can add up exactly.`,
    );
  }
}

async function saveChange(sql: Sql, actor: Actor, row: DocumentRow, sets: Record<string, unknown>): Promise<Document> {
  const params: unknown[] = [row.id];
  const assignments = Object.entries(sets).map(([column, value]) => {
    params.push(column === 'lines' ? JSON.stringify(value) : value);
    return `${column} = $${params.length}${column === 'lines' ? '::jsonb' : ''}`;
  });
  await sql.query(
    `UPDATE documents SET ${[...assignments, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1`,
    params,
  );
  const doc = toDocument(await loadDocument(sql, actor, row.id));
  if ('status' in sets || 'total' in sets || 'currency' in sets) await checkBilledSum(sql, actor.organizationId, doc);
  await appendEvent(sql, actor.organizationId, 'document.changed', doc, clientAudience(doc));
  return doc;
}

export async function updateDocument(
  sql: Sql,
  actor: Actor,
  id: string,
  ifMatch: number | null,
  input: UpdateInput,
): Promise<Document> {
  const row = await loadDocument(sql, actor, id, true);
  checkVersion(row, ifMatch);
  refuse(actor, row, 'edit');
  // Only a changed template is checked: a document keeps the one it was made with.
  if (input.template !== row.template) await checkTemplate(sql, actor.organizationId, input.template);
  const sets: Record<string, unknown> = {};
  for (const [key, column] of [
    ['currency', 'currency'],
    ['issueDate', 'issue_date'],
    ['template', 'template'],
    ['reference', 'reference'],
    ['notes', 'notes'],
  ] as const) {
    if (input[key] !== undefined) sets[column] = input[key];
  }
  const due = dueDateOnEdit(dueFacts(row), input);
  if (due.dueDate !== undefined) sets.due_date = due.dueDate;
  if (due.paymentTermsDays !== undefined) sets.payment_terms_days = due.paymentTermsDays;
  // The create schema checks its own dates; an edit is checked on the merged document.
  const dueError = dueDateError(input.issueDate ?? row.issue_date, due.dueDate !== undefined ? due.dueDate : row.due_date);
  if (dueError) throw unprocessable('due_before_issue', dueError, [{ path: ['dueDate'], message: dueError }]);
  const lineInputs = input.lines ?? row.lines;
  if (input.lines) {
    const { lines, totals } = buildLines(input.lines);
    Object.assign(sets, { lines, subtotal: totals.subtotal, discount: totals.discount, tax: totals.tax, total: totals.total });
  }
  if (holdsTimeEntries(row.kind, row.status) && (input.lines || input.currency)) {
    await claimTimeEntries(sql, actor.organizationId, row.id, lineInputs, input.currency ?? row.currency);
  }
  return saveChange(sql, actor, row, sets);
}

const dueFacts = (row: DocumentRow) => ({
  issueDate: row.issue_date,
  dueDate: row.due_date,
  paymentTermsDays: row.payment_terms_days === null ? null : Number(row.payment_terms_days),
});

/** A new draft like the original, dated today; time entries stay with the original. */
export async function cloneDocument(sql: Sql, actor: Actor, id: string): Promise<Document> {
  const row = await loadDocument(sql, actor, id);
  refuse(actor, row, 'clone');
  const issueDate = todayIso();
  const due = dueDateOnCopy(dueFacts(row), issueDate);
  return insertDocument(sql, actor, {
    kind: row.kind,
    customerId: row.customer_id,
    ticketId: row.ticket_id,
    dealId: row.deal_id,
    currency: row.currency,
    issueDate,
    ...due,
    template: row.template,
    reference: row.reference,
    notes: row.notes,
    lines: row.lines.map(({ id: _id, amounts: _amounts, ...line }) => ({ ...line, timeEntryIds: [] })),
  });
}

export async function voidDocument(sql: Sql, actor: Actor, id: string, ifMatch: number | null): Promise<Document> {
  const row = await loadDocument(sql, actor, id, true);
  checkVersion(row, ifMatch);
  refuse(actor, row, 'void');
  await releaseTimeEntries(sql, actor.organizationId, row.id);
  return saveChange(sql, actor, row, { status: 'void' });
}

export async function deleteDocument(sql: Sql, actor: Actor, id: string, ifMatch: number | null): Promise<Document> {
  const row = await loadDocument(sql, actor, id, true);
  checkVersion(row, ifMatch);
  refuse(actor, row, 'delete');
  await releaseTimeEntries(sql, actor.organizationId, row.id);
  return saveChange(sql, actor, row, { status: 'deleted' });
}

export async function markDocumentSent(sql: Sql, actor: Actor, id: string, ifMatch: number | null): Promise<Document> {
  const row = await loadDocument(sql, actor, id, true);
  checkVersion(row, ifMatch);
  refuse(actor, row, 'mark_sent');
  return saveChange(sql, actor, row, { status: 'sent', sent_at: new Date() });
}

/** Queues the email with the PDF; a draft becomes sent. */
export async function emailDocument(
  sql: Sql,
  actor: Actor,
  id: string,
  input: Output<typeof EmailRequest>,
): Promise<Document> {
  const row = await loadDocument(sql, actor, id, true);
  refuse(actor, row, 'email');
  const customer = await getCustomer(sql, actor, row.customer_id);
  const org = await requireOrganization(sql, actor.organizationId);
  const to = input.to ?? [customer.email];
  const labels = labelsFor(customer.language);
  const doc = toDocument(row);
  // Written in the customer's language; the agent's message is a note inside it.
  const text = documentEmailText(customer.language, {
    kind: doc.kind,
    number: doc.number,
    total: formatMoney(doc.kind === 'invoice' ? doc.balance : doc.totals.total, doc.currency, customer.language),
    date: doc.dueDate ? formatDate(doc.dueDate, customer.language) : null,
    note: input.message ?? '',
    organization: org.name,
  });
  await enqueueEmail(sql, {
    organizationId: actor.organizationId,
    kind: 'document',
    to,
    subject: input.subject?.trim() || labels.documentEmail(doc.kind, doc.number, org.name),
    body: text,
    documentId: row.id,
  });
  if (row.status !== 'draft') return doc;
  return saveChange(sql, actor, row, { status: 'sent', sent_at: new Date() });
}

/** A quote becomes a new invoice (claiming the quote's time entries); answers the invoice. */
export async function convertDocument(
  sql: Sql,
  actor: Actor,
  id: string,
  ifMatch: number | null,
  seed: { invoiceId?: string; issueDate?: string } = {},
): Promise<Document> {
  const row = await loadDocument(sql, actor, id, true);
  checkVersion(row, ifMatch);
  refuse(actor, row, 'convert');
  const issueDate = seed.issueDate ?? todayIso();
  const invoice = await insertDocument(
    sql,
    actor,
    {
      kind: 'invoice',
      customerId: row.customer_id,
      ticketId: row.ticket_id,
      dealId: row.deal_id,
      currency: row.currency,
      issueDate,
      ...dueDateOnCopy(dueFacts(row), issueDate),
      template: row.template,
      reference: row.reference,
      notes: row.notes,
      lines: row.lines.map(({ id: _id, amounts: _amounts, ...line }) => line),
      convertedFrom: row.id,
    },
    { id: seed.invoiceId },
  );
  await saveChange(sql, actor, row, { status: 'invoiced', converted_to: invoice.id });
  return invoice;
}

export async function recordPayment(
  sql: Sql,
  actor: Actor,
  id: string,
  input: Output<typeof PaymentCreate>,
): Promise<Output<typeof PaymentResult>> {
  const row = await loadDocument(sql, actor, id, true);
  refuse(actor, row, 'record_payment');
  const check = checkPayment(factsOf(row), input.amount);
  if (!check.ok) throw unprocessable(check.reason, check.message);
  const paymentId = newId('pay');
  const [payment] = await sql.query<{ created_at: Date }>(
    `INSERT INTO payments (id, organization_id, document_id, amount, currency, date, method, reference)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING created_at`,
    [paymentId, actor.organizationId, row.id, input.amount, row.currency, input.date, input.method, input.reference],
  );
  const params: unknown[] = [row.id, input.amount, check.to];
  await sql.query(
    `UPDATE documents SET amount_paid = amount_paid + $2, status = $3, sent_at = coalesce(sent_at, now()),
       version = version + 1, updated_at = now() WHERE id = $1`,
    params,
  );
  const document = toDocument(await loadDocument(sql, actor, row.id));
  if (check.to !== row.status) await checkBilledSum(sql, actor.organizationId, document);
  const result: Output<typeof PaymentResult> = {
    payment: {
      id: paymentId,
      documentId: row.id,
      amount: input.amount,
      currency: row.currency,
      date: input.date,
      method: input.method,
      reference: input.reference,
      createdAt: iso(payment!.created_at),
    },
    document,
  };
  await appendEvent(sql, actor.organizationId, 'payment.recorded', result, clientAudience(document));
  return result;
}

/** What the PDF needs: the document, its customer and the issuing organization. */
export async function documentForPdf(sql: Sql, actor: Actor, id: string) {
  const row = await loadDocument(sql, actor, id);
  refuse(actor, row, 'pdf');
  return {
    document: toDocument(row),
    customer: await getCustomer(sql, actor, row.customer_id),
    organization: await requireOrganization(sql, actor.organizationId),
  };
}
