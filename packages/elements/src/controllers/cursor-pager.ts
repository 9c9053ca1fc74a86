import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task, TaskStatus, initialState } from '@lit/task';
import { isLedgerApiError } from '@ledgerside/client';

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorPagerOptions<T, A extends readonly unknown[]> {
  /** What the first page depends on; a change reloads from the start. `undefined`: not yet. */
  args: () => A | undefined;
  /** Loads one page after `cursor` (the first when undefined). */
  fetch: (args: A, cursor: string | undefined, signal: AbortSignal) => Promise<PageOf<T>>;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Cursor paging over a list the server pages (`items` + `nextCursor`): the first page is a
 * Task that reruns when its arguments change, later pages append through a second Task run on
 * demand. The items live here, so a failed refresh or "load more" keeps what is shown, and a
 * host can change rows in place (`update`) without a refetch.
 */
export class CursorPager<T, A extends readonly unknown[]> implements ReactiveController {
  /** The first page: render its states with `first.render(…)`. */
  readonly first: Task<readonly [A | undefined], PageOf<T>>;
  readonly #more: Task<readonly [A, string], PageOf<T>>;
  #items: T[] = [];
  #nextCursor: string | null = null;
  #loaded = false;

  constructor(
    private readonly host: Host,
    private readonly options: CursorPagerOptions<T, A>,
  ) {
    host.addController(this);
    this.first = new Task(host, {
      args: () => [options.args()] as const,
      // The arguments are rebuilt on every update: compare their values, not the array.
      argsEqual: ([a], [b]) => a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((v, i) => v === b[i])),
      task: async ([args], { signal }) => {
        if (args === undefined) return initialState;
        return options.fetch(args, undefined, signal);
      },
      onComplete: (page) => {
        // A newer first page replaces the list; a "load more" of the old one must not land.
        this.#more.abort();
        this.#items = page.items;
        this.#nextCursor = page.nextCursor;
        this.#loaded = true;
      },
    });
    this.#more = new Task(host, {
      autoRun: false,
      task: async ([args, cursor], { signal }) => {
        const page = await options.fetch(args, cursor, signal);
        signal.throwIfAborted();
        return page;
      },
      onComplete: (page) => {
        this.#items = [...this.#items, ...page.items];
        this.#nextCursor = page.nextCursor;
      },
    });
  }

  hostConnected(): void {}

  /** Every row loaded so far. */
  get items(): readonly T[] {
    return this.#items;
  }

  /** Whether a first page has arrived (so an empty `items` means "none"). */
  get loaded(): boolean {
    return this.#loaded;
  }

  get hasMore(): boolean {
    return this.#nextCursor !== null;
  }

  get loadingMore(): boolean {
    return this.#more.status === TaskStatus.PENDING;
  }

  /** Why the last "load more" failed (a cancelled one is not a failure). */
  get moreError(): unknown {
    if (this.#more.status !== TaskStatus.ERROR) return undefined;
    const error = this.#more.error;
    return isLedgerApiError(error) && error.kind === 'aborted' ? undefined : error;
  }

  /** Loads the next page unless one is loading or there is none. */
  loadMore(): void {
    const args = this.options.args();
    if (!args || this.#nextCursor === null || this.loadingMore || this.first.status === TaskStatus.PENDING) return;
    void this.#more.run([args, this.#nextCursor]);
  }

  /** Loads the first page again (Refresh). */
  reload(): Promise<void> {
    return this.first.run();
  }

  /** Changes rows in place (a live event, an action's result); `fn` returns the new array. */
  update(fn: (items: readonly T[]) => T[]): void {
    this.#items = fn(this.#items);
    this.host.requestUpdate();
  }
}
