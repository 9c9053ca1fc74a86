/**
 * Fans committed events out to this process's SSE streams. One LISTEN per process; a NOTIFY
 * (from this or any other process on the same database) makes the organization's feed read
 * what is new from the events table — once for all of the process's streams, not once per
 * stream — and then wakes them. The table, not the notification, is the source, so nothing is
 * lost when a notification is; a poll is the safety net.
 */
import type { LiveEvent, LiveEventType } from '@ledgerside/contract';
import type { Db } from '../db/types.js';
import { EVENTS_CHANNEL } from '../services/events.js';
import { unrefTimer } from '../timers.js';

export interface EventRow {
  seq: number;
  type: LiveEventType;
  data: LiveEvent['data'];
  customer_id: string | null;
  at: Date;
  /**
   * For `message.posted`: each listening reader's unread count in that conversation, read in
   * one query when the feed fetched the event (a reader missing here is read on its own).
   */
  unread?: Map<string, { unread: number; lastReadMessageId: string | null }>;
  /** The SSE frame, written once and sent to every stream (not for `message.posted`). */
  text?: string;
}

export interface Subscriber {
  /** The reader, for its unread counts. */
  userId: string;
  /** Read and send whatever is new. */
  wake(): void;
  /** The server is shutting down: end the stream. */
  close(): void;
}

const BATCH = 500;
/** Recent events kept per organization: a stream further behind reads the table itself. */
const KEEP = 5000;

/** One organization's recent events, read from the table by one query for all its streams. */
class Feed {
  readonly subscribers = new Set<Subscriber>();
  /** Ascending by seq, without gaps: every event after `floor` up to `head`. */
  private rows: EventRow[] = [];
  private floor = -1;
  private head = -1;
  private requested = 0;
  private completed = 0;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly organizationId: string,
  ) {}

  /** Resolves once a read that started after this call has finished. */
  async refresh(): Promise<void> {
    const wanted = ++this.requested;
    while (this.completed < wanted) {
      if (!this.running) {
        const covers = this.requested;
        this.running = this.fetch()
          .then(() => void (this.completed = Math.max(this.completed, covers)))
          .finally(() => (this.running = null));
      }
      await this.running;
    }
  }

  /** Cached events after `seq` (at most `limit`), or `null` when the cache does not reach back. */
  after(seq: number, limit: number): EventRow[] | null {
    if (this.floor < 0 || seq < this.floor) return null;
    // Seqs are consecutive here, so the position is arithmetic.
    const start = Math.max(0, seq - this.floor);
    return this.rows.slice(start, start + limit);
  }

  private async fetch(): Promise<void> {
    if (this.head < 0) {
      const [{ max }] = (await this.db.query<{ max: number | null }>('SELECT max(seq) AS max FROM events WHERE organization_id = $1', [
        this.organizationId,
      ])) as [{ max: number | null }];
      this.head = this.floor = Number(max ?? 0);
      return;
    }
    for (;;) {
      const rows = await this.db.query<EventRow>(
        'SELECT seq, type, data, customer_id, at FROM events WHERE organization_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [this.organizationId, this.head, BATCH],
      );
      for (const row of rows) {
        row.seq = Number(row.seq);
        // A gap (should the sequence ever skip) would break the arithmetic: start over from here.
        if (row.seq !== this.head + 1) {
          this.rows = [];
          this.floor = row.seq - 1;
        }
        if (row.type === 'message.posted') row.unread = await this.unreadOf(row);
        this.rows.push(row);
        this.head = row.seq;
      }
      if (this.rows.length > KEEP) {
        const drop = this.rows.length - KEEP;
        this.floor = this.rows[drop - 1]!.seq;
        this.rows = this.rows.slice(drop);
      }
      if (rows.length < BATCH) return;
    }
  }

  private async unreadOf(row: EventRow): Promise<EventRow['unread']> {
    const users = [...new Set([...this.subscribers].map((s) => s.userId))];
    const conversationId = (row.data as Extract<LiveEvent, { type: 'message.posted' }>['data']).conversation.id;
    const found = await this.db.query<{ user_id: string; unread: number; message_id: string | null }>(
      `SELECT u.user_id,
              (SELECT count(*) FROM messages m WHERE m.conversation_id = $1 AND m.author_id <> u.user_id
                 AND m.seq > coalesce(r.last_read_seq, 0)) AS unread,
              r.message_id
       FROM unnest($2::text[]) AS u(user_id)
       LEFT JOIN read_markers r ON r.conversation_id = $1 AND r.user_id = u.user_id`,
      [conversationId, users],
    );
    return new Map(found.map((r) => [r.user_id, { unread: Number(r.unread), lastReadMessageId: r.message_id }]));
  }
}

export class EventHub {
  private readonly feeds = new Map<string, Feed>();
  private unlisten: (() => Promise<void>) | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly db: Db,
    /** A safety net for lost notifications (a LISTEN connection that dropped). */
    private readonly pollMs = 5000,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(EVENTS_CHANNEL, (payload) => this.wake(payload.split(' ')[0] ?? ''));
    this.poll = setInterval(() => {
      for (const organizationId of this.feeds.keys()) this.wake(organizationId);
    }, this.pollMs);
    unrefTimer(this.poll);
  }

  subscribe(organizationId: string, subscriber: Subscriber): () => void {
    let feed = this.feeds.get(organizationId);
    if (!feed) this.feeds.set(organizationId, (feed = new Feed(this.db, organizationId)));
    feed.subscribers.add(subscriber);
    return () => {
      feed.subscribers.delete(subscriber);
      if (!feed.subscribers.size && this.feeds.get(organizationId) === feed) this.feeds.delete(organizationId);
    };
  }

  /**
   * The organization's events after `seq` (up to `limit`); with `refresh`, fresh as of this
   * call. `null` when the feed does not reach back that far (the stream reads the table itself).
   */
  async read(organizationId: string, seq: number, limit: number, refresh: boolean): Promise<EventRow[] | null> {
    const feed = this.feeds.get(organizationId);
    if (!feed) return null;
    // A wake comes after the feed has read; a stream's own pump (start, heartbeat) asks anew.
    if (refresh) await feed.refresh();
    return feed.after(seq, limit);
  }

  get size(): number {
    let n = 0;
    for (const feed of this.feeds.values()) n += feed.subscribers.size;
    return n;
  }

  /** Reads the organization's new events once, then lets each of its streams send them. */
  private wake(organizationId: string): void {
    const feed = this.feeds.get(organizationId);
    if (!feed) return;
    feed.refresh().then(
      () => {
        for (const s of feed.subscribers) s.wake();
      },
      (error: unknown) => {
        console.error('[events] feed read failed:', (error as Error).message);
        // Each stream then reads the table itself.
        for (const s of feed.subscribers) s.wake();
      },
    );
  }

  async stop(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    for (const feed of this.feeds.values()) for (const s of feed.subscribers) s.close();
    this.feeds.clear();
    await this.unlisten?.();
  }
}
