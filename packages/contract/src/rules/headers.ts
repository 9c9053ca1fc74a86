/**
 * The syntax of the two request headers that make writes safe. The server answers 428 / 400
 * by these, and a client can check what it is about to send.
 *
 * `If-Match` carries the version the caller edited: `"3"` (an entity tag, as `ETag` answers),
 * `W/"3"` (a weak one, as proxies rewrite it), or a bare `3`; `*` accepts any version. At most
 * nine digits: every version fits PostgreSQL's integer and JavaScript's safe integers.
 *
 * `Idempotency-Key` is 1–255 visible ASCII characters (no spaces, no control characters).
 */

/** The largest version `If-Match` can name. */
export const MAX_IF_MATCH_VERSION = 999_999_999;

export type IfMatch =
  /** `version` null: `*`, any version. */
  | { ok: true; version: number | null }
  | { ok: false; reason: 'missing' | 'malformed' };

// The quotes come as a pair or not at all; `W/` only before a quoted tag.
const IF_MATCH = /^(?:W\/"(\d{1,9})"|"(\d{1,9})"|(\d{1,9}))$/;
/** The same syntax for openapi.json (with `*`; headers arrive trimmed). */
export const IF_MATCH_PATTERN = '^(?:\\*|W/"\\d{1,9}"|"\\d{1,9}"|\\d{1,9})$';

export function parseIfMatch(header: string | null | undefined): IfMatch {
  const value = header?.trim() ?? '';
  if (value === '') return { ok: false, reason: 'missing' };
  if (value === '*') return { ok: true, version: null };
  const match = IF_MATCH.exec(value);
  if (!match) return { ok: false, reason: 'malformed' };
  return { ok: true, version: Number(match[1] ?? match[2] ?? match[3]) };
}

export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** Visible ASCII, for openapi.json. */
export const IDEMPOTENCY_KEY_PATTERN = '^[\\x21-\\x7e]+$';
const KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

export function isIdempotencyKey(key: string): boolean {
  return key.length >= 1 && key.length <= IDEMPOTENCY_KEY_MAX_LENGTH && KEY.test(key);
}
