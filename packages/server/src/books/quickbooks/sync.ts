/**
 * Keeping the mirror and QuickBooks in step. `runOrganization` works through one
 * organization's queue in order, holding its lease: each write goes to QuickBooks with the job's
 * id as `requestid` (so a retry after a lost answer returns the first answer, never a second
 * invoice), and QuickBooks' answer is applied to the mirror in the same transaction that marks
 * the job done. Transient failures (unreachable, 5xx, 429) put the job back with backoff — or
 * Retry-After — and stop the queue there, keeping the order; refusals mark the document failed
 * with QuickBooks' reason; a stale SyncToken re-reads the entity (QuickBooks wins) and retries
 * what can be retried (void, delete, send).
 *
 * `applyTransaction` is the one way a QuickBooks invoice or estimate reaches the mirror — from
 * a write's answer, a webhook's re-read or the reconcile — and announces what changed live.
 */
import { documentTotals, permissionsOf, type Document } from '@ledgerside/contract';
import type { Db, Sql } from '../../db/types.js';
import type { Actor } from '../../services/common.js';
import { newId } from '../../services/common.js';
import { getCustomer } from '../../services/customers.js';
import { clientAudience, toDocument, SELECT_DOCUMENT, type DocumentRow } from '../../services/documents-model.js';
import { appendEvent } from '../../services/events.js';
import { clientFor, type BooksRuntime } from '../connect.js';
import { loadConnection, type ConnectionRow } from '../connections.js';
import type { JobRow } from '../queue.js';
import type { StoredBooks } from '../stored.js';
import { VendorError, type Json, type QuickBooksClient } from './client.js';
import { deepLink, effectiveTaxMapping, fromAmount, fromCustomer, statusOf, toCustomerBody, toTransaction, totalsOf, UnmappedTaxRate } from './mapping.js';

/** Backoff after a transient failure: 1 s, 2 s, 4 s … at most 5 minutes (Retry-After wins). */
export function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), 300_000);
}

export function systemActor(organizationId: string): Actor {
  return { organizationId, userId: 'ledgerside', name: 'Ledgerside', email: '', role: 'admin', customerId: null, permissions: permissionsOf('admin') };
}

const entityOf = (kind: 'invoice' | 'quote') => (kind === 'quote' ? 'estimate' : 'invoice');
const EntityName = { invoice: 'Invoice', estimate: 'Estimate', customer: 'Customer', payment: 'Payment' } as const;

async function loadRow(sql: Sql, organizationId: string, id: string, lock = false): Promise<DocumentRow | null> {
  const [row] = await sql.query<DocumentRow>(`${SELECT_DOCUMENT} WHERE d.organization_id = $1 AND d.id = $2${lock ? ' FOR UPDATE OF d' : ''}`, [organizationId, id]);
  return row ?? null;
}

/** A refusal in words for people, with a reason the components translate. */
export function refusalOf(error: VendorError): { reason: string; message: string } {
  const fault = error.extra.faults?.[0];
  const element = fault?.element ?? '';
  const detail = (fault?.detail ?? error.message).replace(/^Business Validation Error:\s*/, '');
  if (/CurrencyRef/i.test(element) || /currenc/i.test(detail)) return { reason: 'currency_not_enabled', message: `QuickBooks refused the currency: ${detail}` };
  if (/TaxCode|TaxRate/i.test(element) || /tax code/i.test(detail)) return { reason: 'tax_code_missing', message: `QuickBooks refused the tax: ${detail}` };
  if (fault?.code === '6240') return { reason: 'duplicate_name', message: `QuickBooks already has a customer with this name: ${detail}` };
  return { reason: 'books_refused', message: `QuickBooks refused it: ${detail}` };
}

// ---------------------------------------------------------------- applying QuickBooks to the mirror

interface VendorPayment {
  vendorId: string;
  amount: number;
  date: string;
}

/**
 * QuickBooks' invoice or estimate into the mirror row `row`: its id, SyncToken and link; its
 * totals (kept over the entered ones, which stay beside them when they differ), balance and
 * status; payments QuickBooks has that the mirror has not, as payments with live events.
 * Changes the version only when something people see changed.
 */
