import type { DocumentKind, DisplayStatus } from '@ledgerside/contract';

/** What the list can be scoped to: exactly one is used, in this order of precedence. */
export const documentScopes = ['ticketId', 'dealId', 'customerId'] as const;
export type DocumentScope = (typeof documentScopes)[number];

/** Rows per request: the route's limit is 1–200. */
export const MIN_PAGE_SIZE = 1;
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** The list's filters; `undefined` means "all". */
export interface DocumentFilters {
  kind?: DocumentKind | undefined;
  status?: DisplayStatus | undefined;
}
