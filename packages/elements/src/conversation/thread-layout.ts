import { FlowLayout } from '@lit-labs/virtualizer/layouts/flow.js';

/**
 * The virtualizer's flow layout, with one fix for a pinned thread (opening at the newest or
 * the first unread message, staying at the bottom as messages arrive): when rows are
 * measured, the flow layout re-applies the pin in the same pass that grows the scroll size,
 * but clamps the position against the size the DOM still has from before. The pinned row
 * then ends up short of where it belongs (the last message half hidden). Clamping against
 * the larger of the two sizes lets the pin land where the layout is about to put the row.
 */
export class ThreadLayout extends FlowLayout {
  override _clampScrollPosition(val: number): number {
    const total = Math.max(this.totalScrollSize.height, this._scrollSize);
    return Math.max(-this.offsetWithinScroller.top, Math.min(val, total - this._viewDim1));
  }
}
