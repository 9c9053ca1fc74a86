import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

/** One choice of a menu. */
export interface MenuItem<K extends string = string> {
  key: K;
  label: string;
  /** When set, the item is shown but cannot be chosen, and this sentence says why. */
  disabledReason?: string | undefined;
  /** A destructive choice, shown in the danger colour. */
  danger?: boolean;
  /** Starts a new group: a separator is drawn before it. */
  separator?: boolean;
}

export interface MenuOptions<K extends string> {
  /** An id prefix unique within the host's shadow root. */
  id: string;
  /** Called after the menu closed, with the chosen item and the trigger's owner key. */
  onSelect: (key: K, owner: string) => void;
}

export interface MenuTrigger<K extends string> {
  /** What the trigger belongs to (a row's id): one trigger per owner. */
  owner: string;
  /** The trigger's accessible name and the menu's label, e.g. "Actions for INV-0012". */
  label: string;
  /** The items, computed when the menu opens (so they reflect the state at that moment). */
  items: () => MenuItem<K>[];
  content: TemplateResult;
  /** The button's classes (`menu-trigger` is always added); an icon button by default. */
  className?: string;
  tabIndex?: number;
  busy?: boolean;
}

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

interface OpenMenu<K extends string> {
  owner: string;
  label: string;
  items: MenuItem<K>[];
  anchor: HTMLElement;
}

/**
 * A menu button after the WAI-ARIA APG pattern, as a controller so that one menu serves
 * many triggers (every row of a virtualized list) and sits outside any scrolling box that
 * would clip it. Enter, Space and ArrowDown open it on the first item, ArrowUp on the
 * last; arrows, Home and End move; a letter jumps to the next item starting with it; Enter
 * or Space chooses; Escape closes and returns focus to the trigger; Tab closes and moves on.
 * Unavailable items stay in the menu (focusable, `aria-disabled`) with the reason as their
 * description and under the menu while they are active.
 *
 * Render `trigger()` for each button and `renderMenu()` once, inside a positioned box.
 */
export class MenuController<K extends string> implements ReactiveController {
  /** Styles for the menu; add them to the host's `static styles`. */
  static readonly styles = css`
    .menu {
      position: absolute;
      z-index: 10;
      min-width: 180px;
      max-width: min(260px, calc(100% - 16px));
      padding: var(--_l-space-1) 0;
      border: 1px solid var(--_l-border);
      border-radius: var(--_l-radius);
      background: var(--_l-surface);
      color: var(--_l-text);
      box-shadow: var(--_l-shadow);
    }
    .menu:focus {
      outline: none;
    }
    .menu-item {
      display: flex;
      align-items: center;
      min-height: 32px;
      padding: 0 var(--_l-space-3);
      cursor: pointer;
      user-select: none;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .menu-item[data-active] {
      background: var(--_l-surface-sunken);
    }
    .menu-item:focus-visible {
      outline: 2px solid var(--_l-focus);
      outline-offset: -2px;
    }
    .menu-item[data-danger] {
      color: var(--_l-danger);
    }
    .menu-item[aria-disabled='true'] {
      color: var(--_l-text-muted);
      cursor: not-allowed;
      opacity: 0.7;
    }
    .menu-separator {
      height: 1px;
      margin: var(--_l-space-1) 0;
      background: var(--_l-border);
    }
    .menu-note {
      margin: var(--_l-space-1) 0 0;
      padding: var(--_l-space-1) var(--_l-space-3) var(--_l-space-1);
      border-top: 1px solid var(--_l-border);
      color: var(--_l-text-muted);
      font-size: var(--_l-font-size-small);
      white-space: normal;
    }
  `;

