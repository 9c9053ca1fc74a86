/**
 * Conversations about one transaction (seed 004): created for eligible transaction types only
 * (the contract's `allowsConversation`), messages addressed to recipients who get an email,
 * read markers and unread counts per user.
 */
import type { Output } from '../schema.js';
import {
  allowsConversation,
  conversationRecipients,
  pageSize,
  sideOf,
  visibleToClient,
  type Conversation,
  type ConversationQuery,
  type MappedContact,
  type Message,
  type MessageCreate,
  type MessageListQuery,
  type MessagePosted,
  type Recipient,
  type TransactionType,
  type UnreadCounts,
} from '@ledgerside/contract';
import type { Sql } from '../db/types.js';
import { notFound, unprocessable } from '../http/errors.js';
import { labelsFor } from '../i18n.js';
import { decodeCursor, encodeCursor, iso, isClient, newId, type Actor } from './common.js';
import { loadDocument } from './documents.js';
import { clientVisibleSql } from './documents-model.js';
import { appendEvent } from './events.js';
import { requireOrganization } from './organizations.js';
import { enqueueEmail } from './outbox.js';

type Query = Output<typeof ConversationQuery>;

interface ConversationRow {
  id: string;
  transaction_type: TransactionType;
  transaction_id: string;
  customer_id: string | null;
  created_at: Date;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  author: Message['author'];
  recipients: Recipient[];
  body: string;
  created_at: Date;
}

interface Transaction {
  customerId: string | null;
  /** Whether the customer's people may see it (the contract's `visibleToClient`). */
  clientVisible: boolean;
  /** How people call it: "INV-000012". */
  label: string;
}

function requireEligible(type: string): asserts type is TransactionType {
  if (!allowsConversation(type)) {
    throw unprocessable('conversation_not_allowed', `Conversations are not available on a ${type.replace(/_/g, ' ')}.`);
  }
}

/**
 * The transaction a thread is about, checked against the caller: 404 when it does not exist in
 * the organization or a client may not see it. Invoices, quotes and customer payments live
 * here; vendor checks and card transactions exist only in the billing app (firm users only).
 */
async function resolveTransaction(sql: Sql, actor: Actor, type: TransactionType, id: string): Promise<Transaction> {
  if (type === 'invoice' || type === 'quote') {
    const doc = await loadDocument(sql, actor, id);
    if (doc.kind !== type) throw notFound('The transaction');
    return { customerId: doc.customer_id, label: doc.number, clientVisible: visibleToClient({ kind: doc.kind, status: doc.status, sentAt: doc.sent_at }) };
  }
  if (type === 'customer_payment') {
    const params: unknown[] = [actor.organizationId, id];
    let own = '';
    if (isClient(actor)) {
      params.push(actor.customerId ?? '');
      own = ` AND d.customer_id = $${params.length} AND ${clientVisibleSql('d')}`;
    }
    const [row] = await sql.query<{ customer_id: string; number: string; visible: boolean }>(
      `SELECT d.customer_id, d.number, ${clientVisibleSql('d')} AS visible FROM payments p JOIN documents d ON d.id = p.document_id
       WHERE p.organization_id = $1 AND p.id = $2${own}`,
      params,
    );
    if (!row) throw notFound('The transaction');
    return { customerId: row.customer_id, label: `${row.number} / ${id}`, clientVisible: row.visible };
  }
  if (isClient(actor)) throw notFound('The transaction');
  return { customerId: null, label: id, clientVisible: false };
}

/** The customer whose people may be addressed: none while the transaction is not theirs to see. */
const audienceOf = (t: Transaction) => (t.clientVisible ? t.customerId : null);

export async function unreadOf(sql: Sql, actor: Actor, conversationId: string) {
  const [row] = await sql.query<{ unread: number; message_id: string | null }>(
    `SELECT (SELECT count(*) FROM messages m WHERE m.conversation_id = $1 AND m.author_id <> $2
               AND m.seq > coalesce(r.last_read_seq, 0)) AS unread,
            r.message_id
     FROM (SELECT 1) one LEFT JOIN read_markers r ON r.conversation_id = $1 AND r.user_id = $2`,
    [conversationId, actor.userId],
  );
  return { unread: Number(row?.unread ?? 0), lastReadMessageId: row?.message_id ?? null };
}

