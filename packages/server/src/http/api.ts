/**
 * `/v1/*`, generated from the contract's route table: find the route, authenticate, check the
 * role's permission, validate params / query / body with the route's schemas, honour
 * `If-Match` and `Idempotency-Key`, run the handler (writes in one transaction), answer.
 */
import type { Context } from 'hono';
import type { AppEnv } from './env.js';
import {
  allowedWhileIntegrationOff,
  findRoute,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  isIdempotencyKey,
  parseIfMatch,
  type RouteDef,
  type RouteName,
  type HostUserDetails,
} from '@ledgerside/contract';
import { buildOpenApi } from '@ledgerside/contract/openapi';
import type { Db, Sql } from '../db/types.js';
import { pgErrorCode } from '../db/types.js';
import type { EventHub } from '../events/hub.js';
import { openEventStream } from '../events/stream.js';
import { safeParse } from '../schema.js';
import { booksCallback } from '../books/connect.js';
import { quickbooksWebhook } from '../books/quickbooks/webhook.js';
import { bearerToken, type Authenticator } from './authenticate.js';
import { readBodyBytes, readJsonBody } from './body.js';
import { ApiError, badRequest, forbidden, toIssues } from './errors.js';
import { handlers, type HandledRoute, type HandlerContext } from './handlers.js';
import { pipedriveHostSession, zendeskHostSession } from '../host-sessions.js';
import { requestHash, withIdempotency } from './idempotency.js';
import type { RateLimiter } from './rate-limit.js';

export interface ApiOptions {
  db: Db;
  hub: EventHub;
  auth: Authenticator;
  limiter: RateLimiter | null;
  bodyLimit: number;
  heartbeatMs: number;
  /** Validate every JSON response against the route's schema (tests): a mismatch is a 500. */
  checkResponses: boolean;
  handlerContext: HandlerContext;
}

let openApiDocument: unknown;

function parse(schema: unknown, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = safeParse(schema, value);
  if (result.success) return result.data;
  const issues = toIssues(result.error.issues);
  throw badRequest(
    `Invalid ${where}: ${issues.map((i) => `${i.path.join('.') || where}: ${i.message}`).join('; ')}`.slice(0, 500),
    where === 'body' ? issues : issues.map((i) => ({ ...i, path: [where, ...i.path] })),
  );
}

/** PostgreSQL text cannot hold U+0000: refuse it up front, pointing at where it is. */
function rejectNul(value: unknown, where: string, path: (string | number)[] = []): void {
  if (path.length > 32) throw badRequest('The JSON is nested too deeply.', [{ path: [where, ...path.slice(0, 8)].slice(where === 'body' ? 1 : 0), message: 'Nested too deeply' }]);
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      throw badRequest('Text may not contain the NUL character.', [{ path: [where, ...path].slice(where === 'body' ? 1 : 0), message: 'Contains U+0000' }]);
    }
  } else if (Array.isArray(value)) value.forEach((v, i) => rejectNul(v, where, [...path, i]));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) rejectNul(v, where, [...path, k]);
  }
}

/** Query strings arrive as strings: the last value of each name wins, empty means absent. */
function queryObject(url: URL, omit: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (value !== '' && !omit.includes(key)) out[key] = value;
  }
  return out;
}

/** The version `If-Match` names (the contract's syntax); null for `*`, any version. */
function ifMatchVersion(header: string | undefined): number | null {
  const parsed = parseIfMatch(header);
  if (parsed.ok) return parsed.version;
  if (parsed.reason === 'missing') {
    throw new ApiError(428, 'precondition_required', 'This change needs an If-Match header with the version you edited.');
  }
  throw badRequest('If-Match must be a version number such as "3".', [{ path: ['If-Match'], message: 'Not a version' }]);
}

export function errorResponse(c: Context<AppEnv>, error: unknown): Response {
  let apiError: ApiError;
  if (error instanceof ApiError) apiError = error;
  else {
    const code = pgErrorCode(error);
    if (code === '23505') apiError = new ApiError(409, 'conflict', 'That conflicts with existing data; retry.');
    else if (code === '40001' || code === '40P01') apiError = new ApiError(503, 'unavailable', 'Busy; please retry.');
    else if (code === '22P02' || code === '22003' || code === '22001' || code === '22021' || code === '22P05') {
      apiError = new ApiError(400, 'bad_request', 'A value is out of range or malformed.');
    } else {
      console.error('[http] unexpected error:', error);
      return c.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500);
    }
  }
  for (const [name, value] of Object.entries(apiError.extra.headers ?? {})) c.header(name, value);
  return c.json(apiError.toBody(), apiError.status);
}

