/**
 * The route table without its schemas: how each endpoint is called (method, path, permission,
 * headers, what it answers). The client sends requests from this alone, so a browser bundle
 * can start its first request before the zod schemas (routes.ts) have loaded. routes.ts
 * attaches the schemas and summaries to these same names.
 */
import type { Permission } from './permissions.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteMeta {
  method: HttpMethod;
  /** Relative to `/v1`, with `:name` parameters. */
  path: string;
  /** Whether the request has a JSON body (routes.ts gives its schema). */
  hasBody: boolean;
  responseKind: 'json' | 'empty' | 'pdf' | 'sse' | 'html';
  status: 200 | 201 | 204;
  /** `null`: no token needed. */
  permission: Permission | null;
  /** Takes a host framework's signed proof instead of a token (a bad proof is 401). */
  hostProof: boolean;
  /** A create: takes `Idempotency-Key`, so retrying it is safe. */
  idempotencyKey: boolean;
  /** A change to a versioned resource: needs `If-Match: <version>`. */
  ifMatch: boolean;
}

const defaults = {
  hasBody: false,
  hostProof: false,
  responseKind: 'json',
  status: 200,
  idempotencyKey: false,
  ifMatch: false,
} as const;
type Defaults = typeof defaults;

/** A route's metadata with the defaults filled in; the literal types of what is given are kept. */
function meta<const R extends Partial<RouteMeta> & Pick<RouteMeta, 'method' | 'path' | 'permission'>>(r: R): Omit<Defaults, keyof R> & R {
  return { ...defaults, ...r } as Omit<Defaults, keyof R> & R;
}

// The order is the table's order (routeNames, openapi.json).
export const routeMeta = {
  getSession: meta({ method: 'GET', path: '/session', permission: 'session.read' }),

  searchCustomers: meta({ method: 'GET', path: '/customers', permission: 'customers.read' }),
  createCustomer: meta({ method: 'POST', path: '/customers', permission: 'customers.write', status: 201, hasBody: true, idempotencyKey: true }),
  getCustomer: meta({ method: 'GET', path: '/customers/:id', permission: 'customers.read' }),
  updateCustomer: meta({ method: 'PATCH', path: '/customers/:id', permission: 'customers.write', hasBody: true, ifMatch: true }),

  getContactLink: meta({ method: 'GET', path: '/contact-links/:contactId', permission: 'links.read' }),
  putContactLink: meta({ method: 'PUT', path: '/contact-links/:contactId', permission: 'links.write', hasBody: true }),
  deleteContactLink: meta({ method: 'DELETE', path: '/contact-links/:contactId', permission: 'links.write', responseKind: 'empty', status: 204 }),

  putTimeEntries: meta({ method: 'PUT', path: '/time-entries', permission: 'timeEntries.write', hasBody: true }),
  listTimeEntries: meta({ method: 'GET', path: '/time-entries', permission: 'timeEntries.read' }),

  searchProducts: meta({ method: 'GET', path: '/products', permission: 'products.read' }),

  listDocuments: meta({ method: 'GET', path: '/documents', permission: 'documents.read' }),
  documentSummary: meta({ method: 'GET', path: '/documents/summary', permission: 'documents.read' }),
  createDocument: meta({ method: 'POST', path: '/documents', permission: 'documents.write', status: 201, hasBody: true, idempotencyKey: true }),
  getDocument: meta({ method: 'GET', path: '/documents/:id', permission: 'documents.read' }),
  updateDocument: meta({ method: 'PATCH', path: '/documents/:id', permission: 'documents.write', hasBody: true, ifMatch: true }),
  deleteDocument: meta({ method: 'DELETE', path: '/documents/:id', permission: 'documents.write', ifMatch: true }),
  cloneDocument: meta({ method: 'POST', path: '/documents/:id/clone', permission: 'documents.write', status: 201, idempotencyKey: true }),
  voidDocument: meta({ method: 'POST', path: '/documents/:id/void', permission: 'documents.write', ifMatch: true }),
  markDocumentSent: meta({ method: 'POST', path: '/documents/:id/mark-sent', permission: 'documents.write', ifMatch: true }),
  emailDocument: meta({ method: 'POST', path: '/documents/:id/email', permission: 'documents.write', hasBody: true, idempotencyKey: true }),
  convertDocument: meta({ method: 'POST', path: '/documents/:id/convert', permission: 'documents.write', status: 201, idempotencyKey: true, ifMatch: true }),
  recordPayment: meta({ method: 'POST', path: '/documents/:id/payments', permission: 'payments.write', status: 201, hasBody: true, idempotencyKey: true }),
  documentPdf: meta({ method: 'GET', path: '/documents/:id/pdf', permission: 'documents.read', responseKind: 'pdf' }),

  getConversation: meta({ method: 'GET', path: '/conversations', permission: 'conversations.read' }),
  openConversation: meta({ method: 'POST', path: '/conversations', permission: 'messages.post', hasBody: true }),
  listMessages: meta({ method: 'GET', path: '/conversations/:id/messages', permission: 'conversations.read' }),
  postMessage: meta({ method: 'POST', path: '/conversations/:id/messages', permission: 'messages.post', status: 201, hasBody: true, idempotencyKey: true }),
  markRead: meta({ method: 'POST', path: '/conversations/:id/read', permission: 'conversations.read', hasBody: true }),
  getUnread: meta({ method: 'GET', path: '/unread', permission: 'conversations.read' }),
  listRecipients: meta({ method: 'GET', path: '/recipients', permission: 'conversations.read' }),

  getIntegration: meta({ method: 'GET', path: '/integration', permission: 'integration.read' }),
  updateIntegration: meta({ method: 'PUT', path: '/integration', permission: 'integration.manage', hasBody: true }),
  deleteIntegration: meta({ method: 'DELETE', path: '/integration', permission: 'integration.manage' }),

  zendeskHostSession: meta({ method: 'POST', path: '/host-sessions/zendesk', permission: null, hasBody: true, hostProof: true }),
  pipedriveHostSession: meta({ method: 'POST', path: '/host-sessions/pipedrive', permission: null, hasBody: true, hostProof: true }),
  getBooks: meta({ method: 'GET', path: '/books', permission: 'integration.read' }),
  connectBooks: meta({ method: 'POST', path: '/books/connect', permission: 'integration.manage', hasBody: true }),
  // The vendor's redirect after consent carries no Ledgerside token: it is bound to its `state`.
  booksCallback: meta({ method: 'GET', path: '/books/callback', permission: null, responseKind: 'html' }),
  updateBooksSettings: meta({ method: 'PUT', path: '/books/settings', permission: 'integration.manage', hasBody: true }),
  disconnectBooks: meta({ method: 'DELETE', path: '/books', permission: 'integration.manage', responseKind: 'empty', status: 204 }),
  // QuickBooks' webhooks carry no Ledgerside token: each is bound to its signature over the raw body.
  quickbooksWebhook: meta({ method: 'POST', path: '/books/webhooks/quickbooks', permission: null, hasBody: true }),

  events: meta({ method: 'GET', path: '/events', permission: 'events.read', responseKind: 'sse' }),
  openapi: meta({ method: 'GET', path: '/openapi.json', permission: null }),
} as const;

export type RouteMetas = typeof routeMeta;
export type RouteName = keyof RouteMetas;
export const routeNames = Object.keys(routeMeta) as RouteName[];

/** Retrying is safe for reads, PUT/DELETE, and creates that carry an Idempotency-Key. */
export function isRetrySafe(route: Pick<RouteMeta, 'method' | 'idempotencyKey'>): boolean {
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
