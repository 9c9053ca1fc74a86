/**
 * What still works while an organization's billing integration is disabled or deleted. Reads
 * always do (the sidebar keeps showing what exists); a write is refused with 422
 * `integration_disabled` unless it is listed here as allowed. Every route must be classified:
 * a new route missing from the table does not compile, and a read cannot be refused.
 */
import type { RouteMetas, RouteName } from '../route-meta.js';

export type IntegrationOffAccess = 'allowed' | 'refused';

type AccessTable = {
  readonly [N in RouteName]: RouteMetas[N]['method'] extends 'GET' ? 'allowed' : IntegrationOffAccess;
};

export const whileIntegrationOff: AccessTable = {
  getSession: 'allowed',
  searchCustomers: 'allowed',
  createCustomer: 'refused',
  getCustomer: 'allowed',
  updateCustomer: 'refused',
  getContactLink: 'allowed',
  putContactLink: 'refused',
  deleteContactLink: 'refused',
  putTimeEntries: 'refused',
  listTimeEntries: 'allowed',
  searchProducts: 'allowed',
  listDocuments: 'allowed',
  documentSummary: 'allowed',
  createDocument: 'refused',
  getDocument: 'allowed',
  updateDocument: 'refused',
  deleteDocument: 'refused',
  cloneDocument: 'refused',
  voidDocument: 'refused',
  markDocumentSent: 'refused',
  emailDocument: 'refused',
  convertDocument: 'refused',
  recordPayment: 'refused',
  documentPdf: 'allowed',
  getConversation: 'allowed',
  openConversation: 'refused',
  listMessages: 'allowed',
  postMessage: 'refused',
  // Reading a thread changes nothing in billing: a read marker still moves.
  markRead: 'allowed',
  getUnread: 'allowed',
  listRecipients: 'allowed',
  getIntegration: 'allowed',
  // An admin must be able to turn the integration back on, or delete it for good.
  updateIntegration: 'allowed',
  deleteIntegration: 'allowed',
  // Signing in changes nothing in billing: the sidebar still shows what exists, read-only.
  zendeskHostSession: 'allowed',
  pipedriveHostSession: 'allowed',
  getBooks: 'allowed',
  // The books connection is an admin's, like the integration settings: it can be repaired while off.
  connectBooks: 'allowed',
  booksCallback: 'allowed',
  updateBooksSettings: 'allowed',
  disconnectBooks: 'allowed',
  // QuickBooks' news about its own books is taken whatever the integration's state.
  quickbooksWebhook: 'allowed',
  events: 'allowed',
  openapi: 'allowed',
};

/** Whether a route may run while the integration is not `enabled`. */
export function allowedWhileIntegrationOff(name: RouteName): boolean {
  return whileIntegrationOff[name] === 'allowed';
}
