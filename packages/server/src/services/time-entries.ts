/**
 * The host's time entries, upserted by host id. An invoice claims the entries its lines bill
 * (`invoiced_by`); the row lock taken while claiming is what stops two concurrent invoices
 * from billing the same entry.
 */
import type { Output } from '../schema.js';
import { timeEntryLock, type TimeEntriesPut, type TimeEntry } from '@ledgerside/contract';
import type { Sql } from '../db/types.js';
import { conflict, unprocessable } from '../http/errors.js';
import { jsonArray, type Actor } from './common.js';

interface TimeEntryRow {
  host_id: string;
  ticket_id: string;
  user_id: string;
  user_name: string | null;
  date: string;
  minutes: number;
  description: string;
  billable: boolean;
  hourly_rate: number;
  currency: string;
  invoiced_by: string | null;
  invoiced_number: string | null;
}

function toTimeEntry(r: TimeEntryRow): TimeEntry {
  return {
    hostId: r.host_id,
    ticketId: r.ticket_id,
    userId: r.user_id,
    ...(r.user_name !== null ? { userName: r.user_name } : {}),
    date: r.date,
    minutes: Number(r.minutes),
    description: r.description,
    billable: r.billable,
    hourlyRate: Number(r.hourly_rate),
    currency: r.currency,
    invoicedBy: r.invoiced_by ? { documentId: r.invoiced_by, number: r.invoiced_number ?? '' } : null,
  };
}

export async function listTimeEntries(sql: Sql, actor: Actor, ticketId: string): Promise<{ items: TimeEntry[] }> {
  const rows = await sql.query<TimeEntryRow>(
    `SELECT t.*, d.number AS invoiced_number FROM time_entries t
     LEFT JOIN documents d ON d.id = t.invoiced_by
     WHERE t.organization_id = $1 AND t.ticket_id = $2 ORDER BY t.date, t.host_id`,
    [actor.organizationId, ticketId],
  );
  return { items: rows.map(toTimeEntry) };
}

/**
 * Upserts a ticket's entries. An invoiced entry is locked to its invoice: what the host sends
 * for it is ignored until the invoice is voided or deleted, so the bill never changes under it.
 */
export async function putTimeEntries(
  sql: Sql,
  actor: Actor,
  input: Output<typeof TimeEntriesPut>,
): Promise<{ items: TimeEntry[] }> {
  const entries = [...input.entries].sort((a, b) => (a.hostId < b.hostId ? -1 : 1));
  for (const e of entries) {
    await sql.query(
      `INSERT INTO time_entries (organization_id, host_id, ticket_id, user_id, user_name, date, minutes,
         description, billable, hourly_rate, currency)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (organization_id, host_id) DO UPDATE SET
         ticket_id = excluded.ticket_id, user_id = excluded.user_id, user_name = excluded.user_name,
         date = excluded.date, minutes = excluded.minutes, description = excluded.description,
         billable = excluded.billable, hourly_rate = excluded.hourly_rate, currency = excluded.currency,
         updated_at = now()
       WHERE time_entries.invoiced_by IS NULL`,
      [
        actor.organizationId,
        e.hostId,
        input.ticketId,
        e.userId,
        e.userName ?? null,
        e.date,
        e.minutes,
        e.description,
        e.billable,
        e.hourlyRate,
        e.currency,
      ],
    );
  }
  return listTimeEntries(sql, actor, input.ticketId);
}

/**
 * Locks the entries `lines` bill (in host-id order, so concurrent claims queue instead of
 * deadlocking) and checks that `documentId` may take them: 422 for unknown, non-billable or
 * other-currency entries, 409 when another invoice (or another line) already holds one; each
 * with the field's path. Returns their host ids, sorted; the caller claims them.
 */
export async function lockTimeEntries(
  sql: Sql,
  organizationId: string,
  documentId: string,
  lines: readonly { timeEntryIds: readonly string[] }[],
  currency: string,
): Promise<string[]> {
  const pathOf = new Map<string, (string | number)[]>();
  lines.forEach((line, i) =>
    line.timeEntryIds.forEach((hostId, j) => {
      const path = ['lines', i, 'timeEntryIds', j];
      if (pathOf.has(hostId)) {
        throw conflict('time_entry_invoiced', `Time entry ${hostId} is on two lines.`, [{ path, message: 'Already on another line' }]);
      }
      pathOf.set(hostId, path);
    }),
  );
  const ids = [...pathOf.keys()].sort();
  if (!ids.length) return ids;
  const rows = await sql.query<{ host_id: string; billable: boolean; currency: string; invoiced_by: string | null }>(
    `SELECT host_id, billable, currency, invoiced_by FROM time_entries
     WHERE organization_id = $1 AND host_id IN (SELECT jsonb_array_elements_text($2::jsonb))
     ORDER BY host_id FOR UPDATE`,
    [organizationId, jsonArray(ids)],
  );
  const byId = new Map(rows.map((r) => [r.host_id, r]));
  for (const id of ids) {
    const row = byId.get(id);
    const path = pathOf.get(id)!;
    if (!row) throw unprocessable('unknown_time_entry', `There is no time entry ${id}.`, [{ path, message: 'No such time entry' }]);
    const lock = timeEntryLock(
      { billable: row.billable, currency: row.currency, invoicedBy: row.invoiced_by ? { documentId: row.invoiced_by } : null },
      { documentId, currency },
    );
    if (lock === 'not_billable') throw unprocessable('not_billable', 'Non-billable time cannot be invoiced.', [{ path, message: 'Not billable' }]);
    if (lock === 'time_entry_invoiced') {
      throw conflict('time_entry_invoiced', `Time entry ${id} is already on another invoice.`, [{ path, message: 'Already invoiced' }]);
    }
    if (lock === 'currency_mismatch') {
      throw unprocessable('currency_mismatch', `Time entry ${id} is in ${row.currency}, the document in ${currency}.`, [
        { path, message: `In ${row.currency}` },
      ]);
    }
  }
  return ids;
}

/**
 * Makes `documentId` (an existing invoice) the invoice of exactly the entries its lines bill,
 * releasing the ones it no longer bills; checked as `lockTimeEntries` checks.
 */
export async function claimTimeEntries(
  sql: Sql,
  organizationId: string,
  documentId: string,
  lines: readonly { timeEntryIds: readonly string[] }[],
  currency: string,
): Promise<void> {
  const ids = await lockTimeEntries(sql, organizationId, documentId, lines, currency);
  await sql.query(
    `UPDATE time_entries SET invoiced_by = NULL
     WHERE organization_id = $1 AND invoiced_by = $2
       AND host_id NOT IN (SELECT jsonb_array_elements_text($3::jsonb))`,
    [organizationId, documentId, jsonArray(ids)],
  );
  if (!ids.length) return;
  await sql.query(
    `UPDATE time_entries SET invoiced_by = $2
     WHERE organization_id = $1 AND host_id IN (SELECT jsonb_array_elements_text($3::jsonb))`,
    [organizationId, documentId, jsonArray(ids)],
  );
}

/** Voiding or deleting an invoice gives its entries back. */
export async function releaseTimeEntries(sql: Sql, organizationId: string, documentId: string): Promise<void> {
  await sql.query('UPDATE time_entries SET invoiced_by = NULL WHERE organization_id = $1 AND invoiced_by = $2', [
    organizationId,
    documentId,
  ]);
}
