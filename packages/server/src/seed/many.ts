/**
 * `many`: 10,000 documents on the demo ticket and deal, and a thread of 5,000 messages — for
 * lists, virtual scrolling and paging at scale in tests, stories and benchmarks. Written in
 * bulk (multi-row INSERTs) rather than through 15,000 service calls, with every amount from
 * the contract's own money rules, every status reached by the contract's status machine, and
 * numbers that the next created document continues.
 */
import { canTransition, checkPayment, documentTotals, dueDateOnCreate, lineAmounts, sideOf, todayIso, type DocumentKind, type DocumentStatus } from '@ledgerside/contract';
import type { Db, Sql } from '../db/types.js';
import { addDays } from '../services/common.js';
import { seedNorthwindBase, demoIds } from './demo.js';
import { customers, deal, HOURLY_RATE, products, ticket, users } from './fixtures.js';

export const manyIds = {
  documents: 10_000,
  messages: 5_000,
  /** The thread with 5,000 messages, on an invoice. */
  conversationId: 'conv-many',
  conversationDocumentId: 'doc-m-09999',
  /** `doc-m-00001` … `doc-m-10000`; every fifth is a quote. */
  documentId: (n: number) => `doc-m-${String(n).padStart(5, '0')}`,
} as const;

const DAY = 86_400_000;
const BATCH = 500;

/** Quotes in turn: draft, sent, accepted, declined, expired. */
const quoteSteps: readonly DocumentStatus[][] = [[], ['sent'], ['sent', 'accepted'], ['sent', 'declined'], ['sent', 'expired']];

/** Invoices in turn: draft, paid, partly paid, void, or sent (overdue once past due). */
function invoiceSteps(step: number): { statuses: DocumentStatus[]; paid: 'all' | 'half' | null } {
  if (step === 1) return { statuses: [], paid: null };
  if (step === 2 || step === 3) return { statuses: ['sent'], paid: 'all' };
  if (step === 4) return { statuses: ['sent'], paid: 'half' };
  if (step === 6) return { statuses: ['sent', 'void'], paid: null };
  return { statuses: ['sent'], paid: null };
}

/** Follows the contract's status machine from draft; throws on a move it does not allow. */
function finalStatus(kind: DocumentKind, steps: readonly DocumentStatus[]): DocumentStatus {
  let status: DocumentStatus = 'draft';
  for (const to of steps) {
    const move = canTransition(kind, status, to);
    if (!move.ok) throw new Error(`many: ${kind} ${status} → ${to}: ${move.message}`);
    status = to;
  }
  return status;
}

