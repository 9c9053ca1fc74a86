/**
 * What the provider shares with every component below it, through @lit/context: the client,
 * the host's context (contact, ticket, deal…), the caller's session, the locale's formatters
 * and one live-events hub.
 */
import { createContext } from '@lit/context';
import type { LedgerApiError, LedgerClient } from '@ledgerside/client';
import type { HostContact, HostDealLine, Permission, Product, Session, TimeEntryInput } from '@ledgerside/contract';
import type { LedgerLocale } from './locale.js';
import type { LiveEventHub } from '../controllers/live-hub.js';

/** What the host page knows about where the sidebar sits. */
export interface HostContext {
  contact?: HostContact;
  ticketId?: string;
  dealId?: string;
  /** The ticket's time entries, when the host passes them rather than storing them first. */
  timeEntries?: TimeEntryInput[];
  /** The deal's products, when the host passes them. */
  products?: Product[];
  /**
   * The deal's lines (product, quantity, discount), when the host keeps them: a new document
   * starts with one line per deal line, priced from `products`. Without them, one of each product.
   */
  dealLines?: HostDealLine[];
}

export interface SessionState {
  status: 'loading' | 'ready' | 'error';
  session?: Session;
  error?: LedgerApiError;
  permissions: readonly Permission[];
  /** Loads the session again (a Retry after a session error). */
  reload?: () => void;
}

export const clientContext = createContext<LedgerClient | undefined>(Symbol('ledger-client'));
export const hostContext = createContext<HostContext>(Symbol('ledger-host'));
export const sessionContext = createContext<SessionState>(Symbol('ledger-session'));
export const localeContext = createContext<LedgerLocale>(Symbol('ledger-locale'));
export const liveContext = createContext<LiveEventHub | undefined>(Symbol('ledger-live'));
