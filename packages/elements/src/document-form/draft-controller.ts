import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface StoredDraft<T> {
  value: T;
  /** ISO date-time of the last write. */
  savedAt: string;
}

export interface DraftOptions<T> {
  /** Checks what storage held (an older SDK version may have written it); null drops it. */
  revive: (raw: unknown) => T | null;
  /** Writes wait this long for typing to pause (default 400 ms); `flush()` writes at once. */
  delayMs?: number;
  storage?: () => Storage | undefined;
}

const PREFIX = 'ledgerside:draft:';

function defaultStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage blocked (sandboxed iframe, privacy settings)
  }
}

/**
 * Keeps one unsaved value per key in localStorage, so a half-written form survives a reload
 * or a crash. Writes are debounced while the person types and flushed when the page is hidden
 * or the host leaves the page; a storage that is full or blocked loses the copy, never the form.
 */
export class DraftController<T> implements ReactiveController {
  #key: string | null = null;
  #pending: T | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #delay: number;
  readonly #storage: () => Storage | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: DraftOptions<T>,
  ) {
    this.#delay = options.delayMs ?? 400;
    this.#storage = options.storage ?? defaultStorage;
    host.addController(this);
  }

  hostConnected(): void {
    globalThis.addEventListener?.('pagehide', this.#onPageHide);
  }

  hostDisconnected(): void {
    this.flush();
    globalThis.removeEventListener?.('pagehide', this.#onPageHide);
  }

  /** The key drafts are kept under now (null: nowhere). */
  get key(): string | null {
    return this.#key;
  }

  /** Switches to `key` (writing what is pending for the previous one) and reads its draft. */
  open(key: string | null): StoredDraft<T> | null {
    if (key !== this.#key) this.flush();
    this.#key = key;
    return this.read();
  }

  read(): StoredDraft<T> | null {
    if (!this.#key) return null;
    let raw: string | null = null;
    try {
      raw = this.#storage()?.getItem(PREFIX + this.#key) ?? null;
    } catch {
      return null;
    }
    if (!raw) return null;
    try {
      const stored = JSON.parse(raw) as { value?: unknown; savedAt?: unknown };
      const value = this.options.revive(stored.value);
      if (value === null || typeof stored.savedAt !== 'string') return null;
      return { value, savedAt: stored.savedAt };
    } catch {
      return null;
    }
  }

  /** Remembers `value`; written after a pause in typing. */
  save(value: T): void {
    if (!this.#key) return;
    this.#pending = value;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), this.#delay);
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const value = this.#pending;
    this.#pending = undefined;
    if (value === undefined || !this.#key) return;
    try {
      this.#storage()?.setItem(PREFIX + this.#key, JSON.stringify({ value, savedAt: new Date().toISOString() }));
    } catch {
      // Quota exceeded or storage blocked: the form itself is untouched.
    }
  }

  /** Forgets the draft (after a save, or when the person discards it). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = undefined;
    if (!this.#key) return;
    try {
      this.#storage()?.removeItem(PREFIX + this.#key);
    } catch {
      // nothing to do
    }
  }

  readonly #onPageHide = () => this.flush();
}
