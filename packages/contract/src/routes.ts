/**
 * The route table: every endpoint of the HTTP surface as data. The client's methods, the
 * server's handlers, the mocks' handlers and openapi.json are all derived from it. How each
 * route is called lives in route-meta.ts (no schemas, for the client's first request); this
 * file gives each the schemas of what it takes and answers.
 */
import { z } from 'zod/mini';
import { rolesWith, type Role } from './permissions.js';
import { matchPath, routeMeta, routeNames, type RouteMeta, type RouteMetas, type RouteName } from './route-meta.js';
import * as s from './schemas.js';
import { HostSession, PipedriveSessionRequest, ZendeskSessionRequest } from './host-sessions.js';
import * as books from './books.js';

export { buildPath, isRetrySafe, matchPath, routeMeta, routeNames } from './route-meta.js';
export type { HttpMethod, RouteMeta, RouteMetas, RouteName } from './route-meta.js';

type Schema = z.core.$ZodType;

export interface RouteDef extends RouteMeta {
  summary: string;
  params?: Schema;
  query?: Schema;
  body?: Schema;
  /** JSON response schema; `null` for 204, or a non-JSON kind. */
  response: Schema | null;
}

/** The schemas a route takes: a body schema iff its metadata says it has a body, a response schema iff it answers JSON. */
type SchemasOf<M extends RouteMeta> = { summary: string; params?: Schema; query?: Schema } & (M['hasBody'] extends true
  ? { body: Schema }
  : { body?: never }) &
  (M['responseKind'] extends 'json' ? { response: Schema } : { response?: never });

type Table<P extends Record<RouteName, unknown>> = {
  [N in RouteName]: RouteMetas[N] & (P[N] extends { response: Schema } ? P[N] : P[N] & { response: null });
};

/** Every route of route-meta.ts with its schemas; a route missing on either side, or an extra one, does not compile. */
function withSchemas<P extends { [N in RouteName]: SchemasOf<RouteMetas[N]> }>(parts: P & Record<Exclude<keyof P, RouteName>, never>): Table<P> {
  const entries = routeNames.map((name): [RouteName, RouteDef] => [name, { ...(routeMeta[name] as RouteMeta), response: null, ...(parts[name] as SchemasOf<RouteMeta>) }]);
  return Object.fromEntries(entries) as unknown as Table<P>;
}

const IdParam = z.object({ id: s.Id });
const ContactParam = z.object({ contactId: s.Id });

