/**
 * Books connections: one row per connected organization (books_connections). Access tokens
 * are refreshed before they expire, one refresh at a time across server processes — the
 * refresh runs while holding the row's lock (`FOR UPDATE`), and whoever waited on it finds the
 * fresh token instead of spending the rotated refresh token again — and the newest refresh
 * token is always the one stored.
 */
import { providerNames, type BooksConnection, type BooksProviderName, type BooksSummary } from '@ledgerside/contract';
import type { Db, Sql } from '../db/types.js';
import { iso, isoOrNull } from '../services/common.js';
import type { BooksConfig, QuickBooksConfig } from './config.js';
import type { SecretBox } from './crypto.js';
import { OAuthError, refreshTokens, type TokenSet } from './quickbooks/oauth.js';

export interface ConnectionRow {
  organization_id: string;
  provider: BooksProviderName;
  company_id: string;
  company_name: string;
  home_currency: string | null;
  currencies: string[];
  tax_codes: { id: string; name: string; ratePercent: number | null; rateIds?: string[] }[];
  tax_mapping: { ratePercent: number; taxCodeId: string }[];
  item_id: string | null;
  tokens: string;
  access_expires_at: Date | string;
  refresh_expires_at: Date | string | null;
  connected_by: string;
  connected_by_name: string;
  connected_at: Date | string;
  last_sync_at: Date | string | null;
  last_error: string | null;
  last_error_at: Date | string | null;
  unreachable_since: Date | string | null;
  cdc_cursor: Date | string | null;
}

interface SealedTokens {
  accessToken: string;
  refreshToken: string;
}

/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export async function loadConnection(sql: Sql, organizationId: string, lock = false): Promise<ConnectionRow | null> {
  const [row] = await sql.query<ConnectionRow>(
    `SELECT * FROM books_connections WHERE organization_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [organizationId],
  );
  return row ?? null;
}

export async function pendingWrites(sql: Sql, organizationId: string): Promise<number> {
  const [row] = await sql.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM books_jobs WHERE organization_id = $1 AND lane = 'out' AND status IN ('pending', 'running')`,
    [organizationId],
  );
  return Number(row?.n ?? 0);
}

export function toConnection(row: ConnectionRow, pending: number): BooksConnection {
  return {
    provider: row.provider,
    providerName: providerNames[row.provider],
    companyName: row.company_name,
    companyId: row.company_id,
    homeCurrency: row.home_currency,
    currencies: row.currencies,
    connectedBy: { id: row.connected_by, name: row.connected_by_name },
    connectedAt: iso(row.connected_at),
    lastSyncAt: isoOrNull(row.last_sync_at),
    lastError: row.last_error && row.last_error_at ? { message: row.last_error, at: iso(row.last_error_at) } : null,
    reachable: row.unreachable_since === null,
    pendingWrites: pending,
    taxCodes: row.tax_codes.map(({ id, name, ratePercent }) => ({ id, name, ratePercent })),
    taxMapping: row.tax_mapping,
  };
}

export function toSummary(row: ConnectionRow): BooksSummary {
  return {
    provider: row.provider,
    providerName: providerNames[row.provider],
    companyName: row.company_name,
    lastSyncAt: isoOrNull(row.last_sync_at),
    reachable: row.unreachable_since === null,
  };
}

export interface NewConnection {
  organizationId: string;
  provider: BooksProviderName;
  companyId: string;
  companyName: string;
  homeCurrency: string | null;
  currencies: string[];
  taxCodes: ConnectionRow['tax_codes'];
  itemId: string | null;
  tokens: TokenSet;
  connectedBy: { id: string; name: string };
}

