/**
 * The Accounting API v3 over `fetch`: one company (realm), its token (refreshed on demand, and
 * once more when QuickBooks answers 401), QuickBooks' limits per company (10 requests a second,
 * 500 a minute) kept as a shared budget in the connection's row so every server process spends
 * the same one, and bodies read and written with lossless-json so amounts keep every digit.
 *
 * Every answer ends in a typed outcome: the entity, or a VendorError saying whether to retry
 * (unreachable, throttled, server) or not (refused, stale, not found).
 */
import { isLosslessNumber, parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';
import type { Db } from '../../db/types.js';
import type { BooksConfig, QuickBooksConfig } from '../config.js';
import { accessToken, DisconnectedError } from '../connections.js';
import type { SecretBox } from '../crypto.js';

export type Json = Record<string, unknown>;

export type VendorErrorKind = 'unreachable' | 'throttled' | 'server' | 'refused' | 'stale' | 'not_found' | 'disconnected';

export interface VendorFault {
  code: string;
  element: string;
  message: string;
  detail: string;
}

export class VendorError extends Error {
  constructor(
    readonly kind: VendorErrorKind,
    message: string,
    readonly extra: { status?: number; retryAfterMs?: number; faults?: VendorFault[] } = {},
  ) {
    super(message);
    this.name = 'VendorError';
  }

  /** Worth trying the same request again later. */
  get transient(): boolean {
    return this.kind === 'unreachable' || this.kind === 'throttled' || this.kind === 'server';
  }
}

export interface ClientContext {
  db: Db;
  box: SecretBox;
  config: QuickBooksConfig;
  books: BooksConfig;
  organizationId: string;
  companyId: string;
}

/** Longest a caller waits for rate budget before the request counts as throttled. */
const MAX_BUDGET_WAIT_MS = 15_000;

/** Takes one request from the company's budget, waiting for it when spent (GCRA: 10/s, 500/min). */
export async function takeBudget(db: Db, organizationId: string, maxWaitMs = MAX_BUDGET_WAIT_MS): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const [row] = await db.query<{ taken: boolean; wait_ms: number | string | null }>(
      `WITH took AS (
         UPDATE books_connections SET
           rate_second = greatest(rate_second, now()) + interval '100 milliseconds',
           rate_minute = greatest(rate_minute, now()) + interval '120 milliseconds',
           requests = requests + 1
         WHERE organization_id = $1
           AND greatest(rate_second, now()) <= now() + interval '900 milliseconds'
           AND greatest(rate_minute, now()) <= now() + interval '59880 milliseconds'
         RETURNING 1)
       SELECT EXISTS (SELECT 1 FROM took) AS taken,
         (SELECT greatest(extract(epoch FROM rate_second - now()) * 1000 - 900, extract(epoch FROM rate_minute - now()) * 1000 - 59880)
            FROM books_connections WHERE organization_id = $1) AS wait_ms`,
      [organizationId],
    );
    if (!row) throw new VendorError('disconnected', 'The books are not connected.');
    if (row.taken) return;
    const wait = Math.max(5, Math.ceil(Number(row.wait_ms ?? 0)));
    if (Date.now() + wait > deadline) {
      throw new VendorError('throttled', 'QuickBooks’ request limit for this company is spent for now.', { retryAfterMs: wait });
    }
    await new Promise((r) => setTimeout(r, wait));
  }
}

/** After a 429: everyone waits before asking again. */
async function pushBudget(db: Db, organizationId: string, ms: number): Promise<void> {
  await db.query(
    `UPDATE books_connections SET rate_second = greatest(rate_second, now() + ($2 || ' milliseconds')::interval) WHERE organization_id = $1`,
    [organizationId, String(ms + 900)],
  );
}

export async function markReachable(db: Db, organizationId: string): Promise<void> {
  await db.query(
    `UPDATE books_connections SET unreachable_since = NULL, last_sync_at = now(),
       last_error = CASE WHEN unreachable_since IS NULL THEN last_error ELSE NULL END
     WHERE organization_id = $1`,
    [organizationId],
  );
}

export async function markUnreachable(db: Db, organizationId: string, message: string): Promise<void> {
  await db.query(
    `UPDATE books_connections SET unreachable_since = coalesce(unreachable_since, now()), last_error = $2, last_error_at = now()
     WHERE organization_id = $1`,
    [organizationId, message.slice(0, 500)],
  );
}

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function faultsOf(body: unknown): VendorFault[] {
  const fault = ((body as Json | null)?.Fault ?? (body as Json | null)?.fault) as Json | undefined;
  const errors = (fault?.Error ?? fault?.error) as Json[] | undefined;
  return (errors ?? []).map((e) => ({
    code: String(e.code ?? ''),
    element: String(e.element ?? ''),
    message: String(e.Message ?? e.message ?? ''),
    detail: String(e.Detail ?? e.detail ?? ''),
  }));
}