export async function applyTransaction(
  sql: Sql,
  rt: BooksRuntime,
  row: DocumentRow,
  txn: Json,
  payments: readonly VendorPayment[] = [],
): Promise<Document> {
  const conn = await loadConnection(sql, row.organization_id);
  const appUrl = rt.config.quickbooks?.appUrl ?? '';
  const currency = row.currency;
  const vendor = totalsOf(txn, currency);
  const entered = documentTotals(row.lines);
  const differs = entered.total !== vendor.total || entered.tax !== vendor.tax;
  const previous = row.books ?? null;
  const markedSent = row.sent_at !== null;
  const deleted = row.status === 'deleted';
  const status = deleted ? 'deleted' : statusOf(row.kind, txn, currency, markedSent);
  const amountPaid = row.kind === 'invoice' && vendor.balance !== null && status !== 'void' ? vendor.total - vendor.balance : Number(row.amount_paid);
  const vendorId = String(txn.Id);
  const books: StoredBooks = {
    provider: 'quickbooks',
    state: 'synced',
    vendorId,
    syncToken: String(txn.SyncToken ?? '0'),
    lastSyncedAt: new Date().toISOString(),
    error: previous?.error?.reason === 'changed_in_quickbooks' ? previous.error : null,
    enteredTotals: differs ? entered : null,
    url: appUrl ? deepLink(appUrl, row.kind, vendorId) : null,
  };
  const seen =
    Number(row.total) !== vendor.total ||
    Number(row.tax) !== vendor.tax ||
    Number(row.amount_paid) !== amountPaid ||
    row.status !== status ||
    (txn.EmailStatus === 'EmailSent' && row.sent_at === null);
  const booksChanged = JSON.stringify({ ...previous, lastSyncedAt: null }) !== JSON.stringify({ ...books, lastSyncedAt: null });
  await sql.query(
    `UPDATE documents SET books = $2::jsonb, subtotal = $3, discount = $4, tax = $5, total = $6, amount_paid = $7, status = $8,
       sent_at = CASE WHEN $9::boolean THEN coalesce(sent_at, now()) ELSE sent_at END,
       version = version + CASE WHEN $10::boolean THEN 1 ELSE 0 END,
       updated_at = CASE WHEN $10::boolean THEN now() ELSE updated_at END
     WHERE id = $1`,
    [row.id, JSON.stringify(books), vendor.subtotal, vendor.discount, vendor.tax, vendor.total, amountPaid, status, txn.EmailStatus === 'EmailSent', seen],
  );
  const doc = toDocument((await loadRow(sql, row.organization_id, row.id))!);
  // Payments QuickBooks has and the mirror has not: recorded here too, announced as Ledgerside's are.
  for (const payment of payments) {
    const inserted = await sql.query<{ id: string; created_at: Date }>(
      `INSERT INTO payments (id, organization_id, document_id, amount, currency, date, method, reference, vendor_id)
       VALUES ($1, $2, $3, $4, $5, $6, 'other', $7, $8) ON CONFLICT DO NOTHING RETURNING id, created_at`,
      [newId('pay'), row.organization_id, row.id, payment.amount, currency, payment.date, `QuickBooks payment ${payment.vendorId}`, payment.vendorId],
    );
    if (!inserted.length) continue;
    await appendEvent(sql, row.organization_id, 'payment.recorded', {
      payment: {
        id: inserted[0]!.id,
        documentId: row.id,
        amount: payment.amount,
        currency,
        date: payment.date,
        method: 'other',
        reference: `QuickBooks payment ${payment.vendorId}`,
        createdAt: new Date(inserted[0]!.created_at).toISOString(),
      },
      document: doc,
    }, clientAudience(doc));
  }
  if ((seen || booksChanged) && !payments.length) await appendEvent(sql, row.organization_id, 'document.changed', doc, clientAudience(doc));
  if (conn) await sql.query(`UPDATE books_connections SET last_sync_at = now() WHERE organization_id = $1`, [row.organization_id]);
  return doc;
}

