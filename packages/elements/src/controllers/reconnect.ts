import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { TaskStatus, type Task } from '@lit/task';
import { isLedgerApiError } from '@ledgerside/client';
import { liveContext } from '../context/contexts.js';
import type { LiveEventHub } from './live-hub.js';

type Host = ReactiveControllerHost & HTMLElement;

/** Whether a task failed for a reason that may have gone by now (network, 5xx, 429, timeout). */
export function failedTransiently(task: Pick<Task, 'status' | 'error'>): boolean {
  return task.status === TaskStatus.ERROR && isLedgerApiError(task.error) && task.error.transient;
}

/**
 * Says when the connection is back, so a load that failed on it is tried again and its error
 * banner goes with its cause: the live stream reopened after a drop, the browser came back online, or
 * the host calls `back()` itself (e.g. a live event arrived, so the service answers again).
 * Only failures that can pass are retried (see `failedTransiently`); a refusal stays shown.
 */
export class ReconnectController implements ReactiveController {
  readonly #consumer: ContextConsumer<typeof liveContext, Host>;
  #hub: LiveEventHub | undefined;
  #off: (() => void) | undefined;

  constructor(
    private readonly host: Host,
    private readonly onBack: () => void,
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
    window.addEventListener('online', this.back);
  }

  hostDisconnected(): void {
    this.#off?.();
    this.#off = undefined;
    window.removeEventListener('online', this.back);
  }

  /** The connection is known to work again. */
  readonly back = (): void => {
    this.onBack();
  };

  #listen(): void {
    this.#off?.();
    // The first opening is no news; one after a drop is.
    let dropped = false;
    this.#off = this.#hub?.onStatus((status) => {
      if (status === 'reconnecting') dropped = true;
      else if (status === 'open' && dropped) {
        dropped = false;
        this.back();
      }
    });
  }
}
