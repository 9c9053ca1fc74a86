/** The store's shapes: what callers pass, and the rows it keeps. */
import type {
  Document,
  DocumentStatus,
  HostContact,
  IntegrationSettings,
  Message,
  Organization,
  RouteName,
  TransactionType,
  User,
} from '@ledgerside/contract';
import type { routes } from '@ledgerside/contract';
import type { Output } from '../validate.js';

/** Who is calling: a user or a user id. */
export type Actor = string | User;

export interface WriteOptions {
  /** For creates: the same key and body answer the first response again. */
  idempotencyKey?: string | null;
  /** For changes to documents and customers: the version the caller saw, or `*`. */
  ifMatch?: number | string | null;
}

export interface StoreInit {
  organization: Organization;
  users: readonly User[];
  sessionUserId: string;
  integration?: Partial<Omit<IntegrationSettings, 'updatedAt'>>;
  /** A fixed "today" (YYYY-MM-DD); the clock then ticks from noon of that day. */
  today?: string;
  /** The clock, when neither real time nor a fixed today will do. */
  now?: () => Date;
}

export interface SentEmail {
  id: string;
  kind: 'document' | 'message';
  to: string[];
  subject: string;
  text: string;
  documentId: string | null;
  conversationId: string | null;
  /** File name of the attached PDF, if any. */
  attachment: string | null;
  sentBy: string;
  sentAt: string;
}

/** A route's parsed body or query. */
export type In<N extends RouteName, K extends 'body' | 'query'> = (typeof routes)[N] extends Record<K, infer S> ? Output<S> : never;
export type DocumentData = In<'createDocument', 'body'>;
export type LineData = DocumentData['lines'][number];
/** What is stored; `displayStatus` and `externalUrl` are worked out when read. */
export type DocumentCore = Omit<Document, 'displayStatus' | 'externalUrl'>;

/** A document for bulk seeding, with the actions that bring it to its status. */
export interface SeedDocument {
  id: string;
  at: Date;
  input: DocumentData;
  steps?: readonly SeedStep[];
}

export type SeedStep =
  | 'mark_sent'
  | 'void'
  | 'delete'
  | { status: DocumentStatus }
  /** A payment of `pay(balance)` on `date`. */
  | { pay: (balance: number) => number; date: string };

export interface DocumentRow {
  /** Position in insertion order: lists page newest first over it. */
  seq: number;
  doc: DocumentCore;
}

export interface ConversationRow {
  id: string;
  transactionType: TransactionType;
  transactionId: string;
  /** The customer whose transaction it is (clients see only their own). */
  customerId: string | null;
  label: string;
  createdAt: string;
  messages: Message[];
  position: Map<string, number>;
}

export interface LinkRow {
  contact: HostContact;
  customerId: string;
  linkedAt: string;
  linkedBy: string;
}
