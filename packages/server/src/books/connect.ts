/**
 * Connecting an organization's books (admins): the vendor's authorization URL with a single-use
 * `state`, the callback that stores the tokens sealed, the connection as the API shows it, the
 * tax-code mapping, and disconnecting.
 */
import { providerNames, type BooksState, type BooksSummary } from '@ledgerside/contract';
import type { Db, Sql } from '../db/types.js';
import { conflict, unprocessable } from '../http/errors.js';
import { escapeHtml } from '../http/html.js';
import { randomSecret, type Actor } from '../services/common.js';
import { requireOrganization } from '../services/organizations.js';
import type { BooksConfig } from './config.js';
import { loadConnection, pendingWrites, saveConnection, toConnection, toSummary, type ConnectionRow } from './connections.js';
import type { SecretBox } from './crypto.js';
import { QuickBooksClient, VendorError, decimalText, type Json } from './quickbooks/client.js';
import { authorizationUrl, exchangeCode, OAuthError, revoke } from './quickbooks/oauth.js';

/** What the books need from the core, beyond a request's transaction. */
export interface BooksRuntime {
  db: Db;
  config: BooksConfig;
  /** Seals vendor tokens; null without LEDGERSIDE_SECRET_KEY (then nothing can be connected). */
  box: SecretBox | null;
  publicUrl: () => string;
  /** Wakes the sync worker (a NOTIFY other processes hear too). */
  kick(organizationId: string): Promise<void>;
}

/** An OAuth `state` is good for this long. */
const STATE_TTL = "interval '15 minutes'";

export const callbackUrl = (rt: BooksRuntime) => `${rt.publicUrl().replace(/\/+$/, '')}/v1/books/callback`;

export function clientFor(rt: BooksRuntime, row: Pick<ConnectionRow, 'organization_id' | 'company_id'>): QuickBooksClient {
  if (!rt.box || !rt.config.quickbooks) throw new VendorError('disconnected', 'QuickBooks is not configured on this server.');
  return new QuickBooksClient({
    db: rt.db,
    box: rt.box,
    config: rt.config.quickbooks,
    books: rt.config,
    organizationId: row.organization_id,
    companyId: row.company_id,
  });
}

export async function getBooks(sql: Sql, rt: BooksRuntime, actor: Actor): Promise<BooksState> {
  const row = await loadConnection(sql, actor.organizationId);
  return {
    connection: row ? toConnection(row, await pendingWrites(sql, actor.organizationId)) : null,
    providers: [{ provider: 'quickbooks', providerName: providerNames.quickbooks, configured: Boolean(rt.config.quickbooks && rt.box) }],
  };
}

export async function booksSummary(sql: Sql, organizationId: string): Promise<BooksSummary | null> {
  const row = await loadConnection(sql, organizationId);
  return row ? toSummary(row) : null;
}

export async function connectBooks(sql: Sql, rt: BooksRuntime, actor: Actor, body: { provider: 'quickbooks'; returnTo?: string | undefined }) {
  const config = rt.config.quickbooks;
  if (!config) {
    throw unprocessable('books_not_configured', 'QuickBooks is not set up on this server: QUICKBOOKS_CLIENT_ID and QUICKBOOKS_CLIENT_SECRET are missing.');
  }
  if (!rt.box) {
    throw unprocessable('books_no_secret_key', 'This server has no LEDGERSIDE_SECRET_KEY, so it cannot keep QuickBooks tokens safely. Set one and restart.');
  }
  if (body.returnTo) {
    const org = await requireOrganization(sql, actor.organizationId);
    const origin = new URL(body.returnTo).origin;
    const allowed = [...org.allowed_origins, new URL(rt.publicUrl()).origin];
    if (!allowed.includes(origin)) {
      throw unprocessable('return_to_not_allowed', 'Return only to one of the organization’s own pages.', [
        { path: ['returnTo'], message: 'Not one of the organization’s allowed origins' },
      ]);
    }
  }
  const state = randomSecret(32);
  await sql.query(`DELETE FROM books_oauth_states WHERE created_at < now() - ${STATE_TTL}`);
  await sql.query(
    `INSERT INTO books_oauth_states (state, organization_id, provider, user_id, user_name, return_to) VALUES ($1, $2, $3, $4, $5, $6)`,
    [state, actor.organizationId, body.provider, actor.userId, actor.name, body.returnTo ?? null],
  );
  return { authorizationUrl: authorizationUrl(config, callbackUrl(rt), state) };
}

