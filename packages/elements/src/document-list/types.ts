import type { DocumentKind, DisplayStatus } from '@ledgerside/contract';

/** What the list can be scoped to: exactly one is used, in this order of precedence. */
export const documentScopes = ['ticketId', 'dealId', 'customerId'] as const;
export type DocumentScope = (typeof documentScopes)[number];

/** The list's filters; `undefined` means "all". */
export interface DocumentFilters {
  kind?: DocumentKind | undefined;
  status?: DisplayStatus | undefined;
}
