/**
 * The route table: every endpoint of the HTTP surface as data. The client's methods, the
 * server's handlers, the mocks' handlers and openapi.json are all derived from it.
 */
import { z } from 'zod/mini';
import { rolesWith, type Permission, type Role } from './permissions.js';
import * as s from './schemas.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Schema = z.core.$ZodType;

export interface RouteDef {
  method: HttpMethod;
  /** Relative to `/v1`, with `:name` parameters. */
  path: string;
  summary: string;
  params?: Schema;
  query?: Schema;
  body?: Schema;
  /** JSON response schema; `null` for 204, or a non-JSON kind. */
  response: Schema | null;
  responseKind: 'json' | 'empty' | 'pdf' | 'sse';
  status: 200 | 201 | 204;
  /** `null`: no token needed. */
  permission: Permission | null;
  /** A create: takes `Idempotency-Key`, so retrying it is safe. */
  idempotencyKey: boolean;
  /** A change to a versioned resource: needs `If-Match: <version>`. */
  ifMatch: boolean;
}

const IdParam = z.object({ id: s.Id });
const ContactParam = z.object({ contactId: s.Id });

const defaults = {
  response: null,
  responseKind: 'json',
  status: 200,
  idempotencyKey: false,
  ifMatch: false,
} as const;
type Defaults = typeof defaults;

/** A route with the defaults filled in; the literal types of what is given are kept. */
function route<const R extends Partial<RouteDef> & Pick<RouteDef, 'method' | 'path' | 'summary' | 'permission'>>(
  r: R,
): Omit<Defaults, keyof R> & R {
  return { ...defaults, ...r } as Omit<Defaults, keyof R> & R;
}

