/**
 * One handler per route of the contract's table, typed from it: the compiler checks that every
 * route has a handler and that each returns what the route's response schema describes.
 * Handlers are thin; the rules live in the services and, below them, in the contract.
 */
import type { RouteName, routes, TransactionType } from '@ledgerside/contract';
import type { Sql } from '../db/types.js';
import type { Output } from '../schema.js';
import { booksSummary, connectBooks, disconnectBooks, getBooks, updateBooksSettings } from '../books/connect.js';
import type { BooksRegistry } from '../books/port.js';
import type { FontSource } from '../pdf/fonts.js';
import type { Actor } from '../services/common.js';
import * as contactLinks from '../services/contact-links.js';
import * as conversations from '../services/conversations.js';
import * as orgs from '../services/organizations.js';
import { searchProducts } from '../services/products.js';
import * as timeEntries from '../services/time-entries.js';

type R = typeof routes;
type Out<S> = Output<S>;
type Field<N extends RouteName, K extends string> = R[N] extends Record<K, infer S> ? Out<S> : undefined;

/** What a handler gets: the caller and the validated inputs. */
export interface Call<N extends RouteName> {
  actor: Actor;
  params: Field<N, 'params'>;
  query: Field<N, 'query'>;
  body: Field<N, 'body'>;
  /** The `If-Match` version when the route requires one; null for `If-Match: *`. */
  ifMatch: number | null;
  /** The database, or the open transaction of a write. */
  sql: Sql;
}

export interface HandlerContext {
  /** The PDFs' font files. */
  fonts: FontSource;
  /** The organization's books: customers and documents go through its adapter. */
  books: BooksRegistry;
  /** Where a notification email's link points for a transaction, opened as `userId`. */
  transactionUrl(type: TransactionType, id: string, userId: string | null): string;
}

type Result<N extends RouteName> = R[N]['responseKind'] extends 'json'
  ? Out<R[N]['response']>
  : R[N]['responseKind'] extends 'empty'
    ? void
    : Response;

/** The events stream, openapi.json and the routes without a token are served by the dispatcher itself. */
export type HandledRoute = Exclude<RouteName, 'events' | 'openapi' | 'zendeskHostSession' | 'pipedriveHostSession' | 'booksCallback' | 'quickbooksWebhook'>;

export type Handlers = {
  [N in HandledRoute]: (call: Call<N>, ctx: HandlerContext) => Promise<Result<N>>;
};