/** The payments QuickBooks links to an invoice that the mirror does not know yet (read before the transaction). */
export async function newPayments(db: Db, client: QuickBooksClient, row: DocumentRow, txn: Json): Promise<VendorPayment[]> {
  const linked = ((txn.LinkedTxn as Json[] | undefined) ?? []).filter((l) => l.TxnType === 'Payment').map((l) => String(l.TxnId));
  if (!linked.length || row.kind !== 'invoice') return [];
  const known = new Set(
    (await db.query<{ vendor_id: string }>('SELECT vendor_id FROM payments WHERE organization_id = $1 AND document_id = $2 AND vendor_id IS NOT NULL', [row.organization_id, row.id])).map((p) => p.vendor_id),
  );
  const out: VendorPayment[] = [];
  for (const id of linked) {
    if (known.has(id)) continue;
    const payment = (await client.json('GET', `/payment/${encodeURIComponent(id)}`)).Payment as Json;
    const line = ((payment.Line as Json[] | undefined) ?? []).find((l) => ((l.LinkedTxn as Json[] | undefined) ?? []).some((t) => t.TxnType === 'Invoice' && String(t.TxnId) === String(txn.Id)));
    const amount = line ? fromAmount(line.Amount, row.currency) : null;
    if (amount) out.push({ vendorId: id, amount, date: String(payment.TxnDate ?? new Date().toISOString().slice(0, 10)) });
  }
  return out;
}

async function setFailed(sql: Sql, organizationId: string, documentId: string, error: { reason: string; message: string }): Promise<void> {
  await sql.query(`UPDATE documents SET books = books || jsonb_build_object('state', 'failed', 'error', $3::jsonb) WHERE organization_id = $1 AND id = $2`, [
    organizationId,
    documentId,
    JSON.stringify(error),
  ]);
  const row = await loadRow(sql, organizationId, documentId);
  if (row) {
    const doc = toDocument(row);
    await appendEvent(sql, organizationId, 'document.changed', doc, clientAudience(doc));
  }
}

// ---------------------------------------------------------------- the queue

type Outcome = { done: true } | { retryInMs: number; error: string } | { failed: string };

/** The customer in QuickBooks, created there first when it is not yet. */
async function ensureCustomer(rt: BooksRuntime, client: QuickBooksClient, organizationId: string, customerId: string, requestId: string): Promise<string> {
  const [row] = await rt.db.query<{ books: StoredBooks | null }>('SELECT books FROM customers WHERE organization_id = $1 AND id = $2', [organizationId, customerId]);
  if (row?.books?.vendorId) return row.books.vendorId;
  return pushCustomer(rt, client, organizationId, customerId, requestId);
}

async function pushCustomer(rt: BooksRuntime, client: QuickBooksClient, organizationId: string, customerId: string, requestId: string): Promise<string> {
  const customer = await getCustomer(rt.db, systemActor(organizationId), customerId);
  const [stored] = await rt.db.query<{ books: StoredBooks | null }>('SELECT books FROM customers WHERE id = $1', [customerId]);
  let vendorId = stored?.books?.vendorId ?? null;
  if (!vendorId) {
    // The company may know this customer already (same email): link, do not duplicate.
    const found = await client.query('Customer', `SELECT * FROM Customer WHERE PrimaryEmailAddr = '${customer.email.replace(/'/g, "\\'")}'`);
    if (found[0]) vendorId = String(found[0].Id);
  }
  let answer: Json;
  if (vendorId) {
    const current = (await client.json('GET', `/customer/${encodeURIComponent(vendorId)}`)).Customer as Json;
    answer = (await client.json('POST', '/customer', { body: { ...toCustomerBody(customer), Id: vendorId, SyncToken: current.SyncToken, sparse: true }, requestId })).Customer as Json;
  } else {
    answer = (await client.json('POST', '/customer', { body: toCustomerBody(customer), requestId })).Customer as Json;
  }
  const books: StoredBooks = {
    provider: 'quickbooks',
    state: 'synced',
    vendorId: String(answer.Id),
    syncToken: String(answer.SyncToken),
    lastSyncedAt: new Date().toISOString(),
    error: null,
    enteredTotals: null,
    url: rt.config.quickbooks ? `${rt.config.quickbooks.appUrl.replace(/\/+$/, '')}/customerdetail?nameId=${encodeURIComponent(String(answer.Id))}` : null,
  };
  await rt.db.query('UPDATE customers SET books = $2::jsonb WHERE id = $1', [customerId, JSON.stringify(books)]);
  return books.vendorId!;
}

