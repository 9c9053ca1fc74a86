/**
 * The typed client: one method per route of the contract's route table, on ky.
 * Inputs and outputs are inferred from the table; every response is validated against it.
 * Requests are made from the table's schema-free part (route-meta); the schemas load as the
 * client is created (lazy.ts), beside its first request, and each answer waits for them.
 */
import ky, { HTTPError, TimeoutError, type KyInstance } from 'ky';
import {
  buildPath,
  isRetrySafe,
  routeMeta,
  routeNames,
  type RouteInput,
  type RouteMeta,
  type RouteName,
  type RouteOutput,
} from '@ledgerside/contract';
import { LedgerApiError } from './errors.js';
import { loadValidation } from './lazy.js';
import { TokenSource, type GetToken } from './token.js';
import { subscribe, type Subscription, type SubscribeOptions } from './events.js';

export interface LedgerClientOptions {
  /** The API's origin (and any prefix) before `/v1`, e.g. `https://billing.example.com`. Empty for same origin. */
  baseUrl: string;
  /** Asks the host's backend for a short-lived token; called again once when a call answers 401. */
  getToken: GetToken;
  fetch?: typeof globalThis.fetch;
  /** Per-attempt timeout (default 15 s). */
  timeoutMs?: number;
  /** Retries of retry-safe calls after network errors, timeouts, 429 and 503 (default 2). */
  retries?: number;
  /** Backoff before retry n (1-based), in ms; default 300 × 2^(n−1), at most 8 s. */
  retryDelay?: (attempt: number) => number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** For creates: reuse a key to make a user's repeated attempt (a double click, a resend) one create. */
  idempotencyKey?: string;
  timeoutMs?: number;
}

type Args<N extends RouteName> = object extends RouteInput<N>
  ? [input?: RouteInput<N>, options?: CallOptions]
  : [input: RouteInput<N>, options?: CallOptions];

type Methods = {
  [N in Exclude<RouteName, 'events'>]: (...args: Args<N>) => Promise<RouteOutput<N>>;
};

export type LedgerClient = Methods & {
  /** Live events of the caller's organization, reconnecting with `Last-Event-ID`. */
  subscribe(options: SubscribeOptions): Subscription;
  /** The `/v1` URL of a path, e.g. for a PDF link. */
  url(path: string): string;
  /** A token for the caller (e.g. to open a PDF in a new tab). */
  token(): Promise<string>;
};

interface AnyInput {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  ifMatch?: number;
}

export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

function searchParamsOf(query: Record<string, unknown> | undefined): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  return params;
}

function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return (
    signal?.aborted === true ||
    (error instanceof Error && error.name === 'AbortError') ||
    (typeof DOMException !== 'undefined' && error instanceof DOMException && error.name === 'AbortError')
  );
}

async function toApiError(error: unknown, signal?: AbortSignal): Promise<LedgerApiError> {
  if (error instanceof LedgerApiError) return error;
  if (isAbort(error, signal)) {
    return new LedgerApiError({ kind: 'aborted', message: 'The request was cancelled', cause: error });
  }
  if (error instanceof TimeoutError) {
    return new LedgerApiError({ kind: 'timeout', message: 'The server did not answer in time', cause: error });
  }
  if (error instanceof HTTPError) {
    const { response } = error;
    const retryAfter = Number(response.headers.get('Retry-After'));
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    // Without the schemas (their chunk failed to load) the body goes unread: the status still says what happened.
    const e = (await loadValidation().catch(() => undefined))?.errorOf(body);
    return new LedgerApiError({
      kind: 'http',
      status: response.status,
      code: e?.code ?? `http_${response.status}`,
      message: e?.message ?? (response.statusText || `HTTP ${response.status}`),
      issues: e?.issues ?? [],
      reason: e?.reason,
      current: e?.current,
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      cause: error,
    });
  }
  return new LedgerApiError({
    kind: 'network',
    message: 'The server could not be reached',
    cause: error,
  });
}

