/**
 * `many`: 10,000 documents on the demo ticket and deal, and a thread of 5,000 messages — the
 * mocks' scenario of the same name, as rows of the real schema. Everything is worked out in JS
 * once per document with the contract's own rules (line amounts and totals, due dates, numbers,
 * status moves, payments), then written with a few multi-row statements: no service calls per
 * row, no events or outbox rows for this history. It builds in a couple of seconds on PGlite.
 */
import {
  canTransition,
  checkPayment,
  documentNumber,
  documentTotals,
  dueDateOnCreate,
  lineAmounts,
  sideOf,
  todayIso,
  type DocumentKind,
  type DocumentLine,
  type DocumentStatus,
  type Message,
  type Recipient,
} from '@ledgerside/contract';
import type { Db, Sql } from '../db/types.js';
import { actorOf, addDays, type Actor } from '../services/common.js';
import { listRecipients } from '../services/conversations.js';
import { demoIds, seedNorthwindBase } from './demo.js';
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
const TEN_MINUTES = 600_000;
/** Rows per statement: a few large statements, each well within a query's size. */
const BATCH = 1_000;

/** Seeds the `many` scenario into a migrated, empty database (one transaction). */
export async function seedMany(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const today = todayIso();
    await seedNorthwindBase(tx, today);
    const end = Date.parse(`${today}T09:00:00Z`);
    await insertDocuments(tx, today, end);
    await insertThread(tx, end);
    // Seed activity is history, not mail to send.
    await tx.query('DELETE FROM outbox');
  });
}

// ---------------------------------------------------------------- documents

/** What moves a document to its status, as the mocks' scenario does it. */
type Step = 'mark_sent' | 'void' | { status: DocumentStatus } | { pay: 'balance' | 'half' };

/** Quotes in turn: draft, sent, accepted, declined, expired. */
const quoteSteps: readonly (readonly Step[])[] = [
  [],
  ['mark_sent'],
  ['mark_sent', { status: 'accepted' }],
  ['mark_sent', { status: 'declined' }],
  ['mark_sent', { status: 'expired' }],
];

/** Invoices in turn: draft, paid, partly paid, void, or sent (overdue once past due). */
function invoiceSteps(step: number): readonly Step[] {
  if (step === 1) return [];
  if (step === 2 || step === 3) return ['mark_sent', { pay: 'balance' }];
  if (step === 4) return ['mark_sent', { pay: 'half' }];
  if (step === 6) return ['mark_sent', 'void'];
  return ['mark_sent'];
}

interface DocumentRecord {
  n: number;
  id: string;
  kind: DocumentKind;
  number: string;
  ticket_id: string | null;
  deal_id: string | null;
  issue_date: string;
  due_date: string | null;
  payment_terms_days: number | null;
  lines: DocumentLine[];
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  amount_paid: number;
  status: DocumentStatus;
  version: number;
  sent_at: string | null;
  at: string;
}

interface PaymentRecord {
  id: string;
  document_id: string;
  amount: number;
  date: string;
  at: string;
}

type LineIn = Omit<DocumentLine, 'id' | 'amounts'>;

const line = (description: string, quantity: number, unitPrice: number, taxRatePercent: number, productId: string | null = null): LineIn => ({
  description,
  quantity,
  unitPrice,
  discountPercent: 0,
  taxRatePercent,
  timeEntryIds: [],
  productId,
});