async function runJob(rt: BooksRuntime, conn: ConnectionRow, job: JobRow): Promise<Outcome> {
  const client = clientFor(rt, conn);
  const org = conn.organization_id;
  if (job.lane === 'in') return refreshJob(rt, client, org, job);
  if (job.entity === 'customer') {
    await pushCustomer(rt, client, org, job.local_id!, job.id);
    return { done: true };
  }
  const row = await loadRow(rt.db, org, job.local_id!);
  if (!row) return { done: true };
  const entity = entityOf(row.kind);
  const vendorId = row.books?.vendorId ?? null;
  switch (job.op) {
    case 'push': {
      if (row.status === 'deleted' || row.status === 'void') return { done: true }; // their own jobs tell QuickBooks
      const customerVendorId = await ensureCustomer(rt, client, org, row.customer_id, `${job.id}-c`);
      let fromQuote: string | null = null;
      if (typeof job.args.fromQuote === 'string') {
        const quote = await loadRow(rt.db, org, job.args.fromQuote);
        fromQuote = quote?.books?.vendorId ?? null;
      }
      const ratesByCode = new Map(conn.tax_codes.map((c) => [c.id, c.rateIds?.[0] ?? '']));
      let body: Json;
      try {
        body = toTransaction(toDocument(row), { customerVendorId, taxMapping: effectiveTaxMapping(conn), itemId: conn.item_id, taxRates: ratesByCode });
      } catch (error) {
        if (error instanceof UnmappedTaxRate) {
          await rt.db.transaction((tx) => setFailed(tx, org, row.id, { reason: 'tax_code_missing', message: error.message }));
          return { failed: error.message };
        }
        throw error;
      }
      if (row.sent_at) body.EmailStatus = 'EmailSent';
      if (fromQuote) body.LinkedTxn = [{ TxnId: fromQuote, TxnType: 'Estimate' }];
      if (vendorId) Object.assign(body, { Id: vendorId, SyncToken: row.books!.syncToken });
      const answer = (await client.json('POST', `/${entity}`, { body, requestId: job.id }))[EntityName[entity]] as Json;
      await rt.db.transaction(async (tx) => {
        const locked = await loadRow(tx, org, row.id, true);
        if (locked) await applyTransaction(tx, rt, locked, answer);
        await finish(tx, job.id);
      });
      return { done: true };
    }
    case 'void':
    case 'delete': {
      if (!vendorId) return { done: true }; // never reached QuickBooks: nothing to undo there
      const answer = await client.json('POST', `/${entity}`, { query: { operation: job.op }, body: { Id: vendorId, SyncToken: row.books!.syncToken }, requestId: job.id });
      await rt.db.transaction(async (tx) => {
        const locked = await loadRow(tx, org, row.id, true);
        if (locked && job.op === 'void') await applyTransaction(tx, rt, locked, answer.Invoice as Json);
        if (locked && job.op === 'delete') {
          await tx.query(`UPDATE documents SET books = books || jsonb_build_object('state', 'synced', 'lastSyncedAt', $2::text, 'error', null) WHERE id = $1`, [row.id, new Date().toISOString()]);
          const doc = toDocument((await loadRow(tx, org, row.id))!);
          await appendEvent(tx, org, 'document.changed', doc, clientAudience(doc));
        }
        await finish(tx, job.id);
      });
      return { done: true };
    }
    case 'send': {
      if (!vendorId) return { retryInMs: 1000, error: 'waiting for QuickBooks to have the document' };
      const to = typeof job.args.to === 'string' ? job.args.to : null;
      const answer = (await client.json('POST', `/${entity}/${encodeURIComponent(vendorId)}/send`, { ...(to ? { query: { sendTo: to } } : {}), requestId: job.id }))[EntityName[entity]] as Json;
      await rt.db.transaction(async (tx) => {
        const locked = await loadRow(tx, org, row.id, true);
        if (locked) await applyTransaction(tx, rt, locked, answer);
        await finish(tx, job.id);
      });
      return { done: true };
    }
    case 'payment': {
      if (!vendorId) return { retryInMs: 1000, error: 'waiting for QuickBooks to have the invoice' };
      const [payment] = await rt.db.query<{ id: string; amount: number; date: string; vendor_id: string | null }>('SELECT * FROM payments WHERE id = $1', [job.args.paymentId]);
      if (!payment || payment.vendor_id) return { done: true };
      const customerVendorId = await ensureCustomer(rt, client, org, row.customer_id, `${job.id}-c`);
      const { toAmount } = await import('./mapping.js');
      const answer = (await client.json('POST', '/payment', {
        body: {
          CustomerRef: { value: customerVendorId },
          CurrencyRef: { value: row.currency },
          TotalAmt: toAmount(payment.amount, row.currency),
          TxnDate: payment.date,
          Line: [{ Amount: toAmount(payment.amount, row.currency), LinkedTxn: [{ TxnId: vendorId, TxnType: 'Invoice' }] }],
        },
        requestId: job.id,
      })).Payment as Json;
      const invoice = (await client.json('GET', `/invoice/${encodeURIComponent(vendorId)}`)).Invoice as Json;
      await rt.db.transaction(async (tx) => {
        await tx.query('UPDATE payments SET vendor_id = $2 WHERE id = $1', [payment.id, String(answer.Id)]);
        const locked = await loadRow(tx, org, row.id, true);
        if (locked) await applyTransaction(tx, rt, locked, invoice);
        await finish(tx, job.id);
      });
      return { done: true };
    }
    default:
      return { failed: `unknown operation ${job.op}` };
  }
}