export interface RequestOptions {
  query?: Record<string, string>;
  body?: unknown;
  /** QuickBooks' `requestid`: the same id on a retry makes it answer the first answer. */
  requestId?: string;
  /** The answer's bytes instead of JSON (PDF). */
  binary?: boolean;
  maxBudgetWaitMs?: number;
}

export class QuickBooksClient {
  constructor(private readonly ctx: ClientContext) {}

  get companyId(): string {
    return this.ctx.companyId;
  }

  /** `path` below `/v3/company/{realm}`, e.g. `/invoice`. */
  async request(method: 'GET' | 'POST', path: string, options: RequestOptions = {}): Promise<Json | Uint8Array> {
    const { db, organizationId, config, books } = this.ctx;
    const url = new URL(`${config.apiUrl.replace(/\/+$/, '')}/v3/company/${encodeURIComponent(this.ctx.companyId)}${path}`);
    url.searchParams.set('minorversion', '75');
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    if (options.requestId) url.searchParams.set('requestid', options.requestId);
    let stale: string | undefined;
    for (let attempt = 0; ; attempt++) {
      let token: string;
      try {
        token = await accessToken(db, this.ctx.box, config, books, organizationId, stale);
      } catch (error) {
        if (error instanceof DisconnectedError) throw new VendorError('disconnected', error.message);
        // The token endpoint is QuickBooks too: away is away.
        await markUnreachable(db, organizationId, `QuickBooks could not be reached to renew access: ${(error as Error).message}`);
        throw new VendorError('unreachable', 'QuickBooks cannot be reached right now.');
      }
      await takeBudget(db, organizationId, options.maxBudgetWaitMs);
      let response: Response;
      try {
        response = await (books.fetch ?? fetch)(url, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: options.binary ? 'application/pdf' : 'application/json',
            ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body: options.body === undefined ? undefined : (stringifyLossless(options.body) ?? undefined),
          signal: AbortSignal.timeout(books.timeoutMs ?? 20_000),
        });
      } catch (error) {
        const message = (error as Error).name === 'TimeoutError' ? 'QuickBooks did not answer in time.' : 'QuickBooks cannot be reached right now.';
        await markUnreachable(db, organizationId, message);
        throw new VendorError('unreachable', message);
      }
      if (response.status === 401 && attempt === 0) {
        await response.body?.cancel();
        stale = token; // expired early or revoked: refresh once, then ask again
        continue;
      }
      if (response.status === 429) {
        await response.body?.cancel();
        const wait = retryAfter(response.headers.get('retry-after')) ?? 60_000;
        await pushBudget(db, organizationId, wait);
        throw new VendorError('throttled', 'QuickBooks asked us to slow down.', { status: 429, retryAfterMs: wait });
      }
      if (response.status >= 500) {
        await response.body?.cancel();
        await markUnreachable(db, organizationId, `QuickBooks answered ${response.status}.`);
        throw new VendorError('server', `QuickBooks answered ${response.status}.`, { status: response.status, retryAfterMs: retryAfter(response.headers.get('retry-after')) });
      }
      await markReachable(db, organizationId);
      if (response.ok && options.binary) return new Uint8Array(await response.arrayBuffer());
      const text = await response.text();
      let body: unknown;
      try {
        body = text ? parseLossless(text) : null;
      } catch {
        throw new VendorError('server', 'QuickBooks answered something that is not JSON.', { status: response.status });
      }
      if (response.ok) return body as Json;
      if (response.status === 401) throw new VendorError('disconnected', 'QuickBooks refused the connection’s credentials; an admin must connect again.', { status: 401 });
      const faults = faultsOf(body);
      const first = faults[0];
      if (first?.code === '5010') throw new VendorError('stale', 'Changed in QuickBooks in the meantime.', { status: response.status, faults });
      if (first?.code === '610') throw new VendorError('not_found', 'QuickBooks no longer has it.', { status: response.status, faults });
      throw new VendorError('refused', first ? `${first.message}: ${first.detail}` : `QuickBooks answered ${response.status}.`, { status: response.status, faults });
    }
  }

  async json(method: 'GET' | 'POST', path: string, options: RequestOptions = {}): Promise<Json> {
    return (await this.request(method, path, options)) as Json;
  }

  async companyInfo(): Promise<Json> {
    const body = await this.json('GET', `/companyinfo/${encodeURIComponent(this.ctx.companyId)}`);
    return body.CompanyInfo as Json;
  }

  async preferences(): Promise<Json> {
    return (await this.json('GET', '/preferences')).Preferences as Json;
  }

  /** A query's rows (one page). */
  async query(entity: string, text: string): Promise<Json[]> {
    const body = await this.json('GET', '/query', { query: { query: text } });
    return (((body.QueryResponse as Json | undefined)?.[entity] as Json[] | undefined) ?? []);
  }
}

/** A LosslessNumber, number or string amount as decimal text. */
export function decimalText(value: unknown): string | null {
  if (isLosslessNumber(value)) return (value as { value: string }).value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return value;
  return null;
}
