/**
 * The scheduled reconcile: change data capture (`/cdc`) since the last reconcile catches what a
 * webhook missed. CDC answers whole entities, so nothing is read twice; where it stops at its
 * 1,000 objects per entity, the query API pages on (1,000 a request) from the same moment.
 * Each changed invoice or estimate of the mirror is applied as a webhook's re-read would be
 * (newer SyncTokens only; documents with a change of ours on its way are left to that change).
 * While QuickBooks is unreachable the reconcile is also the probe that notices its return.
 */
import type { Json } from './client.js';
import { clientFor, type BooksRuntime } from '../connect.js';
import { loadConnection } from '../connections.js';
import { jsonArray } from '../../services/common.js';
import { applyCustomer, applyTransaction, newPayments, withLease } from './sync.js';
import { SELECT_DOCUMENT, type DocumentRow } from '../../services/documents-model.js';

/** CDC looks back 30 days at most; a reconcile after a longer gap starts at its edge. */
const CDC_WINDOW_MS = 29 * 86_400_000;
/** Changes stamped within this of the cursor are read again (clocks, same-second stamps). */
const OVERLAP_MS = 60_000;
const PAGE = 1000;

export interface ReconcileResult {
  /** QuickBooks requests this reconcile made (against the limit of 500 a minute). */
  requests: number;
  /** Entities QuickBooks reported changed. */
  seen: number;
  /** Mirror rows that changed. */
  applied: number;
}

export async function reconcile(rt: BooksRuntime, organizationId: string, owner: string): Promise<ReconcileResult | null> {
  return withLease(rt, organizationId, owner, () => reconcileNow(rt, organizationId));
}

async function reconcileNow(rt: BooksRuntime, organizationId: string): Promise<ReconcileResult> {
  const conn = await loadConnection(rt.db, organizationId);
  const result: ReconcileResult = { requests: 0, seen: 0, applied: 0 };
  if (!conn) return result;
  const client = clientFor(rt, conn);
  const started = new Date();
  const budget = async () => Number((await rt.db.query<{ requests: string | number }>('SELECT requests FROM books_connections WHERE organization_id = $1', [organizationId]))[0]?.requests ?? 0);
  const spentBefore = await budget();
  const cursor = new Date(conn.cdc_cursor ?? conn.connected_at).getTime() - OVERLAP_MS;
  const since = new Date(Math.max(cursor, Date.now() - CDC_WINDOW_MS));
  const entities = ['Invoice', 'Estimate', 'Customer'] as const;
  const cdc = await client.json('GET', '/cdc', { query: { entities: entities.join(','), changedSince: since.toISOString() } });
  const responses = (((cdc.CDCResponse as Json[] | undefined)?.[0]?.QueryResponse as Json[] | undefined) ?? []);
  for (const name of entities) {
    const response = responses.find((r) => Array.isArray(r[name])) ?? {};
    let rows = (response[name] as Json[] | undefined) ?? [];
    let batch = rows;
    // CDC stops at 1,000 per entity: page the rest with the query API.
    for (let start = PAGE + 1; batch.length >= PAGE; start += PAGE) {
      batch = await client.query(name, `SELECT * FROM ${name} WHERE MetaData.LastUpdatedTime >= '${since.toISOString()}' ORDERBY MetaData.LastUpdatedTime STARTPOSITION ${start} MAXRESULTS ${PAGE}`);
      rows = rows.concat(batch);
    }
    result.seen += rows.length;
    if (name === 'Customer') {
      const known = await knownCustomers(rt, organizationId, rows.map((r) => String(r.Id)));
      for (const row of rows) {
        const id = known.get(String(row.Id));
        if (id && row.status !== 'Deleted' && (await applyCustomer(rt, organizationId, id, row))) result.applied++;
      }
      continue;
    }
    const kind = name === 'Invoice' ? 'invoice' : 'quote';
    const mirror = await knownDocuments(rt, organizationId, kind, rows.map((r) => String(r.Id)));
    for (const txn of rows) {
      const local = mirror.get(String(txn.Id));
      if (!local || local.books?.state === 'pending') continue;
      if (txn.status === 'Deleted') {
        if (local.status !== 'deleted') {
          await rt.db.query(`UPDATE documents SET status = 'deleted', version = version + 1, updated_at = now() WHERE id = $1`, [local.id]);
          result.applied++;
        }
        continue;
      }
      if (local.books?.syncToken && Number(txn.SyncToken) <= Number(local.books.syncToken)) continue;
      const payments = await newPayments(rt.db, client, local, txn);
      await rt.db.transaction(async (tx) => {
        const [locked] = await tx.query<DocumentRow>(`${SELECT_DOCUMENT} WHERE d.id = $1 FOR UPDATE OF d`, [local.id]);
        if (locked && locked.books?.state !== 'pending') await applyTransaction(tx, rt, locked, txn, payments);
      });
      result.applied++;
    }
  }
  await rt.db.query(`UPDATE books_connections SET cdc_cursor = $2, last_sync_at = now() WHERE organization_id = $1`, [organizationId, started]);
  // Every QuickBooks request takes from the company's budget, which counts them.
  result.requests = (await budget()) - spentBefore;
  return result;
}

async function knownDocuments(rt: BooksRuntime, organizationId: string, kind: 'invoice' | 'quote', vendorIds: string[]): Promise<Map<string, DocumentRow>> {
  if (!vendorIds.length) return new Map();
  const rows = await rt.db.query<DocumentRow>(
    `${SELECT_DOCUMENT} WHERE d.organization_id = $1 AND d.kind = $2 AND d.books->>'vendorId' IN (SELECT jsonb_array_elements_text($3::jsonb))`,
    [organizationId, kind, jsonArray(vendorIds)],
  );
  return new Map(rows.map((r) => [r.books!.vendorId!, r]));
}

async function knownCustomers(rt: BooksRuntime, organizationId: string, vendorIds: string[]): Promise<Map<string, string>> {
  if (!vendorIds.length) return new Map();
  const rows = await rt.db.query<{ id: string; vendor_id: string }>(
    `SELECT id, books->>'vendorId' AS vendor_id FROM customers WHERE organization_id = $1 AND books->>'vendorId' IN (SELECT jsonb_array_elements_text($2::jsonb))`,
    [organizationId, jsonArray(vendorIds)],
  );
  return new Map(rows.map((r) => [r.vendor_id, r.id]));
}

/** The organizations due a reconcile: unreachable ones often (it is their probe), the rest every `everyMs`. */
export async function dueForReconcile(rt: BooksRuntime, everyMs: number, probeMs: number): Promise<string[]> {
  const rows = await rt.db.query<{ organization_id: string }>(
    `SELECT organization_id FROM books_connections
     WHERE (unreachable_since IS NOT NULL AND coalesce(last_error_at, unreachable_since) < now() - ($2 || ' milliseconds')::interval)
        OR cdc_cursor IS NULL OR cdc_cursor < now() - ($1 || ' milliseconds')::interval`,
    [String(everyMs), String(probeMs)],
  );
  return rows.map((r) => r.organization_id);
}
