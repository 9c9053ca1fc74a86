/** Session, integration settings, customers, contact links, time entries and the catalogue. */
import {
  permissionsOf,
  routes,
  summarizeDocuments,
  type ContactLink,
  type Customer,
  type CustomerWithBalance,
  type HostContact,
  type IntegrationSettings,
  type Product,
  type Session,
  type TimeEntry,
  defaultTemplate,
} from '@ledgerside/contract';
import { badRequest, notFound, refused } from '../errors.js';
import { pageByOffset, type Page } from '../paging.js';
import { parse } from '../validate.js';
import { StoreCore } from './core.js';
import type { Actor, LinkRow, WriteOptions } from './types.js';

export abstract class CustomersPart extends StoreCore {
  getSession(actor: Actor): Session {
    const user = this.authorize(actor, 'getSession');
    return {
      user,
      organization: this.organization,
      permissions: [...permissionsOf(user.role)],
      integration: this.integration,
    };
  }

  getIntegration(actor: Actor): IntegrationSettings {
    this.authorize(actor, 'getIntegration');
    return this.integration;
  }

  /** Enable or disable (every link is kept), sync mode, secondary-email matching. */
  updateIntegration(actor: Actor, input: unknown): IntegrationSettings {
    this.authorize(actor, 'updateIntegration');
    const body = parse(routes.updateIntegration.body, input, 'request body');
    this.integration = { ...this.integration, ...given(body), updatedAt: this.nowIso() };
    this.emitIntegration();
    return this.integration;
  }

  /** Deleting the integration removes every mapping, permanently. */
  deleteIntegration(actor: Actor): IntegrationSettings {
    this.authorize(actor, 'deleteIntegration');
    for (const [contactId, link] of this.links) this.emitUnmapped(contactId, link.customerId);
    this.links.clear();
    this.integration = { ...this.integration, state: 'deleted', updatedAt: this.nowIso() };
    this.emitIntegration();
    return this.integration;
  }

  /** `email` matches the primary email, and the secondary one when the settings say so. */
  searchCustomers(actor: Actor, input: unknown = {}): Page<CustomerWithBalance> {
    this.authorize(actor, 'searchCustomers');
    const query = parse(routes.searchCustomers.query, input, 'query');
    const email = query.email?.toLowerCase();
    const text = query.q?.toLowerCase();
    const found: CustomerWithBalance[] = [];
    for (const c of this.sortedCustomers()) {
      let matchedBy: CustomerWithBalance['matchedBy'];
      if (email !== undefined) {
        if (c.email.toLowerCase() === email) matchedBy = 'email';
        else if (this.integration.matchSecondaryEmail && c.secondaryEmail?.toLowerCase() === email) matchedBy = 'secondary_email';
        else continue;
      }
      if (text) {
        const haystack = [c.displayName, c.companyName, c.firstName, c.lastName, c.email, c.secondaryEmail ?? '']
          .join('\n')
          .toLowerCase();
        if (!haystack.includes(text)) continue;
        matchedBy ??= 'query';
      }
      found.push(matchedBy ? { ...this.customerView(c), matchedBy } : this.customerView(c));
    }
    return pageByOffset(found, query.cursor, query.limit);
  }