export const routes = {
  getSession: route({
    method: 'GET', path: '/session', permission: 'session.read', response: s.Session,
    summary: 'The caller: user, role, organization, permissions, integration state',
  }),

  searchCustomers: route({
    method: 'GET', path: '/customers', permission: 'customers.read',
    query: s.CustomerSearchQuery, response: s.page(s.CustomerWithBalance),
    summary: 'Search customers; `email` matches the primary and, when enabled, the secondary email',
  }),
  createCustomer: route({
    method: 'POST', path: '/customers', permission: 'customers.write', status: 201,
    body: s.CustomerCreate, response: s.CustomerWithBalance, idempotencyKey: true,
    summary: 'Create a customer, optionally copying preferences from another',
  }),
  getCustomer: route({
    method: 'GET', path: '/customers/:id', permission: 'customers.read',
    params: IdParam, response: s.CustomerWithBalance, summary: 'Read a customer',
  }),
  updateCustomer: route({
    method: 'PATCH', path: '/customers/:id', permission: 'customers.write', ifMatch: true,
    params: IdParam, body: s.CustomerUpdate, response: s.CustomerWithBalance,
    summary: 'Update a customer (address, email, tax id…)',
  }),

  getContactLink: route({
    method: 'GET', path: '/contact-links/:contactId', permission: 'links.read',
    params: ContactParam, response: z.object({ link: z.nullable(s.ContactLink) }),
    summary: 'The billing customer a host contact is mapped to, if any',
  }),
  putContactLink: route({
    method: 'PUT', path: '/contact-links/:contactId', permission: 'links.write',
    params: ContactParam, body: s.ContactLinkPut, response: s.ContactLink,
    summary: 'Map a host contact to a billing customer',
  }),
  deleteContactLink: route({
    method: 'DELETE', path: '/contact-links/:contactId', permission: 'links.write',
    params: ContactParam, responseKind: 'empty', status: 204, summary: 'Unmap a host contact',
  }),

  putTimeEntries: route({
    method: 'PUT', path: '/time-entries', permission: 'timeEntries.write',
    body: s.TimeEntriesPut, response: z.object({ items: z.array(s.TimeEntry) }),
    summary: "Upsert a ticket's time entries by host id",
  }),
  listTimeEntries: route({
    method: 'GET', path: '/time-entries', permission: 'timeEntries.read',
    query: z.object({ ticketId: s.Id }), response: z.object({ items: z.array(s.TimeEntry) }),
    summary: "A ticket's time entries with `billable` and `invoicedBy`",
  }),

  searchProducts: route({
    method: 'GET', path: '/products', permission: 'products.read',
    query: z.object({ q: z.optional(z.string().check(z.maxLength(200))), cursor: z.optional(s.Cursor), limit: z.optional(s.Limit) }),
    response: s.page(s.Product), summary: 'The billing catalogue',
  }),

  listDocuments: route({
    method: 'GET', path: '/documents', permission: 'documents.read',
    query: s.DocumentListQuery, response: s.page(s.Document),
    summary: 'Invoices and quotes of a ticket, deal or customer, newest first',
  }),
  documentSummary: route({
    method: 'GET', path: '/documents/summary', permission: 'documents.read',
    query: s.DocumentScopeQuery, response: s.DocumentSummary,
    summary: 'Invoiced, outstanding and overdue totals per currency',
  }),
  createDocument: route({
    method: 'POST', path: '/documents', permission: 'documents.write', status: 201,
    body: s.DocumentCreate, response: s.Document, idempotencyKey: true,
    summary: 'Create an invoice or a quote',
  }),
  getDocument: route({
    method: 'GET', path: '/documents/:id', permission: 'documents.read',
    params: IdParam, response: s.Document, summary: 'Read a document',
  }),
  updateDocument: route({
    method: 'PATCH', path: '/documents/:id', permission: 'documents.write', ifMatch: true,
    params: IdParam, body: s.DocumentUpdate, response: s.Document,
    summary: 'Edit a draft or sent document',
  }),
  deleteDocument: route({
    method: 'DELETE', path: '/documents/:id', permission: 'documents.write', ifMatch: true,
    params: IdParam, response: s.Document, summary: 'Delete a document (kept with status `deleted`)',
  }),
  cloneDocument: route({
    method: 'POST', path: '/documents/:id/clone', permission: 'documents.write', status: 201,
    params: IdParam, response: s.Document, idempotencyKey: true,
    summary: 'A new draft with the same customer, lines and details',
  }),
  voidDocument: route({
    method: 'POST', path: '/documents/:id/void', permission: 'documents.write', ifMatch: true,
    params: IdParam, response: s.Document, summary: 'Void an invoice (final)',
  }),
  markDocumentSent: route({
    method: 'POST', path: '/documents/:id/mark-sent', permission: 'documents.write', ifMatch: true,
    params: IdParam, response: s.Document, summary: 'Mark a draft as sent',
  }),
  emailDocument: route({
    method: 'POST', path: '/documents/:id/email', permission: 'documents.write', idempotencyKey: true,
    params: IdParam, body: s.EmailRequest, response: s.Document,
    summary: 'Email the document with its PDF to the customer (a draft becomes sent)',
  }),
  convertDocument: route({
    method: 'POST', path: '/documents/:id/convert', permission: 'documents.write', status: 201,
    params: IdParam, response: s.Document, idempotencyKey: true, ifMatch: true,
    summary: 'Convert a quote into an invoice; answers the new invoice',
  }),
  recordPayment: route({
    method: 'POST', path: '/documents/:id/payments', permission: 'payments.write', status: 201,
    params: IdParam, body: s.PaymentCreate, response: s.PaymentResult, idempotencyKey: true,
    summary: 'Record a payment; partial → partially_paid, full → paid',
  }),
  documentPdf: route({
    method: 'GET', path: '/documents/:id/pdf', permission: 'documents.read',
    params: IdParam, responseKind: 'pdf', summary: 'The PDF of a document',
  }),

  getConversation: route({
    method: 'GET', path: '/conversations', permission: 'conversations.read',
    query: s.ConversationQuery, response: s.ConversationLookup,
    summary: 'The thread of one transaction; null before its first message',
  }),
  openConversation: route({
    method: 'POST', path: '/conversations', permission: 'messages.post',
    body: s.ConversationQuery, response: s.Conversation,
    summary: "A transaction's thread, created when its first message is about to be posted (422 for an ineligible type)",
  }),
  listMessages: route({
    method: 'GET', path: '/conversations/:id/messages', permission: 'conversations.read',
    params: IdParam, query: s.MessageListQuery, response: s.page(s.Message),
    summary: 'Messages, newest page first, each page oldest to newest; `cursor` goes back',
  }),
  postMessage: route({
    method: 'POST', path: '/conversations/:id/messages', permission: 'messages.post', status: 201,
    params: IdParam, body: s.MessageCreate, response: s.MessagePosted, idempotencyKey: true,
    summary: 'Post a message to chosen recipients; they are notified by email',
  }),
  markRead: route({
    method: 'POST', path: '/conversations/:id/read', permission: 'conversations.read',
    params: IdParam, body: s.ReadMarker, response: s.Conversation,
    summary: 'Mark the thread read up to a message',
  }),
  getUnread: route({
    method: 'GET', path: '/unread', permission: 'conversations.read', response: s.UnreadCounts,
    summary: 'Unread counts per transaction for the caller',
  }),
  listRecipients: route({
    method: 'GET', path: '/recipients', permission: 'conversations.read',
    query: s.ConversationQuery, response: z.object({ items: z.array(s.Recipient) }),
    summary: "Who may be addressed: the firm's users and the customer's contacts",
  }),

  getIntegration: route({
    method: 'GET', path: '/integration', permission: 'integration.read',
    response: s.IntegrationSettings, summary: 'Integration settings',
  }),
  updateIntegration: route({
    method: 'PUT', path: '/integration', permission: 'integration.manage',
    body: s.IntegrationUpdate, response: s.IntegrationSettings,
    summary: 'Enable or disable (links kept), sync mode, secondary email matching',
  }),
  deleteIntegration: route({
    method: 'DELETE', path: '/integration', permission: 'integration.manage',
    response: s.IntegrationSettings, summary: 'Delete the integration: removes every mapping permanently',
  }),

  events: route({
    method: 'GET', path: '/events', permission: 'events.read', responseKind: 'sse',
    summary: "Server-sent events for the caller's organization, with `Last-Event-ID` replay",
  }),
  openapi: route({
    method: 'GET', path: '/openapi.json', permission: null, response: z.unknown(),
    summary: 'This API as OpenAPI 3.1',
  }),
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
export const routeNames = Object.keys(routes) as RouteName[];

/** The roles a route admits (every role for a public route). */
export function rolesAllowed(route: RouteDef): Role[] {
  return route.permission === null ? ['admin', 'agent', 'light_agent', 'client'] : rolesWith(route.permission);
}

/** Retrying is safe for reads, PUT/DELETE, and creates that carry an Idempotency-Key. */
export function isRetrySafe(route: RouteDef): boolean {
  return route.method === 'GET' || route.method === 'PUT' || route.method === 'DELETE' || route.idempotencyKey;
}

/** Fills `:name` parameters (URI-encoded). */
export function buildPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`Missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

/** Matches a concrete path against a route path; the parameters or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/');
  const b = path.split('/');
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const v = b[i]!;
    if (p.startsWith(':')) {
      if (!v) return null;
      try {
        params[p.slice(1)] = decodeURIComponent(v);
      } catch {
        return null;
      }
    } else if (p !== v) return null;
  }
  return params;
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