/** Inserts rows in batches: `columns` once, then one `(…)` group of parameters per row. */
async function insertRows(sql: Sql, table: string, columns: readonly string[], casts: Record<string, string>, rows: unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const params: unknown[] = [];
    const groups = batch.map((row) => `(${row.map((value, i) => (params.push(value), `$${params.length}${casts[columns[i]!] ?? ''}`)).join(', ')})`);
    await sql.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${groups.join(', ')}`, params);
  }
}

export async function seedMany(db: Db): Promise<void> {
  await db.transaction(async (sql) => {
    const today = todayIso();
    const org = demoIds.organizationId;
    await seedNorthwindBase(sql, today);
    const end = Date.parse(`${today}T09:00:00Z`);
    const { documents } = manyIds;
    const issued = (n: number) => Math.floor((documents - n) / 15); // about 15 a day, the last today
    const acme = customers.acme;
    const terms = acme.paymentTermsDays;

    const docRows: unknown[][] = [];
    const paymentRows: unknown[][] = [];
    const numbers = { invoice: 0, quote: 0 };
    for (let n = 1; n <= documents; n++) {
      const kind: DocumentKind = n % 5 === 0 ? 'quote' : 'invoice';
      const days = issued(n);
      const issueDate = addDays(today, -days);
      const input = [
        { description: `Support hours #${n}`, quantity: 0.25 * ((n % 12) + 1), unitPrice: HOURLY_RATE, discountPercent: 0, taxRatePercent: acme.taxRatePercent, timeEntryIds: [], productId: null },
        {
          description: products.hosting.name,
          quantity: (n % 3) + 1,
          unitPrice: products.hosting.unitPrice,
          discountPercent: 0,
          taxRatePercent: products.hosting.taxRatePercent,
          timeEntryIds: [],
          productId: products.hosting.id,
        },
      ];
      const lines = input.map((line, i) => ({ ...line, id: `ln-m-${n}-${i + 1}`, amounts: lineAmounts(line) }));
      const totals = documentTotals(input);
      const plan = kind === 'quote' ? { statuses: quoteSteps[(n / 5) % 5]!, paid: null } : invoiceSteps(n % 10);
      const due = dueDateOnCreate({ issueDate }, terms);
      let status = finalStatus(kind, plan.statuses);
      const paid = plan.paid === 'all' ? totals.total : plan.paid === 'half' ? Math.floor(totals.total / 2) : 0;
      if (paid) {
        // A payment moves the status, as recording one does.
        const payment = checkPayment({ kind, status, dueDate: due.dueDate, balance: totals.total }, paid);
        if (!payment.ok) throw new Error(`many: payment on ${kind} ${status}: ${payment.message}`);
        status = payment.to;
      }
      const createdAt = new Date(end - days * DAY + n * 1000);
      const sentAt = plan.statuses.length ? new Date(createdAt.getTime() + 5 * 60_000) : null;
      const id = manyIds.documentId(n);
      const number = `${kind === 'quote' ? 'QT' : 'INV'}-${String(++numbers[kind]).padStart(6, '0')}`;
      docRows.push([
        id, org, kind, number, acme.id, kind === 'invoice' ? ticket.id : null, kind === 'quote' ? deal.id : null, 'USD', issueDate, due.dueDate,
        due.paymentTermsDays, acme.template, JSON.stringify(lines), totals.subtotal, totals.discount, totals.tax, totals.total, paid, status,
        plan.statuses.length + (paid ? 2 : 1), sentAt, createdAt, sentAt ?? createdAt,
      ]);
      if (paid) paymentRows.push([`pay-m-${String(n).padStart(5, '0')}`, org, id, paid, 'USD', issueDate, 'bank_transfer', '', createdAt]);
    }
    await insertRows(
      sql,
      'documents',
      ['id', 'organization_id', 'kind', 'number', 'customer_id', 'ticket_id', 'deal_id', 'currency', 'issue_date', 'due_date', 'payment_terms_days', 'template', 'lines', 'subtotal', 'discount', 'tax', 'total', 'amount_paid', 'status', 'version', 'sent_at', 'created_at', 'updated_at'],
      { lines: '::jsonb' },
      docRows,
    );
    await insertRows(sql, 'payments', ['id', 'organization_id', 'document_id', 'amount', 'currency', 'date', 'method', 'reference', 'created_at'], {}, paymentRows);
    // The next document a test creates continues the numbering.
    for (const kind of ['invoice', 'quote'] as const) {
      await sql.query(
        `INSERT INTO counters (organization_id, name, value) VALUES ($1, $2, $3)
         ON CONFLICT (organization_id, name) DO UPDATE SET value = EXCLUDED.value`,
        [org, `number:${kind}`, numbers[kind]],
      );
    }
    await seedThread(sql, end);
  });
}

/** One message every ten minutes up to today 09:00; agent and client take turns, the client wrote the last ten (unread by the agent). */
async function seedThread(sql: Sql, end: number): Promise<void> {
  const org = demoIds.organizationId;
  const { conversationId, conversationDocumentId, messages } = manyIds;
  await sql.query(
    `INSERT INTO conversations (id, organization_id, transaction_type, transaction_id, customer_id, created_at) VALUES ($1, $2, 'invoice', $3, $4, $5)`,
    [conversationId, org, conversationDocumentId, customers.acme.id, new Date(end - messages * 600_000)],
  );
  const agent = users.agent;
  const client = users.client;
  const author = (u: typeof agent | typeof client) => JSON.stringify({ id: u.id, name: u.name, role: u.role, side: sideOf(u.role) });
  const toClient = JSON.stringify([{ id: client.id, name: client.name, email: client.email, kind: 'customer_contact' }]);
  const toAgent = JSON.stringify([{ id: agent.id, name: agent.name, email: agent.email, kind: 'firm_user' }]);
  const rows: unknown[][] = [];
  for (let n = 1; n <= messages; n++) {
    const fromAgent = n % 2 === 0 && n <= messages - 10;
    rows.push([
      `msg-many-${String(n).padStart(4, '0')}`, org, conversationId, fromAgent ? author(agent) : author(client), fromAgent ? agent.id : client.id,
      fromAgent ? toClient : toAgent, `Message ${n} of ${messages}`, new Date(end - (messages - n) * 600_000),
    ]);
  }
  await insertRows(sql, 'messages', ['id', 'organization_id', 'conversation_id', 'author', 'author_id', 'recipients', 'body', 'created_at'], { author: '::jsonb', recipients: '::jsonb' }, rows);
  // Each author has read up to their own last message (as posting does).
  await sql.query(
    `INSERT INTO read_markers (conversation_id, user_id, last_read_seq, message_id)
     SELECT DISTINCT ON (author_id) conversation_id, author_id, seq, id FROM messages WHERE conversation_id = $1 ORDER BY author_id, seq DESC`,
    [conversationId],
  );
}
