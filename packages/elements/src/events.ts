/**
 * The DOM events Ledgerside components fire to the host page. All bubble and are composed, so
 * the host hears them through shadow roots; each carries a typed `detail`.
 */
import type { LedgerApiError } from '@ledgerside/client';
import type {
  ContactLink,
  CustomerWithBalance,
  Document,
  DocumentCreate,
  DocumentUpdate,
  DocumentKind,
  Message,
  TransactionType,
} from '@ledgerside/contract';

export interface LedgerEventDetails {
  /** A host contact was linked to a billing customer. */
  'ledger-contact-mapped': { link: ContactLink };
  /** A host contact's link was removed. */
  'ledger-contact-unmapped': { contactId: string; customerId: string };
  /** A billing customer was created from the host contact. */
  'ledger-customer-created': { customer: CustomerWithBalance };
  /** The billing customer was updated from the host contact's details. */
  'ledger-customer-updated': { customer: CustomerWithBalance };
  /** Fires before a document is saved; cancel it to stop the save. */
  'ledger-document-submit': { body: DocumentCreate | DocumentUpdate; mode: 'create' | 'update' };
  'ledger-document-created': { document: Document };
  'ledger-document-updated': { document: Document };
  /** The person asked to create a document (e.g. the empty list's call to action). */
  'ledger-document-create-requested': { kind: DocumentKind };
  /** The person asked to edit a document (the list's Edit). */
  'ledger-document-edit-requested': { document: Document };
  /** The person asked to open a document. */
  'ledger-document-open-requested': { document: Document };
  /** The person asked to see a transaction's conversation. */
  'ledger-conversation-requested': { transactionType: TransactionType; transactionId: string };
  'ledger-message-posted': { message: Message };
  /** The caller's unread count changed (for one transaction, or in all when none is given). */
  'ledger-unread-changed': { count: number; transactionType?: TransactionType; transactionId?: string };
  /** Loading or authorizing failed; the host may show its own message. */
  'ledger-error': { error: LedgerApiError | Error; operation: string };
}

export type LedgerEventName = keyof LedgerEventDetails;
export type LedgerEvent<K extends LedgerEventName> = CustomEvent<LedgerEventDetails[K]>;

export const cancelableEvents: readonly LedgerEventName[] = ['ledger-document-submit'];

/** Fires a Ledgerside event from `target`; false when the host cancelled it. */
export function fire<K extends LedgerEventName>(target: EventTarget, type: K, detail: LedgerEventDetails[K]): boolean {
  return target.dispatchEvent(
    new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: cancelableEvents.includes(type) }),
  );
}

type LedgerEventMap = { [K in LedgerEventName]: LedgerEvent<K> };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends LedgerEventMap {}
  // Hosts often listen on the document: the events bubble and are composed up to it.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DocumentEventMap extends LedgerEventMap {}
}
