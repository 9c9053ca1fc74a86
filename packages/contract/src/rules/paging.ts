/**
 * Page sizes of the list routes (`limit`): 1–200 items, 50 when not given. The route schemas
 * take `limit` within these bounds and fill in the default; the server pages by it, and a
 * component that lets its host choose a size (`page-size`) settles it here too.
 */
export const MIN_PAGE_SIZE = 1;
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** The page size to ask for or serve: a whole number within the bounds; none (or 0, NaN) is the default. */
export function pageSize(requested: number | null | undefined): number {
  const n = Math.round(requested ?? 0);
  if (Number.isNaN(n) || n === 0) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(MIN_PAGE_SIZE, n));
}
