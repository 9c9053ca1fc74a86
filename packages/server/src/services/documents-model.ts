/**
 * Documents as stored and as served. The status machine, money math and overdue rule come from
 * the contract; this file only maps rows and says which stored statuses count where.
 */
import {
  clientVisibleStatuses,
  displayStatus,
  documentExternalUrl,
  visibleToClient,
  type Document,
  type DocumentKind,
  type DocumentLine,
  type DocumentStatus,
  type StatusFacts,
} from '@ledgerside/contract';
import { publicBooks, type StoredBooks } from '../books/stored.js';
import { iso, isoOrNull } from './common.js';

/**
 * Invoices with money still expected: the statuses `isOverdue` looks at, as an SQL pre-filter
 * (the contract's `isOverdue` / `summarizeDocuments` then decide on the rows).
 */
export const OPEN_INVOICE_STATUSES = ['sent', 'partially_paid'] as const satisfies readonly DocumentStatus[];

/** A constant list of code-defined strings as an SQL literal list: ('a', 'b'). */
export function sqlList(values: readonly string[]): string {
  return `(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`;
}

/**
 * The contract's `visibleToClient` as an SQL condition on documents aliased `alias` (tested
 * against the function itself in matrix.test.ts).
 */
export function clientVisibleSql(alias: string): string {
  const { always, onceSent } = clientVisibleStatuses;
  const parts: string[] = [];
  for (const kind of ['invoice', 'quote'] as const) {
    parts.push(`(${alias}.kind = '${kind}' AND ${alias}.status IN ${sqlList(always[kind])})`);
    parts.push(`(${alias}.kind = '${kind}' AND ${alias}.status IN ${sqlList(onceSent[kind])} AND ${alias}.sent_at IS NOT NULL)`);
  }
  return `(${parts.join(' OR ')})`;
}

/** Whom a document's live events reach besides the firm: its customer's people, once it is theirs to see. */
export function clientAudience(doc: Pick<Document, 'kind' | 'status' | 'sentAt' | 'customerId'>): string | null {
  return visibleToClient(doc) ? doc.customerId : null;
}

export interface DocumentRow {
  id: string;
  seq: number;
  organization_id: string;
  kind: DocumentKind;
  number: string;
  customer_id: string;
  customer_name: string;
  ticket_id: string | null;
  deal_id: string | null;
  currency: string;
  issue_date: string;
  due_date: string | null;
  payment_terms_days: number | null;
  template: string;
  reference: string;
  notes: string;
  lines: DocumentLine[];
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  amount_paid: number;
  status: DocumentStatus;
  version: number;
  converted_to: string | null;
  converted_from: string | null;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
  billing_app_url: string | null;
  /** The vendor's facts while the organization's books are a vendor's (books/mirror.ts). */
  books?: StoredBooks | null;
}

export const SELECT_DOCUMENT = `
  SELECT d.*, c.display_name AS customer_name, o.billing_app_url
  FROM documents d JOIN customers c ON c.id = d.customer_id JOIN organizations o ON o.id = d.organization_id`;

/** What is left to pay; whether it is owed at all is the status's business (contract rules). */
export function balanceOf(row: Pick<DocumentRow, 'total' | 'amount_paid'>): number {
  return Number(row.total) - Number(row.amount_paid);
}

export function factsOf(row: DocumentRow): StatusFacts & { convertedTo: string | null } {
  return {
    kind: row.kind,
    status: row.status,
    dueDate: row.due_date,
    balance: balanceOf(row),
    convertedTo: row.converted_to,
  };
}

export function toDocument(row: DocumentRow): Document {
  const balance = balanceOf(row);
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    customerId: row.customer_id,
    customerName: row.customer_name,
    ticketId: row.ticket_id,
    dealId: row.deal_id,
    currency: row.currency,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    paymentTermsDays: row.payment_terms_days === null ? null : Number(row.payment_terms_days),
    template: row.template,
    reference: row.reference,
    notes: row.notes,
    lines: row.lines,
    totals: {
      subtotal: Number(row.subtotal),
      discount: Number(row.discount),
      tax: Number(row.tax),
      total: Number(row.total),
    },
    amountPaid: Number(row.amount_paid),
    balance,
    status: row.status,
    displayStatus: displayStatus({ kind: row.kind, status: row.status, dueDate: row.due_date, balance }),
    version: Number(row.version),
    convertedTo: row.converted_to,
    convertedFrom: row.converted_from,
    sentAt: isoOrNull(row.sent_at),
    // Connected books: the document opens in the vendor's app.
    externalUrl: row.books?.url ?? documentExternalUrl(row.billing_app_url, row),
    ...(row.books ? { books: publicBooks(row.books) } : {}),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
