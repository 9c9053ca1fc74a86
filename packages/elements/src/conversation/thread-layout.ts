import { FlowLayout } from '@lit-labs/virtualizer/layouts/flow.js';

/** Rows rendered beyond the visible area, for scrolling (the flow layout's own figure). */
const OVERHANG_PX = 1000;
/**
 * The size a row is taken to have before it is measured: a little under a one-line message
 * (meta line, one line of text, recipients, padding). Erring short, the first pass renders a
 * row more than needed and measuring only drops it; erring long, measuring would ask for rows
 * that then wait a frame to be measured.
 */
const ESTIMATED_ROW_PX = 72;

/**
 * The virtualizer's flow layout, fitted to a thread that opens at its end (the newest or the
 * first unread message) and stays there as messages arrive:
 *
 * - A pinned row in the thread's second half is placed from the end of the thread, by the
 *   rows below it, not from the top by estimated sizes of thousands of rows above. The flow
 *   layout keeps the last row at the end of the scroll size; placing the pinned row the same
 *   way lands it where that row will be once measured, so the first frame already shows it
 *   in place (placed from the top, it moved by the estimate's error once rows were measured,
 *   and that frame showed no rows at all).
 * - A long thread that shows its first rows renders only the rows in view; the rows around
 *   them (the overhang that scrolling needs) follow in the frame after, or at once when the
 *   reader scrolls. Opening it then renders a handful of rows before it paints.
 * - Its idea of the scroll position follows the DOM's when the thread shrinks (see
 *   _updateScrollSize).
 * - The pin's scroll position is clamped against the larger of the layout's new scroll size
 *   and the one the DOM still has, so a row that grows the thread (a message arriving at the
 *   bottom) is not left half hidden.
 */
export class ThreadLayout extends FlowLayout {
  override _itemSize = { width: 100, height: ESTIMATED_ROW_PX };
  /** Only the rows in view: from a thread with no rows shown until just after they are painted. */
  #inViewOnly = false;
  #widening = false;

  override _getItems(): void {
    // A thread the overhang would render whole anyway (under two overhangs of rows) opens whole.
    if (this._first === -1) this.#inViewOnly = this.items.length * this._getAverageSize() > 2 * OVERHANG_PX;
    this._overhang = this.#inViewOnly ? 0 : OVERHANG_PX;
    super._getItems();
    if (this.#inViewOnly && this._stable && this._first !== -1 && !this.#widening) {
      this.#widening = true;
      // After the frame that paints these rows: a task queued from the next frame's callbacks.
      requestAnimationFrame(() => setTimeout(() => this.widen()));
    }
  }

  override unpin(): void {
    super.unpin();
    this.widen();
  }

  override _updateScrollSize(): void {
    super._updateScrollSize();
    // The DOM clamps its scroll position as soon as the thread's size shrinks (measured rows
    // smaller than estimated), before the virtualizer corrects it by the error this layout
    // reports relative to the old position: start from the clamped one, or the correction
    // lands a whole size difference off (a frame showing messages far above).
    this._scrollPosition = Math.min(this._scrollPosition, Math.max(0, this._scrollSize - this._viewDim1));
  }

  override _getPosition(idx: number): number {
    const pin = this.pin;
    // Near the end, count from the end; near the top the flow layout's count from the top is exact.
    if (pin && idx === pin.index && idx > this.items.length / 2) return this.positionFromEnd(idx);
    return super._getPosition(idx);
  }

  override _clampScrollPosition(val: number): number {
    const total = Math.max(this.totalScrollSize.height, this._scrollSize);
    return Math.max(-this.offsetWithinScroller.top, Math.min(val, total - this._viewDim1));
  }

  /** Renders the rows around the view too, from the next reflow on. */
  private widen(): void {
    this.#widening = false;
    if (!this.#inViewOnly) return;
    this.#inViewOnly = false;
    this._overhang = OVERHANG_PX;
    this._triggerReflow();
  }

  /** Where row `idx` starts, counted back from the end of the thread by the rows' measured sizes (else the average). */
  private positionFromEnd(idx: number): number {
    const cache = this._metricsCache;
    let pos = this._scrollSize;
    for (let i = this.items.length - 1; i >= idx; i--) {
      pos -= (cache.getMarginSize(i + 1) ?? cache.averageMarginSize) + (cache.getChildSize(i) ?? this._getAverageSize());
    }
    return pos;
  }
}
