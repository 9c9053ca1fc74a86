/**
 * What the mirror keeps of a vendor on a document or customer row (`books` jsonb), and the part
 * of it the API shows. Ledgerside's own fields stay in their columns; these are the vendor's.
 */
import { providerNames, type BooksProviderName, type DocumentBooks, type Totals } from '@ledgerside/contract';

export interface StoredBooks {
  provider: BooksProviderName;
  state: 'pending' | 'synced' | 'failed';
  vendorId: string | null;
  syncToken: string | null;
  lastSyncedAt: string | null;
  error: { reason: string; message: string } | null;
  enteredTotals: Totals | null;
  /** "Open in QuickBooks". */
  url: string | null;
}

export function publicBooks(stored: StoredBooks): DocumentBooks {
  return {
    provider: stored.provider,
    providerName: providerNames[stored.provider],
    state: stored.state,
    vendorId: stored.vendorId,
    lastSyncedAt: stored.lastSyncedAt,
    error: stored.error,
    enteredTotals: stored.enteredTotals,
  };
}

export function newStoredBooks(provider: BooksProviderName): StoredBooks {
  return { provider, state: 'pending', vendorId: null, syncToken: null, lastSyncedAt: null, error: null, enteredTotals: null, url: null };
}
