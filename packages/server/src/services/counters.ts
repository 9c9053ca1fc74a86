/**
 * Per-organization counters. The upsert takes the counter row's lock until the transaction
 * ends, so concurrent writers queue: numbers stay gapless (a rolled-back create gives its
 * number back) and event sequence numbers become visible in commit order.
 */
import { documentNumber, type DocumentKind } from '@ledgerside/contract';
import type { Sql } from '../db/types.js';

export async function nextValue(sql: Sql, organizationId: string, name: string): Promise<number> {
  const [row] = await sql.query<{ value: number }>(
    `INSERT INTO counters (organization_id, name, value) VALUES ($1, $2, 1)
     ON CONFLICT (organization_id, name) DO UPDATE SET value = counters.value + 1
     RETURNING value`,
    [organizationId, name],
  );
  return Number(row!.value);
}

/** `INV-000123`, `QT-000045` (the contract's `documentNumber`): per organization and kind. */
export async function nextDocumentNumber(sql: Sql, organizationId: string, kind: DocumentKind): Promise<string> {
  return documentNumber(kind, await nextValue(sql, organizationId, `number:${kind}`));
}
