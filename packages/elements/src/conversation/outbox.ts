import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isLedgerApiError, newIdempotencyKey } from '@ledgerside/client';
import type { Recipient } from '@ledgerside/contract';
import { describeError } from '../base/errors.js';

/** What the composer holds, kept so a reload loses nothing. */
export interface Draft {
  body: string;
  recipientIds: string[];
}

/** A message the person posted that the server has not confirmed yet. */
export interface OutboxEntry {
  /** The Idempotency-Key: one per message, the same on every attempt and after a reload. */
  key: string;
  body: string;
  recipientIds: string[];
  /** Shown while the message is not sent yet. */
  recipients: Recipient[];
  createdAt: string;
  /** `pending`: will be (re)sent by itself; `failed`: waits for the person's Retry. */
  status: 'pending' | 'failed';
  /** Why the last attempt did not go through, in plain words. */
  error?: string;
  /** The last attempt found no network: it goes as soon as the connection is back. */
  offline?: boolean;
}

/** An entry as the thread shows it: `sending` while a request is under way. */
export type OutboxView = OutboxEntry & { sending: boolean };

interface Stored {
  draft: Draft;
  entries: OutboxEntry[];
}

export interface OutboxOptions {
  /** Sends one entry with its key; throws a LedgerApiError when it did not go through. */
  send: (entry: OutboxEntry) => Promise<void>;
  /** Called after a successful send, once the entry has left the outbox. */
  onSent?: (entry: OutboxEntry) => void;
}

const emptyDraft = (): Draft => ({ body: '', recipientIds: [] });
const PREFIX = 'ledgerside:outbox:v1:';

/**
 * The outbox of one conversation: unsent messages and the composer's text, kept in
 * localStorage under a scope (API, user, transaction). Entries are sent in order, one at a
 * time, each with its own idempotency key, when the host connects (after a reload), when
 * `online` fires, or on Retry — so a message is delivered exactly once however often it is
 * attempted. A Web Lock per entry keeps two tabs from sending it at the same moment.
 */
