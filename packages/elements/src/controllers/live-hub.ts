import type { ConnectionStatus, LedgerClient, LiveEventData, Subscription } from '@ledgerside/client';

type Listener = (event: LiveEventData) => void;

/** The caller's unread count for one transaction, as the server last reported it. */
export interface UnreadChange {
  transactionType: string;
  transactionId: string;
  count: number;
}

/**
 * One server-sent-events connection shared by every component under a provider: it opens
 * with the first listener and closes with the last, so a sidebar of four components holds
 * one connection, not four.
 */
export class LiveEventHub {
  #listeners = new Set<Listener>();
  #statusListeners = new Set<(s: ConnectionStatus) => void>();
  #unreadListeners = new Set<(change: UnreadChange) => void>();
  #subscription: Subscription | undefined;
  #status: ConnectionStatus = 'closed';

  constructor(private readonly client: LedgerClient) {}

  get status(): ConnectionStatus {
    return this.#status;
  }

  on(listener: Listener): () => void {
    this.#listeners.add(listener);
    this.#subscription ??= this.client.subscribe({
      onEvent: (event) => this.#listeners.forEach((l) => l(event)),
      onStatus: (status) => {
        this.#status = status;
        this.#statusListeners.forEach((l) => l(status));
      },
    });
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.close();
    };
  }

  onStatus(listener: (s: ConnectionStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** Follows unread counts reported by components under this provider (no connection needed). */
  onUnread(listener: (change: UnreadChange) => void): () => void {
    this.#unreadListeners.add(listener);
    return () => this.#unreadListeners.delete(listener);
  }

  /**
   * A read marker's answer (or a loaded thread) changed a count: the server sends no event
   * for reads, so every badge, tab and row under the provider learns it from here.
   */
  reportUnread(change: UnreadChange): void {
    this.#unreadListeners.forEach((l) => l(change));
  }

  /** Delivers an event as if it had arrived (e.g. the result of one's own action). */
  dispatch(event: LiveEventData): void {
    this.#listeners.forEach((l) => l(event));
  }

  close(): void {
    this.#subscription?.close();
    this.#subscription = undefined;
  }
}
