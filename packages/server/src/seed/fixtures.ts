/**
 * The demo's fixed people and things, with the ids tests, stories and example pages use. The
 * one copy: the demo seed inserts them, the mocks re-export them, and the example host pages
 * are served them (`/dev/fixtures.json`) instead of writing their own. Host-side objects
 * (contacts, the ticket, the deal) are not stored by the backend: a host page passes them to
 * the components.
 */
import type { Customer, HostContact, Organization, Product, User } from '@ledgerside/contract';

export const organization: Organization = { id: 'org-northwind', name: 'Northwind Support', baseCurrency: 'USD' };

export const users = {
  admin: { id: 'u-admin', name: 'Ada Admin', email: 'ada@northwind.test', role: 'admin', customerId: null },
  agent: { id: 'u-agent', name: 'Alex Agent', email: 'alex@northwind.test', role: 'agent', customerId: null },
  lightAgent: { id: 'u-light', name: 'Lee Light', email: 'lee@northwind.test', role: 'light_agent', customerId: null },
  /** Ana Smith of Acme, on the client side of conversations. */
  client: { id: 'u-client', name: 'Ana Smith', email: 'billing@acme.test', role: 'client', customerId: 'cus-acme' },
  /** A client of another customer: sees none of Acme's things. */
  otherClient: { id: 'u-client-hradec', name: 'Jana Novakova', email: 'jana@hradec.test', role: 'client', customerId: 'cus-hradec' },
} as const satisfies Record<string, User>;

/** Every customer's version and times as seeded (the seed inserts them once). */
const created = '2024-01-15T09:00:00.000Z';

const customerDefaults = {
  firstName: '',
  lastName: '',
  companyName: '',
  secondaryEmail: null,
  phone: '',
  billingAddress: null,
  taxId: '',
  paymentTermsDays: 30,
  template: 'standard',
  taxRatePercent: 0,
  version: 1,
  createdAt: created,
  updatedAt: created,
} as const;

export const customers = {
  acme: {
    ...customerDefaults,
    id: 'cus-acme',
    firstName: 'Ana',
    lastName: 'Smith',
    companyName: 'Acme Corp',
    displayName: 'Acme Corp',
    email: 'billing@acme.test',
    secondaryEmail: 'ap@acme.test',
    phone: '+1 555 0100',
    billingAddress: { line1: '1 Acme Way', line2: 'Suite 100', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
    taxId: 'US-12-3456789',
    currency: 'USD',
    language: 'en',
    timeZone: 'America/Chicago',
    taxRatePercent: 8.25,
  },
  hradec: {
    ...customerDefaults,
    id: 'cus-hradec',
    firstName: 'Jana',
    lastName: 'Novakova',
    companyName: 'Hradec Software s.r.o.',
    displayName: 'Hradec Software',
    email: 'fakturace@hradec.test',
    /** Jana's own address: found only when secondary-email matching is on. */
    secondaryEmail: 'jana@hradec.test',
    billingAddress: { line1: 'Velke namesti 1', city: 'Hradec Kralove', postalCode: '50003', country: 'CZ' },
    taxId: 'CZ12345678',
    currency: 'CZK',
    language: 'cs',
    timeZone: 'Europe/Prague',
    paymentTermsDays: 14,
    template: 'detailed',
    taxRatePercent: 21,
  },
  umbrella: {
    ...customerDefaults,
    id: 'cus-umbrella',
    companyName: 'Umbrella Ltd',
    displayName: 'Umbrella Ltd',
    email: 'accounts@umbrella.test',
    currency: 'GBP',
    language: 'en-GB',
    timeZone: 'Europe/London',
    taxRatePercent: 20,
  },
} as const satisfies Record<string, Customer>;

/** The helpdesk's requesters. */
export const contacts = {
  /** Mapped to Acme; her address differs from Acme's (Suite 200), so "push update" has work. */
  ana: {
    id: 'contact-ana',
    firstName: 'Ana',
    lastName: 'Smith',
    name: 'Ana Smith',
    email: 'billing@acme.test',
    company: 'Acme Corp',
    phone: '+1 555 0100',
    address: { line1: '1 Acme Way', line2: 'Suite 200', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
    taxId: 'US-12-3456789',
  },
  /** Not mapped; her email is Hradec's secondary email. */
  jana: { id: 'contact-jana', firstName: 'Jana', lastName: 'Novakova', name: 'Jana Novakova', email: 'jana@hradec.test', company: 'Hradec Software s.r.o.' },
  /** Not mapped and matching no customer: the "create customer" path. */
  noah: { id: 'contact-noah', firstName: 'Noah', lastName: 'Newman', name: 'Noah Newman', email: 'noah@newco.test', company: 'NewCo', phone: '+44 20 7946 0000' },
} as const satisfies Record<string, HostContact>;

export const products = {
  setup: { id: 'prod-setup', sku: 'SETUP', name: 'Onboarding setup', description: 'One-time account setup', unitPrice: 50000, currency: 'USD', taxRatePercent: 8.25 },
  seat: { id: 'prod-seat', sku: 'SEAT-M', name: 'Seat licence (monthly)', description: 'One user, one month', unitPrice: 2900, currency: 'USD', taxRatePercent: 8.25 },
  support: { id: 'prod-support', sku: 'SUP-PREM', name: 'Premium support (monthly)', description: '24/7 support', unitPrice: 19900, currency: 'USD', taxRatePercent: 8.25 },
  training: { id: 'prod-training', sku: 'TRAIN-D', name: 'Training day', description: 'On-site training, one day', unitPrice: 80000, currency: 'USD', taxRatePercent: 0 },
  hosting: { id: 'prod-hosting', sku: 'HOST-M', name: 'Hosting (monthly)', description: 'Managed hosting', unitPrice: 4900, currency: 'USD', taxRatePercent: 8.25 },
} as const satisfies Record<string, Product>;

/** The helpdesk ticket of the demo: billable and non-billable time. */
export const ticket = { id: 'ticket-1001', subject: 'Printer integration stopped syncing', contactId: contacts.ana.id, customerId: customers.acme.id } as const;

/** The CRM deal of the demo: products to quote. */
export const deal = {
  id: 'deal-2001',
  title: 'Acme expansion',
  contactId: contacts.ana.id,
  customerId: customers.acme.id,
  products: [
    { productId: products.setup.id, quantity: 1 },
    { productId: products.seat.id, quantity: 10 },
    { productId: products.training.id, quantity: 2 },
  ],
} as const;

export const HOURLY_RATE = 12000;

/** The ticket's time, dated relative to the day the seed runs. */
export const timeEntries = [
  { hostId: 'te-1', days: -3, minutes: 90, description: 'Diagnosed the sync failure', billable: true, by: users.agent },
  { hostId: 'te-2', days: -2, minutes: 45, description: 'Patched the connector configuration', billable: true, by: users.agent },
  { hostId: 'te-3', days: -2, minutes: 30, description: 'Internal handover notes', billable: false, by: users.lightAgent },
  { hostId: 'te-4', days: -61, minutes: 60, description: 'Initial setup call', billable: true, by: users.agent },
] as const;

/** Everything above, as the example host pages fetch it. */
export const fixtures = { organization, users, customers, contacts, products, ticket, deal, hourlyRate: HOURLY_RATE } as const;