export const handlers: Handlers = {
  getSession: async ({ sql, actor }) => ({ ...(await orgs.getSession(sql, actor)), books: await booksSummary(sql, actor.organizationId) }),

  searchCustomers: async ({ sql, actor, query }, ctx) => (await ctx.books.for(sql, actor.organizationId)).searchCustomers(sql, actor, query),
  createCustomer: async ({ sql, actor, body }, ctx) => (await ctx.books.for(sql, actor.organizationId)).createCustomer(sql, actor, body),
  getCustomer: async ({ sql, actor, params }, ctx) => (await ctx.books.for(sql, actor.organizationId)).getCustomer(sql, actor, params.id),
  updateCustomer: async ({ sql, actor, params, body, ifMatch }, ctx) =>
    (await ctx.books.for(sql, actor.organizationId)).updateCustomer(sql, actor, params.id, ifMatch, body),

  getContactLink: ({ sql, actor, params }) => contactLinks.getContactLink(sql, actor, params.contactId),
  putContactLink: ({ sql, actor, params, body }) => contactLinks.putContactLink(sql, actor, params.contactId, body),
  deleteContactLink: ({ sql, actor, params }) => contactLinks.deleteContactLink(sql, actor, params.contactId),

  putTimeEntries: ({ sql, actor, body }) => timeEntries.putTimeEntries(sql, actor, body),
  listTimeEntries: ({ sql, actor, query }) => timeEntries.listTimeEntries(sql, actor, query.ticketId),

  searchProducts: ({ sql, actor, query }) => searchProducts(sql, actor, query),

  listDocuments: async ({ sql, actor, query }, ctx) => (await ctx.books.for(sql, actor.organizationId)).listDocuments(sql, actor, query),
  documentSummary: async ({ sql, actor, query }, ctx) => (await ctx.books.for(sql, actor.organizationId)).documentSummary(sql, actor, query),
  createDocument: async ({ sql, actor, body }, ctx) => (await ctx.books.for(sql, actor.organizationId)).createDocument(sql, actor, body),
  getDocument: async ({ sql, actor, params }, ctx) => (await ctx.books.for(sql, actor.organizationId)).getDocument(sql, actor, params.id),
  updateDocument: async ({ sql, actor, params, body, ifMatch }, ctx) =>
    (await ctx.books.for(sql, actor.organizationId)).updateDocument(sql, actor, params.id, ifMatch, body),
  deleteDocument: async ({ sql, actor, params, ifMatch }, ctx) =>
    (await ctx.books.for(sql, actor.organizationId)).deleteDocument(sql, actor, params.id, ifMatch),
  cloneDocument: async ({ sql, actor, params }, ctx) => (await ctx.books.for(sql, actor.organizationId)).cloneDocument(sql, actor, params.id),
  voidDocument: async ({ sql, actor, params, ifMatch }, ctx) =>
    (await ctx.books.for(sql, actor.organizationId)).voidDocument(sql, actor, params.id, ifMatch),
  markDocumentSent: async ({ sql, actor, params, ifMatch }, ctx) =>
    (await ctx.books.for(sql, actor.organizationId)).markDocumentSent(sql, actor, params.id, ifMatch),
  emailDocument: async ({ sql, actor, params, body }, ctx) =>
    (await ctx.books.for(sql, actor.organizationId)).emailDocument(sql, actor, params.id, body),
  convertDocument: async ({ sql, actor, params, ifMatch }, ctx) =>
    (await ctx.books.for(sql, actor.organizationId)).convertDocument(sql, actor, params.id, ifMatch),
  recordPayment: async ({ sql, actor, params, body }, ctx) =>
    (await ctx.books.for(sql, actor.organizationId)).recordPayment(sql, actor, params.id, body),
  documentPdf: async ({ sql, actor, params }, ctx) => (await ctx.books.for(sql, actor.organizationId)).documentPdf(sql, actor, params.id),

  getConversation: ({ sql, actor, query }) => conversations.getConversation(sql, actor, query),
  openConversation: ({ sql, actor, body }) => conversations.openConversation(sql, actor, body),
  listMessages: ({ sql, actor, params, query }) => conversations.listMessages(sql, actor, params.id, query),
  postMessage: ({ sql, actor, params, body }, ctx) => conversations.postMessage(sql, actor, params.id, body, ctx),
  markRead: ({ sql, actor, params, body }) => conversations.markRead(sql, actor, params.id, body.messageId),
  getUnread: ({ sql, actor }) => conversations.getUnread(sql, actor),
  listRecipients: ({ sql, actor, query }) => conversations.listRecipients(sql, actor, query),

  getIntegration: ({ sql, actor }) => orgs.getIntegration(sql, actor),
  updateIntegration: ({ sql, actor, body }) => orgs.updateIntegration(sql, actor, body),
  deleteIntegration: ({ sql, actor }) => orgs.deleteIntegration(sql, actor),

  getBooks: ({ sql, actor }, ctx) => getBooks(sql, ctx.books.runtime, actor),
  connectBooks: ({ sql, actor, body }, ctx) => connectBooks(sql, ctx.books.runtime, actor, body),
  updateBooksSettings: ({ sql, actor, body }, ctx) => updateBooksSettings(sql, ctx.books.runtime, actor, body),
  disconnectBooks: ({ sql, actor }, ctx) => disconnectBooks(sql, ctx.books.runtime, actor),
};
