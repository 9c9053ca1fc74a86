/**
 * QuickBooks webhooks: `intuit-signature` is the base64 HMAC-SHA256 of the raw body under the
 * app's verifier token — checked on the bytes as received, before anything is parsed (a forged
 * or re-serialised body is 401 and changes nothing). Both payloads are taken: the classic
 * `eventNotifications` and the CloudEvents array Intuit moved to in November 2025. A webhook
 * only says what changed; each entity is queued to be read again (one pending re-read per
 * entity, so duplicates cost nothing, and the re-read sees the newest state, so order does not
 * matter).
 */
import type { Sql } from '../../db/types.js';
import { ApiError, badRequest } from '../../http/errors.js';
import type { BooksRuntime } from '../connect.js';
import { enqueueRefresh } from '../queue.js';
import { BOOKS_CHANNEL } from '../registry.js';

/** The entities whose changes the mirror follows. */
const FOLLOWED = new Set(['Invoice', 'Estimate', 'Payment', 'Customer']);

export interface EntityChange {
  realmId: string;
  entity: string;
  id: string;
  operation: string;
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Whether `signature` is the HMAC-SHA256 of `body` under `verifier` (WebCrypto compares in constant time). */
export async function verifySignature(body: Uint8Array<ArrayBuffer>, signature: string | null, verifier: string): Promise<boolean> {
  const mac = signature ? fromBase64(signature) : null;
  if (!mac || mac.byteLength !== 32) return false;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(verifier), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  return crypto.subtle.verify('HMAC', key, mac, body);
}

const CLOUD_OPERATIONS: Record<string, string> = { created: 'Create', updated: 'Update', deleted: 'Delete', voided: 'Void', emailed: 'Emailed', merged: 'Merge' };

/** The changes a payload names, whichever of the two formats it is in. */
export function changesOf(payload: unknown): EntityChange[] {
  const out: EntityChange[] = [];
  const events = Array.isArray(payload) ? payload : payload && typeof payload === 'object' && 'specversion' in payload ? [payload] : null;
  if (events) {
    for (const event of events as Record<string, unknown>[]) {
      const match = /^qbo\.([a-z]+)\.([a-z]+)\.v\d+$/i.exec(String(event.type ?? ''));
      if (!match || typeof event.intuitentityid !== 'string' || typeof event.intuitaccountid !== 'string') continue;
      const entity = match[1]!.charAt(0).toUpperCase() + match[1]!.slice(1).toLowerCase();
      out.push({ realmId: event.intuitaccountid, entity, id: event.intuitentityid, operation: CLOUD_OPERATIONS[match[2]!.toLowerCase()] ?? match[2]! });
    }
    return out;
  }
  const notifications = (payload as { eventNotifications?: unknown } | null)?.eventNotifications;
  if (!Array.isArray(notifications)) throw badRequest('Neither a QuickBooks webhook (eventNotifications) nor CloudEvents.');
  for (const n of notifications as Record<string, unknown>[]) {
    const entities = ((n.dataChangeEvent as Record<string, unknown> | undefined)?.entities ?? []) as Record<string, unknown>[];
    for (const e of entities) {
      if (typeof n.realmId !== 'string' || typeof e.name !== 'string' || typeof e.id !== 'string') continue;
      out.push({ realmId: n.realmId, entity: e.name, id: e.id, operation: String(e.operation ?? '') });
    }
  }
  return out;
}

/** Queues a re-read of each followed entity of a connected company; answers how many were queued. */
export async function takeChanges(sql: Sql, changes: readonly EntityChange[]): Promise<number> {
  let queued = 0;
  const woken = new Set<string>();
  for (const change of changes) {
    if (!FOLLOWED.has(change.entity)) continue;
    const [conn] = await sql.query<{ organization_id: string }>(
      `SELECT organization_id FROM books_connections WHERE provider = 'quickbooks' AND company_id = $1`,
      [change.realmId],
    );
    if (!conn) continue; // a company no organization here is connected to (any more)
    if (await enqueueRefresh(sql, conn.organization_id, change.entity, change.id, { operation: change.operation })) queued++;
    woken.add(conn.organization_id);
  }
  for (const org of woken) await sql.query('SELECT pg_notify($1, $2)', [BOOKS_CHANNEL, org]);
  return queued;
}

export async function quickbooksWebhook(rt: BooksRuntime, body: Uint8Array<ArrayBuffer>, signature: string | null): Promise<{ received: number; queued: number }> {
  const verifier = rt.config.quickbooks?.webhookVerifier;
  if (!verifier || !(await verifySignature(body, signature, verifier))) {
    throw new ApiError(401, 'unauthorized', 'The intuit-signature does not match this body.');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw badRequest('The webhook body is not JSON.');
  }
  const changes = changesOf(payload);
  const queued = await rt.db.transaction((tx) => takeChanges(tx, changes));
  return { received: changes.length, queued };
}
