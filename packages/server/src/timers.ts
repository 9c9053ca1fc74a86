/** A housekeeping timer must not keep a Node process alive; browsers have no such notion. */
export function unrefTimer(timer: ReturnType<typeof setInterval>): void {
  (timer as { unref?: () => void }).unref?.();
}
