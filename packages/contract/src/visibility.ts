/**
 * What a client user (the firm's customer) may see: only documents that were sent to it.
 * The server filters every read, search, PDF, conversation and live event by this; the mocks
 * do the same; the components never have to guess.
 */
import type { DocumentKind, DocumentStatus } from './status.js';

export interface VisibilityFacts {
  kind: DocumentKind;
  status: DocumentStatus;
  /** When the document was first sent (null: never). */
  sentAt: string | Date | null;
}

/** Statuses a client sees whether or not `sentAt` is recorded: they only follow a send or a payment. */
const alwaysShown: Readonly<Record<DocumentKind, ReadonlySet<DocumentStatus>>> = {
  invoice: new Set(['sent', 'partially_paid', 'paid']),
  quote: new Set(['sent', 'accepted', 'declined']),
};
/** Statuses a document can reach without being sent: shown only when it was sent before. */
const shownOnceSent: Readonly<Record<DocumentKind, ReadonlySet<DocumentStatus>>> = {
  invoice: new Set(['void']),
  quote: new Set(['expired', 'invoiced']),
};

/** Whether a client user may see this document. Drafts and deleted documents: never. */
export function visibleToClient(doc: VisibilityFacts): boolean {
  if (alwaysShown[doc.kind]?.has(doc.status)) return true;
  return (shownOnceSent[doc.kind]?.has(doc.status) ?? false) && doc.sentAt !== null && doc.sentAt !== undefined;
}

/** The statuses a client may see of each kind, sent or not (for queries: `status = ANY(...)`). */
export const clientVisibleStatuses = {
  always: { invoice: [...alwaysShown.invoice], quote: [...alwaysShown.quote] },
  onceSent: { invoice: [...shownOnceSent.invoice], quote: [...shownOnceSent.quote] },
} as const;