/** A webhook's or the reconcile's entity, read again and applied (a payment: its invoices). */
async function refreshJob(rt: BooksRuntime, client: QuickBooksClient, org: string, job: JobRow): Promise<Outcome> {
  const entity = job.entity;
  const vendorId = job.vendor_id!;
  if (entity === 'Payment') {
    let payment: Json | null = null;
    try {
      payment = (await client.json('GET', `/payment/${encodeURIComponent(vendorId)}`)).Payment as Json;
    } catch (error) {
      if (!(error instanceof VendorError && error.kind === 'not_found')) throw error;
    }
    const invoices = new Set<string>();
    for (const line of (payment?.Line as Json[] | undefined) ?? []) {
      for (const t of (line.LinkedTxn as Json[] | undefined) ?? []) if (t.TxnType === 'Invoice') invoices.add(String(t.TxnId));
    }
    // A deleted payment: the invoices it paid are the ones whose mirror knows it.
    if (!payment) {
      for (const r of await rt.db.query<{ books: StoredBooks }>('SELECT d.books FROM payments p JOIN documents d ON d.id = p.document_id WHERE p.organization_id = $1 AND p.vendor_id = $2', [org, vendorId])) {
        if (r.books.vendorId) invoices.add(r.books.vendorId);
      }
    }
    for (const invoiceId of invoices) await refreshTransaction(rt, client, org, 'invoice', invoiceId);
  } else if (entity === 'Invoice' || entity === 'Estimate') {
    await refreshTransaction(rt, client, org, entity === 'Invoice' ? 'invoice' : 'estimate', vendorId);
  } else if (entity === 'Customer') {
    const [local] = await rt.db.query<{ id: string }>(`SELECT id FROM customers WHERE organization_id = $1 AND books->>'vendorId' = $2`, [org, vendorId]);
    if (local) {
      try {
        await applyCustomer(rt, org, local.id, (await client.json('GET', `/customer/${encodeURIComponent(vendorId)}`)).Customer as Json);
      } catch (error) {
        if (!(error instanceof VendorError && error.kind === 'not_found')) throw error;
      }
    }
  }
  await rt.db.transaction((tx) => finish(tx, job.id));
  return { done: true };
}

