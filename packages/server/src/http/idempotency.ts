/**
 * Idempotency-Key: the key row is inserted in the same transaction as the create it guards.
 * A concurrent duplicate's insert waits on that row until the first commits, then finds it and
 * answers the stored response — so 20 racing retries make one document. If the first fails,
 * its transaction (key included) rolls back and a retry runs afresh.
 */
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

export async function requestHash(routeName: string, params: unknown, body: unknown): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${routeName}\n${canonical(params)}\n${canonical(body)}`));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function withIdempotency(
  tx: Sql,
  actor: Actor,
  key: string,
  hash: string,
  run: () => Promise<{ status: number; body: unknown }>,
): Promise<StoredResponse> {
  const inserted = await tx.query(
    `INSERT INTO idempotency_keys (organization_id, user_id, key, request_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (organization_id, user_id, key) DO NOTHING RETURNING key`,
    [actor.organizationId, actor.userId, key, hash],
  );
  if (!inserted.length) {
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
  const result = await run();
  await tx.query(
    `UPDATE idempotency_keys SET status = $4, response = $5::jsonb
     WHERE organization_id = $1 AND user_id = $2 AND key = $3`,
    [actor.organizationId, actor.userId, key, result.status, JSON.stringify(result.body ?? null)],
  );
  return { ...result, replayed: false };
}
