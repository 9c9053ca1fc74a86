/**
 * The demo data, seeded once on first start (a second start finds it). Built through the
 * services, so numbers, totals, locks and events are exactly what the API makes.
 *
 * The people and things come from `./fixtures.ts`, the one copy the mocks and the example
 * pages use too. A second, small organization (Globex) shows tenant isolation.
 */
import { canTransition, permissionsOf, todayIso, type Customer, type DocumentStatus, type Role } from '@ledgerside/contract';
import { contacts, customers, HOURLY_RATE, products, ticket, timeEntries, users } from './fixtures.js';
import type { Db, Sql } from '../db/types.js';
import { SCHEMA_LOCK } from '../db/migrations.js';
import { allowOrigins } from '../provision.js';
import { registerHostInstallation } from '../host-installations.js';
import { demoHosts } from './demo-hosts.js';
import { addDays, randomSecret, type Actor } from '../services/common.js';
import { putContactLink } from '../services/contact-links.js';
import { openConversation, postMessage } from '../services/conversations.js';
import * as documents from '../services/documents.js';
import { putTimeEntries } from '../services/time-entries.js';

export const demoIds = {
  organizationId: 'org-northwind',
  users: {
    admin: 'u-admin',
    agent: 'u-agent',
    lightAgent: 'u-light',
    client: 'u-client',
    otherClient: 'u-client-hradec',
  },
  customers: { acme: 'cus-acme', hradec: 'cus-hradec', umbrella: 'cus-umbrella' },
  /** Host contacts: Ana is mapped to Acme; Jana matches Hradec by secondary email; Noah matches nobody. */
  contacts: { mapped: 'contact-ana', secondaryEmailMatch: 'contact-jana', unmatched: 'contact-noah' },
  ticketId: 'ticket-1001',
  dealId: 'deal-2001',
  timeEntries: { billable: ['te-1', 'te-2'], nonBillable: 'te-3', invoiced: 'te-4' },
  invoices: {
    paid: 'doc-inv-paid',
    overdue: 'doc-inv-overdue',
    void: 'doc-inv-void',
    partiallyPaid: 'doc-inv-partial',
    sent: 'doc-inv-sent',
    deleted: 'doc-inv-deleted',
    otherCurrency: 'doc-inv-czk',
    draft: 'doc-inv-draft',
  },
  quotes: {
    expired: 'doc-qt-expired',
    invoiced: 'doc-qt-invoiced',
    declined: 'doc-qt-declined',
    accepted: 'doc-qt-accepted',
    sent: 'doc-qt-sent',
    draft: 'doc-qt-draft',
  },
  conversationId: 'conv-inv-sent',
  messages: ['msg-demo-1', 'msg-demo-2', 'msg-demo-3', 'msg-demo-4'],
  /** Another organization: its ids must answer 404 to Northwind's users. */
  second: {
    organizationId: 'org-globex',
    users: { admin: 'u-globex-admin', agent: 'u-globex-agent' },
    customers: { initech: 'cus-initech' },
    invoices: { draft: 'doc-globex-draft' },
  },
} as const;

/** The helpdesk requesters (the fixtures' contacts), as the seed links Ana. */
export const demoHostContacts = contacts;

interface SeedUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  customerId?: string | null;
}

const northwindUsers = users;

export interface SeedOptions {
  /** Origins the demo organization's pages may call from (CORS). */
  allowedOrigins?: string[];
  /** The demo organization's billing app URL template; the server's own /dev/billing/ page. */
  billingAppUrl?: string;
}