/** The vendor sent the admin's browser back: check `state`, take the tokens, read the company. */
export async function booksCallback(rt: BooksRuntime, url: URL): Promise<Response> {
  const stateValue = url.searchParams.get('state') ?? '';
  const [state] = await rt.db.query<{ organization_id: string; user_id: string; user_name: string; return_to: string | null; provider: 'quickbooks' }>(
    `DELETE FROM books_oauth_states WHERE state = $1 AND created_at >= now() - ${STATE_TTL} RETURNING *`,
    [stateValue],
  );
  if (!state) return page(400, 'This link has expired or was already used', 'Start connecting QuickBooks again from the settings.');
  const done = (outcome: 'connected' | 'error', title: string, text: string) => {
    if (state.return_to) {
      const back = new URL(state.return_to);
      back.searchParams.set('books', outcome);
      if (outcome === 'error') back.searchParams.set('message', text);
      return Response.redirect(back.toString(), 302);
    }
    return page(outcome === 'connected' ? 200 : 400, title, text);
  };
  const denied = url.searchParams.get('error');
  if (denied) return done('error', 'QuickBooks was not connected', denied === 'access_denied' ? 'The connection was cancelled in QuickBooks.' : `QuickBooks answered: ${denied}.`);
  const realmId = url.searchParams.get('realmId');
  const config = rt.config.quickbooks;
  if (!config || !rt.box || !realmId) return done('error', 'QuickBooks was not connected', 'QuickBooks did not say which company was chosen.');
  let companyName = '';
  try {
    const tokens = await exchangeCode(config, rt.config, url, callbackUrl(rt));
    await saveConnection(rt.db, rt.box, {
      organizationId: state.organization_id,
      provider: state.provider,
      companyId: realmId,
      companyName: '',
      homeCurrency: null,
      currencies: [],
      taxCodes: [],
      itemId: null,
      tokens,
      connectedBy: { id: state.user_id, name: state.user_name },
    });
    companyName = await readCompany(rt, state.organization_id);
    await rt.kick(state.organization_id);
  } catch (error) {
    const message =
      error instanceof OAuthError ? `QuickBooks refused the authorization (${error.code}).` : error instanceof VendorError ? error.message : 'Something went wrong while connecting.';
    if (!(error instanceof OAuthError || error instanceof VendorError)) console.error('[books] connecting failed:', error);
    return done('error', 'QuickBooks was not connected', message);
  }
  return done('connected', `Connected to QuickBooks`, `Ledgerside now works with the books of ${companyName || 'your company'}.`);
}

function page(status: number, title: string, text: string): Response {
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>` +
      `<body style="font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p>You can close this window.</p></body></html>`,
    { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } },
  );
}

/**
 * The company's name, currencies, tax codes and the item sales lines use, read from the
 * vendor and kept on the connection (the admin's tax mapping picks among those codes).
 */
