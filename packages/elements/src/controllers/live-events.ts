import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LiveEventData } from '@ledgerside/client';
import { liveContext } from '../context/contexts.js';
import type { LiveEventHub, UnreadChange } from './live-hub.js';

type Host = ReactiveControllerHost & HTMLElement;
type EventType = LiveEventData['type'];
type EventOf<T extends EventType> = Extract<LiveEventData, { type: T }>;

/**
 * Live events for one component: listens to the provider's hub while connected, only to
 * the types asked for, and stops in `hostDisconnected`. With `onUnread` it also follows the
 * unread counts other components under the provider report (read markers have no event).
 */
export class LiveEventsController<T extends EventType> implements ReactiveController {
  #off: (() => void) | undefined;
  #hub: LiveEventHub | undefined;
  readonly #consumer: ContextConsumer<typeof liveContext, Host>;

  constructor(
    private readonly host: Host,
    private readonly types: readonly T[],
    private readonly onEvent: (event: EventOf<T>) => void,
    private readonly options: { onUnread?: (change: UnreadChange) => void } = {},
  ) {
    host.addController(this);
    this.#consumer = new ContextConsumer(host, {
      context: liveContext,
      subscribe: true,
      callback: (hub) => {
        this.#hub = hub;
        if (host.isConnected) this.#listen();
      },
    });
  }

  hostConnected(): void {
    this.#hub ??= this.#consumer.value;
    this.#listen();
  }

  hostDisconnected(): void {
    this.#off?.();
    this.#off = undefined;
  }

  /** Tells every component under the provider the caller's current unread count for a transaction. */
  reportUnread(change: UnreadChange): void {
    (this.#hub ?? this.#consumer.value)?.reportUnread(change);
  }

  #listen(): void {
    this.#off?.();
    this.#off = undefined;
    const hub = this.#hub;
    if (!hub) return;
    const off = hub.on((event) => {
      if ((this.types as readonly string[]).includes(event.type)) this.onEvent(event as EventOf<T>);
    });
    const { onUnread } = this.options;
    const offUnread = onUnread ? hub.onUnread(onUnread) : undefined;
    this.#off = () => {
      off();
      offUnread?.();
    };
  }
}
