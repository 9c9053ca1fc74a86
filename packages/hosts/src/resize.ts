/**
 * The iframe follows its content: every layout change of the app's root (a tab opened, a list
 * loaded, a form grown) is reported to the host as a height within the host's limits, once
 * per frame and only when it changed. Apps stuck at 100 px or at height 0 are what app
 * developers complain about most (zendesk_app_framework_sdk#164, zcli#222).
 */
export interface HeightLimits {
  /** The host's smallest height (px). */
  min: number;
  /** The host's largest height (px); past it the app scrolls inside its frame. */
  max: number;
}

export function clampHeight(height: number, limits: HeightLimits): number {
  return Math.min(limits.max, Math.max(limits.min, Math.ceil(height)));
}

/**
 * Reports `element`'s height to `report` now and on every change; returns the stop function.
 * A failed report (the host is busy or gone) is retried on the next change.
 */
export function followHeight(element: Element, limits: HeightLimits, report: (height: number) => unknown): () => void {
  let last = -1;
  let frame = 0;
  const measure = () => {
    frame = 0;
    const height = clampHeight(element.getBoundingClientRect().height, limits);
    if (height === last) return;
    last = height;
    Promise.resolve()
      .then(() => report(height))
      .catch(() => {
        last = -1;
      });
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(measure);
  };
  const observer = new ResizeObserver(schedule);
  observer.observe(element);
  schedule();
  return () => {
    observer.disconnect();
    if (frame) cancelAnimationFrame(frame);
  };
}
