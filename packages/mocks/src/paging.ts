/** Cursors are opaque to clients; here they are positions, checked so a bad one is a 400. */
import { badRequest } from './errors.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_LIMIT = 25;

export function readCursor(cursor: string | undefined): number | null {
  if (cursor === undefined) return null;
  if (!/^\d{1,9}$/.test(cursor)) throw badRequest('Invalid cursor', [{ path: ['cursor'], message: 'Not a cursor from this list' }]);
  return Number(cursor);
}

/** A page of an already sorted list; the cursor is an offset. */
export function pageByOffset<T>(sorted: readonly T[], cursor: string | undefined, limit = DEFAULT_LIMIT): Page<T> {
  const start = readCursor(cursor) ?? 0;
  const items = sorted.slice(start, start + limit);
  return { items, nextCursor: start + limit < sorted.length ? String(start + limit) : null };
}

/**
 * Newest first over a list kept in insertion order, without sorting it: the cursor is the
 * position of the last item returned, so rows added meanwhile never shift later pages.
 */
export function pageNewestFirst<T, R>(
  rows: readonly T[],
  cursor: string | undefined,
  limit: number,
  matches: (row: T) => boolean,
  view: (row: T) => R,
): Page<R> {
  const before = Math.min(readCursor(cursor) ?? rows.length, rows.length);
  const items: R[] = [];
  let i = before - 1;
  for (; i >= 0 && items.length < limit; i--) {
    const row = rows[i]!;
    if (matches(row)) items.push(view(row));
  }
  // Look ahead to the next match only, so the last page has no cursor.
  let more = false;
  for (let j = i; j >= 0 && !more; j--) more = matches(rows[j]!);
  return { items, nextCursor: more ? String(i + 1) : null };
}