/** Seeds the demo organizations when missing; true when it seeded. */
export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Two processes starting together must not seed twice.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK + 1]);
    const [existing] = await tx.query('SELECT id FROM organizations WHERE id = $1', [demoIds.organizationId]);
    if (!existing) {
      await seedNorthwind(tx);
      await seedGlobex(tx);
      await seedHostInstallations(tx);
      // Seed activity is history, not mail to send.
      await tx.query('DELETE FROM outbox');
    }
    if (options.allowedOrigins?.length) await allowOrigins(tx, demoIds.organizationId, options.allowedOrigins);
    // The port may differ from the last run: follow it, unless someone set another billing app.
    if (options.billingAppUrl) {
      await tx.query(
        `UPDATE organizations SET billing_app_url = $2 WHERE id = $1 AND (billing_app_url IS NULL OR billing_app_url LIKE '%/dev/billing/%')`,
        [demoIds.organizationId, options.billingAppUrl],
      );
    }
    return !existing;
  });
}

/** The host simulators' installations (see ./demo-hosts.ts), serving Northwind as agents. */
async function seedHostInstallations(sql: Sql): Promise<void> {
  await registerHostInstallation(sql, { framework: 'zendesk', id: demoHosts.zendesk.id, organizationId: demoIds.organizationId, key: demoHosts.zendesk.publicKey });
  await registerHostInstallation(sql, { framework: 'pipedrive', id: demoHosts.pipedrive.id, organizationId: demoIds.organizationId, key: demoHosts.pipedrive.secret });
}

/** The `empty` scenario: Northwind and its people, no customers, documents or threads. */
export async function seedEmpty(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await seedNorthwindPeople(tx);
    await tx.query('DELETE FROM outbox');
  });
}

/** The demo organizations' document templates (the mocks' scenarios have the same). */
const DEMO_TEMPLATES = [
  { id: 'standard', name: 'Standard' },
  { id: 'compact', name: 'Compact' },
  { id: 'detailed', name: 'Detailed (itemized)' },
];

// The demo matches requesters by secondary email too: that is how "Jana" finds Hradec Software.
async function insertOrganization(sql: Sql, org: { id: string; name: string; currency: string; details: object }): Promise<void> {
  await sql.query(
    `INSERT INTO organizations (id, name, base_currency, jwt_secret, details, match_secondary_email, templates)
     VALUES ($1, $2, $3, $4, $5::jsonb, true, $6::jsonb)`,
    [org.id, org.name, org.currency, randomSecret(), JSON.stringify(org.details), JSON.stringify(DEMO_TEMPLATES)],
  );
}

async function insertUsers(sql: Sql, organizationId: string, users: readonly SeedUser[]): Promise<void> {
  for (const u of users) {
    await sql.query('INSERT INTO users (organization_id, id, name, email, role, customer_id) VALUES ($1, $2, $3, $4, $5, $6)', [
      organizationId,
      u.id,
      u.name,
      u.email,
      u.role,
      u.customerId ?? null,
    ]);
  }
}

const actorOf = (organizationId: string, user: SeedUser): Actor => ({
  organizationId,
  userId: user.id,
  name: user.name,
  email: user.email,
  role: user.role,
  customerId: user.customerId ?? null,
  permissions: permissionsOf(user.role),
});

/** A customer as the fixtures hold it; what the database fills itself may be left out. */
type SeedCustomer = Pick<Customer, 'id' | 'displayName' | 'companyName' | 'email' | 'billingAddress' | 'currency' | 'language' | 'timeZone' | 'taxRatePercent'> &
  Partial<Pick<Customer, 'firstName' | 'lastName' | 'secondaryEmail' | 'phone' | 'taxId' | 'paymentTermsDays' | 'template' | 'createdAt'>>;

async function insertCustomer(sql: Sql, organizationId: string, c: SeedCustomer): Promise<void> {
  await sql.query(
    `INSERT INTO customers (id, organization_id, first_name, last_name, company_name, display_name, email,
       secondary_email, phone, billing_address, tax_id, currency, language, time_zone, payment_terms_days, template,
       tax_rate_percent, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14, $15, $16, $17, $18, $18)`,
    [
      c.id,
      organizationId,
      c.firstName ?? '',
      c.lastName ?? '',
      c.companyName,
      c.displayName,
      c.email,
      c.secondaryEmail ?? null,
      c.phone ?? '',
      JSON.stringify(c.billingAddress),
      c.taxId ?? '',
      c.currency,
      c.language,
      c.timeZone,
      c.paymentTermsDays ?? 30,
      c.template ?? 'standard',
      c.taxRatePercent,
      c.createdAt ?? new Date().toISOString(),
    ],
  );
}

