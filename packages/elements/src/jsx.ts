/**
 * JSX typings for React 19, which passes properties and listeners to custom elements:
 *
 *   import '@ledgerside/elements/jsx';
 *   <ledger-sidebar ticket-id="T-1" contact={contact} onledger-document-created={(e) => …} />
 */
import type { DOMAttributes, HTMLAttributes, RefAttributes } from 'react';
import type { LedgerEventDetails, LedgerEventName } from './events.js';
import type { LedgerContactMapper } from './contact-mapper/ledger-contact-mapper.js';
import type { LedgerConversation } from './conversation/ledger-conversation.js';
import type { LedgerDocumentForm } from './document-form/ledger-document-form.js';
import type { LedgerDocumentList } from './document-list/ledger-document-list.js';
import type { LedgerProvider } from './provider/ledger-provider.js';
import type { LedgerSidebar } from './sidebar/ledger-sidebar.js';
import type { LedgerUnreadBadge } from './unread-badge/ledger-unread-badge.js';

type EventProps = { [K in LedgerEventName as `on${K}`]?: (event: CustomEvent<LedgerEventDetails[K]>) => void };

/** An element's public properties (not HTMLElement's), its attributes, its events. */
type Props<T extends HTMLElement, A extends string = never> = Partial<Omit<T, keyof HTMLElement | `handle${string}` | 'render'>> &
  Partial<Record<A, string>> &
  HTMLAttributes<T> &
  DOMAttributes<T> &
  RefAttributes<T> &
  EventProps & { class?: string };

export interface LedgerIntrinsicElements {
  'ledger-provider': Props<LedgerProvider, 'api-base' | 'ticket-id' | 'deal-id'>;
  'ledger-sidebar': Props<LedgerSidebar, 'ticket-id' | 'deal-id' | 'contact-id' | 'contact-email' | 'contact-name' | 'contact-company' | 'contact-phone'>;
  'ledger-contact-mapper': Props<LedgerContactMapper, 'contact-id' | 'contact-email' | 'contact-name' | 'contact-secondary-email' | 'contact-first-name' | 'contact-last-name' | 'contact-company' | 'contact-phone' | 'contact-tax-id'>;
  'ledger-document-form': Props<LedgerDocumentForm, 'document-id'>;
  'ledger-document-list': Props<LedgerDocumentList, 'ticket-id' | 'deal-id' | 'customer-id' | 'page-size'>;
  'ledger-conversation': Props<LedgerConversation, 'transaction-type' | 'transaction-id'>;
  'ledger-unread-badge': Props<LedgerUnreadBadge, 'transaction-type' | 'transaction-id'>;
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends LedgerIntrinsicElements {}
  }
}