export class OutboxController implements ReactiveController {
  #scope: string | null = null;
  #stored: Stored = { draft: emptyDraft(), entries: [] };
  readonly #inFlight = new Set<string>();
  #draining = false;
  #connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: OutboxOptions,
  ) {
    host.addController(this);
  }

  get draft(): Draft {
    return this.#stored.draft;
  }

  get entries(): OutboxView[] {
    return this.#stored.entries.map((e) => ({ ...e, sending: this.#inFlight.has(e.key) }));
  }

  get size(): number {
    return this.#stored.entries.length;
  }

  hostConnected(): void {
    this.#connected = true;
    window.addEventListener('online', this.#handleOnline);
    window.addEventListener('storage', this.#handleStorage);
    void this.drain();
  }

  hostDisconnected(): void {
    this.#connected = false;
    window.removeEventListener('online', this.#handleOnline);
    window.removeEventListener('storage', this.#handleStorage);
  }

  /** Switches to another conversation's outbox (null: none); sends what waits there. */
  setScope(scope: string | null): void {
    const key = scope === null ? null : PREFIX + scope;
    if (key === this.#scope) return;
    this.#scope = key;
    this.#stored = this.#read();
    this.host.requestUpdate();
    void this.drain();
  }

  saveDraft(draft: Draft): void {
    this.#stored = { draft, entries: this.#read().entries };
    this.#write();
  }

  /** Adds a message to the outbox (clearing the draft's text) and starts sending it. */
  enqueue(body: string, recipients: Recipient[]): OutboxEntry {
    const entry: OutboxEntry = {
      key: newIdempotencyKey(),
      body,
      recipientIds: recipients.map((r) => r.id),
      recipients,
      createdAt: new Date().toISOString(),
      status: 'pending',
    };
    this.#stored = { ...this.#stored, draft: { body: '', recipientIds: entry.recipientIds } };
    this.#mutate((entries) => [...entries, entry]);
    void this.drain();
    return entry;
  }

  retry(key: string): void {
    this.#update(key, (e) => ({ ...e, status: 'pending', error: undefined, offline: undefined }));
    void this.drain();
  }

  discard(key: string): void {
    this.#remove(key);
  }

  /** Sends every pending entry in order; stops at a failure that may pass (offline). */
  async drain(): Promise<void> {
    if (this.#draining || !this.#connected || this.#scope === null) return;
    this.#draining = true;
    const scope = this.#scope;
    try {
      for (;;) {
        if (this.#scope !== scope || !this.#connected) return;
        const next = this.#stored.entries.find((e) => e.status === 'pending' && !this.#inFlight.has(e.key));
        if (!next) return;
        const outcome = await this.#sendOnce(next);
        if (outcome === 'transient') return;
      }
    } finally {
      this.#draining = false;
    }
  }

  async #sendOnce(entry: OutboxEntry): Promise<'sent' | 'transient' | 'failed'> {
    this.#inFlight.add(entry.key);
    this.host.requestUpdate();
    try {
      const attempt = async (): Promise<'sent' | 'transient' | 'failed'> => {
        // Another tab may have delivered it while this one waited.
        if (!this.#read().entries.some((e) => e.key === entry.key)) {
          this.#remove(entry.key);
          return 'sent';
        }
        try {
          await this.options.send(entry);
        } catch (error) {
          const transient = !isLedgerApiError(error) || error.transient;
          const offline = !isLedgerApiError(error) || error.kind === 'network' || error.kind === 'timeout';
          this.#update(entry.key, (e) => ({ ...e, status: transient ? 'pending' : 'failed', error: describeError(error), offline }));
          return transient ? 'transient' : 'failed';
        }
        this.#remove(entry.key);
        this.options.onSent?.(entry);
        return 'sent';
      };
      const locks = (navigator as Navigator & { locks?: LockManager }).locks;
      if (!locks) return await attempt();
      const result = await locks.request(`${PREFIX}${entry.key}`, { ifAvailable: true }, async (lock) =>
        lock ? attempt() : ('transient' as const),
      );
      return result;
    } finally {
      this.#inFlight.delete(entry.key);
      this.host.requestUpdate();
    }
  }

  #update(key: string, change: (entry: OutboxEntry) => OutboxEntry): void {
    this.#mutate((entries) => entries.map((e) => (e.key === key ? change(e) : e)));
  }

  #remove(key: string): void {
    this.#mutate((entries) => entries.filter((e) => e.key !== key));
  }

  /** Changes the stored entries as they are now: another tab may have added or sent some. */
  #mutate(change: (entries: OutboxEntry[]) => OutboxEntry[]): void {
    this.#stored = { draft: this.#stored.draft, entries: change(this.#read().entries) };
    this.#write();
    this.host.requestUpdate();
  }

  #handleOnline = (): void => {
    // Back online: what waited for the network goes now (failed ones still wait for Retry).
    void this.drain();
  };

  #handleStorage = (event: StorageEvent): void => {
    if (event.key !== this.#scope || this.#scope === null) return;
    const current = this.#read();
    this.#stored = { draft: this.#stored.draft, entries: current.entries };
    this.host.requestUpdate();
  };

  #read(): Stored {
    if (this.#scope === null) return { draft: emptyDraft(), entries: [] };
    try {
      const raw = localStorage.getItem(this.#scope);
      return raw ? parseStored(raw) : { draft: emptyDraft(), entries: [] };
    } catch {
      // Storage blocked (a sandboxed frame, private mode): keep what this page holds.
      return this.#stored;
    }
  }

  #write(): void {
    if (this.#scope === null) return;
    try {
      const { draft, entries } = this.#stored;
      if (!draft.body && entries.length === 0) localStorage.removeItem(this.#scope);
      else localStorage.setItem(this.#scope, JSON.stringify(this.#stored));
    } catch {
      // Storage full or blocked: the outbox still works for this page's lifetime.
    }
  }
}

/** Reads what an earlier page stored, dropping anything malformed rather than failing. */
function parseStored(raw: string): Stored {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { draft: emptyDraft(), entries: [] };
  }
  const v = (value ?? {}) as Partial<Stored>;
  const draft: Draft =
    v.draft && typeof v.draft.body === 'string' && Array.isArray(v.draft.recipientIds)
      ? { body: v.draft.body, recipientIds: v.draft.recipientIds.filter((id) => typeof id === 'string') }
      : emptyDraft();
  const entries = Array.isArray(v.entries)
    ? v.entries.filter(
        (e): e is OutboxEntry =>
          !!e && typeof e.key === 'string' && typeof e.body === 'string' && Array.isArray(e.recipientIds) && Array.isArray(e.recipients),
      ).map((e) => ({ ...e, status: e.status === 'failed' ? ('failed' as const) : ('pending' as const) }))
    : [];
  return { draft, entries };
}
