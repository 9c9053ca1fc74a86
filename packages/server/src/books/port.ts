/**
 * The Books port: everything a document and a customer need from the organization's books.
 * The HTTP handlers call it and nothing below it; an organization uses one adapter at a time —
 * `builtin` (Ledgerside's own tables, the default) or a vendor's (`quickbooks`), chosen per
 * request from its connection (registry.ts). Reads of a vendor's books come from Ledgerside's
 * mirror of them (the same tables), so lists, summaries and live events stay fast while the
 * vendor is slow or away; writes go to the vendor through a durable queue.
 */
import type {
  CustomerCreate,
  CustomerSearchQuery,
  CustomerUpdate,
  CustomerWithBalance,
  Document,
  DocumentCreate,
  DocumentListQuery,
  DocumentScopeQuery,
  DocumentSummary,
  DocumentUpdate,
  EmailRequest,
  PaymentCreate,
  PaymentResult,
} from '@ledgerside/contract';
import type { Sql } from '../db/types.js';
import type { Output } from '../schema.js';
import type { Actor } from '../services/common.js';
import type { BooksRuntime } from './connect.js';

export const booksProviders = ['builtin', 'quickbooks'] as const;
export type BooksProvider = (typeof booksProviders)[number];

type In<S> = Output<S>;

export interface Books {
  readonly provider: BooksProvider;

  // Customers: found by primary and (when enabled) secondary email, created, read, updated.
  searchCustomers(sql: Sql, actor: Actor, query: In<typeof CustomerSearchQuery>): Promise<{ items: CustomerWithBalance[]; nextCursor: string | null }>;
  getCustomer(sql: Sql, actor: Actor, id: string): Promise<CustomerWithBalance>;
  createCustomer(sql: Sql, actor: Actor, input: In<typeof CustomerCreate>): Promise<CustomerWithBalance>;
  updateCustomer(sql: Sql, actor: Actor, id: string, ifMatch: number | null, input: In<typeof CustomerUpdate>): Promise<CustomerWithBalance>;

  // Invoices and quotes: read, created, changed, and the actions on them.
  listDocuments(sql: Sql, actor: Actor, query: In<typeof DocumentListQuery>): Promise<{ items: Document[]; nextCursor: string | null }>;
  documentSummary(sql: Sql, actor: Actor, query: In<typeof DocumentScopeQuery>): Promise<DocumentSummary>;
  getDocument(sql: Sql, actor: Actor, id: string): Promise<Document>;
  createDocument(sql: Sql, actor: Actor, input: In<typeof DocumentCreate>): Promise<Document>;
  updateDocument(sql: Sql, actor: Actor, id: string, ifMatch: number | null, input: In<typeof DocumentUpdate>): Promise<Document>;
  deleteDocument(sql: Sql, actor: Actor, id: string, ifMatch: number | null): Promise<Document>;
  cloneDocument(sql: Sql, actor: Actor, id: string): Promise<Document>;
  voidDocument(sql: Sql, actor: Actor, id: string, ifMatch: number | null): Promise<Document>;
  markDocumentSent(sql: Sql, actor: Actor, id: string, ifMatch: number | null): Promise<Document>;
  emailDocument(sql: Sql, actor: Actor, id: string, input: In<typeof EmailRequest>): Promise<Document>;
  convertDocument(sql: Sql, actor: Actor, id: string, ifMatch: number | null): Promise<Document>;
  recordPayment(sql: Sql, actor: Actor, id: string, input: In<typeof PaymentCreate>): Promise<Output<typeof PaymentResult>>;
  /** The document's PDF as an HTTP answer. */
  documentPdf(sql: Sql, actor: Actor, id: string): Promise<Response>;
}

/** Picks the adapter of an organization; `sql` is the request's database or transaction. */
export interface BooksRegistry {
  for(sql: Sql, organizationId: string): Promise<Books>;
  /** Connecting, tokens, the vendor's settings (connect.ts). */
  readonly runtime: BooksRuntime;
}