/** Stores a new connection; reconnecting replaces the tokens and keeps the tax mapping for the same company. */
export async function saveConnection(sql: Sql, box: SecretBox, c: NewConnection): Promise<void> {
  await sql.query(
    `INSERT INTO books_connections (organization_id, provider, company_id, company_name, home_currency, currencies, tax_codes,
       item_id, tokens, access_expires_at, refresh_expires_at, connected_by, connected_by_name, last_sync_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, now() + ($10 || ' seconds')::interval,
       CASE WHEN $11::text IS NULL THEN NULL ELSE now() + ($11 || ' seconds')::interval END, $12, $13, now())
     ON CONFLICT (organization_id) DO UPDATE SET
       tax_mapping = CASE WHEN books_connections.company_id = excluded.company_id THEN books_connections.tax_mapping ELSE '[]'::jsonb END,
       cdc_cursor = CASE WHEN books_connections.company_id = excluded.company_id THEN books_connections.cdc_cursor ELSE NULL END,
       provider = excluded.provider, company_id = excluded.company_id, company_name = excluded.company_name,
       home_currency = excluded.home_currency, currencies = excluded.currencies, tax_codes = excluded.tax_codes,
       item_id = excluded.item_id, tokens = excluded.tokens, access_expires_at = excluded.access_expires_at,
       refresh_expires_at = excluded.refresh_expires_at, connected_by = excluded.connected_by,
       connected_by_name = excluded.connected_by_name, connected_at = now(), last_sync_at = now(),
       last_error = NULL, last_error_at = NULL, unreachable_since = NULL`,
    [
      c.organizationId,
      c.provider,
      c.companyId,
      c.companyName,
      c.homeCurrency,
      JSON.stringify(c.currencies),
      JSON.stringify(c.taxCodes),
      c.itemId,
      await box.seal({ accessToken: c.tokens.accessToken, refreshToken: c.tokens.refreshToken } satisfies SealedTokens),
      String(c.tokens.expiresIn),
      c.tokens.refreshExpiresIn === null ? null : String(c.tokens.refreshExpiresIn),
      c.connectedBy.id,
      c.connectedBy.name,
    ],
  );
}

export async function storeTokens(sql: Sql, box: SecretBox, organizationId: string, tokens: TokenSet): Promise<void> {
  await sql.query(
    `UPDATE books_connections SET tokens = $2, access_expires_at = now() + ($3 || ' seconds')::interval,
       refresh_expires_at = CASE WHEN $4::text IS NULL THEN refresh_expires_at ELSE now() + ($4 || ' seconds')::interval END
     WHERE organization_id = $1`,
    [
      organizationId,
      await box.seal({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken } satisfies SealedTokens),
      String(tokens.expiresIn),
      tokens.refreshExpiresIn === null ? null : String(tokens.refreshExpiresIn),
    ],
  );
}

export class DisconnectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DisconnectedError';
  }
}

/**
 * A valid access token for the organization's books. `stale`: the token the vendor just
 * refused (401) — refresh even if the clock says it still has time, unless another process
 * already replaced it.
 */
export async function accessToken(
  db: Db,
  box: SecretBox,
  config: QuickBooksConfig,
  books: BooksConfig,
  organizationId: string,
  stale?: string,
): Promise<string> {
  const row = await loadConnection(db, organizationId);
  if (!row) throw new DisconnectedError('The books are not connected.');
  const current = await box.open<SealedTokens>(row.tokens);
  if (current.accessToken !== stale && new Date(row.access_expires_at).getTime() - Date.now() > REFRESH_MARGIN_MS) return current.accessToken;
  const outcome = await db.transaction(async (tx) => {
    const locked = await loadConnection(tx, organizationId, true);
    if (!locked) return { gone: true as const };
    const tokens = await box.open<SealedTokens>(locked.tokens);
    // Another process refreshed while this one waited for the lock.
    if (tokens.accessToken !== stale && tokens.accessToken !== current.accessToken) return { token: tokens.accessToken };
    if (tokens.accessToken !== stale && new Date(locked.access_expires_at).getTime() - Date.now() > REFRESH_MARGIN_MS) return { token: tokens.accessToken };
    try {
      const fresh = await refreshTokens(config, books, tokens.refreshToken);
      await storeTokens(tx, box, organizationId, fresh);
      return { token: fresh.accessToken };
    } catch (error) {
      if (error instanceof OAuthError && error.code === 'invalid_grant') return { revoked: true as const };
      throw error;
    }
  });
  if ('token' in outcome && outcome.token) return outcome.token;
  if ('revoked' in outcome) {
    await db.query(`UPDATE books_connections SET last_error = $2, last_error_at = now() WHERE organization_id = $1`, [
      organizationId,
      'QuickBooks no longer accepts this connection (its authorization expired or was revoked). An admin must connect again.',
    ]);
  }
  throw new DisconnectedError('QuickBooks no longer accepts this connection; an admin must connect again.');
}