export async function refreshTransaction(rt: BooksRuntime, client: QuickBooksClient, org: string, entity: 'invoice' | 'estimate', vendorId: string): Promise<void> {
  const [found] = await rt.db.query<{ id: string }>(
    `SELECT id FROM documents WHERE organization_id = $1 AND books->>'vendorId' = $2 AND kind = $3`,
    [org, vendorId, entity === 'estimate' ? 'quote' : 'invoice'],
  );
  if (!found) return; // not one of the mirror's (documents made in QuickBooks stay there)
  let txn: Json | null = null;
  try {
    txn = (await client.json('GET', `/${entity}/${encodeURIComponent(vendorId)}`))[EntityName[entity]] as Json;
  } catch (error) {
    if (!(error instanceof VendorError && error.kind === 'not_found')) throw error;
  }
  const row = await loadRow(rt.db, org, found.id);
  if (!row) return;
  if (!txn) {
    // Deleted in QuickBooks.
    await rt.db.transaction(async (tx) => {
      await tx.query(`UPDATE documents SET status = 'deleted', version = version + 1, updated_at = now(), books = books || jsonb_build_object('state', 'synced', 'lastSyncedAt', $2::text) WHERE id = $1 AND status <> 'deleted'`, [row.id, new Date().toISOString()]);
      const doc = toDocument((await loadRow(tx, org, row.id))!);
      await appendEvent(tx, org, 'document.changed', doc, clientAudience(doc));
    });
    return;
  }
  // An older answer than the mirror's (webhooks out of order) changes nothing; a document with
  // a change of ours on its way waits for that change's answer, which is newer still.
  if (row.books?.syncToken && Number(txn.SyncToken) < Number(row.books.syncToken)) return;
  if (row.books?.state === 'pending') return;
  const payments = await newPayments(rt.db, client, row, txn);
  await rt.db.transaction(async (tx) => {
    const locked = await loadRow(tx, org, row.id, true);
    if (locked) await applyTransaction(tx, rt, locked, txn, payments);
  });
}

/** A QuickBooks customer the mirror does not know yet joins it (its language and time zone: the organization's defaults). */
export async function importCustomer(sql: Sql, rt: BooksRuntime, org: string, body: Json): Promise<void> {
  const vendorId = String(body.Id);
  const [known] = await sql.query(`SELECT 1 FROM customers WHERE organization_id = $1 AND books->>'vendorId' = $2`, [org, vendorId]);
  if (known) return;
  const fields = fromCustomer(body);
  if (!fields.email || !fields.displayName) return;
  const [orgRow] = await sql.query<{ base_currency: string; templates: { id: string }[] }>('SELECT base_currency, templates FROM organizations WHERE id = $1', [org]);
  const books: StoredBooks = {
    provider: 'quickbooks', state: 'synced', vendorId, syncToken: String(body.SyncToken ?? '0'), lastSyncedAt: new Date().toISOString(), error: null, enteredTotals: null,
    url: rt.config.quickbooks ? `${rt.config.quickbooks.appUrl.replace(/\/+$/, '')}/customerdetail?nameId=${encodeURIComponent(vendorId)}` : null,
  };
  await sql.query(
    `INSERT INTO customers (id, organization_id, first_name, last_name, company_name, display_name, email, secondary_email, phone,
       billing_address, tax_id, currency, language, time_zone, template, books)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, 'en', 'UTC', $13, $14::jsonb)`,
    [newId('cus'), org, fields.firstName, fields.lastName, fields.companyName, fields.displayName, fields.email, fields.secondaryEmail, fields.phone,
      JSON.stringify(fields.billingAddress), fields.taxId, fields.currency || orgRow?.base_currency || 'USD', orgRow?.templates[0]?.id ?? '', JSON.stringify(books)],
  );
}

