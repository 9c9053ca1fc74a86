/**
 * Conversations on transactions: eligibility from the contract (`allowsConversation`), sides
 * from `sideOf`, recipients, messages paged newest page first, read markers and unread counts.
 */
import {
  allowsConversation,
  routes,
  sideOf,
  type Conversation,
  type Message,
  type Recipient,
  type TransactionType,
  type UnreadCounts,
  type User,
  visibleToClient,
} from '@ledgerside/contract';
import { notFound, refused } from '../errors.js';
import { readCursor, type Page } from '../paging.js';
import { parse } from '../validate.js';
import { DocumentsPart } from './documents.js';
import type { Actor, ConversationRow, DocumentCore, WriteOptions } from './types.js';

const MESSAGE_PAGE = 50;

export abstract class ConversationsPart extends DocumentsPart {
  /** The thread of a transaction, or null before its first message (or on an ineligible type). */
  getConversation(actor: Actor, input: unknown): { conversation: Conversation | null } {
    const user = this.authorize(actor, 'getConversation');
    const query = parse(routes.getConversation.query, input, 'query');
    this.transactionOf(user, query.transactionType, query.transactionId);
    const row = this.conversationByTransaction.get(transactionKey(query.transactionType, query.transactionId));
    return { conversation: row ? this.conversationView(row, user) : null };
  }

  /** Get or create the thread; 422 for a transaction type that may not carry one. */
  openConversation(actor: Actor, input: unknown): Conversation {
    const user = this.authorize(actor, 'openConversation');
    const body = parse(routes.openConversation.body, input, 'request body');
    return this.conversationView(this.openThread(user, body.transactionType, body.transactionId), user);
  }

  /** Newest page first, each page oldest to newest; `nextCursor` goes further back. */
  listMessages(actor: Actor, conversationId: string, input: unknown = {}): Page<Message> {
    const user = this.authorize(actor, 'listMessages');
    const query = parse(routes.listMessages.query, input, 'query');
    const row = this.conversationFor(user, conversationId);
    const end = Math.min(readCursor(query.cursor) ?? row.messages.length, row.messages.length);
    const start = Math.max(0, end - (query.limit ?? MESSAGE_PAGE));
    return { items: row.messages.slice(start, end), nextCursor: start > 0 ? String(start) : null };
  }

  /** Recipients must be among `listRecipients`; they are notified by email. */
  postMessage(actor: Actor, conversationId: string, input: unknown, options: WriteOptions = {}): { conversation: Conversation; message: Message } {
    const user = this.authorize(actor, 'postMessage');
    const body = parse(routes.postMessage.body, input, 'request body');
    return this.once(user, 'postMessage', options.idempotencyKey, { conversationId, body }, () => {
      const row = this.conversationFor(user, conversationId);
      if (
        (body.transactionType !== undefined && body.transactionType !== row.transactionType) ||
        (body.transactionId !== undefined && body.transactionId !== row.transactionId)
      ) {
        throw refused('transaction_mismatch', 'This conversation belongs to another transaction.');
      }
      const allowed = new Map(this.recipientsOf(user, this.audienceOf(row.transactionType, row.transactionId, row.customerId)).map((r) => [r.id, r]));
      const issues = body.recipientIds.flatMap((rid, i) =>
        allowed.has(rid) ? [] : [{ path: ['recipientIds', i], message: `${rid} cannot be addressed here` }],
      );
      if (issues.length) throw refused('unknown_recipient', 'Choose recipients from the list offered.', issues);
      const message = this.insertMessage(row, user, body.recipientIds.map((rid) => allowed.get(rid)!), body.body);
      return { conversation: this.conversationView(row, user), message };
    });
  }

  markRead(actor: Actor, conversationId: string, input: unknown): Conversation {
    const user = this.authorize(actor, 'markRead');
    const body = parse(routes.markRead.body, input, 'request body');
    const row = this.conversationFor(user, conversationId);
    const position = row.position.get(body.messageId);
    if (position === undefined) {
      throw refused('unknown_message', 'That message is not in this conversation.', [{ path: ['messageId'], message: 'Not in this conversation' }]);
    }
    this.markReadUpTo(row, user.id, position);
    return this.conversationView(row, user);
  }

