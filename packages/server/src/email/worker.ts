/**
 * Delivers the outbox. Each email is claimed with a lease (`FOR UPDATE SKIP LOCKED`, so
 * several server processes never take the same one), sent once, and retried with exponential
 * backoff when the SMTP server refuses or is away. A NOTIFY on insert makes delivery prompt;
 * a slow poll picks up retries and the leases of crashed processes.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { permissionsOf } from '@ledgerside/contract';
import type { Db } from '../db/types.js';
import { nodeFontSource } from '../pdf/fonts-node.js';
import { renderDocumentPdf } from '../pdf/lazy.js';
import type { Actor } from '../services/common.js';
import { documentForPdf } from '../services/documents.js';
import { OUTBOX_CHANNEL } from '../services/outbox.js';

export interface MailerOptions {
  /** `smtp://user:pass@host:port`; without it, emails only land in the demo mailbox. */
  smtpUrl?: string | undefined;
  fromAddress: string;
  pollMs: number;
  /** First retry delay; doubles per attempt, capped at an hour. */
  backoffMs: number;
  maxAttempts: number;
}

interface OutboxRow {
  id: string;
  organization_id: string;
  organization_name: string;
  recipients: string[];
  subject: string;
  body: string;
  document_id: string | null;
  attempts: number;
}

const LEASE = "interval '5 minutes'";

export class OutboxWorker {
  private readonly transport: Transporter | null;
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly options: MailerOptions,
  ) {
    this.transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  }

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(OUTBOX_CHANNEL, () => this.kick());
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Runs a delivery pass now (or right after the current one). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        while (!this.stopped && (await this.deliverOne())) {
          // keep going while there is mail due
        }
      } while (this.again && !this.stopped);
    })()
      .catch((error: unknown) => console.error('[email] delivery pass failed:', (error as Error).message))
      .finally(() => {
        this.running = null;
      });
  }

  /** Claims and sends one due email; false when none is due. */
  private async deliverOne(): Promise<boolean> {
    const [row] = await this.db.query<OutboxRow>(
      `UPDATE outbox o SET status = 'sending', attempts = o.attempts + 1, lease_until = now() + ${LEASE}
       FROM organizations org
       WHERE org.id = o.organization_id AND o.id = (
         SELECT id FROM outbox
         WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'sending' AND lease_until < now())
         ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING o.*, org.name AS organization_name`,
    );
    if (!row) return false;
    try {
      await this.send(row);
      await this.db.query(
        `UPDATE outbox SET status = $2, sent_at = now(), lease_until = NULL, last_error = NULL WHERE id = $1`,
        [row.id, this.transport ? 'sent' : 'mailbox'],
      );
    } catch (error) {
      const attempts = Number(row.attempts);
      const delay = Math.min(this.options.backoffMs * 2 ** (attempts - 1), 3_600_000);
      const failed = attempts >= this.options.maxAttempts;
      await this.db.query(
        `UPDATE outbox SET status = $2, next_attempt_at = now() + ($3 || ' milliseconds')::interval,
           lease_until = NULL, last_error = $4 WHERE id = $1`,
        [row.id, failed ? 'failed' : 'pending', String(delay), String((error as Error).message).slice(0, 500)],
      );
    }
    return true;
  }

  private async send(row: OutboxRow): Promise<void> {
    if (!this.transport) return; // demo without SMTP: the mailbox page is the delivery
    const attachments = [];
    if (row.document_id) {
      const system: Actor = {
        organizationId: row.organization_id,
        userId: 'ledgerside',
        name: 'Ledgerside',
        email: '',
        role: 'admin',
        customerId: null,
        permissions: permissionsOf('admin'),
      };
      const data = await documentForPdf(this.db, system, row.document_id);
      attachments.push({
        filename: `${data.document.number}.pdf`,
        content: Buffer.from(await renderDocumentPdf(data, nodeFontSource)),
        contentType: 'application/pdf',
      });
    }
    await this.transport.sendMail({
      from: { name: row.organization_name, address: this.options.fromAddress },
      to: row.recipients,
      subject: row.subject,
      text: row.body,
      // A stable Message-ID lets receivers drop a duplicate after a crash mid-send.
      messageId: `<${row.id}@ledgerside>`,
      attachments,
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.unlisten?.();
    await this.running;
    this.transport?.close();
  }
}
