/**
 * Fans committed events out to this process's SSE streams. One LISTEN per process; a NOTIFY
 * (from this or any other process on the same database) wakes the organization's streams,
 * which then read what they have not seen from the events table — the table, not the
 * notification, is the source, so nothing is lost when a notification is.
 */
import type { Db } from '../db/db.js';
import { EVENTS_CHANNEL } from '../services/events.js';

export interface Subscriber {
  /** Read and send whatever is new. */
  wake(): void;
  /** The server is shutting down: end the stream. */
  close(): void;
}

export class EventHub {
  private readonly byOrganization = new Map<string, Set<Subscriber>>();
  private unlisten: (() => Promise<void>) | null = null;
  private poll: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    /** A safety net for lost notifications (a LISTEN connection that dropped). */
    private readonly pollMs = 5000,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(EVENTS_CHANNEL, (payload) => {
      const organizationId = payload.split(' ')[0] ?? '';
      for (const s of this.byOrganization.get(organizationId) ?? []) s.wake();
    });
    this.poll = setInterval(() => this.wakeAll(), this.pollMs);
    this.poll.unref();
  }

  subscribe(organizationId: string, subscriber: Subscriber): () => void {
    let set = this.byOrganization.get(organizationId);
    if (!set) this.byOrganization.set(organizationId, (set = new Set()));
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (!set.size) this.byOrganization.delete(organizationId);
    };
  }

  get size(): number {
    let n = 0;
    for (const set of this.byOrganization.values()) n += set.size;
    return n;
  }

  private wakeAll(): void {
    for (const set of this.byOrganization.values()) for (const s of set) s.wake();
  }

  async stop(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    for (const set of this.byOrganization.values()) for (const s of set) s.close();
    this.byOrganization.clear();
    await this.unlisten?.();
  }
}
