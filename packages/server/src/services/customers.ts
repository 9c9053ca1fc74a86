/** Billing customers: search (primary and optional secondary email), create, read, update. */
import type { Output } from '../schema.js';
import { defaultTemplate, pageSize, type CustomerCreate, type CustomerSearchQuery, type CustomerUpdate, type CustomerWithBalance } from '@ledgerside/contract';
import type { Sql } from '../db/types.js';
import { ApiError, notFound, preconditionFailed, unprocessable } from '../http/errors.js';
import { decodeCursor, encodeCursor, iso, newId, type Actor } from './common.js';
import { OPEN_INVOICE_STATUSES, sqlList } from './documents-model.js';
import { checkTemplate, requireOrganization } from './organizations.js';

type CreateInput = Output<typeof CustomerCreate>;
type UpdateInput = Output<typeof CustomerUpdate>;
type SearchInput = Output<typeof CustomerSearchQuery>;

interface CustomerRow {
  id: string;
  first_name: string;
  last_name: string;
  company_name: string;
  display_name: string;
  email: string;
  secondary_email: string | null;
  phone: string;
  billing_address: CustomerWithBalance['billingAddress'];
  tax_id: string;
  currency: string;
  language: string;
  time_zone: string;
  payment_terms_days: number;
  template: string;
  tax_rate_percent: string | number;
  version: number;
  created_at: Date;
  updated_at: Date;
  outstanding: string | number | null;
  sort_name: string;
}

/** A customer with its outstanding balance: open invoices in the customer's own currency. */
const SELECT_CUSTOMER = `
  SELECT c.*, (
    SELECT coalesce(sum(d.total - d.amount_paid), 0) FROM documents d
    WHERE d.organization_id = c.organization_id AND d.customer_id = c.id AND d.kind = 'invoice'
      AND d.status IN ${sqlList(OPEN_INVOICE_STATUSES)} AND d.currency = c.currency
  ) AS outstanding, lower(c.display_name) AS sort_name
  FROM customers c`;

export function toCustomer(r: CustomerRow): CustomerWithBalance {
  return {
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    companyName: r.company_name,
    displayName: r.display_name,
    email: r.email,
    secondaryEmail: r.secondary_email,
    phone: r.phone,
    billingAddress: r.billing_address,
    taxId: r.tax_id,
    currency: r.currency,
    language: r.language,
    timeZone: r.time_zone,
    paymentTermsDays: Number(r.payment_terms_days),
    template: r.template,
    taxRatePercent: Number(r.tax_rate_percent),
    version: Number(r.version),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    outstanding: Number(r.outstanding ?? 0),
  };
}

/** A customer of the caller's organization, or 404 (also for another organization's ids). */
export async function getCustomer(sql: Sql, actor: Actor, id: string, lock = false): Promise<CustomerWithBalance> {
  const [row] = await sql.query<CustomerRow>(
    `${SELECT_CUSTOMER} WHERE c.organization_id = $1 AND c.id = $2${lock ? ' FOR UPDATE OF c' : ''}`,
    [actor.organizationId, id],
  );
  if (!row) throw notFound('The customer');
  return toCustomer(row);
}

/**
 * A customer named in a request body: unknown (or another organization's) is a field error,
 * 422 `unknown_customer` pointing at the field, as the mocks answer.
 */
export async function customerRef(sql: Sql, actor: Actor, id: string, path: (string | number)[]): Promise<CustomerWithBalance> {
  try {
    return await getCustomer(sql, actor, id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      throw unprocessable('unknown_customer', 'There is no such customer.', [{ path, message: 'No such customer' }]);
    }
    throw error;
  }
}

const isNameCursor = (v: unknown): v is [string, string] =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string';

