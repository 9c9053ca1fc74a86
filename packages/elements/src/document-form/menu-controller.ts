import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Open/close and keyboard behaviour of one menu button (WAI-ARIA menu button pattern): the
 * trigger opens it and focus moves to the first item; ↑ ↓ Home End move between items;
 * Escape closes it and returns focus to the trigger; Tab or a click elsewhere closes it.
 * Items are `[role=menuitem]` inside the element matched by `menuSelector`.
 */
export class MenuController implements ReactiveController {
  open = false;

  constructor(
    private readonly host: Host,
    private readonly triggerSelector: string,
    private readonly menuSelector: string,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('pointerdown', this.#onOutside, true);
  }

  hostDisconnected(): void {
    document.removeEventListener('pointerdown', this.#onOutside, true);
    this.open = false;
  }

  private get root(): ParentNode {
    return this.host.shadowRoot ?? this.host;
  }

  private items(): HTMLElement[] {
    return [...(this.root.querySelector(this.menuSelector)?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
  }

  async toggle(focus: 'first' | 'last' = 'first'): Promise<void> {
    if (this.open) this.close(true);
    else await this.show(focus);
  }

  async show(focus: 'first' | 'last' = 'first'): Promise<void> {
    this.open = true;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const items = this.items();
    (focus === 'first' ? items[0] : items.at(-1))?.focus();
  }

  close(returnFocus: boolean): void {
    if (!this.open) return;
    this.open = false;
    this.host.requestUpdate();
    if (returnFocus) this.root.querySelector<HTMLElement>(this.triggerSelector)?.focus();
  }

  /** Keydown on the trigger: ↓ / ↑ open the menu. */
  readonly onTriggerKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      void this.show(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  /** Keydown inside the menu. */
  readonly onMenuKeydown = (event: KeyboardEvent): void => {
    const items = this.items();
    const current = items.indexOf(this.root.querySelector<HTMLElement>(':focus') ?? (event.target as HTMLElement));
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = (current + 1) % items.length;
        break;
      case 'ArrowUp':
        next = (current - 1 + items.length) % items.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = items.length - 1;
        break;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        this.close(true);
        return;
      case 'Tab':
        this.close(false);
        return;
      default:
        return;
    }
    event.preventDefault();
    items[next]?.focus();
  };

  readonly #onOutside = (event: Event): void => {
    if (!this.open) return;
    const path = event.composedPath();
    const menu = this.root.querySelector(this.menuSelector);
    const trigger = this.root.querySelector(this.triggerSelector);
    if ((menu && path.includes(menu)) || (trigger && path.includes(trigger))) return;
    this.close(false);
  };
}
