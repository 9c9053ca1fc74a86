/**
 * The demo data, seeded once on first start (idempotent: a second start finds it). Built
 * through the services, so numbers, totals, locks and events are exactly what the API makes.
 * Ids that example pages refer to are fixed and exported as `demoIds`.
 */
import { randomBytes } from 'node:crypto';
import { canTransition, permissionsOf, todayIso, type DocumentStatus, type Role } from '@ledgerside/contract';
import type { Db, Sql } from '../db/db.js';
import { SCHEMA_LOCK } from '../db/migrations.js';
import { addDays, type Actor } from '../services/common.js';
import { putContactLink } from '../services/contact-links.js';
import { openConversation, postMessage } from '../services/conversations.js';
import * as documents from '../services/documents.js';
import { putTimeEntries } from '../services/time-entries.js';

export const demoIds = {
  organization: 'org_northwind',
  secondOrganization: 'org_globex',
  users: {
    admin: 'u-ada',
    agent: 'u-alex',
    lightAgent: 'u-lena',
    client: 'u-carla',
    secondAdmin: 'u-gus',
    secondAgent: 'u-gina',
  },
  customers: { acme: 'cus_acme', bodega: 'cus_bodega', praha: 'cus_praha', globex: 'cus_initech' },
  /** Host contacts: the first is mapped to Acme, the second to nobody yet. */
  contacts: { mapped: 'contact-1001', unmapped: 'contact-1002' },
  ticket: 'TICKET-1001',
  deal: 'DEAL-501',
} as const;

interface SeedUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  customerId?: string;
}

export interface SeedOptions {
  /** Origins the demo organization's pages may call from (CORS). */
  allowedOrigins?: string[];
}

/** Seeds the demo organizations when missing; true when it seeded. */
export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Two processes starting together must not seed twice.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK + 1]);
    const [existing] = await tx.query('SELECT id FROM organizations WHERE id = $1', [demoIds.organization]);
    if (existing) {
      if (options.allowedOrigins?.length) await allowOrigins(tx, demoIds.organization, options.allowedOrigins);
      return false;
    }
    await seedNorthwind(tx, options.allowedOrigins ?? []);
    await seedGlobex(tx);
    // Seed activity is history, not mail to send.
    await tx.query('DELETE FROM outbox');
    return true;
  });
}

/** Adds origins (e.g. this start's port) to an organization's CORS list. */
export async function allowOrigins(sql: Sql, organizationId: string, origins: string[]): Promise<void> {
  await sql.query(
    `UPDATE organizations SET allowed_origins = (
       SELECT jsonb_agg(DISTINCT o) FROM (
         SELECT jsonb_array_elements_text(allowed_origins) AS o UNION SELECT jsonb_array_elements_text($2::jsonb)
       ) all_origins)
     WHERE id = $1`,
    [organizationId, JSON.stringify(origins)],
  );
}

async function insertOrganization(
  sql: Sql,
  org: { id: string; name: string; currency: string; origins: string[]; details: object },
): Promise<void> {
  await sql.query(
    `INSERT INTO organizations (id, name, base_currency, jwt_secret, allowed_origins, details)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)`,
    [org.id, org.name, org.currency, randomBytes(32).toString('base64url'), JSON.stringify(org.origins), JSON.stringify(org.details)],
  );
}

async function insertUsers(sql: Sql, organizationId: string, users: SeedUser[]): Promise<void> {
  for (const u of users) {
    await sql.query(
      'INSERT INTO users (organization_id, id, name, email, role, customer_id) VALUES ($1, $2, $3, $4, $5, $6)',
      [organizationId, u.id, u.name, u.email, u.role, u.customerId ?? null],
    );
  }
}

function actor(organizationId: string, user: SeedUser): Actor {
  return {
    organizationId,
    userId: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    customerId: user.customerId ?? null,
    permissions: permissionsOf(user.role),
  };
}

interface SeedCustomer {
  id: string;
  displayName: string;
  companyName: string;
  firstName: string;
  lastName: string;
  email: string;
  secondaryEmail?: string;
  currency: string;
  language: string;
  timeZone: string;
  address: { line1: string; city: string; postalCode: string; country: string };
  taxId: string;
  taxRatePercent: number;
}