/** Document `n` and its payment, if any: the contract decides every amount and every move. */
function buildDocument(n: number, today: string, end: number, counts: Record<DocumentKind, number>) {
  const kind: DocumentKind = n % 5 === 0 ? 'quote' : 'invoice';
  const days = Math.floor((manyIds.documents - n) / 15); // about 15 a day, the last today
  const at = new Date(end - days * DAY + n * 1000).toISOString();
  const id = manyIds.documentId(n);
  const issueDate = addDays(today, -days);
  const inputs = [
    line(`Support hours #${n}`, 0.25 * ((n % 12) + 1), HOURLY_RATE, customers.acme.taxRatePercent),
    line(products.hosting.name, (n % 3) + 1, products.hosting.unitPrice, products.hosting.taxRatePercent, products.hosting.id),
  ];
  const totals = documentTotals(inputs);
  const due = dueDateOnCreate({ issueDate }, customers.acme.paymentTermsDays);
  const doc: DocumentRecord = {
    n,
    id,
    kind,
    number: documentNumber(kind, ++counts[kind]),
    ticket_id: kind === 'invoice' ? ticket.id : null,
    deal_id: kind === 'quote' ? deal.id : null,
    issue_date: issueDate,
    due_date: due.dueDate,
    payment_terms_days: due.paymentTermsDays,
    lines: inputs.map((input, i) => ({ ...input, id: `${id}-line-${i + 1}`, amounts: lineAmounts(input) })),
    ...totals,
    amount_paid: 0,
    status: 'draft',
    version: 1,
    sent_at: null,
    at,
  };
  let payment: PaymentRecord | null = null;
  const steps = kind === 'quote' ? quoteSteps[(n / 5) % 5]! : invoiceSteps(n % 10);
  for (const step of steps) {
    if (typeof step === 'object' && 'pay' in step) {
      const balance = doc.total - doc.amount_paid;
      const amount = step.pay === 'balance' ? balance : Math.floor(balance / 2);
      const check = checkPayment({ kind, status: doc.status, dueDate: doc.due_date, balance }, amount);
      if (!check.ok) throw new Error(`seed many: ${id}: ${check.message}`);
      payment = { id: `pay-m-${String(n).padStart(5, '0')}`, document_id: id, amount, date: issueDate, at };
      doc.amount_paid += amount;
      doc.status = check.to;
      doc.sent_at ??= at;
    } else {
      const to: DocumentStatus = step === 'mark_sent' ? 'sent' : step === 'void' ? 'void' : step.status;
      const move = canTransition(kind, doc.status, to);
      if (!move.ok) throw new Error(`seed many: ${id}: ${doc.status} → ${to}: ${move.message}`);
      doc.status = to;
      if (to === 'sent') doc.sent_at ??= at;
    }
    doc.version += 1;
  }
  return { doc, payment };
}

async function insertDocuments(sql: Sql, today: string, end: number): Promise<void> {
  const org = demoIds.organizationId;
  const counts: Record<DocumentKind, number> = { invoice: 0, quote: 0 };
  const [start] = await sql.query<{ seq: string }>('SELECT coalesce(max(seq), 0)::text AS seq FROM documents');
  const base = Number(start!.seq);
  for (let from = 1; from <= manyIds.documents; from += BATCH) {
    const docs: DocumentRecord[] = [];
    const payments: PaymentRecord[] = [];
    for (let n = from; n < from + BATCH && n <= manyIds.documents; n++) {
      const { doc, payment } = buildDocument(n, today, end, counts);
      docs.push(doc);
      if (payment) payments.push(payment);
    }
    // Creation order is `seq` order (lists page newest first over it): given, not left to the planner.
    await sql.query(
      `INSERT INTO documents (id, seq, organization_id, kind, number, customer_id, ticket_id, deal_id, currency,
         issue_date, due_date, payment_terms_days, template, reference, notes, lines, subtotal, discount, tax, total,
         amount_paid, status, version, sent_at, created_at, updated_at)
       SELECT r.id, $2::bigint + r.n, $1, r.kind, r.number, $3, r.ticket_id, r.deal_id, 'USD',
         r.issue_date, r.due_date, r.payment_terms_days, $4, '', '', r.lines, r.subtotal, r.discount, r.tax, r.total,
         r.amount_paid, r.status, r.version, r.sent_at, r.at, r.at
       FROM jsonb_to_recordset($5::jsonb) AS r(n int, id text, kind text, number text, ticket_id text, deal_id text,
         issue_date text, due_date text, payment_terms_days int, lines jsonb, subtotal bigint, discount bigint, tax bigint,
         total bigint, amount_paid bigint, status text, version int, sent_at timestamptz, at timestamptz)
       ORDER BY r.n`,
      [org, base, customers.acme.id, customers.acme.template, JSON.stringify(docs)],
    );
    if (payments.length) {
      await sql.query(
        `INSERT INTO payments (id, organization_id, document_id, amount, currency, date, method, reference, created_at)
         SELECT r.id, $1, r.document_id, r.amount, 'USD', r.date, 'bank_transfer', '', r.at
         FROM jsonb_to_recordset($2::jsonb) AS r(id text, document_id text, amount bigint, date text, at timestamptz)`,
        [org, JSON.stringify(payments)],
      );
    }
  }
  await sql.query(`SELECT setval(pg_get_serial_sequence('documents', 'seq'), (SELECT max(seq) FROM documents))`);
  // The next document created gets the next number.
  for (const kind of ['invoice', 'quote'] as const) {
    await sql.query(
      `INSERT INTO counters (organization_id, name, value) VALUES ($1, $2, $3)
       ON CONFLICT (organization_id, name) DO UPDATE SET value = excluded.value`,
      [org, `number:${kind}`, counts[kind]],
    );
  }
}