/** Timestamps as the mocks pin them: `minutes` after 09:00 UTC on a day relative to today. */
const atTime = (today: string, days: number, minutes = 0) =>
  new Date(Date.parse(`${addDays(today, days)}T09:00:00Z`) + minutes * 60_000);

type Line = {
  description: string;
  quantity: number;
  unitPrice: number;
  discountPercent: number;
  taxRatePercent: number;
  timeEntryIds: string[];
  productId: string | null;
};


const product = (p: (typeof products)[keyof typeof products], quantity: number): Line => ({
  description: p.name,
  quantity,
  unitPrice: p.unitPrice,
  discountPercent: 0,
  taxRatePercent: p.taxRatePercent,
  timeEntryIds: [],
  productId: p.id,
});
const hours = (description: string, quantity: number, timeEntryIds: string[] = []): Line => ({
  description,
  quantity,
  unitPrice: HOURLY_RATE,
  discountPercent: 0,
  taxRatePercent: 8.25,
  timeEntryIds,
  productId: null,
});
const plain = (description: string, quantity: number, unitPrice: number, taxRatePercent = 0): Line => ({
  description,
  quantity,
  unitPrice,
  discountPercent: 0,
  taxRatePercent,
  timeEntryIds: [],
  productId: null,
});

/** Northwind and its people, nothing else: the `empty` scenario. */
async function seedNorthwindPeople(sql: Sql): Promise<void> {
  const org = demoIds.organizationId;
  await insertOrganization(sql, {
    id: org,
    name: 'Northwind Support',
    currency: 'USD',
    details: {
      email: 'billing@northwind.test',
      phone: '+1 555 0199',
      taxId: 'US-98-7654321',
      address: { line1: '12 Harbor Street', city: 'Portland', region: 'OR', postalCode: '97201', country: 'US' },
    },
  });
  await insertUsers(sql, org, Object.values(northwindUsers));
}

/**
 * What every scenario with data shares: Northwind's people, customers, catalogue, the ticket's
 * time and Ana's link. The demo adds its documents and thread; `many` its bulk.
 */
export async function seedNorthwindBase(sql: Sql, today: string): Promise<void> {
  const org = demoIds.organizationId;
  await seedNorthwindPeople(sql);
  const agent = actorOf(org, northwindUsers.agent);
  for (const c of Object.values(customers)) await insertCustomer(sql, org, c);
  for (const p of Object.values(products)) {
    await sql.query(
      `INSERT INTO products (id, organization_id, sku, name, description, unit_price, currency, tax_rate_percent)
       VALUES ($1, $2, $3, $4, $5, $6, 'USD', $7)`,
      [p.id, org, p.sku, p.name, p.description, p.unitPrice, p.taxRatePercent],
    );
  }

  await putTimeEntries(sql, agent, {
    ticketId: ticket.id,
    entries: timeEntries.map((e) => ({
      hostId: e.hostId,
      userId: e.by.id,
      userName: e.by.name,
      date: addDays(today, e.days),
      minutes: e.minutes,
      description: e.description,
      billable: e.billable,
      hourlyRate: HOURLY_RATE,
      currency: 'USD',
    })),
  });
  await putContactLink(sql, agent, demoHostContacts.ana.id, { contact: demoHostContacts.ana, customerId: 'cus-acme' });
}