/** QuickBooks' customer into the mirror (what QuickBooks holds of it; the rest is Ledgerside's own). */
export async function applyCustomer(rt: BooksRuntime, org: string, customerId: string, body: Json): Promise<boolean> {
  const fields = fromCustomer(body);
  const changed = await rt.db.query(
    `UPDATE customers SET display_name = $3, first_name = $4, last_name = $5, company_name = $6,
       email = CASE WHEN $7 = '' THEN email ELSE $7 END, secondary_email = $8, phone = $9, billing_address = $10::jsonb, tax_id = $11,
       books = books || jsonb_build_object('syncToken', $12::text, 'lastSyncedAt', $13::text, 'state', 'synced'),
       version = version + 1, updated_at = now()
     WHERE organization_id = $1 AND id = $2 AND coalesce((books->>'syncToken')::bigint, -1) < $12::bigint AND coalesce(books->>'state', '') <> 'pending'
     RETURNING id`,
    [org, customerId, fields.displayName, fields.firstName, fields.lastName, fields.companyName, fields.email, fields.secondaryEmail, fields.phone,
      JSON.stringify(fields.billingAddress), fields.taxId, String(body.SyncToken ?? '0'), new Date().toISOString()],
  );
  return changed.length > 0;
}

async function finish(tx: Sql, jobId: string): Promise<void> {
  await tx.query(`UPDATE books_jobs SET status = 'done', done_at = now(), last_error = NULL WHERE id = $1`, [jobId]);
}

/**
 * Works through one organization's due jobs, in order, while this process holds its lease.
 * Answers how many jobs finished.
 */
export async function runOrganization(rt: BooksRuntime, organizationId: string, owner: string): Promise<number> {
  return (await withLease(rt, organizationId, owner, () => drain(rt, organizationId))) ?? 0;
}

/** Runs `fn` while this process holds the organization's lease; null when another holds it. */
export async function withLease<T>(rt: BooksRuntime, organizationId: string, owner: string, fn: () => Promise<T>): Promise<T | null> {
  const [leased] = await rt.db.query(
    `UPDATE books_connections SET lease_until = now() + interval '2 minutes', lease_owner = $2
     WHERE organization_id = $1 AND (lease_until IS NULL OR lease_until < now() OR lease_owner = $2) RETURNING organization_id`,
    [organizationId, owner],
  );
  if (!leased) return null;
  try {
    return await fn();
  } finally {
    await rt.db.query(`UPDATE books_connections SET lease_until = NULL, lease_owner = NULL WHERE organization_id = $1 AND lease_owner = $2`, [organizationId, owner]);
  }
}

async function drain(rt: BooksRuntime, organizationId: string): Promise<number> {
  let finished = 0;
  {
    for (;;) {
      const conn = await loadConnection(rt.db, organizationId);
      if (!conn) return finished;
      const [job] = await rt.db.query<JobRow & { due: boolean }>(
        `SELECT *, next_attempt_at <= now() AS due FROM books_jobs WHERE organization_id = $1 AND status IN ('pending', 'running') ORDER BY seq LIMIT 1`,
        [organizationId],
      );
      // The head of the queue is not due yet: later jobs wait behind it, in order.
      if (!job || !job.due) return finished;
      await rt.db.query(`UPDATE books_jobs SET status = 'running', attempts = attempts + 1 WHERE id = $1`, [job.id]);
      await rt.db.query(`UPDATE books_connections SET lease_until = now() + interval '2 minutes' WHERE organization_id = $1`, [organizationId]);
      let outcome: Outcome;
      try {
        outcome = await runJob(rt, conn, { ...job, attempts: Number(job.attempts) + 1 });
      } catch (error) {
        outcome = await handleFailure(rt, conn, job, error);
      }
      if ('retryInMs' in outcome) {
        await rt.db.query(
          `UPDATE books_jobs SET status = 'pending', next_attempt_at = now() + ($2 || ' milliseconds')::interval, last_error = $3 WHERE id = $1`,
          [job.id, String(outcome.retryInMs), outcome.error.slice(0, 500)],
        );
        return finished;
      }
      if ('failed' in outcome) {
        await rt.db.query(`UPDATE books_jobs SET status = 'failed', done_at = now(), last_error = $2 WHERE id = $1 AND status <> 'done'`, [job.id, outcome.failed.slice(0, 500)]);
      } else {
        // Jobs that finished without a transaction of their own.
        await rt.db.query(`UPDATE books_jobs SET status = 'done', done_at = coalesce(done_at, now()) WHERE id = $1 AND status <> 'done'`, [job.id]);
      }
      finished++;
    }
  }
}