async function insertCustomer(sql: Sql, organizationId: string, c: SeedCustomer): Promise<void> {
  await sql.query(
    `INSERT INTO customers (id, organization_id, first_name, last_name, company_name, display_name, email,
       secondary_email, phone, billing_address, tax_id, currency, language, time_zone, payment_terms_days, template,
       tax_rate_percent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9::jsonb, $10, $11, $12, $13, 30, 'classic', $14)`,
    [
      c.id,
      organizationId,
      c.firstName,
      c.lastName,
      c.companyName,
      c.displayName,
      c.email,
      c.secondaryEmail ?? null,
      JSON.stringify(c.address),
      c.taxId,
      c.currency,
      c.language,
      c.timeZone,
      c.taxRatePercent,
    ],
  );
}

/** Statuses no route sets directly (a quote's answer): moved here, still through the contract's rule. */
async function setStatus(sql: Sql, id: string, kind: 'invoice' | 'quote', from: DocumentStatus, to: DocumentStatus) {
  const move = canTransition(kind, from, to);
  if (!move.ok) throw new Error(`seed: ${from} → ${to}: ${move.message}`);
  await sql.query('UPDATE documents SET status = $2, version = version + 1 WHERE id = $1', [id, to]);
}

async function seedNorthwind(sql: Sql, origins: string[]): Promise<void> {
  const org = demoIds.organization;
  const ids = demoIds;
  await insertOrganization(sql, {
    id: org,
    name: 'Northwind Services',
    currency: 'USD',
    origins,
    details: {
      email: 'billing@northwind.example',
      phone: '+1 555 0100',
      taxId: 'US-12-3456789',
      address: { line1: '12 Harbor Street', city: 'Portland', region: 'OR', postalCode: '97201', country: 'US' },
    },
  });
  const users: SeedUser[] = [
    { id: ids.users.admin, name: 'Ada Admin', email: 'ada@northwind.example', role: 'admin' },
    { id: ids.users.agent, name: 'Alex Agent', email: 'alex@northwind.example', role: 'agent' },
    { id: ids.users.lightAgent, name: 'Lena Light', email: 'lena@northwind.example', role: 'light_agent' },
    { id: ids.users.client, name: 'Carla Client', email: 'carla@acme.example', role: 'client', customerId: ids.customers.acme },
  ];
  await insertUsers(sql, org, users);
  const [admin, agent, , client] = users.map((u) => actor(org, u)) as [Actor, Actor, Actor, Actor];

  await insertCustomer(sql, org, {
    id: ids.customers.acme,
    displayName: 'Acme Corporation',
    companyName: 'Acme Corporation',
    firstName: 'Carla',
    lastName: 'Client',
    email: 'carla@acme.example',
    secondaryEmail: 'accounts@acme.example',
    currency: 'USD',
    language: 'en',
    timeZone: 'America/New_York',
    address: { line1: '1 Acme Way', city: 'Springfield', postalCode: '01101', country: 'US' },
    taxId: 'US-98-7654321',
    taxRatePercent: 8.5,
  });
  await insertCustomer(sql, org, {
    id: ids.customers.bodega,
    displayName: 'Bodega Solar S.L.',
    companyName: 'Bodega Solar S.L.',
    firstName: 'Lucía',
    lastName: 'Martínez',
    email: 'lucia@bodegasolar.example',
    currency: 'EUR',
    language: 'es',
    timeZone: 'Europe/Madrid',
    address: { line1: 'Calle Mayor 5', city: 'Sevilla', postalCode: '41001', country: 'ES' },
    taxId: 'ESB12345678',
    taxRatePercent: 21,
  });
  await insertCustomer(sql, org, {
    id: ids.customers.praha,
    displayName: 'Pražská Káva s.r.o.',
    companyName: 'Pražská Káva s.r.o.',
    firstName: 'Jiří',
    lastName: 'Dvořák',
    email: 'jiri@prazskakava.example',
    currency: 'CZK',
    language: 'cs',
    timeZone: 'Europe/Prague',
    address: { line1: 'Václavské náměstí 1', city: 'Praha', postalCode: '110 00', country: 'CZ' },
    taxId: 'CZ12345678',
    taxRatePercent: 21,
  });

  const products = [
    ['prod_setup', 'SETUP', 'Onboarding and setup', 'One-time setup of the workspace', 150_000, 0],
    ['prod_support', 'SUP-M', 'Support plan (monthly)', 'Business-hours support, 20 h included', 49_900, 8.5],
    ['prod_training', 'TRAIN', 'Training session', 'Two hours, remote', 30_000, 8.5],
    ['prod_hardware', 'HW-01', 'Barcode scanner', 'USB, with stand', 12_999, 8.5],
  ] as const;
  for (const [id, sku, name, description, price, tax] of products) {
    await sql.query(
      `INSERT INTO products (id, organization_id, sku, name, description, unit_price, currency, tax_rate_percent)
       VALUES ($1, $2, $3, $4, $5, $6, 'USD', $7)`,
      [id, org, sku, name, description, price, tax],
    );
  }

  await putContactLink(sql, agent, ids.contacts.mapped, {
    customerId: ids.customers.acme,
    contact: {
      id: ids.contacts.mapped,
      firstName: 'Carla',
      lastName: 'Client',
      name: 'Carla Client',
      email: 'carla@acme.example',
      company: 'Acme Corporation',
      phone: '+1 555 0199',
    },
  });

  const today = todayIso();
  const rate = 9_500;
  await putTimeEntries(sql, agent, {
    ticketId: ids.ticket,
    entries: [
      { hostId: 'te-1', userId: ids.users.agent, userName: 'Alex Agent', date: addDays(today, -3), minutes: 90, description: 'Diagnosed the sync failure', billable: true, hourlyRate: rate, currency: 'USD' },
      { hostId: 'te-2', userId: ids.users.agent, userName: 'Alex Agent', date: addDays(today, -2), minutes: 45, description: 'Applied and verified the fix', billable: true, hourlyRate: rate, currency: 'USD' },
      { hostId: 'te-3', userId: ids.users.lightAgent, userName: 'Lena Light', date: addDays(today, -2), minutes: 30, description: 'Internal hand-over notes', billable: false, hourlyRate: rate, currency: 'USD' },
      { hostId: 'te-4', userId: ids.users.agent, userName: 'Alex Agent', date: addDays(today, -10), minutes: 60, description: 'Initial triage call', billable: true, hourlyRate: rate, currency: 'USD' },
    ],
  });

  const base = { customerId: ids.customers.acme, currency: 'USD', ticketId: ids.ticket };
  const line = (description: string, quantity: number, unitPrice: number, extra: object = {}) => ({
    description,
    quantity,
    unitPrice,
    discountPercent: 0,
    taxRatePercent: 8.5,
    timeEntryIds: [] as string[],
    productId: null as string | null,
    ...extra,
  });
  const create = (input: Omit<Parameters<typeof documents.createDocument>[2], 'kind'> & { kind?: 'invoice' | 'quote' }) =>
    documents.createDocument(sql, agent, { kind: 'invoice', ...input });

  // Invoices in every status.
  await create({ ...base, issueDate: today, lines: [line('Consulting (draft)', 2, 12_000)], notes: 'Draft, not sent yet.' });
  const sent = await create({
    ...base,
    issueDate: addDays(today, -10),
    dueDate: addDays(today, 20),
    reference: 'PO-7781',
    lines: [line('Initial triage call (1 h)', 1, rate, { timeEntryIds: ['te-4'] })],
  });
  await documents.markDocumentSent(sql, agent, sent.id, sent.version);

  const partial = await create({ ...base, issueDate: addDays(today, -20), lines: [line('Support plan, March', 1, 49_900)] });
  await documents.recordPayment(sql, admin, partial.id, { amount: 20_000, date: addDays(today, -5), method: 'card', reference: 'ch_1' });

  const paid = await create({ ...base, issueDate: addDays(today, -40), lines: [line('Onboarding and setup', 1, 150_000, { productId: 'prod_setup', taxRatePercent: 0 })] });
  await documents.markDocumentSent(sql, agent, paid.id, paid.version);
  await documents.recordPayment(sql, admin, paid.id, { amount: 150_000, date: addDays(today, -30), method: 'bank_transfer', reference: 'WIRE-2291' });

  const overdue = await create({ ...base, issueDate: addDays(today, -45), dueDate: addDays(today, -15), lines: [line('Emergency on-site visit', 3, 18_000)] });
  await documents.markDocumentSent(sql, agent, overdue.id, overdue.version);

  const voided = await create({ ...base, issueDate: addDays(today, -12), lines: [line('Duplicate of the March plan', 1, 49_900)] });
  await documents.voidDocument(sql, agent, voided.id, voided.version);

  const deleted = await create({ ...base, issueDate: addDays(today, -8), lines: [line('Created by mistake', 1, 1_000)] });
  await documents.deleteDocument(sql, agent, deleted.id, deleted.version);

  // Quotes for the deal, in every status.
  const dealBase = { customerId: ids.customers.acme, currency: 'USD', dealId: ids.deal, kind: 'quote' as const };
  const dealLines = [
    line('Support plan (monthly)', 12, 49_900, { productId: 'prod_support' }),
    line('Training session', 2, 30_000, { productId: 'prod_training', discountPercent: 10 }),
  ];
  await create({ ...dealBase, issueDate: today, lines: dealLines });
  const quoteSent = await create({ ...dealBase, issueDate: addDays(today, -2), lines: dealLines });
  await documents.markDocumentSent(sql, agent, quoteSent.id, quoteSent.version);
  for (const answer of ['accepted', 'declined', 'expired'] as const) {
    const q = await create({ ...dealBase, issueDate: addDays(today, -30), lines: [line(`Scanner bundle (${answer})`, 5, 12_999, { productId: 'prod_hardware' })] });
    await documents.markDocumentSent(sql, agent, q.id, q.version);
    await setStatus(sql, q.id, 'quote', 'sent', answer);
  }
  const converted = await create({ ...dealBase, issueDate: addDays(today, -6), lines: [line('Onboarding and setup', 1, 150_000, { productId: 'prod_setup', taxRatePercent: 0 })] });
  await documents.convertDocument(sql, agent, converted.id, converted.version);

  // Other currencies and languages.
  await documents.createDocument(sql, agent, {
    kind: 'invoice',
    customerId: ids.customers.bodega,
    currency: 'EUR',
    issueDate: addDays(today, -3),
    lines: [line('Instalación y configuración', 1, 85_000, { taxRatePercent: 21 })],
  });
  await documents.createDocument(sql, agent, {
    kind: 'invoice',
    customerId: ids.customers.praha,
    currency: 'CZK',
    issueDate: addDays(today, -3),
    lines: [line('Konzultace – řešení problému', 4, 120_000, { taxRatePercent: 21 })],
  });

  // A conversation on the sent invoice: the client wrote last, so the firm has unread messages.
  const conversation = await openConversation(sql, agent, { transactionType: 'invoice', transactionId: sent.id });
  await postMessage(sql, agent, conversation.id, { recipientIds: [ids.users.client], body: 'Hi Carla, here is the invoice for the triage call.' }, noLinks);
  await postMessage(sql, client, conversation.id, { recipientIds: [ids.users.agent], body: 'Thanks! Could you add our PO number PO-7781?' }, noLinks);
  await postMessage(sql, client, conversation.id, { recipientIds: [ids.users.agent, ids.users.admin], body: 'Also, can we pay by card?' }, noLinks);
}