async function seedNorthwind(sql: Sql): Promise<void> {
  const org = demoIds.organizationId;
  const today = todayIso();
  await seedNorthwindBase(sql, today);
  const admin = actorOf(org, northwindUsers.admin);
  const agent = actorOf(org, northwindUsers.agent);

  // Documents in every status, in the mocks' order (so the numbers match), each moved by the
  // services and then given the mocks' timestamps.
  const I = demoIds.invoices;
  const Q = demoIds.quotes;
  const stamp = (id: string, days: number, minutes = 0) =>
    sql.query('UPDATE documents SET created_at = $2, updated_at = $2 WHERE id = $1', [id, atTime(today, days, minutes)]);
  const touched = (id: string, days: number, minutes = 0) =>
    sql.query('UPDATE documents SET updated_at = $2 WHERE id = $1', [id, atTime(today, days, minutes)]);
  const create = async (id: string, kind: 'invoice' | 'quote', days: number, lines: Line[], customerId = 'cus-acme', currency = 'USD') => {
    const links = kind === 'quote' ? { dealId: demoIds.dealId } : customerId === 'cus-acme' ? { ticketId: demoIds.ticketId } : {};
    await documents.createDocument(sql, admin, { kind, customerId, currency, issueDate: addDays(today, days), ...links, lines }, { id });
    await stamp(id, days);
  };
  const send = async (id: string, days: number) => {
    await documents.markDocumentSent(sql, admin, id, null);
    await sql.query('UPDATE documents SET sent_at = $2, updated_at = $2 WHERE id = $1', [id, atTime(today, days, 5)]);
  };
  /** A quote's answer comes from the billing app (no route sets it); still the contract's rule. */
  const answer = async (id: string, days: number, to: DocumentStatus) => {
    const [row] = await sql.query<{ status: DocumentStatus }>('SELECT status FROM documents WHERE id = $1', [id]);
    const move = canTransition('quote', row!.status, to);
    if (!move.ok) throw new Error(`seed: ${row!.status} → ${to}: ${move.message}`);
    await sql.query('UPDATE documents SET status = $2, version = version + 1, updated_at = $3 WHERE id = $1', [id, to, atTime(today, days, 10)]);
  };
  const pay = async (id: string, days: number, amount: number | 'balance', method: 'card' | 'bank_transfer', reference: string) => {
    const doc = await documents.getDocument(sql, admin, id);
    const result = await documents.recordPayment(sql, admin, id, {
      amount: amount === 'balance' ? doc.balance : amount,
      date: addDays(today, days),
      method,
      reference,
    });
    await sql.query('UPDATE payments SET created_at = $2 WHERE id = $1', [result.payment.id, atTime(today, days)]);
    await touched(id, days);
  };

  await create(I.paid, 'invoice', -60, [hours('Initial setup call', 1, ['te-4']), product(products.hosting, 1)]);
  await send(I.paid, -60);
  await pay(I.paid, -40, 'balance', 'card', 'ch_demo_1');

  await create(Q.expired, 'quote', -50, [product(products.training, 3)]);
  await send(Q.expired, -50);
  await answer(Q.expired, -20, 'expired');

  await create(I.overdue, 'invoice', -45, [hours('Emergency support call', 2)]);
  await send(I.overdue, -45);

  await create(I.void, 'invoice', -35, [plain('March retainer (issued twice)', 1, 50000)]);
  await send(I.void, -35);
  await documents.voidDocument(sql, admin, I.void, null);
  await touched(I.void, -34);

  await create(Q.invoiced, 'quote', -20, [product(products.setup, 1), product(products.seat, 10)]);
  await send(Q.invoiced, -19);

  await create(Q.declined, 'quote', -18, [product(products.support, 12)]);
  await send(Q.declined, -18);
  await answer(Q.declined, -10, 'declined');

  await create(Q.accepted, 'quote', -15, [product(products.setup, 1), product(products.seat, 10), product(products.training, 2)]);
  await send(Q.accepted, -15);
  await answer(Q.accepted, -8, 'accepted');

  await documents.convertDocument(sql, admin, Q.invoiced, null, { invoiceId: I.partiallyPaid, issueDate: addDays(today, -12) });
  await stamp(I.partiallyPaid, -12);
  await touched(Q.invoiced, -12);
  await send(I.partiallyPaid, -12);
  await pay(I.partiallyPaid, -5, 30000, 'bank_transfer', 'Wire 4471');

  await create(I.sent, 'invoice', -6, [hours('Configuration work', 3)]);
  await send(I.sent, -5);

  await create(I.deleted, 'invoice', -4, [plain('Test invoice', 1, 100)]);
  await documents.deleteDocument(sql, admin, I.deleted, null);
  await touched(I.deleted, -4, 30);

  await create(I.otherCurrency, 'invoice', -3, [plain('Ledger Pro licence', 10, 125000, 21)], 'cus-hradec', 'CZK');
  await send(I.otherCurrency, -3);

  await create(Q.sent, 'quote', -2, [product(products.seat, 20), product(products.support, 1)]);
  await send(Q.sent, -1);

  await create(I.draft, 'invoice', -1, [hours('Follow-up consultation', 1.5)]);
  await create(Q.draft, 'quote', 0, [product(products.training, 1)]);

  // The thread on the sent invoice: the client and the admin wrote after the agent, so the
  // agent has three unread messages.
  const conversation = await openConversation(sql, agent, { transactionType: 'invoice', transactionId: I.sent }, { id: demoIds.conversationId });
  const [m1, m2, m3, m4] = demoIds.messages;
  const client = actorOf(org, northwindUsers.client);
  const say = async (id: string, who: Actor, to: string[], body: string, days: number, minutes: number) => {
    await postMessage(sql, who, conversation.id, { recipientIds: to, body }, noLinks, { id });
    await sql.query('UPDATE messages SET created_at = $2 WHERE id = $1', [id, atTime(today, days, minutes)]);
  };
  await sql.query('UPDATE conversations SET created_at = $2 WHERE id = $1', [conversation.id, atTime(today, -5, 30)]);
  await say(m1, agent, ['u-client'], "Hi Ana, here is the invoice for last week's configuration work.", -5, 30);
  await say(m2, client, ['u-agent'], 'Thanks! Could you split the hours by day?', -4, 60);
  await say(m3, admin, ['u-agent'], 'I can re-issue it with a daily breakdown if she needs it.', -4, 90);
  await say(m4, client, ['u-agent', 'u-admin'], 'Also, can we pay by card?', -1, 120);
}