  getUnread(actor: Actor): UnreadCounts {
    const user = this.authorize(actor, 'getUnread');
    const byTransaction: UnreadCounts['byTransaction'] = [];
    for (const row of this.conversations.values()) {
      if (!this.canSeeThread(user, row)) continue;
      const { unread } = this.readState(row, user.id);
      if (unread > 0) {
        byTransaction.push({ transactionType: row.transactionType, transactionId: row.transactionId, conversationId: row.id, count: unread });
      }
    }
    return { total: byTransaction.reduce((n, t) => n + t.count, 0), byTransaction };
  }

  /** The firm's users and the customer's contacts, without the caller. */
  listRecipients(actor: Actor, input: unknown): { items: Recipient[] } {
    const user = this.authorize(actor, 'listRecipients');
    const query = parse(routes.listRecipients.query, input, 'query');
    mustAllowConversation(query.transactionType);
    const { customerId } = this.transactionOf(user, query.transactionType, query.transactionId);
    return { items: this.recipientsOf(user, this.audienceOf(query.transactionType, query.transactionId, customerId)) };
  }

  /** A message with a fixed id and author, for scenario threads. */
  addMessage(conversationId: string, authorId: string, recipientIds: readonly string[], body: string, id?: string): Message {
    const row = this.conversations.get(conversationId);
    const author = this.users.get(authorId);
    if (!row || !author) throw new TypeError(`Unknown conversation ${conversationId} or user ${authorId}`);
    const all = new Map(this.recipientsOf(author, row.customerId).map((r) => [r.id, r]));
    const recipients = recipientIds.map((rid) => {
      const r = all.get(rid);
      if (!r) throw new TypeError(`${rid} cannot be addressed in ${conversationId}`);
      return r;
    });
    return this.insertMessage(row, author, recipients, body, id);
  }

  /** A thread with a fixed id. */
  addConversation(id: string, transactionType: TransactionType, transactionId: string): Conversation {
    const admin = this.admin();
    return this.conversationView(this.openThread(admin, transactionType, transactionId, id), admin);
  }

  /** Moves a reader's marker, as if they had opened the thread. */
  readUpTo(conversationId: string, userId: string, messageId: string): void {
    const row = this.conversations.get(conversationId);
    const position = row?.position.get(messageId);
    if (!row || position === undefined) throw new TypeError(`Unknown message ${messageId} in ${conversationId}`);
    this.markReadUpTo(row, userId, position);
  }

  /** Where a transaction lives and whose it is; 404 when unknown or not the caller's. */
  protected transactionOf(user: User, type: TransactionType, id: string): { customerId: string | null; label: string } {
    let customerId: string | null = null;
    let label = `${type.replace(/_/g, ' ')} ${id}`;
    if (type === 'invoice' || type === 'quote') {
      const row = this.documents.get(id);
      if (!row || row.doc.kind !== type) throw notFound('The transaction');
      customerId = row.doc.customerId;
      label = row.doc.number;
    } else if (type === 'customer_payment') {
      const payment = this.payments.get(id);
      if (!payment) throw notFound('The transaction');
      customerId = this.documents.get(payment.documentId)?.doc.customerId ?? null;
    }
    if (!this.canSee(user, customerId)) throw notFound('The transaction');
    const doc = this.documentOfTransaction(type, id);
    if (user.role === 'client' && (doc === null || !visibleToClient(doc))) throw notFound('The transaction');
    return { customerId, label };
  }

  protected openThread(user: User, type: TransactionType, transactionId: string, fixedId?: string): ConversationRow {
    mustAllowConversation(type);
    const { customerId, label } = this.transactionOf(user, type, transactionId);
    const key = transactionKey(type, transactionId);
    let row = this.conversationByTransaction.get(key);
    if (!row) {
      row = {
        id: fixedId ?? this.newId('conv', (c) => this.conversations.has(c)),
        transactionType: type,
        transactionId,
        customerId,
        label,
        createdAt: this.nowIso(),
        messages: [],
        position: new Map(),
      };
      this.conversations.set(row.id, row);
      this.conversationByTransaction.set(key, row);
    }
    return row;
  }

  protected conversationFor(user: User, id: string): ConversationRow {
    const row = this.conversations.get(id);
    if (!row || !this.canSeeThread(user, row)) throw notFound('The conversation');
    return row;
  }

  /** The document a transaction is or was paid on (invoices, quotes, customer payments). */
  protected documentOfTransaction(type: TransactionType, id: string): DocumentCore | null {
    if (type === 'invoice' || type === 'quote') return this.documents.get(id)?.doc ?? null;
    if (type === 'customer_payment') {
      const payment = this.payments.get(id);
      return payment ? (this.documents.get(payment.documentId)?.doc ?? null) : null;
    }
    return null;
  }

