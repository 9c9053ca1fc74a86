import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { initialState, Task } from '@lit/task';
import type { LedgerClient } from '@ledgerside/client';
import { SEARCH_QUERY_MAX_LENGTH, type CustomerWithBalance } from '@ledgerside/contract';

/** Fewer characters match too much to be useful. */
export const MIN_QUERY = 2;
const PAGE = 8;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * Customer search as a person types: debounced, only the latest query's answer shown (the
 * task aborts the previous request), nothing sent below `MIN_QUERY` characters. Used for
 * "find another customer" and "copy preferences from".
 */
export class CustomerSearchController implements ReactiveController {
  #query = '';
  #typedLength = 0;
  readonly task: Task<readonly [LedgerClient | undefined, string], CustomerWithBalance[]>;

  constructor(
    private readonly host: ReactiveControllerHost,
    client: () => LedgerClient | undefined,
    debounceMs = 250,
  ) {
    host.addController(this);
    this.task = new Task(host, {
      task: async ([c, query], { signal }) => {
        if (!c || query.length < MIN_QUERY) return initialState;
        await pause(debounceMs, signal);
        const page = await c.searchCustomers({ query: { q: query, limit: PAGE } }, { signal });
        return page.items;
      },
      args: () => [client(), this.#query] as const,
    });
  }

  hostConnected(): void {}

  get query(): string {
    return this.#query;
  }

  set query(value: string) {
    this.#typedLength = value.length;
    const next = value.trim();
    if (next === this.#query) return;
    this.#query = next;
    this.host.requestUpdate();
  }

  /** Whether the field holds as much as a search may (the contract's limit): say so. */
  get atLimit(): boolean {
    return this.#typedLength >= SEARCH_QUERY_MAX_LENGTH;
  }

  /** Whether the query is long enough to search. */
  get active(): boolean {
    return this.#query.length >= MIN_QUERY;
  }
}