const noLinks = { transactionUrl: () => '' };

async function seedGlobex(sql: Sql): Promise<void> {
  const org = demoIds.secondOrganization;
  await insertOrganization(sql, {
    id: org,
    name: 'Globex Billing',
    currency: 'EUR',
    origins: [],
    details: { email: 'billing@globex.example' },
  });
  const users: SeedUser[] = [
    { id: demoIds.users.secondAdmin, name: 'Gus Globex', email: 'gus@globex.example', role: 'admin' },
    { id: demoIds.users.secondAgent, name: 'Gina Globex', email: 'gina@globex.example', role: 'agent' },
  ];
  await insertUsers(sql, org, users);
  await insertCustomer(sql, org, {
    id: demoIds.customers.globex,
    displayName: 'Initech GmbH',
    companyName: 'Initech GmbH',
    firstName: 'Peter',
    lastName: 'Gibbons',
    email: 'peter@initech.example',
    currency: 'EUR',
    language: 'en',
    timeZone: 'Europe/Berlin',
    address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    taxId: 'DE123456789',
    taxRatePercent: 19,
  });
  await documents.createDocument(sql, actor(org, users[1]!), {
    kind: 'invoice',
    customerId: demoIds.customers.globex,
    currency: 'EUR',
    issueDate: todayIso(),
    lines: [{ description: 'TPS report review', quantity: 3, unitPrice: 9_000, discountPercent: 0, taxRatePercent: 19, timeEntryIds: [], productId: null }],
  });
}