  /** A client sees a thread only while it may see the transaction (as the server). */
  protected canSeeThread(user: User, row: ConversationRow): boolean {
    if (!this.canSee(user, row.customerId)) return false;
    if (user.role !== 'client') return true;
    const doc = this.documentOfTransaction(row.transactionType, row.transactionId);
    return doc !== null && this.canSeeDocument(user, doc);
  }

  /** Whose people may be addressed: none while the transaction is not theirs to see. */
  protected audienceOf(type: TransactionType, id: string, customerId: string | null): string | null {
    const doc = this.documentOfTransaction(type, id);
    return doc && visibleToClient(doc) ? customerId : null;
  }

  protected recipientsOf(user: User, customerId: string | null): Recipient[] {
    const recipients: Recipient[] = [];
    const contacts: Recipient[] = [];
    for (const u of this.users.values()) {
      if (u.role !== 'client') recipients.push({ id: u.id, name: u.name, email: u.email, kind: 'firm_user' });
      else if (customerId !== null && u.customerId === customerId) {
        contacts.push({ id: u.id, name: u.name, email: u.email, kind: 'customer_contact' });
      }
    }
    // A customer without portal users is addressed at its own email.
    const customer = customerId === null ? undefined : this.customers.get(customerId);
    if (contacts.length === 0 && customer) {
      contacts.push({ id: customer.id, name: customer.displayName, email: customer.email, kind: 'customer_contact' });
    }
    return [...recipients, ...contacts].filter((r) => r.id !== user.id);
  }

  protected insertMessage(row: ConversationRow, author: User, recipients: Recipient[], body: string, fixedId?: string): Message {
    const message: Message = {
      id: fixedId ?? this.newId('msg', (m) => this.messageIds.has(m)),
      conversationId: row.id,
      author: { id: author.id, name: author.name, role: author.role, side: sideOf(author.role) },
      recipients,
      body,
      createdAt: this.nowIso(),
    };
    if (this.messageIds.has(message.id)) throw new TypeError(`Message ${message.id} exists`);
    this.messageIds.add(message.id);
    row.position.set(message.id, row.messages.length);
    row.messages.push(message);
    this.markReadUpTo(row, author.id, row.messages.length - 1);
    const link = this.integration.billingAppUrl ? ` ${this.integration.billingAppUrl}` : '';
    this.recordEmail(author, {
      kind: 'message',
      to: recipients.map((r) => r.email),
      subject: `New message about ${row.label}`,
      text: `${author.name} wrote about ${row.label}:${link}\n\n${body}`,
      documentId: row.transactionType === 'invoice' || row.transactionType === 'quote' ? row.transactionId : null,
      conversationId: row.id,
      attachment: null,
    });
    this.events.emit('message.posted', message.createdAt, (viewer) =>
      this.canSeeThread(viewer, row) ? { conversation: this.conversationView(row, viewer), message } : null,
    );
    return message;
  }

  protected markReadUpTo(row: ConversationRow, userId: string, position: number): void {
    const key = `${row.id}|${userId}`;
    this.readMarkers.set(key, Math.max(position, this.readMarkers.get(key) ?? -1));
  }

  protected readState(row: ConversationRow, userId: string): { unread: number; lastReadMessageId: string | null } {
    const marker = this.readMarkers.get(`${row.id}|${userId}`) ?? -1;
    let unread = 0;
    for (let i = marker + 1; i < row.messages.length; i++) if (row.messages[i]!.author.id !== userId) unread++;
    return { unread, lastReadMessageId: marker >= 0 ? row.messages[marker]!.id : null };
  }

  protected conversationView(row: ConversationRow, user: User): Conversation {
    return {
      id: row.id,
      transactionType: row.transactionType,
      transactionId: row.transactionId,
      ...this.readState(row, user.id),
      createdAt: row.createdAt,
    };
  }
}

function transactionKey(type: TransactionType, id: string): string {
  return `${type}:${id}`;
}

function mustAllowConversation(type: TransactionType): void {
  const name: string = type;
  if (!allowsConversation(name)) {
    throw refused('conversation_not_allowed', `Conversations are not available on ${type.replace(/_/g, ' ')} transactions.`);
  }
}