  /** `copyPreferencesFrom` copies payment terms, currency, language, template and tax over the body's. */
  createCustomer(actor: Actor, input: unknown, options: WriteOptions = {}): CustomerWithBalance {
    const user = this.authorize(actor, 'createCustomer');
    const body = parse(routes.createCustomer.body, input, 'request body');
    return this.once(user, 'createCustomer', options.idempotencyKey, body, () => {
      const source = body.copyPreferencesFrom === undefined ? null : this.customers.get(body.copyPreferencesFrom);
      if (source === undefined) {
        throw refused('unknown_customer', 'There is no customer to copy preferences from.', [
          { path: ['copyPreferencesFrom'], message: 'No such customer' },
        ]);
      }
      if (!source) this.checkTemplate(body.template);
      const at = this.nowIso();
      const customer: Customer = {
        id: this.newId('cus', (id) => this.customers.has(id)),
        firstName: body.firstName ?? '',
        lastName: body.lastName ?? '',
        companyName: body.companyName ?? '',
        displayName: body.displayName,
        email: body.email,
        secondaryEmail: body.secondaryEmail ?? null,
        phone: body.phone ?? '',
        billingAddress: body.billingAddress ?? null,
        taxId: body.taxId ?? '',
        currency: source?.currency ?? body.currency,
        language: source?.language ?? body.language,
        timeZone: source?.timeZone ?? body.timeZone,
        paymentTermsDays: source?.paymentTermsDays ?? body.paymentTermsDays ?? 30,
        template: source?.template ?? body.template ?? defaultTemplate(this.integration.templates),
        taxRatePercent: source?.taxRatePercent ?? body.taxRatePercent ?? 0,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      this.customers.set(customer.id, customer);
      return this.customerView(customer);
    });
  }

  getCustomer(actor: Actor, id: string): CustomerWithBalance {
    this.authorize(actor, 'getCustomer');
    return this.customerView(this.customerOr404(id));
  }

  updateCustomer(actor: Actor, id: string, input: unknown, options: WriteOptions = {}): CustomerWithBalance {
    this.authorize(actor, 'updateCustomer');
    const patch = parse(routes.updateCustomer.body, input, 'request body');
    const current = this.customerOr404(id);
    this.checkVersion(current.version, options.ifMatch, () => this.customerView(current));
    if (patch.template !== current.template) this.checkTemplate(patch.template);
    const next: Customer = { ...current, ...given(patch), version: current.version + 1, updatedAt: this.nowIso() };
    this.customers.set(id, next);
    return this.customerView(next);
  }

  getContactLink(actor: Actor, contactId: string): { link: ContactLink | null } {
    this.authorize(actor, 'getContactLink');
    const row = this.links.get(contactId);
    return { link: row ? this.linkView(contactId, row) : null };
  }

  putContactLink(actor: Actor, contactId: string, input: unknown): ContactLink {
    const user = this.authorize(actor, 'putContactLink');
    const body = parse(routes.putContactLink.body, input, 'request body');
    if (body.contact.id !== contactId) {
      throw badRequest('The contact in the body is not the one in the path.', [
        { path: ['contact', 'id'], message: 'Must equal the contact id in the path' },
      ]);
    }
    if (!this.customers.has(body.customerId)) {
      throw refused('unknown_customer', 'There is no such customer to map to.', [{ path: ['customerId'], message: 'No such customer' }]);
    }
    const row: LinkRow = { contact: body.contact, customerId: body.customerId, linkedAt: this.nowIso(), linkedBy: user.id };
    this.links.set(contactId, row);
    const link = this.linkView(contactId, row);
    this.events.emit('contact.mapped', this.nowIso(), (viewer) => (viewer.role === 'client' ? null : link));
    return link;
  }

  /** Unmapping twice is fine: the second does nothing. */
  deleteContactLink(actor: Actor, contactId: string): void {
    this.authorize(actor, 'deleteContactLink');
    const row = this.links.get(contactId);
    if (!row) return;
    this.links.delete(contactId);
    this.emitUnmapped(contactId, row.customerId);
  }

  /** Upserts by host id; an entry keeps the invoice it is locked to. */
  putTimeEntries(actor: Actor, input: unknown): { items: TimeEntry[] } {
    this.authorize(actor, 'putTimeEntries');
    const body = parse(routes.putTimeEntries.body, input, 'request body');
    for (const entry of body.entries) {
      const existing = this.timeEntries.get(entry.hostId);
      this.timeEntries.set(entry.hostId, { ...entry, ticketId: body.ticketId, invoicedBy: existing?.invoicedBy ?? null });
    }
    return { items: this.entriesOf(body.ticketId) };
  }

  listTimeEntries(actor: Actor, input: unknown): { items: TimeEntry[] } {
    this.authorize(actor, 'listTimeEntries');
    const query = parse(routes.listTimeEntries.query, input, 'query');
    return { items: this.entriesOf(query.ticketId) };
  }

  searchProducts(actor: Actor, input: unknown = {}): Page<Product> {
    this.authorize(actor, 'searchProducts');
    const query = parse(routes.searchProducts.query, input, 'query');
    const text = query.q?.trim().toLowerCase();
    const found = [...this.products.values()]
      .filter((p) => !text || `${p.sku}\n${p.name}\n${p.description}`.toLowerCase().includes(text))
      .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id));
    return pageByOffset(found, query.cursor, query.limit);
  }

  addCustomer(customer: Customer): void {
    this.customers.set(customer.id, customer);
  }

  addProduct(product: Product): void {
    this.products.set(product.id, product);
  }

  /** Adds time entries as the host would; used by scenarios. */
  addTimeEntries(ticketId: string, entries: readonly Omit<TimeEntry, 'ticketId' | 'invoicedBy'>[]): void {
    for (const e of entries) this.timeEntries.set(e.hostId, { ...e, ticketId, invoicedBy: null });
  }

  /** Maps a host contact without events, for scenarios. */
  addLink(contact: HostContact, customerId: string, linkedBy: string): void {
    this.links.set(contact.id, { contact, customerId, linkedAt: this.nowIso(), linkedBy });
  }

  protected customerOr404(id: string): Customer {
    const customer = this.customers.get(id);
    if (!customer) throw notFound('The customer');
    return customer;
  }

  protected entriesOf(ticketId: string): TimeEntry[] {
    return [...this.timeEntries.values()]
      .filter((e) => e.ticketId === ticketId)
      .sort((a, b) => a.date.localeCompare(b.date) || a.hostId.localeCompare(b.hostId));
  }

  /** `outstanding` is the contract's summary of the customer's documents, in its currency. */
  protected customerView(customer: Customer): CustomerWithBalance {
    const docs = (this.documentsByCustomer.get(customer.id) ?? []).map((row) => row.doc);
    const sums = summarizeDocuments(docs, this.today()).currencies.find((c) => c.currency === customer.currency);
    return { ...customer, outstanding: sums?.outstanding ?? 0 };
  }

  protected linkView(contactId: string, row: LinkRow): ContactLink {
    const customer = this.customers.get(row.customerId)!;
    return { contactId, customerId: row.customerId, contact: row.contact, customer: this.customerView(customer), linkedAt: row.linkedAt, linkedBy: row.linkedBy };
  }

  protected sortedCustomers(): Customer[] {
    return [...this.customers.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en') || a.id.localeCompare(b.id));
  }

  protected emitUnmapped(contactId: string, customerId: string): void {
    this.events.emit('contact.unmapped', this.nowIso(), (viewer) => (viewer.role === 'client' ? null : { contactId, customerId }));
  }

  protected emitIntegration(): void {
    const settings = this.integration;
    this.events.emit('integration.changed', settings.updatedAt, (viewer) => (viewer.role === 'client' ? null : settings));
  }
}

/** The keys of a parsed patch that were given. */
function given<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
