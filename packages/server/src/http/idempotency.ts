/**
 * Idempotency-Key: the key row is inserted in the same transaction as the create it guards.
 * A concurrent duplicate's insert waits on that row until the first commits, then finds it and
 * answers the stored response — so 20 racing retries make one document. If the first fails,
 * its transaction (key included) rolls back and a retry runs afresh.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Sql } from '../db/types.js';
import type { Actor } from '../services/common.js';
import { ApiError } from './errors.js';

export interface StoredResponse {
  status: number;
  body: unknown;
  replayed: boolean;
}

/** Key order must not matter: `{a,b}` and `{b,a}` are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * SHA-256 of the request (route, params, canonical body), hex. Synchronous (@noble/hashes):
 * WebCrypto's digest is a thread-pool round trip per request, which under load costs the
 * event loop more than hashing a small body does.
 */
export function requestHash(routeName: string, params: unknown, body: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(`${routeName}\n${canonical(params)}\n${canonical(body)}`)));
}

/**
 * A write's first statement: the integration check (when the route needs the integration on)
 * and, with a key, the key row — one round trip. With `key` null it only checks.
 */
async function beginWrite(
  tx: Sql,
  actor: Actor,
  key: string | null,
  hash: string | null,
  requireEnabled: boolean,
): Promise<{ state: string | null; inserted: boolean }> {
  const [row] = await tx.query<{ state: string | null; inserted: boolean }>(
    `WITH k AS (
       INSERT INTO idempotency_keys (organization_id, user_id, key, request_hash)
       SELECT $1, $2, $3, $4 WHERE $3::text IS NOT NULL
         AND (NOT $5::boolean OR (SELECT integration_state FROM organizations WHERE id = $1) = 'enabled')
       ON CONFLICT (organization_id, user_id, key) DO NOTHING RETURNING key
     )
     SELECT (SELECT integration_state FROM organizations WHERE id = $1) AS state, EXISTS (SELECT 1 FROM k) AS inserted`,
    [actor.organizationId, actor.userId, key, hash, requireEnabled],
  );
  return { state: row?.state ?? null, inserted: row?.inserted === true };
}

function integrationOff(state: string | null): ApiError {
  return new ApiError(422, 'integration_disabled', `The billing integration is ${state ?? 'off'}; an admin can enable it again.`, {
    reason: 'integration_disabled',
  });
}

/**
 * The end of a write that the handler's own last statement may take over (`takeWriteTail`):
 * committing with that statement (`Sql.finish`), and storing the idempotent response in it —
 * so a create's locks are not held for more round trips after it.
 */
export interface WriteTail {
  /** The key row to store the response in; null when the request has no key. */
  idempotency: { organizationId: string; userId: string; key: string; status: number } | null;
}

const tails = new WeakMap<Sql, WriteTail & { taken: boolean }>();

/**
 * For a handler's last statement: the transaction's tail when the request's write ends with
 * the handler (null otherwise, or when taken). Whoever takes it must run its statement with
 * `tx.finish` and, with `idempotency`, store the response in that statement.
 */
export function takeWriteTail(tx: Sql): WriteTail | null {
  const tail = tails.get(tx);
  if (!tail || tail.taken || !tx.finish) return null;
  tail.taken = true;
  return tail;
}

/**
 * Runs a write in `tx`: the integration check (unless the route works while it is off), then,
 * with a key, exactly one execution per key — a replay answers the stored response, a key
 * reused for another request 422, one still running 409.
 */
export async function withIdempotency(
  tx: Sql,
  actor: Actor,
  key: string | null,
  hash: string | null,
  requireEnabled: boolean,
  status: number,
  run: () => Promise<unknown>,
): Promise<StoredResponse> {
  if (key === null || hash === null) {
    if (requireEnabled) {
      const { state } = await beginWrite(tx, actor, null, null, true);
      if (state !== 'enabled') throw integrationOff(state);
    }
    tails.set(tx, { idempotency: null, taken: false });
    return { status, body: await run(), replayed: false };
  }
  const begun = await beginWrite(tx, actor, key, hash, requireEnabled);
  if (requireEnabled && begun.state !== 'enabled') throw integrationOff(begun.state);
  if (!begun.inserted) {
    const [existing] = await tx.query<{ request_hash: string; status: number | null; response: unknown }>(
      'SELECT request_hash, status, response FROM idempotency_keys WHERE organization_id = $1 AND user_id = $2 AND key = $3',
      [actor.organizationId, actor.userId, key],
    );
    if (!existing || existing.request_hash !== hash) {
      throw new ApiError(422, 'idempotency_mismatch', 'This Idempotency-Key was already used for a different request.');
    }
    if (existing.status === null) {
      throw new ApiError(409, 'conflict', 'A request with this Idempotency-Key is still in progress.');
    }
    return { status: Number(existing.status), body: existing.response, replayed: true };
  }
  const tail = { idempotency: { organizationId: actor.organizationId, userId: actor.userId, key, status }, taken: false };
  tails.set(tx, tail);
  const body = await run();
  if (!tail.taken) {
    await tx.query(
      `UPDATE idempotency_keys SET status = $4, response = $5::jsonb
       WHERE organization_id = $1 AND user_id = $2 AND key = $3`,
      [actor.organizationId, actor.userId, key, status, JSON.stringify(body ?? null)],
    );
  }
  return { status, body, replayed: false };
}
