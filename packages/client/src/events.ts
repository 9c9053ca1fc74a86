/**
 * Live events over server-sent events. `EventSource` cannot send an Authorization header, so
 * the stream is read with fetch and parsed by eventsource-parser; reconnects resume with
 * `Last-Event-ID`, so nothing is missed across a dropped connection. The parser and the
 * schemas each event is checked against load on first use (lazy.ts), beside the connection.
 */
import type { LiveEvent as LiveEventData } from '@ledgerside/contract';
import type { TokenSource } from './token.js';
import { loadParser, loadValidation } from './lazy.js';

export type { LiveEventData };
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface SubscribeOptions {
  onEvent: (event: LiveEventData) => void;
  onStatus?: (status: ConnectionStatus) => void;
  /** A stop the server made: 403 (role may not), or an event the client does not understand. */
  onError?: (error: Error) => void;
  /** Resume after this event id (e.g. one kept from an earlier page load). */
  lastEventId?: string;
  signal?: AbortSignal;
  /** Reconnect backoff for attempt n, ms; default 1 s doubling to 30 s with jitter. */
  reconnectDelay?: (attempt: number) => number;
}

export interface Subscription {
  close(): void;
  /** The id of the last event received. */
  readonly lastEventId: string | undefined;
}

interface Internal extends SubscribeOptions {
  url: string;
  fetch: typeof globalThis.fetch;
  tokens: TokenSource;
}

const defaultDelay = (attempt: number) => Math.min(30_000, 1000 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);

export function subscribe(options: Internal): Subscription {
  const controller = new AbortController();
  let lastEventId = options.lastEventId;
  let closed = false;
  const status = (s: ConnectionStatus) => options.onStatus?.(s);
  const close = () => {
    if (closed) return;
    closed = true;
    controller.abort();
    status('closed');
  };
  options.signal?.addEventListener('abort', close, { once: true });

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      controller.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });

  async function connectOnce(forceRefresh: boolean): Promise<'ended' | 'unauthorized' | 'forbidden'> {
    const modules = Promise.all([loadParser(), loadValidation()]);
    modules.catch(() => undefined); // awaited below, once the stream answers; a failure ends this attempt there
    const token = await options.tokens.get(forceRefresh);
    const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${token}` };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const response = await options.fetch(options.url, { headers, signal: controller.signal, cache: 'no-store' });
    if (response.status === 401) return 'unauthorized';
    if (response.status === 403) return 'forbidden';
    if (!response.ok || !response.body) throw new Error(`Event stream answered ${response.status}`);
    let createParser: Awaited<ReturnType<typeof loadParser>>['createParser'];
    let liveEventOf: Awaited<ReturnType<typeof loadValidation>>['liveEventOf'];
    try {
      [{ createParser }, { liveEventOf }] = await modules;
    } catch (error) {
      void response.body.cancel();
      throw error;
    }
    status('open');
    let serverRetry: number | undefined;
    const parser = createParser({
      onEvent(message) {
        if (message.id) lastEventId = message.id;
        let data: unknown;
        try {
          data = JSON.parse(message.data);
        } catch {
          return; // a comment or keep-alive the parser passed on
        }
        const event = liveEventOf(data);
        if (event) options.onEvent(event);
        else options.onError?.(new Error(`Unexpected live event: ${message.event ?? 'message'}`));
      },
      onRetry(ms) {
        serverRetry = ms;
      },
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.feed(value);
    }
    if (serverRetry !== undefined) retryHint = serverRetry;
    return 'ended';
  }

  let retryHint: number | undefined;

  (async () => {
    let attempt = 0;
    let refreshed = false;
    status('connecting');
    while (!closed) {
      try {
        const outcome = await connectOnce(refreshed);
        if (outcome === 'forbidden') {
          options.onError?.(new Error('This role may not receive live events'));
          close();
          return;
        }
        if (outcome === 'unauthorized') {
          if (refreshed) {
            options.onError?.(new Error('Live events: the token was refused'));
          }
          refreshed = !refreshed;
          if (refreshed) continue; // try once straight away with a fresh token
        } else {
          attempt = 0;
          refreshed = false;
        }
      } catch {
        if (closed) return;
      }
      if (closed) return;
      attempt += 1;
      status('reconnecting');
      await wait(retryHint ?? (options.reconnectDelay ?? defaultDelay)(attempt));
    }
  })();

  return {
    close,
    get lastEventId() {
      return lastEventId;
    },
  };
}
