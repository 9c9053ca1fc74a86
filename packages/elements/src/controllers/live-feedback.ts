import { css, html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * A polite live region: `announce(text)` makes screen readers say it once, without moving
 * focus; `announce(text, { visible: true })` also shows it as a status line (the confirmation
 * of a person's own action). The text is cleared after a while so the region holds nothing stale.
 */
export class AnnouncerController implements ReactiveController {
  /** The visible status line; add to the host's styles. */
  static styles = css`
    .announcer-toast {
      display: flex;
      align-items: flex-start;
      gap: var(--_l-space-2);
      margin-top: var(--_l-space-2);
      padding: var(--_l-space-2) var(--_l-space-3);
      border-radius: var(--_l-radius);
      border-inline-start: 3px solid var(--_l-success);
      background: var(--_l-success-soft);
      color: var(--_l-text);
      font-size: var(--_l-font-size-small);
      overflow-wrap: anywhere;
    }
  `;

  #text = '';
  #visible = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: Host,
    private readonly clearAfterMs = 7000,
  ) {
    host.addController(this);
  }

  get text(): string {
    return this.#text;
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#text = '';
  }

  /** Whether the current text shows on screen too. */
  get visible(): boolean {
    return this.#visible && this.#text !== '';
  }

  announce(text: string, options: { visible?: boolean } = {}): void {
    // The same sentence twice in a row is still a change of the region's content.
    this.#text = text === this.#text ? `${text}\u00a0` : text;
    this.#visible = options.visible === true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#text = '';
      this.#visible = false;
      this.host.requestUpdate();
    }, this.clearAfterMs);
    this.host.requestUpdate();
  }

  /** The region; render it once, always (a region added together with its text is not read). */
  render(): TemplateResult {
    return html`<div class=${this.visible ? 'announcer-toast' : 'visually-hidden'} role="status" aria-live="polite" aria-atomic="true" part="announcer">${this.#text}</div>`;
  }
}

/**
 * Which rows changed a moment ago, for a brief highlight (a row that turned paid, a new
 * one). Each mark fades on its own timer; all are dropped when the host disconnects.
 */
export class FlashController implements ReactiveController {
  readonly #marks = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly host: Host,
    private readonly durationMs = 2600,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    for (const timer of this.#marks.values()) clearTimeout(timer);
    this.#marks.clear();
  }

  has(key: string): boolean {
    return this.#marks.has(key);
  }

  flash(key: string): void {
    clearTimeout(this.#marks.get(key));
    this.#marks.set(
      key,
      setTimeout(() => {
        this.#marks.delete(key);
        this.host.requestUpdate();
      }, this.durationMs),
    );
    this.host.requestUpdate();
  }
}
