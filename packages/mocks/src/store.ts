/**
 * An in-memory Ledgerside backend. Its public methods are the routes of the contract's route
 * table (same names, same rules, same errors) called as a user; every money, status, permission
 * and eligibility decision is the contract's. Handlers call it over HTTP; tests also call it
 * directly to make "something happen elsewhere" (a payment, a client's message), which emits
 * live events like the real server. The parts live in `store/`, one domain each.
 */
import type { LiveEvent } from '@ledgerside/contract';
import type { LogEntry } from './events.js';
import { ConversationsPart } from './store/conversations.js';
import type { Actor } from './store/types.js';

export type { Actor, SeedDocument, SeedStep, SentEmail, StoreInit, WriteOptions } from './store/types.js';

export class MockStore extends ConversationsPart {
  /** Events after `lastEventId` that `viewer` may see, as `/events` replays them. */
  eventsSince(viewer: Actor, lastEventId: string | null | undefined): LiveEvent[] {
    const user = this.resolve(viewer);
    return this.events.since(lastEventId).flatMap((e) => e.render(user) ?? []);
  }

  /** Every event so far as `viewer` (default: the session user) sees it. */
  liveEvents(viewer: Actor = this.sessionUserId): LiveEvent[] {
    const user = this.resolve(viewer);
    return this.events.all().flatMap((e) => e.render(user) ?? []);
  }

  /** Calls `listener` with each new event `viewer` may see; returns the unsubscribe. */
  subscribe(viewer: Actor, listener: (event: LiveEvent) => void): () => void {
    const user = this.resolve(viewer);
    return this.events.subscribe((entry: LogEntry) => {
      const event = entry.render(user);
      if (event) listener(event);
    });
  }
}
