/**
 * The books queue (books_jobs): vendor writes accepted with the change that causes them, in
 * the same transaction, and re-reads of vendor entities a webhook or the reconcile asked for.
 * One organization's jobs run one at a time in the order they were accepted (a customer before
 * the invoice that needs it), by whichever server process holds the organization's lease.
 */
import type { Sql } from '../db/types.js';
import { newId } from '../services/common.js';
import { BOOKS_CHANNEL } from './registry.js';

export type OutOp = 'push' | 'void' | 'delete' | 'send' | 'payment';

export interface OutJob {
  organizationId: string;
  entity: 'customer' | 'document';
  localId: string;
  op: OutOp;
  args?: Record<string, unknown>;
}

export async function enqueue(sql: Sql, job: OutJob): Promise<string> {
  const id = newId('bj');
  await sql.query(
    `INSERT INTO books_jobs (id, organization_id, lane, entity, local_id, op, args) VALUES ($1, $2, 'out', $3, $4, $5, $6::jsonb)`,
    [id, job.organizationId, job.entity, job.localId, job.op, JSON.stringify(job.args ?? {})],
  );
  await sql.query('SELECT pg_notify($1, $2)', [BOOKS_CHANNEL, job.organizationId]);
  return id;
}

/** A vendor entity to read again; one pending re-read per entity is enough. */
export async function enqueueRefresh(sql: Sql, organizationId: string, entity: string, vendorId: string, args: Record<string, unknown> = {}): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO books_jobs (id, organization_id, lane, entity, vendor_id, op, args)
     SELECT $1, $2, 'in', $3, $4, 'refresh', $5::jsonb
     WHERE NOT EXISTS (SELECT 1 FROM books_jobs WHERE organization_id = $2 AND lane = 'in' AND status = 'pending' AND entity = $3 AND vendor_id = $4)
     RETURNING id`,
    [newId('bj'), organizationId, entity, vendorId, JSON.stringify(args)],
  );
  return rows.length > 0;
}

export interface JobRow {
  id: string;
  seq: number;
  organization_id: string;
  lane: 'out' | 'in';
  entity: string;
  local_id: string | null;
  vendor_id: string | null;
  op: OutOp | 'refresh';
  args: Record<string, unknown>;
  status: string;
  attempts: number;
  next_attempt_at: Date | string;
}
