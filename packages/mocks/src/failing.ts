/** Simulated outages: chosen routes answer 5xx (or 429), and some never answer at all. */
import type { RouteName } from '@ledgerside/contract';
import { HttpResponse } from 'msw';

export interface FailingOptions {
  /** Routes that fail; default every route but `getSession`, `events` and `openapi`. */
  fail?: readonly RouteName[] | ((route: RouteName) => boolean);
  /** Routes that hang until the request is aborted (or `hangMs`), to exercise timeouts; default `['documentSummary']`. */
  hang?: readonly RouteName[];
  /** The failure's status; default 500. 429 carries `Retry-After: 1`. */
  status?: 429 | 500 | 502 | 503;
  /** Fail only the first N calls of each route, then answer normally (to exercise retries). */
  times?: number;
  /** How long a hanging response waits before failing as a network error; default 2 minutes. */
  hangMs?: number;
}

const spared: ReadonlySet<RouteName> = new Set(['getSession', 'events', 'openapi']);

export type Failure = (route: RouteName, signal: AbortSignal) => Promise<Response> | null;

export function planFailures(options: boolean | FailingOptions | undefined): Failure | null {
  if (!options) return null;
  const o: FailingOptions = options === true ? {} : options;
  const listed = o.fail === undefined || typeof o.fail === 'function' ? null : new Set(o.fail);
  const fails =
    typeof o.fail === 'function' ? o.fail : listed ? (r: RouteName) => listed.has(r) : (r: RouteName) => !spared.has(r);
  const hangs = new Set(o.hang ?? ['documentSummary']);
  const status = o.status ?? 500;
  const times = o.times ?? Infinity;
  const calls = new Map<RouteName, number>();
  return (route, signal) => {
    if (!hangs.has(route) && !fails(route)) return null;
    const n = (calls.get(route) ?? 0) + 1;
    calls.set(route, n);
    if (n > times) return null;
    if (hangs.has(route)) return hang(signal, o.hangMs ?? 120_000).then(() => HttpResponse.error());
    return Promise.resolve(failure(status));
  };
}

function failure(status: NonNullable<FailingOptions['status']>): Response {
  const code = status === 429 ? 'rate_limited' : status === 500 ? 'internal' : 'unavailable';
  return HttpResponse.json(
    { error: { code, message: `Simulated failure (${status})` } },
    { status, headers: status === 429 ? { 'Retry-After': '1' } : {} },
  );
}

function hang(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    // Like an open socket, a pending request keeps the process alive until it ends.
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
