/**
 * Whether a time entry can be billed on a document. The server refuses a claim by it (with
 * the reason as the error's `reason`); the form locks the entry's checkbox and says why.
 * The order matters when several hold: first what no edit of this document can change (not
 * billable, already on another document), then what it can (the document's currency).
 */
export type TimeEntryLock = 'not_billable' | 'time_entry_invoiced' | 'currency_mismatch';

export interface BillableFacts {
  billable: boolean;
  currency: string;
  /** The document that bills it now, if any. */
  invoicedBy: { documentId: string } | null;
}

/** `documentId`: the document being edited (null while it is being created). */
export function timeEntryLock(entry: BillableFacts, target: { documentId: string | null; currency: string }): TimeEntryLock | null {
  if (!entry.billable) return 'not_billable';
  if (entry.invoicedBy && entry.invoicedBy.documentId !== target.documentId) return 'time_entry_invoiced';
  if (entry.currency !== target.currency) return 'currency_mismatch';
  return null;
}