// ---------------------------------------------------------------- the thread

const seedActor = (user: (typeof users)[keyof typeof users]): Actor =>
  actorOf({ organizationId: demoIds.organizationId, userId: user.id, name: user.name, email: user.email, role: user.role, customerId: user.customerId });

const authorOf = (actor: Actor): Message['author'] => ({ id: actor.userId, name: actor.name, role: actor.role, side: sideOf(actor.role) });

/** Whom `actor` addresses: the one recipient the thread's rule offers it under that id. */
async function recipient(sql: Sql, actor: Actor, id: string): Promise<Recipient> {
  const { items } = await listRecipients(sql, actor, { transactionType: 'invoice', transactionId: manyIds.conversationDocumentId });
  const found = items.find((r) => r.id === id);
  if (!found) throw new Error(`seed many: ${actor.userId} cannot address ${id}`);
  return found;
}

async function insertThread(sql: Sql, end: number): Promise<void> {
  const org = demoIds.organizationId;
  const { conversationId, conversationDocumentId, messages } = manyIds;
  const agent = seedActor(users.agent);
  const client = seedActor(users.client);
  await sql.query(
    `INSERT INTO conversations (id, organization_id, transaction_type, transaction_id, customer_id, created_at)
     VALUES ($1, $2, 'invoice', $3, $4, $5)`,
    [conversationId, org, conversationDocumentId, customers.acme.id, new Date(end - messages * TEN_MINUTES)],
  );
  const toClient = await recipient(sql, agent, client.userId);
  const toAgent = await recipient(sql, client, agent.userId);
  const [start] = await sql.query<{ seq: string }>('SELECT coalesce(max(seq), 0)::text AS seq FROM messages');
  // One every ten minutes, the last at `end`. The agent and the client take turns; the client
  // wrote the last ten, unread by the agent.
  await sql.query(
    `INSERT INTO messages (id, organization_id, conversation_id, seq, author, author_id, recipients, body, created_at)
     SELECT 'msg-many-' || lpad(n::text, 4, '0'), $1, $2, $3::bigint + n,
       CASE WHEN m.agent THEN $4::jsonb ELSE $5::jsonb END,
       CASE WHEN m.agent THEN $6 ELSE $7 END,
       CASE WHEN m.agent THEN $8::jsonb ELSE $9::jsonb END,
       'Message ' || n || ' of ' || $10::int,
       $11::timestamptz - ($10::int - n) * interval '10 minutes'
     FROM generate_series(1, $10::int) AS n, LATERAL (SELECT n % 2 = 0 AND n <= $10::int - 10 AS agent) m
     ORDER BY n`,
    [
      org,
      conversationId,
      Number(start!.seq),
      JSON.stringify(authorOf(agent)),
      JSON.stringify(authorOf(client)),
      agent.userId,
      client.userId,
      JSON.stringify([toClient]),
      JSON.stringify([toAgent]),
      messages,
      new Date(end),
    ],
  );
  await sql.query(`SELECT setval(pg_get_serial_sequence('messages', 'seq'), (SELECT max(seq) FROM messages))`);
  // Each author has read up to their own last message (as posting does).
  await sql.query(
    `INSERT INTO read_markers (conversation_id, user_id, last_read_seq, message_id)
     SELECT DISTINCT ON (author_id) conversation_id, author_id, seq, id FROM messages
     WHERE conversation_id = $1 ORDER BY author_id, seq DESC`,
    [conversationId],
  );
}
