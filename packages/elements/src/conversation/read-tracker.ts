import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface ReadTrackerOptions {
  /** The scrolling thread (the IntersectionObserver's root). */
  root: () => HTMLElement | null | undefined;
  /** The element whose children are the rendered messages (they come and go as it virtualizes). */
  container: () => HTMLElement | null | undefined;
  /** Called with the ids of unread messages the reader has just seen. */
  onSeen: (messageIds: string[]) => void;
}

/** Share of a message (or of the thread's height, for a tall one) that must be in view. */
const SEEN_RATIO = 0.6;

/**
 * Tells when unread messages are actually seen: rendered, at least 60 % inside the thread's
 * visible area, while the page is visible. Unread messages carry `data-unread` and
 * `data-message-id`; the virtualizer adds and removes them as the thread scrolls, so a
 * MutationObserver keeps the IntersectionObserver's list current.
 */
export class ReadTracker implements ReactiveController {
  #io: IntersectionObserver | undefined;
  #mo: MutationObserver | undefined;
  #root: HTMLElement | undefined;
  #container: HTMLElement | undefined;
  /** Unread messages in view while the page was hidden: seen once it shows again. */
  readonly #inView = new Set<Element>();

  constructor(
    host: ReactiveControllerHost,
    private readonly options: ReadTrackerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#handleVisibility);
  }

  hostUpdated(): void {
    const root = this.options.root() ?? undefined;
    const container = this.options.container() ?? undefined;
    if (root !== this.#root || container !== this.#container) this.#attach(root, container);
    else this.#observeAll();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#handleVisibility);
    this.#attach(undefined, undefined);
  }

  #attach(root: HTMLElement | undefined, container: HTMLElement | undefined): void {
    this.#io?.disconnect();
    this.#mo?.disconnect();
    this.#io = this.#mo = undefined;
    this.#inView.clear();
    this.#root = root;
    this.#container = container;
    if (!root || !container) return;
    this.#io = new IntersectionObserver(this.#handleIntersect, { root, threshold: [0, 0.25, SEEN_RATIO, 1] });
    this.#mo = new MutationObserver(() => this.#observeAll());
    this.#mo.observe(container, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-unread'] });
    this.#observeAll();
  }

  #observeAll(): void {
    const io = this.#io;
    if (!io || !this.#container) return;
    // Observing an element twice is a no-op; read ones are dropped in the callback.
    for (const el of this.#container.querySelectorAll('[data-unread]')) io.observe(el);
  }

  #handleIntersect = (entries: IntersectionObserverEntry[]): void => {
    const seen: string[] = [];
    for (const entry of entries) {
      const el = entry.target as HTMLElement;
      if (!el.isConnected || !el.hasAttribute('data-unread')) {
        this.#io?.unobserve(el);
        this.#inView.delete(el);
        continue;
      }
      const rootHeight = entry.rootBounds?.height ?? 0;
      const visible =
        entry.isIntersecting &&
        (entry.intersectionRatio >= SEEN_RATIO || (rootHeight > 0 && entry.intersectionRect.height >= rootHeight * SEEN_RATIO));
      if (!visible) {
        this.#inView.delete(el);
        continue;
      }
      this.#inView.add(el);
      if (document.visibilityState === 'visible' && el.dataset.messageId) seen.push(el.dataset.messageId);
    }
    if (seen.length) this.options.onSeen(seen);
  };

  #handleVisibility = (): void => {
    if (document.visibilityState !== 'visible') return;
    const seen = [...this.#inView]
      .filter((el) => el.isConnected && el.hasAttribute('data-unread'))
      .map((el) => (el as HTMLElement).dataset.messageId)
      .filter((id): id is string => !!id);
    if (seen.length) this.options.onSeen(seen);
  };
}