export const routes = withSchemas({
  getSession: { response: s.Session, summary: 'The caller: user, role, organization, permissions, integration state' },

  searchCustomers: {
    query: s.CustomerSearchQuery, response: s.page(s.CustomerWithBalance),
    summary: 'Search customers; `email` matches the primary and, when enabled, the secondary email',
  },
  createCustomer: {
    body: s.CustomerCreate, response: s.CustomerWithBalance,
    summary: 'Create a customer, optionally copying preferences from another',
  },
  getCustomer: { params: IdParam, response: s.CustomerWithBalance, summary: 'Read a customer' },
  updateCustomer: {
    params: IdParam, body: s.CustomerUpdate, response: s.CustomerWithBalance,
    summary: 'Update a customer (address, email, tax id…)',
  },

  getContactLink: {
    params: ContactParam, response: z.object({ link: z.nullable(s.ContactLink) }),
    summary: 'The billing customer a host contact is mapped to, if any',
  },
  putContactLink: {
    params: ContactParam, body: s.ContactLinkPut, response: s.ContactLink,
    summary: 'Map a host contact to a billing customer',
  },
  deleteContactLink: { params: ContactParam, summary: 'Unmap a host contact' },

  putTimeEntries: {
    body: s.TimeEntriesPut, response: z.object({ items: z.array(s.TimeEntry) }),
    summary: "Upsert a ticket's time entries by host id",
  },
  listTimeEntries: {
    query: z.object({ ticketId: s.Id }), response: z.object({ items: z.array(s.TimeEntry) }),
    summary: "A ticket's time entries with `billable` and `invoicedBy`",
  },

  searchProducts: {
    query: z.object({ q: z.optional(z.string().check(z.maxLength(200))), cursor: z.optional(s.Cursor), limit: s.PageLimit }),
    response: s.page(s.Product), summary: 'The billing catalogue',
  },

  listDocuments: {
    query: s.DocumentListQuery, response: s.page(s.Document),
    summary: 'Invoices and quotes of a ticket, deal or customer, newest first',
  },
  documentSummary: {
    query: s.DocumentScopeQuery, response: s.DocumentSummary,
    summary: 'Invoiced, outstanding and overdue totals per currency',
  },
  createDocument: { body: s.DocumentCreate, response: s.Document, summary: 'Create an invoice or a quote' },
  getDocument: { params: IdParam, response: s.Document, summary: 'Read a document' },
  updateDocument: { params: IdParam, body: s.DocumentUpdate, response: s.Document, summary: 'Edit a draft or sent document' },
  deleteDocument: { params: IdParam, response: s.Document, summary: 'Delete a document (kept with status `deleted`)' },
  cloneDocument: { params: IdParam, response: s.Document, summary: 'A new draft with the same customer, lines and details' },
  voidDocument: { params: IdParam, response: s.Document, summary: 'Void an invoice (final)' },
  markDocumentSent: { params: IdParam, response: s.Document, summary: 'Mark a draft as sent' },
  emailDocument: {
    params: IdParam, body: s.EmailRequest, response: s.Document,
    summary: 'Email the document with its PDF to the customer (a draft becomes sent)',
  },
  convertDocument: { params: IdParam, response: s.Document, summary: 'Convert a quote into an invoice; answers the new invoice' },
  recordPayment: {
    params: IdParam, body: s.PaymentCreate, response: s.PaymentResult,
    summary: 'Record a payment; partial → partially_paid, full → paid',
  },
  documentPdf: { params: IdParam, summary: 'The PDF of a document' },

  getConversation: {
    query: s.ConversationQuery, response: s.ConversationLookup,
    summary: 'The thread of one transaction; null before its first message',
  },
  openConversation: {
    body: s.ConversationQuery, response: s.Conversation,
    summary: "A transaction's thread, created when its first message is about to be posted (422 for an ineligible type)",
  },
  listMessages: {
    params: IdParam, query: s.MessageListQuery, response: s.page(s.Message),
    summary: 'Messages, newest page first, each page oldest to newest; `cursor` goes back',
  },
  postMessage: {
    params: IdParam, body: s.MessageCreate, response: s.MessagePosted,
    summary: 'Post a message to chosen recipients; they are notified by email',
  },
  markRead: { params: IdParam, body: s.ReadMarker, response: s.Conversation, summary: 'Mark the thread read up to a message' },
  getUnread: { response: s.UnreadCounts, summary: 'Unread counts per transaction for the caller' },
  listRecipients: {
    query: s.ConversationQuery, response: z.object({ items: z.array(s.Recipient) }),
    summary: "Who may be addressed: the firm's users and the customer's contacts",
  },

  getIntegration: { response: s.IntegrationSettings, summary: 'Integration settings' },
  updateIntegration: {
    body: s.IntegrationUpdate, response: s.IntegrationSettings,
    summary: 'Enable or disable (links kept), sync mode, secondary email matching',
  },
  deleteIntegration: { response: s.IntegrationSettings, summary: 'Delete the integration: removes every mapping permanently' },

  zendeskHostSession: {
    body: ZendeskSessionRequest, response: HostSession,
    summary: "A Zendesk app's session: its `signedUrls` JWT (or the session's renewal token) for a short-lived token",
  },
  pipedriveHostSession: {
    body: PipedriveSessionRequest, response: HostSession,
    summary: "A Pipedrive panel's session: its signed token (`GET_SIGNED_TOKEN`) for a short-lived token",
  },
  getBooks: { response: books.BooksState, summary: 'The books connection (provider, company, connected by, last sync, last error) and what can be connected' },
  connectBooks: {
    body: books.BooksConnect, response: books.BooksAuthorization,
    summary: "Start connecting a vendor's books: answers the vendor's authorization URL (OAuth 2.0 code flow with `state`)",
  },
  booksCallback: {
    query: z.object({
      state: z.optional(z.string().check(z.maxLength(200))),
      code: z.optional(z.string().check(z.maxLength(2000))),
      realmId: z.optional(z.string().check(z.maxLength(64))),
      error: z.optional(z.string().check(z.maxLength(200))),
    }),
    summary: "The vendor's redirect after consent: stores the tokens encrypted, then returns to the settings",
  },
  updateBooksSettings: {
    body: books.BooksSettingsUpdate, response: books.BooksState,
    summary: "Which of the company's tax codes each tax rate becomes",
  },
  disconnectBooks: { summary: 'Disconnect the books (409 while writes are still on their way to the vendor)' },
  quickbooksWebhook: {
    body: books.WebhookBody, response: books.WebhookReceipt,
    summary: 'QuickBooks webhooks (classic and CloudEvents): `intuit-signature` is checked on the raw body (401 when it does not match); each changed entity is read again',
  },

  events: { summary: "Server-sent events for the caller's organization, with `Last-Event-ID` replay" },
  openapi: { response: z.unknown(), summary: 'This API as OpenAPI 3.1' },
});

export type Routes = typeof routes;

/** The roles a route admits (every role for a public route). */
export function rolesAllowed(route: RouteDef): Role[] {
  return route.permission === null ? ['admin', 'agent', 'light_agent', 'client'] : rolesWith(route.permission);
}

// ---------------------------------------------------------------- types derived from the table

type Def<N extends RouteName> = Routes[N];
type In<S> = S extends z.core.$ZodType ? z.input<S> : never;
type Out<S> = S extends z.core.$ZodType ? z.output<S> : never;

/** What a call to route N takes. */
export type RouteInput<N extends RouteName> = (Def<N> extends { params: infer P } ? { params: In<P> } : unknown) &
  (Def<N> extends { query: infer Q } ? { query?: In<Q> } : unknown) &
  (Def<N> extends { body: infer B } ? { body: In<B> } : unknown) &
  (Def<N>['ifMatch'] extends true ? { ifMatch: number } : unknown);

/** What route N answers. */
export type RouteOutput<N extends RouteName> = Def<N>['responseKind'] extends 'pdf'
  ? Blob
  : Def<N>['responseKind'] extends 'html'
    ? string
  : Def<N>['responseKind'] extends 'empty'
    ? undefined
    : Def<N>['responseKind'] extends 'sse'
      ? never
      : Out<Def<N>['response']>;

/** The route for a method and concrete path; static segments win over parameters. */
export function findRoute(
  method: string,
  path: string,
): { name: RouteName; route: RouteDef; params: Record<string, string> } | null {
  let best: { name: RouteName; route: RouteDef; params: Record<string, string> } | null = null;
  for (const name of routeNames) {
    const route: RouteDef = routes[name];
    if (route.method !== method) continue;
    const params = matchPath(route.path, path);
    if (params && (!best || Object.keys(params).length < Object.keys(best.params).length)) {
      best = { name, route, params };
    }
  }
  return best;
}
