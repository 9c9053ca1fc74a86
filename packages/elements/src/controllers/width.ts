import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Whether the host is at least `breakpoint` px wide, kept current with a ResizeObserver, so
 * a sidebar of 300 px and one of 480 px each get a layout that fits (a container query the
 * template can also read).
 */
export class WidthController implements ReactiveController {
  #observer: ResizeObserver | undefined;
  #wide = false;

  constructor(
    private readonly host: Host,
    private readonly breakpoint: number,
  ) {
    host.addController(this);
  }

  get wide(): boolean {
    return this.#wide;
  }

  hostConnected(): void {
    this.#observer = new ResizeObserver(([entry]) => {
      const wide = (entry?.contentRect.width ?? 0) >= this.breakpoint;
      if (wide === this.#wide) return;
      this.#wide = wide;
      this.host.requestUpdate();
    });
    this.#observer.observe(this.host);
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
  }
}
