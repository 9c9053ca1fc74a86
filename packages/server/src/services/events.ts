/**
 * Live events are rows, written in the same transaction as the change they describe; a NOTIFY
 * (delivered on commit) wakes the SSE streams of every server process.
 */
import type { LiveEvent, LiveEventType } from '@ledgerside/contract';
import type { Sql } from '../db/types.js';
import { nextValue } from './counters.js';

export const EVENTS_CHANNEL = 'ledgerside_events';

type DataOf<T extends LiveEventType> = Extract<LiveEvent, { type: T }>['data'];

export async function appendEvent<T extends LiveEventType>(
  sql: Sql,
  organizationId: string,
  type: T,
  data: DataOf<T>,
  /** The customer whose transaction this concerns: client users of that customer see it. */
  customerId: string | null,
): Promise<number> {
  const seq = await nextValue(sql, organizationId, 'event');
  await sql.query(
    `INSERT INTO events (organization_id, seq, type, data, customer_id) VALUES ($1, $2, $3, $4::jsonb, $5)`,
    [organizationId, seq, type, JSON.stringify(data), customerId],
  );
  await sql.query(`SELECT pg_notify($1, $2)`, [EVENTS_CHANNEL, `${organizationId} ${seq}`]);
  return seq;
}
