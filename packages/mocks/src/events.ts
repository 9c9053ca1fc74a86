/**
 * The event log behind `/events`. Each entry renders itself per viewer: what a role may see is
 * decided when the event is delivered (or replayed), and `null` hides it.
 */
import type { LiveEvent, LiveEventType, User } from '@ledgerside/contract';

type DataOf<T extends LiveEventType> = Extract<LiveEvent, { type: T }>['data'];

export interface LogEntry {
  id: string;
  type: LiveEventType;
  at: string;
  render(viewer: User): LiveEvent | null;
}

export class EventLog {
  private entries: LogEntry[] = [];
  private listeners = new Set<(entry: LogEntry) => void>();
  private nextId = 1;
  /** While true (seeding), nothing is logged. */
  muted = false;

  emit<T extends LiveEventType>(type: T, at: string, data: (viewer: User) => DataOf<T> | null): void {
    if (this.muted) return;
    const id = String(this.nextId++);
    const entry: LogEntry = {
      id,
      type,
      at,
      render: (viewer) => {
        const d = data(viewer);
        return d === null ? null : ({ id, type, at, data: d } as LiveEvent);
      },
    };
    this.entries.push(entry);
    for (const listener of [...this.listeners]) listener(entry);
  }

  /** Entries after `lastEventId`; none for an id this log never gave out. */
  since(lastEventId: string | null | undefined): LogEntry[] {
    if (lastEventId === null || lastEventId === undefined) return [];
    if (!/^\d+$/.test(lastEventId)) return [];
    const after = Number(lastEventId);
    return this.entries.filter((e) => Number(e.id) > after);
  }

  all(): readonly LogEntry[] {
    return this.entries;
  }

  subscribe(listener: (entry: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forget everything (after seeding): ids start again at 1. */
  clear(): void {
    this.entries = [];
    this.nextId = 1;
  }
}

/** One event in the text/event-stream format; `data` is the whole LiveEvent as JSON. */
export function formatSse(event: LiveEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
