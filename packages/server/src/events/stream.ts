/**
 * `GET /v1/events`: a server-sent events stream of the caller's organization. Each event's
 * `id:` is its per-organization sequence number, so `Last-Event-ID` resumes exactly after the
 * last one received; `event:` is the LiveEvent type and `data:` the whole LiveEvent as JSON.
 */
import type { LiveEvent, LiveEventType } from '@ledgerside/contract';
import type { Db } from '../db/types.js';
import type { Actor } from '../services/common.js';
import { unreadOf } from '../services/conversations.js';
import type { EventHub, EventRow } from './hub.js';

/** What a client user may see: its own customer's transactions and their conversations. */
const CLIENT_TYPES: ReadonlySet<LiveEventType> = new Set([
  'document.created',
  'document.changed',
  'payment.recorded',
  'message.posted',
]);

function visible(actor: Actor, row: EventRow): boolean {
  if (actor.role !== 'client') return true;
  return CLIENT_TYPES.has(row.type) && row.customer_id !== null && row.customer_id === actor.customerId;
}

const BATCH = 500;

export interface StreamOptions {
  db: Db;
  hub: EventHub;
  actor: Actor;
  /** From `Last-Event-ID`: replay everything after it. */
  lastEventId: string | null;
  heartbeatMs: number;
  /**
   * The token's expiry: the stream ends then, and the client reconnects with a fresh token
   * (and Last-Event-ID, so nothing is lost) — a revoked role does not keep listening.
   */
  expiresAt: number;
  signal: AbortSignal;
}

function parseLastEventId(value: string | null): number | null {
  if (value === null || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

export async function openEventStream(options: StreamOptions): Promise<Response> {
  const { db, hub, actor, heartbeatMs, signal } = options;
  const [{ max }] = (await db.query<{ max: number | null }>(
    'SELECT max(seq) AS max FROM events WHERE organization_id = $1',
    [actor.organizationId],
  )) as [{ max: number | null }];
  const newest = Number(max ?? 0);
  const requested = parseLastEventId(options.lastEventId);
  // Without (or past the end of) a Last-Event-ID, start from now.
  let last = requested !== null && requested <= newest ? requested : newest;

  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let pumping = false;
  let again = false;
  let againFresh = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let expiry: NodeJS.Timeout | undefined;
  let unsubscribe = () => {};

  const write = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      close();
    }
  };

  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(expiry);
    unsubscribe();
    try {
      controller.close();
    } catch {
      // already closed by the client going away
    }
  };

  const personalize = async (row: EventRow): Promise<LiveEvent['data']> => {
    // A conversation's unread count is per reader: the feed's, or computed for this one.
    if (row.type !== 'message.posted') return row.data;
    const data = row.data as Extract<LiveEvent, { type: 'message.posted' }>['data'];
    const unread = row.unread?.get(actor.userId) ?? (await unreadOf(db, actor, data.conversation.id));
    return { ...data, conversation: { ...data.conversation, ...unread } };
  };

  const frame = (row: EventRow, data: LiveEvent['data']) => {
    const event = { id: String(row.seq), type: row.type, at: new Date(row.at).toISOString(), data };
    return `id: ${row.seq}\nevent: ${row.type}\ndata: ${JSON.stringify(event)}\n\n`;
  };

  /** `fresh`: ask the feed to read the table first (a wake comes after it has). */
  const pump = async (fresh: boolean) => {
    if (pumping) {
      again = true;
      againFresh ||= fresh;
      return;
    }
    pumping = true;
    try {
      let full = false;
      do {
        const refresh = fresh || againFresh;
        again = againFresh = fresh = false;
        const rows =
          (await hub.read(actor.organizationId, last, BATCH, refresh)) ??
          (await db.query<EventRow>(
            'SELECT seq, type, data, customer_id, at FROM events WHERE organization_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
            [actor.organizationId, last, BATCH],
          ));
        full = rows.length === BATCH;
        for (const row of rows) {
          if (closed) return;
          last = Number(row.seq);
          if (!visible(actor, row)) continue;
          // The same text for every reader, but for a message's per-reader unread count.
          write(row.type === 'message.posted' ? frame(row, await personalize(row)) : (row.text ??= frame(row, row.data)));
        }
      } while (!closed && (again || full));
    } catch (error) {
      if (!closed) console.error('[events] stream read failed:', (error as Error).message);
    } finally {
      pumping = false;
    }
  };

  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      // Tells EventSource how soon to reconnect, and flushes the headers right away.
      write(`retry: 3000\n: connected\n\n`);
      unsubscribe = hub.subscribe(actor.organizationId, { userId: actor.userId, wake: () => void pump(false), close });
      heartbeat = setInterval(() => {
        write(': keep-alive\n\n');
        // Whatever the feed holds that this stream has not sent; reading the table again is
        // the hub's poll's job, once per organization, not every stream's.
        void pump(false);
      }, heartbeatMs);
      void pump(true);
      expiry = setTimeout(close, Math.min(Math.max(0, options.expiresAt - Date.now()), 2 ** 31 - 1));
    },
    cancel() {
      close();
    },
  });
  signal.addEventListener('abort', close, { once: true });

  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    },
  });
}