/** A conversation as the caller sees it (its own unread count). */
export async function conversationView(sql: Sql, actor: Actor, row: ConversationRow): Promise<Conversation> {
  return {
    id: row.id,
    transactionType: row.transaction_type,
    transactionId: row.transaction_id,
    ...(await unreadOf(sql, actor, row.id)),
    createdAt: iso(row.created_at),
  };
}

/**
 * For a client: the conversation is its customer's and about a transaction it may see (a thread
 * on a draft stays the firm's until the draft is sent).
 */
function clientConversationScope(actor: Actor, params: unknown[]): string {
  if (!isClient(actor)) return '';
  params.push(actor.customerId ?? '');
  return ` AND c.customer_id = $${params.length} AND (
    (c.transaction_type IN ('invoice', 'quote') AND EXISTS (SELECT 1 FROM documents d
      WHERE d.organization_id = c.organization_id AND d.id = c.transaction_id AND d.kind = c.transaction_type AND ${clientVisibleSql('d')}))
    OR (c.transaction_type = 'customer_payment' AND EXISTS (SELECT 1 FROM payments p JOIN documents d ON d.id = p.document_id
      WHERE p.organization_id = c.organization_id AND p.id = c.transaction_id AND ${clientVisibleSql('d')})))`;
}

async function loadConversation(sql: Sql, actor: Actor, id: string, lock = false): Promise<ConversationRow> {
  const params: unknown[] = [actor.organizationId, id];
  const own = clientConversationScope(actor, params);
  const [row] = await sql.query<ConversationRow>(
    `SELECT c.* FROM conversations c WHERE c.organization_id = $1 AND c.id = $2${own}${lock ? ' FOR UPDATE OF c' : ''}`,
    params,
  );
  if (!row) throw notFound('The conversation');
  return row;
}

export async function getConversation(sql: Sql, actor: Actor, query: Query): Promise<{ conversation: Conversation | null }> {
  await resolveTransaction(sql, actor, query.transactionType, query.transactionId);
  const [row] = await sql.query<ConversationRow>(
    'SELECT * FROM conversations WHERE organization_id = $1 AND transaction_type = $2 AND transaction_id = $3',
    [actor.organizationId, query.transactionType, query.transactionId],
  );
  return { conversation: row ? await conversationView(sql, actor, row) : null };
}

/** Get-or-create; concurrent first posts end up in the same thread. */
/** `seed.id`: a fixed id, for the demo seed only. */
export async function openConversation(sql: Sql, actor: Actor, query: Query, seed: { id?: string } = {}): Promise<Conversation> {
  requireEligible(query.transactionType);
  const transaction = await resolveTransaction(sql, actor, query.transactionType, query.transactionId);
  await sql.query(
    `INSERT INTO conversations (id, organization_id, transaction_type, transaction_id, customer_id)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organization_id, transaction_type, transaction_id) DO NOTHING`,
    [seed.id ?? newId('conv'), actor.organizationId, query.transactionType, query.transactionId, transaction.customerId],
  );
  const [row] = await sql.query<ConversationRow>(
    'SELECT * FROM conversations WHERE organization_id = $1 AND transaction_type = $2 AND transaction_id = $3',
    [actor.organizationId, query.transactionType, query.transactionId],
  );
  return conversationView(sql, actor, row!);
}

const toMessage = (r: MessageRow): Message => ({
  id: r.id,
  conversationId: r.conversation_id,
  author: r.author,
  recipients: r.recipients,
  body: r.body,
  createdAt: iso(r.created_at),
});

