/**
 * Emails are rows in the outbox, inserted in the transaction that causes them; the delivery
 * worker (email/worker.ts) sends them after commit, with retries.
 */
import type { Sql } from '../db/types.js';
import { newId } from './common.js';

export const OUTBOX_CHANNEL = 'ledgerside_outbox';

export interface OutgoingEmail {
  organizationId: string;
  kind: 'document' | 'message';
  to: string[];
  subject: string;
  body: string;
  /** Attach this document's PDF. */
  documentId?: string | null;
}

export async function enqueueEmail(sql: Sql, email: OutgoingEmail): Promise<string> {
  const id = newId('mail');
  await sql.query(
    `INSERT INTO outbox (id, organization_id, kind, recipients, subject, body, document_id)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)`,
    [id, email.organizationId, email.kind, JSON.stringify(email.to), email.subject, email.body, email.documentId ?? null],
  );
  await sql.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, id]);
  return id;
}