  #open: OpenMenu<K> | undefined;
  #active = 0;
  #focusPending = false;
  #restoreTo: { owner: string; anchor: HTMLElement } | undefined;
  #typeahead = '';
  #typeaheadTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: Host,
    private readonly options: MenuOptions<K>,
  ) {
    host.addController(this);
  }

  /** Whether the menu is open (for `owner`, when given). */
  isOpen(owner?: string): boolean {
    return this.#open !== undefined && (owner === undefined || this.#open.owner === owner);
  }

  hostDisconnected(): void {
    this.#stopOutsideWatch();
    clearTimeout(this.#typeaheadTimer);
    this.#open = undefined;
  }

  hostUpdated(): void {
    const menu = this.#menuElement();
    if (this.#open && menu) {
      this.#place(menu, this.#open.anchor);
      if (this.#focusPending) {
        this.#focusPending = false;
        menu.querySelector<HTMLElement>(`#${this.options.id}-item-${this.#active}`)?.focus();
      }
    }
    if (this.#restoreTo) {
      const { owner, anchor } = this.#restoreTo;
      this.#restoreTo = undefined;
      // A virtualized row may have been re-rendered meanwhile: find its trigger again.
      const target = anchor.isConnected ? anchor : this.#triggerOf(owner);
      target?.focus();
    }
  }

  /** Opens the menu below `anchor`, on the first (or last) item. */
  show(owner: string, label: string, items: MenuItem<K>[], anchor: HTMLElement, focus: 'first' | 'last' = 'first'): void {
    if (!items.length) return;
    this.#open = { owner, label, items, anchor };
    this.#active = focus === 'first' ? 0 : items.length - 1;
    this.#focusPending = true;
    this.#startOutsideWatch();
    this.host.requestUpdate();
  }

  /** Closes the menu; with `restoreFocus`, focus goes back to its trigger. */
  close(restoreFocus = false): void {
    const open = this.#open;
    if (!open) return;
    this.#open = undefined;
    this.#stopOutsideWatch();
    if (restoreFocus) {
      open.anchor.focus();
      // If the trigger was replaced by the coming render, focus its successor after it.
      this.#restoreTo = { owner: open.owner, anchor: open.anchor };
    }
    this.host.requestUpdate();
  }

  /** A menu button for `owner`. */
  trigger(t: MenuTrigger<K>): TemplateResult {
    const open = this.isOpen(t.owner);
    return html`<button
      type="button"
      class="${t.className ?? 'btn ghost icon'} menu-trigger"
      part="menu-button"
      data-menu-owner=${t.owner}
      aria-haspopup="menu"
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls=${ifDefined(open ? this.options.id : undefined)}
      aria-label=${t.label}
      aria-busy=${t.busy ? 'true' : 'false'}
      title=${t.label}
      tabindex=${ifDefined(t.tabIndex)}
      @click=${(e: MouseEvent) => this.#toggle(t, e.currentTarget as HTMLElement, 'first')}
      @keydown=${(e: KeyboardEvent) => this.#handleTriggerKeydown(e, t)}
    >
      ${t.content}
    </button>`;
  }

  /** The open menu (or nothing); render it once, inside a `position: relative` box. */
  renderMenu(): TemplateResult | typeof nothing {
    const open = this.#open;
    if (!open) return nothing;
    const { id } = this.options;
    const active = open.items[this.#active];
    return html`<div
      class="menu"
      part="menu"
      role="menu"
      id=${id}
      aria-label=${open.label}
      tabindex="-1"
      @keydown=${this.#handleMenuKeydown}
      @focusout=${this.#handleFocusOut}
    >
      ${open.items.map(
        (item, i) => html`${item.separator && i > 0 ? html`<div class="menu-separator" role="separator"></div>` : nothing}
          <div
            class="menu-item"
            role="menuitem"
            id="${id}-item-${i}"
            data-key=${item.key as string}
            tabindex="-1"
            aria-disabled=${item.disabledReason ? 'true' : 'false'}
            aria-describedby=${ifDefined(item.disabledReason ? `${id}-why-${i}` : undefined)}
            title=${item.disabledReason ?? item.label}
            ?data-active=${i === this.#active}
            ?data-danger=${item.danger && !item.disabledReason}
            @click=${() => this.#choose(i)}
            @pointermove=${() => this.#moveTo(i, false)}
          >
            ${item.label}
          </div>`,
      )}
      ${open.items.map((item, i) => (item.disabledReason ? html`<span id="${id}-why-${i}" hidden>${item.disabledReason}</span>` : nothing))}
      ${active?.disabledReason ? html`<p class="menu-note" aria-hidden="true">${active.disabledReason}</p>` : nothing}
    </div>`;
  }

  #toggle(t: MenuTrigger<K>, anchor: HTMLElement, focus: 'first' | 'last'): void {
    if (this.isOpen(t.owner)) this.close(true);
    else this.show(t.owner, t.label, t.items(), anchor, focus);
  }

  #handleTriggerKeydown(e: KeyboardEvent, t: MenuTrigger<K>): void {
    // Enter and Space reach the trigger as a click (native button behaviour).
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    e.stopPropagation();
    this.show(t.owner, t.label, t.items(), e.currentTarget as HTMLElement, e.key === 'ArrowDown' ? 'first' : 'last');
  }

  #handleMenuKeydown = (e: KeyboardEvent): void => {
    const open = this.#open;
    if (!open) return;
    const last = open.items.length - 1;
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        this.#moveTo(this.#active >= last ? 0 : this.#active + 1);
        break;
      case 'ArrowUp':
        this.#moveTo(this.#active <= 0 ? last : this.#active - 1);
        break;
      case 'Home':
      case 'PageUp':
        this.#moveTo(0);
        break;
      case 'End':
      case 'PageDown':
        this.#moveTo(last);
        break;
      case 'Enter':
      case ' ':
        this.#choose(this.#active);
        break;
      case 'Escape':
        this.close(true);
        break;
      case 'Tab':
        // Back to the trigger without stopping the key: the browser then moves focus on from
        // there, as if the menu had never taken it.
        open.anchor.focus();
        this.close(false);
        handled = false;
        break;
      default:
        handled = this.#typeAhead(e.key);
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  #handleFocusOut = (e: FocusEvent): void => {
    const menu = this.#menuElement();
    const next = e.relatedTarget as Node | null;
    // Focus left for somewhere else on the page (a click is handled by the outside watch).
    if (next && menu && !menu.contains(next) && next !== this.#open?.anchor) this.close(false);
  };

  #handleOutsidePointer = (e: Event): void => {
    const path = e.composedPath();
    const menu = this.#menuElement();
    if ((menu && path.includes(menu)) || (this.#open && path.includes(this.#open.anchor))) return;
    this.close(false);
  };

  #typeAhead(key: string): boolean {
    const open = this.#open;
    if (!open || key.length !== 1 || !/\S/.test(key)) return false;
    clearTimeout(this.#typeaheadTimer);
    this.#typeahead += key.toLocaleLowerCase();
    this.#typeaheadTimer = setTimeout(() => (this.#typeahead = ''), 700);
    // "r r r" cycles through the items starting with r; "re" looks for "re…".
    const typed = this.#typeahead;
    const search = [...typed].every((c) => c === typed[0]) ? typed[0]! : typed;
    const n = open.items.length;
    for (let step = search.length === 1 ? 1 : 0; step <= n; step++) {
      const i = (this.#active + step) % n;
      if (open.items[i]!.label.toLocaleLowerCase().startsWith(search)) {
        this.#moveTo(i);
        return true;
      }
    }
    return true;
  }

  #moveTo(index: number, focus = true): void {
    if (index === this.#active) return;
    this.#active = index;
    this.#focusPending = focus;
    this.host.requestUpdate();
  }

  #choose(index: number): void {
    const open = this.#open;
    const item = open?.items[index];
    if (!open || !item) return;
    if (item.disabledReason) {
      this.#moveTo(index);
      return;
    }
    this.close(true);
    this.options.onSelect(item.key, open.owner);
  }

  #menuElement(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>(`#${this.options.id}`);
  }

  #triggerOf(owner: string): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>(`[data-menu-owner="${CSS.escape(owner)}"]`);
  }

  /** Below the trigger, right edges aligned; above it when below has no room in the box. */
  #place(menu: HTMLElement, anchor: HTMLElement): void {
    const box = menu.offsetParent as HTMLElement | null;
    if (!box || !anchor.isConnected) return;
    const b = box.getBoundingClientRect();
    const a = anchor.getBoundingClientRect();
    const height = menu.offsetHeight;
    // Below when it fits in the box or the viewport, else above when that fits, else below.
    const fitsBelow = a.bottom + 4 + height <= Math.max(b.bottom, window.innerHeight);
    const fitsAbove = a.top - 4 - height >= Math.max(b.top, 0);
    menu.style.top = `${!fitsBelow && fitsAbove ? a.top - b.top - height - 4 : a.bottom - b.top + 4}px`;
    menu.style.right = `${Math.max(4, b.right - a.right)}px`;
  }

  #startOutsideWatch(): void {
    document.addEventListener('pointerdown', this.#handleOutsidePointer, true);
  }

  #stopOutsideWatch(): void {
    document.removeEventListener('pointerdown', this.#handleOutsidePointer, true);
  }
}