async function handleFailure(rt: BooksRuntime, conn: ConnectionRow, job: JobRow, error: unknown): Promise<Outcome> {
  const attempts = Number(job.attempts) + 1;
  if (!(error instanceof VendorError)) {
    console.error('[books] job failed:', job.op, job.entity, error);
    return { retryInMs: backoffMs(attempts), error: (error as Error).message ?? String(error) };
  }
  if (error.transient) return { retryInMs: error.extra.retryAfterMs ?? backoffMs(attempts), error: error.message };
  if (error.kind === 'disconnected') return { retryInMs: 60_000, error: error.message };
  const org = conn.organization_id;
  const client = clientFor(rt, conn);
  if (error.kind === 'stale' && job.entity === 'document' && job.local_id) {
    // Changed in QuickBooks meanwhile: QuickBooks wins in the mirror. Intentions (void, delete,
    // send, payment) are tried again on the fresh SyncToken; an edit of the lines is not.
    const row = await loadRow(rt.db, org, job.local_id);
    if (row?.books?.vendorId) {
      const entity = entityOf(row.kind);
      const txn = (await client.json('GET', `/${entity}/${encodeURIComponent(row.books.vendorId)}`))[EntityName[entity]] as Json;
      const payments = await newPayments(rt.db, client, row, txn);
      const retry = job.op !== 'push';
      await rt.db.transaction(async (tx) => {
        const locked = await loadRow(tx, org, row.id, true);
        if (!locked) return;
        if (!retry) {
          await tx.query(`UPDATE documents SET books = books || jsonb_build_object('error', $2::jsonb) WHERE id = $1`, [
            row.id,
            JSON.stringify({ reason: 'changed_in_quickbooks', message: 'Someone changed this in QuickBooks while it was being saved; QuickBooks’ version is shown and the change made here was not applied.' }),
          ]);
        }
        await applyTransaction(tx, rt, (await loadRow(tx, org, row.id, true))!, txn, payments);
      });
      return retry ? { retryInMs: 0, error: 'stale SyncToken: retrying on the fresh one' } : { failed: 'changed in QuickBooks meanwhile' };
    }
  }
  if (error.kind === 'not_found' && job.entity === 'document' && job.local_id && (job.op === 'delete' || job.op === 'void')) return { done: true };
  const refusal = refusalOf(error);
  if (job.entity === 'document' && job.local_id) await rt.db.transaction((tx) => setFailed(tx, org, job.local_id!, refusal));
  if (job.entity === 'customer' && job.local_id) {
    await rt.db.query(`UPDATE customers SET books = coalesce(books, '{}'::jsonb) || jsonb_build_object('state', 'failed', 'error', $2::jsonb) WHERE id = $1`, [job.local_id, JSON.stringify(refusal)]);
  }
  return { failed: refusal.message };
}

/** Every organization with work due, each run by whichever process gets its lease first. */
export async function runDue(rt: BooksRuntime, owner: string): Promise<number> {
  const orgs = await rt.db.query<{ organization_id: string }>(
    `SELECT DISTINCT organization_id FROM books_jobs WHERE status IN ('pending', 'running') AND next_attempt_at <= now()`,
  );
  let finished = 0;
  for (const { organization_id } of orgs) finished += await runOrganization(rt, organization_id, owner);
  return finished;
}