export function createApiHandler(options: ApiOptions) {
  const { db, auth } = options;

  return async (c: Context<AppEnv>): Promise<Response> => {
    try {
      const url = new URL(c.req.url);
      const found = findRoute(c.req.method, url.pathname.replace(/^\/v1/, '') || '/');
      if (!found) throw new ApiError(404, 'not_found', `No endpoint ${c.req.method} ${url.pathname}.`);
      const { name, route, params: rawParams } = found;

      if (route.hostProof) return await hostSession(c, name, route);
      if (name === 'openapi') {
        openApiDocument ??= buildOpenApi();
        return c.json(openApiDocument as object);
      }
      if (name === 'booksCallback') return await booksCallback(options.handlerContext.books.runtime, url);
      if (name === 'quickbooksWebhook') {
        const bytes = (await readBodyBytes(c.req.raw, options.bodyLimit)) ?? new Uint8Array();
        return c.json(await quickbooksWebhook(options.handlerContext.books.runtime, new Uint8Array(bytes), c.req.header('intuit-signature') ?? null));
      }
      if (route.permission === null) throw new ApiError(404, 'not_found', `No endpoint ${c.req.method} ${url.pathname}.`);

      // EventSource cannot send headers, so the stream alone also takes ?access_token=.
      const token =
        bearerToken(c.req.header('authorization')) ?? (name === 'events' ? url.searchParams.get('access_token') : null);
      const { actor, org, expiresAt } = await auth.authenticate(token);
      c.set('orgOrigins', org.allowed_origins);
      if (!actor.permissions.includes(route.permission)) throw forbidden();
      options.limiter?.takeFor(actor.organizationId, actor.userId);

      const rawQuery = queryObject(url, ['access_token']);
      rejectNul(rawQuery, 'query');
      const params = parse(route.params, rawParams, 'params');
      const query = parse(route.query, rawQuery, 'query');

      if (name === 'events') {
        return await openEventStream({
          db,
          hub: options.hub,
          actor,
          lastEventId: c.req.header('last-event-id') ?? url.searchParams.get('lastEventId'),
          heartbeatMs: options.heartbeatMs,
          expiresAt,
          signal: c.req.raw.signal,
        });
      }

      const ifMatch = route.ifMatch ? ifMatchVersion(c.req.header('if-match')) : null;
      const rawBody = route.body ? await readJsonBody(c.req.raw, options.bodyLimit) : undefined;
      rejectNul(rawBody, 'body');
      const body = parse(route.body, rawBody ?? {}, 'body');
      const key = route.idempotencyKey ? (c.req.header('idempotency-key') ?? null) : null;
      if (key !== null && !isIdempotencyKey(key)) {
        throw badRequest(`Idempotency-Key must be 1–${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters.`, [
          { path: ['Idempotency-Key'], message: 'Not a valid key' },
        ]);
      }

      const call = { actor, params, query, body, ifMatch };
      const run = (sql: Sql) =>
        (handlers[name as HandledRoute] as (call: unknown, ctx: HandlerContext) => Promise<unknown>)(
          { ...call, sql },
          options.handlerContext,
        );

      if (route.method === 'GET') return respond(c, name, route, await run(db), false);

      const hash = key === null ? null : requestHash(name, rawParams, rawBody ?? null);
      const outcome = await db.transaction((tx) =>
        withIdempotency(tx, actor, key, hash, !allowedWhileIntegrationOff(name), route.status, () => run(tx)),
      );
      if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
      return respond(c, name, route, outcome.body, outcome.replayed, outcome.status);
    } catch (error) {
      return errorResponse(c, error);
    }
  };

  /** A host frame's signed proof for a session: no token, the body is the credential. */
  async function hostSession(c: Context<AppEnv>, name: RouteName, route: RouteDef): Promise<Response> {
    const rawBody = await readJsonBody(c.req.raw, options.bodyLimit);
    rejectNul(rawBody, 'body');
    const body = parse(route.body, rawBody ?? {}, 'body') as Parameters<typeof zendeskHostSession>[1];
    const session = name === 'zendeskHostSession' ? await zendeskHostSession(db, body) : await pipedriveHostSession(db, body as { token: string; user: HostUserDetails });
    // Counted against the user it proved: a flood of forged proofs costs a signature check each and no tenant's budget.
    options.limiter?.takeFor(session.organizationId, session.user.id);
    return respond(c, name, route, session, false);
  }

  function respond(c: Context<AppEnv>, name: RouteName, route: RouteDef, result: unknown, replayed: boolean, status: number = route.status) {
    if (result instanceof Response) return result;
    if (route.responseKind === 'empty') return c.body(null, 204);
    if (options.checkResponses && route.response && !replayed) {
      const check = safeParse(route.response, result);
      if (!check.success) {
        console.error(`[http] ${name} answered outside its schema:`, JSON.stringify(check.error.issues).slice(0, 2000));
        return c.json({ error: { code: 'internal', message: `Response of ${name} does not match its schema.` } }, 500);
      }
    }
    const version = (result as { version?: unknown } | null)?.version;
    if (typeof version === 'number') c.header('ETag', `"${version}"`);
    return c.json(result as object, status as 200);
  }
}