const isSeqCursor = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** Newest page first; within a page oldest to newest; `cursor` goes further back. */
export async function listMessages(sql: Sql, actor: Actor, id: string, query: Output<typeof MessageListQuery>) {
  const conversation = await loadConversation(sql, actor, id);
  const limit = pageSize(query.limit);
  const before = decodeCursor(query.cursor, isSeqCursor);
  const params: unknown[] = [conversation.id];
  if (before !== null) params.push(before);
  params.push(limit + 1);
  const rows = await sql.query<MessageRow>(
    `SELECT * FROM messages WHERE conversation_id = $1${before !== null ? ' AND seq < $2' : ''}
     ORDER BY seq DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, limit).reverse();
  return {
    items: page.map(toMessage),
    nextCursor: rows.length > limit ? encodeCursor(Number(page[0]!.seq)) : null,
  };
}

/**
 * Who may be addressed: the organization's firm users, and the customer's people — its client
 * users and mapped host contacts, or the customer's own address when it has none. Never the
 * caller.
 */
async function recipientsOf(sql: Sql, actor: Actor, customerId: string | null): Promise<Recipient[]> {
  const users = await sql.query<{ id: string; name: string; email: string; role: string }>(
    `SELECT id, name, email, role FROM users
     WHERE organization_id = $1 AND (role <> 'client' OR customer_id = $2) ORDER BY name, id`,
    [actor.organizationId, customerId ?? ''],
  );
  const contacts = customerId
    ? await sql.query<{ id: string; contact: MappedContact['contact'] }>(
        'SELECT contact_id AS id, contact FROM contact_links WHERE organization_id = $1 AND customer_id = $2 ORDER BY contact_id',
        [actor.organizationId, customerId],
      )
    : [];
  const [customer] = customerId
    ? await sql.query<{ id: string; display_name: string; email: string }>(
        'SELECT id, display_name, email FROM customers WHERE organization_id = $1 AND id = $2',
        [actor.organizationId, customerId],
      )
    : [];
  // The contract's recipients rule: who, in which order, each address once, never the caller.
  return conversationRecipients({
    caller: { id: actor.userId, email: actor.email },
    firmUsers: users.filter((u) => u.role !== 'client'),
    clientUsers: users.filter((u) => u.role === 'client'),
    contacts,
    customer: customer ? { id: customer.id, displayName: customer.display_name, email: customer.email } : null,
  });
}

export async function listRecipients(sql: Sql, actor: Actor, query: Query): Promise<{ items: Recipient[] }> {
  requireEligible(query.transactionType);
  const transaction = await resolveTransaction(sql, actor, query.transactionType, query.transactionId);
  return { items: await recipientsOf(sql, actor, audienceOf(transaction)) };
}

export interface MessageLinks {
  /**
   * Where a notification's link points: the page holding the transaction's conversation, opened
   * as the recipient (`userId`, null when the recipient has no user to sign in as).
   */
  transactionUrl(type: TransactionType, id: string, userId: string | null): string;
}

export async function postMessage(
  sql: Sql,
  actor: Actor,
  id: string,
  input: Output<typeof MessageCreate>,
  links: MessageLinks,
  seed: { id?: string } = {},
): Promise<Output<typeof MessagePosted>> {
  // The conversation row lock orders concurrent posts: sequence order is commit order, so a
  // read marker never skips a message that commits later.
  const conversation = await loadConversation(sql, actor, id, true);
  if (
    (input.transactionType && input.transactionType !== conversation.transaction_type) ||
    (input.transactionId && input.transactionId !== conversation.transaction_id)
  ) {
    throw unprocessable('transaction_mismatch', 'This conversation belongs to another transaction.');
  }
  const transaction = await resolveTransaction(sql, actor, conversation.transaction_type, conversation.transaction_id);
  const allowed = await recipientsOf(sql, actor, audienceOf(transaction));
  const byId = new Map(allowed.map((r) => [r.id, r]));
  const recipients: Recipient[] = [];
  for (const recipientId of new Set(input.recipientIds)) {
    const r = byId.get(recipientId);
    if (!r) throw unprocessable('unknown_recipient', `${recipientId} cannot be addressed on this transaction.`);
    recipients.push(r);
  }
  const author: Message['author'] = { id: actor.userId, name: actor.name, role: actor.role, side: sideOf(actor.role) };
  const messageId = seed.id ?? newId('msg');
  const [row] = await sql.query<MessageRow>(
    `INSERT INTO messages (id, organization_id, conversation_id, author, author_id, recipients, body)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7) RETURNING *`,
    [messageId, actor.organizationId, conversation.id, JSON.stringify(author), actor.userId, JSON.stringify(recipients), input.body],
  );
  // Your own message is read by you.
  await advanceMarker(sql, conversation.id, actor.userId, Number(row!.seq), messageId);
  const message = toMessage(row!);
  const posted: Output<typeof MessagePosted> = { conversation: await conversationView(sql, actor, conversation), message };
  await appendEvent(sql, actor.organizationId, 'message.posted', posted, transaction.clientVisible ? conversation.customer_id : null);

  const org = await requireOrganization(sql, actor.organizationId);
  // The customer's people read the customer's language; the firm reads English.
  const [customer] = transaction.customerId
    ? await sql.query<{ language: string }>('SELECT language FROM customers WHERE id = $1', [transaction.customerId])
    : [];
  // Each link signs in as its recipient: a firm user or client user is one; a mapped contact or
  // the customer's address is the client user with that address, if there is one.
  const clients = await sql.query<{ id: string; email: string }>(
    `SELECT id, email FROM users WHERE organization_id = $1 AND role = 'client' AND customer_id = $2`,
    [actor.organizationId, transaction.customerId ?? ''],
  );
  const userOf = (r: Recipient): string | null =>
    r.kind === 'firm_user' || clients.some((u) => u.id === r.id)
      ? r.id
      : (clients.find((u) => u.email.toLowerCase() === r.email.toLowerCase())?.id ?? null);
  for (const r of recipients) {
    const url = links.transactionUrl(conversation.transaction_type, conversation.transaction_id, userOf(r));
    const labels = labelsFor(r.kind === 'customer_contact' && customer ? customer.language : 'en');
    const subject = labels.newMessage(actor.name, `${labels.about[conversation.transaction_type]} ${transaction.label}`);
    await enqueueEmail(sql, {
      organizationId: actor.organizationId,
      kind: 'message',
      to: [r.email],
      subject,
      body: `${input.body}\n\n${labels.openTransaction}: ${url}\n\n${org.name}`,
    });
  }
  return posted;
}

async function advanceMarker(sql: Sql, conversationId: string, userId: string, seq: number, messageId: string) {
  await sql.query(
    `INSERT INTO read_markers (conversation_id, user_id, last_read_seq, message_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (conversation_id, user_id) DO UPDATE SET last_read_seq = excluded.last_read_seq, message_id = excluded.message_id
     WHERE read_markers.last_read_seq < excluded.last_read_seq`,
    [conversationId, userId, seq, messageId],
  );
}

/** Read up to a message; a marker never moves backwards. */
export async function markRead(sql: Sql, actor: Actor, id: string, messageId: string): Promise<Conversation> {
  const conversation = await loadConversation(sql, actor, id);
  const [message] = await sql.query<{ seq: number }>('SELECT seq FROM messages WHERE conversation_id = $1 AND id = $2', [
    conversation.id,
    messageId,
  ]);
  if (!message) throw unprocessable('unknown_message', 'That message is not in this conversation.');
  await advanceMarker(sql, conversation.id, actor.userId, Number(message.seq), messageId);
  return conversationView(sql, actor, conversation);
}

export async function getUnread(sql: Sql, actor: Actor): Promise<UnreadCounts> {
  const params: unknown[] = [actor.organizationId, actor.userId];
  const own = clientConversationScope(actor, params);
  const rows = await sql.query<{ id: string; transaction_type: TransactionType; transaction_id: string; count: number }>(
    `SELECT c.id, c.transaction_type, c.transaction_id, count(m.id) AS count
     FROM conversations c
     JOIN messages m ON m.conversation_id = c.id AND m.author_id <> $2
     LEFT JOIN read_markers r ON r.conversation_id = c.id AND r.user_id = $2
     WHERE c.organization_id = $1${own} AND m.seq > coalesce(r.last_read_seq, 0)
     GROUP BY c.id, c.transaction_type, c.transaction_id
     ORDER BY c.transaction_type, c.transaction_id`,
    params,
  );
  const byTransaction = rows.map((r) => ({
    transactionType: r.transaction_type,
    transactionId: r.transaction_id,
    conversationId: r.id,
    count: Number(r.count),
  }));
  return { total: byTransaction.reduce((n, r) => n + r.count, 0), byTransaction };
}