const noLinks = { transactionUrl: () => '' };

async function seedGlobex(sql: Sql): Promise<void> {
  const ids = demoIds.second;
  await insertOrganization(sql, { id: ids.organizationId, name: 'Globex Billing', currency: 'EUR', details: { email: 'billing@globex.test' } });
  const users: SeedUser[] = [
    { id: ids.users.admin, name: 'Gus Globex', email: 'gus@globex.test', role: 'admin' },
    { id: ids.users.agent, name: 'Gina Globex', email: 'gina@globex.test', role: 'agent' },
  ];
  await insertUsers(sql, ids.organizationId, users);
  await insertCustomer(sql, ids.organizationId, {
    id: ids.customers.initech,
    firstName: 'Peter',
    lastName: 'Gibbons',
    companyName: 'Initech GmbH',
    displayName: 'Initech GmbH',
    email: 'peter@initech.test',
    billingAddress: { line1: 'Hauptstrasse 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    taxId: 'DE123456789',
    currency: 'EUR',
    language: 'de',
    timeZone: 'Europe/Berlin',
    taxRatePercent: 19,
  });
  await documents.createDocument(
    sql,
    actorOf(ids.organizationId, users[1]!),
    { kind: 'invoice', customerId: ids.customers.initech, currency: 'EUR', issueDate: todayIso(), lines: [plain('TPS report review', 3, 9_000, 19)] },
    { id: ids.invoices.draft },
  );
}