export async function readCompany(rt: BooksRuntime, organizationId: string): Promise<string> {
  const row = await loadConnection(rt.db, organizationId);
  if (!row) throw new VendorError('disconnected', 'The books are not connected.');
  const client = clientFor(rt, row);
  const info = await client.companyInfo();
  const prefs = await client.preferences();
  const currencyPrefs = (prefs.CurrencyPrefs ?? {}) as Json;
  const home = ((currencyPrefs.HomeCurrency as Json | undefined)?.value as string | undefined) ?? null;
  let currencies = home ? [home] : [];
  if (currencyPrefs.MultiCurrencyEnabled === true) {
    const list = await client.query('CompanyCurrency', 'SELECT * FROM CompanyCurrency MAXRESULTS 1000');
    currencies = [...new Set([...currencies, ...list.filter((c) => c.Active !== false).map((c) => String(c.Code))])];
  }
  const rates = new Map((await client.query('TaxRate', 'SELECT * FROM TaxRate MAXRESULTS 1000')).map((r) => [String(r.Id), decimalText(r.RateValue)]));
  const taxCodes = (await client.query('TaxCode', 'SELECT * FROM TaxCode MAXRESULTS 1000'))
    .filter((code) => code.Active !== false)
    .map((code) => {
      const details = (((code.SalesTaxRateList as Json | undefined)?.TaxRateDetail as Json[] | undefined) ?? []);
      const percents = details.map((d) => rates.get(String((d.TaxRateRef as Json | undefined)?.value)) ?? null);
      const ratePercent = percents.length && percents.every((p) => p !== null) ? percents.reduce((sum, p) => sum + Number(p), 0) : code.Taxable === false ? 0 : null;
      const rateIds = details.map((d) => String((d.TaxRateRef as Json | undefined)?.value ?? '')).filter(Boolean);
      return { id: String(code.Id), name: String(code.Name ?? code.Id), ratePercent, rateIds };
    });
  const items = await client.query('Item', "SELECT * FROM Item WHERE Type = 'Service' MAXRESULTS 10");
  const item = items.find((i) => i.Name === 'Services') ?? items[0];
  const name = String(info.CompanyName ?? '');
  await rt.db.query(
    `UPDATE books_connections SET company_name = $2, home_currency = $3, currencies = $4::jsonb, tax_codes = $5::jsonb, item_id = $6 WHERE organization_id = $1`,
    [organizationId, name, home, JSON.stringify(currencies), JSON.stringify(taxCodes), item ? String(item.Id) : null],
  );
  return name;
}

export async function updateBooksSettings(sql: Sql, rt: BooksRuntime, actor: Actor, body: { taxMapping: { ratePercent: number; taxCodeId: string }[] }): Promise<BooksState> {
  const row = await loadConnection(sql, actor.organizationId, true);
  if (!row) throw unprocessable('books_not_connected', 'Connect QuickBooks before mapping tax rates.');
  const known = new Set(row.tax_codes.map((c) => c.id));
  const issues = body.taxMapping.flatMap((m, i) =>
    known.has(m.taxCodeId) ? [] : [{ path: ['taxMapping', i, 'taxCodeId'], message: `QuickBooks has no tax code ${m.taxCodeId}` }],
  );
  if (issues.length) throw unprocessable('unknown_tax_code', 'Choose tax codes the QuickBooks company has.', issues);
  await sql.query(`UPDATE books_connections SET tax_mapping = $2::jsonb WHERE organization_id = $1`, [
    actor.organizationId,
    JSON.stringify(body.taxMapping.map((m) => ({ ratePercent: Number(m.ratePercent), taxCodeId: m.taxCodeId }))),
  ]);
  return getBooks(sql, rt, actor);
}

/** Disconnecting keeps the mirror (it becomes Ledgerside's own) and refuses while writes are on their way. */
export async function disconnectBooks(sql: Sql, rt: BooksRuntime, actor: Actor): Promise<void> {
  const row = await loadConnection(sql, actor.organizationId, true);
  if (!row) return;
  const pending = await pendingWrites(sql, actor.organizationId);
  if (pending > 0) {
    throw conflict('books_pending_writes', `${pending} change${pending === 1 ? ' is' : 's are'} still being saved to QuickBooks; disconnect once they are.`);
  }
  await sql.query('DELETE FROM books_connections WHERE organization_id = $1', [actor.organizationId]);
  if (rt.box && rt.config.quickbooks) {
    const tokens = await rt.box.open<{ refreshToken: string }>(row.tokens);
    void revoke(rt.config.quickbooks, rt.config, tokens.refreshToken);
  }
}
