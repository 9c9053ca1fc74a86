/** Calendar helpers on YYYY-MM-DD strings (UTC), as the contract's `todayIso` uses. */

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A timestamp on a given day, `minutes` after 09:00 UTC: seeds get tidy, ordered times. */
export function atTime(isoDate: string, minutes = 0): Date {
  return new Date(Date.parse(`${isoDate}T09:00:00Z`) + minutes * 60_000);
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