export async function searchCustomers(sql: Sql, actor: Actor, query: SearchInput) {
  const org = await requireOrganization(sql, actor.organizationId);
  const limit = pageSize(query.limit);
  const params: unknown[] = [actor.organizationId];
  const where = ['c.organization_id = $1'];
  if (query.email) {
    params.push(query.email.toLowerCase());
    where.push(
      org.match_secondary_email
        ? `(lower(c.email) = $${params.length} OR lower(c.secondary_email) = $${params.length})`
        : `lower(c.email) = $${params.length}`,
    );
  }
  if (query.q) {
    params.push(`%${query.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    const p = `$${params.length}`;
    where.push(
      `(lower(c.display_name) LIKE ${p} OR lower(c.company_name) LIKE ${p} OR lower(c.email) LIKE ${p}
        OR lower(coalesce(c.secondary_email, '')) LIKE ${p} OR lower(c.first_name || ' ' || c.last_name) LIKE ${p})`,
    );
  }
  const after = decodeCursor(query.cursor, isNameCursor);
  if (after) {
    params.push(after[0], after[1]);
    where.push(`(lower(c.display_name), c.id) > ($${params.length - 1}, $${params.length})`);
  }
  params.push(limit + 1);
  const rows = await sql.query<CustomerRow>(
    `${SELECT_CUSTOMER} WHERE ${where.join(' AND ')} ORDER BY lower(c.display_name), c.id LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const email = query.email?.toLowerCase();
  return {
    items: page.map((r) => ({
      ...toCustomer(r),
      matchedBy: email
        ? r.email.toLowerCase() === email
          ? ('email' as const)
          : ('secondary_email' as const)
        : query.q
          ? ('query' as const)
          : undefined,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor([last.sort_name, last.id]) : null,
  };
}

export async function createCustomer(sql: Sql, actor: Actor, input: CreateInput): Promise<CustomerWithBalance> {
  // "Copy preferences": the source's terms, currency, language, time zone, template and tax win.
  const source = input.copyPreferencesFrom ? await customerRef(sql, actor, input.copyPreferencesFrom, ['copyPreferencesFrom']) : null;
  if (!source) await checkTemplate(sql, actor.organizationId, input.template);
  const org = await requireOrganization(sql, actor.organizationId);
  const id = newId('cus');
  await sql.query(
    `INSERT INTO customers (id, organization_id, first_name, last_name, company_name, display_name, email,
       secondary_email, phone, billing_address, tax_id, currency, language, time_zone, payment_terms_days,
       template, tax_rate_percent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14, $15, $16, $17)`,
    [
      id,
      actor.organizationId,
      input.firstName ?? '',
      input.lastName ?? '',
      input.companyName ?? '',
      input.displayName,
      input.email,
      input.secondaryEmail ?? null,
      input.phone ?? '',
      JSON.stringify(input.billingAddress ?? null),
      input.taxId ?? '',
      source?.currency ?? input.currency,
      source?.language ?? input.language,
      source?.timeZone ?? input.timeZone,
      source?.paymentTermsDays ?? input.paymentTermsDays ?? 30,
      source?.template ?? input.template ?? defaultTemplate(org.templates),
      source?.taxRatePercent ?? input.taxRatePercent ?? 0,
    ],
  );
  return getCustomer(sql, actor, id);
}

const columns: Record<keyof Omit<UpdateInput, 'billingAddress'>, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  companyName: 'company_name',
  displayName: 'display_name',
  email: 'email',
  secondaryEmail: 'secondary_email',
  phone: 'phone',
  taxId: 'tax_id',
  currency: 'currency',
  language: 'language',
  timeZone: 'time_zone',
  paymentTermsDays: 'payment_terms_days',
  template: 'template',
  taxRatePercent: 'tax_rate_percent',
};

export async function updateCustomer(
  sql: Sql,
  actor: Actor,
  id: string,
  ifMatch: number | null,
  input: UpdateInput,
): Promise<CustomerWithBalance> {
  const current = await getCustomer(sql, actor, id, true);
  if (ifMatch !== null && current.version !== ifMatch) throw preconditionFailed(current);
  if (input.template !== current.template) await checkTemplate(sql, actor.organizationId, input.template);
  const sets: string[] = [];
  const params: unknown[] = [actor.organizationId, id];
  for (const [key, column] of Object.entries(columns) as [keyof typeof columns, string][]) {
    if (input[key] === undefined) continue;
    params.push(input[key]);
    sets.push(`${column} = $${params.length}`);
  }
  if (input.billingAddress !== undefined) {
    params.push(JSON.stringify(input.billingAddress));
    sets.push(`billing_address = $${params.length}::jsonb`);
  }
  await sql.query(
    `UPDATE customers SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
     WHERE organization_id = $1 AND id = $2`,
    params,
  );
  return getCustomer(sql, actor, id);
}