export function createLedgerClient(options: LedgerClientOptions): LedgerClient {
  const tokens = new TokenSource(options.getToken);
  const root = `${options.baseUrl.replace(/\/+$/, '')}/v1`;
  const fetchImpl = options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  // Starts loading the schemas now, beside the first request; a failure is the concern of
  // the call that needs them (it tries again).
  loadValidation().catch(() => undefined);
  const http: KyInstance = ky.create({
    fetch: fetchImpl,
    timeout: options.timeoutMs ?? 15_000,
    throwHttpErrors: true,
  });

  async function send(route: RouteMeta, input: AnyInput, call: CallOptions, key: string | undefined, token: string) {
    const url = `${root}${buildPath(route.path, input.params)}`;
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (key) headers['idempotency-key'] = key;
    if (route.ifMatch) {
      if (typeof input.ifMatch !== 'number') throw new TypeError(`${route.path} needs ifMatch (the version)`);
      headers['if-match'] = String(input.ifMatch);
    }
    const safe = isRetrySafe(route);
    return http(url, {
      method: route.method,
      headers,
      searchParams: searchParamsOf(input.query),
      ...(route.hasBody ? { json: input.body ?? {} } : {}),
      ...(call.signal ? { signal: call.signal } : {}),
      ...(call.timeoutMs ? { timeout: call.timeoutMs } : {}),
      retry: {
        limit: options.retries ?? 2,
        methods: [route.method.toLowerCase()],
        statusCodes: [429, 503],
        afterStatusCodes: [429, 503],
        maxRetryAfter: 30_000,
        backoffLimit: 8_000,
        retryOnTimeout: true,
        delay: options.retryDelay ?? ((n) => 300 * 2 ** (n - 1)),
        // A 429 was refused before anything happened, so any call may be repeated after it.
        // Otherwise unsafe calls (a PATCH, a POST without a key) are never repeated behind the
        // caller's back: the first attempt may have been applied.
        shouldRetry: ({ error }) => {
          if (isAbort(error, call.signal)) return false;
          if (error instanceof HTTPError && error.response.status === 429) return undefined;
          return safe ? undefined : false;
        },
      },
    });
  }

  async function parse(name: RouteName, route: RouteMeta, response: Response): Promise<unknown> {
    if (route.responseKind === 'empty') return undefined;
    if (route.responseKind === 'pdf') return response.blob();
    if (route.responseKind === 'html') return response.text();
    let body: unknown;
    try {
      body = await response.json();
    } catch (cause) {
      throw new LedgerApiError({ kind: 'invalid_response', status: response.status, message: 'The server sent a response that is not JSON', cause });
    }
    let validation: Awaited<ReturnType<typeof loadValidation>>;
    try {
      validation = await loadValidation();
    } catch (cause) {
      throw new LedgerApiError({ kind: 'network', message: 'The client could not load what it checks responses against', cause });
    }
    const checked = await validation.checkResponse(name, body);
    if (!checked.ok) {
      throw new LedgerApiError({
        kind: 'invalid_response',
        status: response.status,
        message: 'The server sent a response this client does not understand',
        issues: checked.issues,
      });
    }
    return checked.value;
  }

  async function call(name: RouteName, input: AnyInput = {}, callOptions: CallOptions = {}): Promise<unknown> {
    const route: RouteMeta = routeMeta[name];
    // One key for every attempt of this create: ky's retries and the re-auth retry below.
    const key = route.idempotencyKey ? (callOptions.idempotencyKey ?? newIdempotencyKey()) : undefined;
    const { signal } = callOptions;
    // A missing parameter is the caller's bug: thrown as is, never dressed up as a network error.
    buildPath(route.path, input.params);
    if (route.ifMatch && typeof input.ifMatch !== 'number') throw new TypeError(`${name} needs ifMatch (the version)`);
    try {
      signal?.throwIfAborted();
      let token = route.permission === null ? '' : await tokens.get();
      let response: Response;
      try {
        response = await send(route, input, callOptions, key, token);
      } catch (error) {
        // A 401 means the token expired or was revoked: ask the host once for a new one.
        if (!(error instanceof HTTPError) || error.response.status !== 401 || route.permission === null) throw error;
        token = await tokens.get(true);
        response = await send(route, input, callOptions, key, token);
      }
      return await parse(name, route, response);
    } catch (error) {
      throw await toApiError(error, signal);
    }
  }

  const methods = Object.fromEntries(
    routeNames
      .filter((n) => n !== 'events')
      .map((name) => [name, (input?: AnyInput, o?: CallOptions) => call(name, input, o)]),
  ) as unknown as Methods;

  return {
    ...methods,
    subscribe: (subscribeOptions) =>
      subscribe({ url: `${root}/events`, fetch: fetchImpl, tokens, ...subscribeOptions }),
    url: (path) => `${root}${path}`,
    token: () => tokens.get(),
  };
}
