/**
 * Documents as stored and as served. The status machine, money math and overdue rule come from
 * the contract; this file only maps rows and says which stored statuses count where.
 */
import {
  displayStatus,
  type Document,
  type DocumentKind,
  type DocumentLine,
  type DocumentStatus,
  type StatusFacts,
} from '@ledgerside/contract';
import { iso, isoOrNull } from './common.js';

/**
 * Invoices with money still expected (the statuses `isOverdue` also looks at). Not in the
 * contract yet: see the report; kept here once and used by every query.
 */
export const OPEN_INVOICE_STATUSES = ['sent', 'partially_paid'] as const satisfies readonly DocumentStatus[];
/** Invoices that count as invoiced in a summary: issued and not cancelled. */
export const ISSUED_INVOICE_STATUSES = ['sent', 'partially_paid', 'paid'] as const satisfies readonly DocumentStatus[];
/** Statuses in which nothing is owed any more, whatever was paid. */
const CLOSED_STATUSES: readonly DocumentStatus[] = ['void', 'deleted', 'invoiced', 'declined', 'expired'];

/** A constant list of code-defined strings as an SQL literal list: ('a', 'b'). */
export function sqlList(values: readonly string[]): string {
  return `(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`;
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
}

export const SELECT_DOCUMENT = `
  SELECT d.*, c.display_name AS customer_name
  FROM documents d JOIN customers c ON c.id = d.customer_id`;

export function balanceOf(row: Pick<DocumentRow, 'status' | 'total' | 'amount_paid'>): number {
  return CLOSED_STATUSES.includes(row.status) ? 0 : Number(row.total) - Number(row.amount_paid);
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
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
