/**
 * Setting up an organization for a host: its name and currency, the secret its backend signs
 * tokens with, and the origins its pages call from. Used by the CLI (src/cli.ts) and by code
 * that embeds the server.
 */
import { CurrencyCode, Id } from '@ledgerside/contract';
import type { Db, Sql } from './db/types.js';
import { randomSecret } from './services/common.js';

export interface OrganizationInput {
  id: string;
  name: string;
  baseCurrency: string;
  /** Origins (scheme://host[:port]) whose pages may call the API. */
  allowedOrigins?: string[];
  /** Where documents open in the billing app (their `externalUrl` base). */
  billingAppUrl?: string | null;
  /** Issuer details printed on PDFs. */
  details?: { email?: string; phone?: string; taxId?: string; address?: object };
  /** The token-signing secret; generated when omitted. */
  secret?: string;
}

/** `https://helpdesk.example.com/path` → `https://helpdesk.example.com`; throws on non-URLs. */
export function toOrigin(value: string): string {
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Not a web origin: ${value}`);
  return url.origin;
}

const newSecret = () => randomSecret();

export async function createOrganization(db: Db, input: OrganizationInput): Promise<{ id: string; secret: string }> {
  if (!Id.safeParse(input.id).success) throw new Error(`Not a valid id: ${input.id}`);
  if (!CurrencyCode.safeParse(input.baseCurrency).success) throw new Error(`Not a currency code: ${input.baseCurrency}`);
  if (!input.name.trim()) throw new Error('A name is required');
  const secret = input.secret ?? newSecret();
  if (secret.length < 32) throw new Error('The secret must be at least 32 characters');
  const origins = (input.allowedOrigins ?? []).map(toOrigin);
  const billingAppUrl = input.billingAppUrl ? new URL(input.billingAppUrl).toString() : null;
  await db.query(
    `INSERT INTO organizations (id, name, base_currency, jwt_secret, allowed_origins, details, billing_app_url)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
    [input.id, input.name.trim(), input.baseCurrency, secret, JSON.stringify(origins), JSON.stringify(input.details ?? {}), billingAppUrl],
  );
  return { id: input.id, secret };
}

/** A new secret: tokens signed with the old one stop working (within the 2 s org cache). */
export async function rotateSecret(db: Db, organizationId: string): Promise<string> {
  const secret = newSecret();
  const rows = await db.query('UPDATE organizations SET jwt_secret = $2 WHERE id = $1 RETURNING id', [organizationId, secret]);
  if (!rows.length) throw new Error(`No organization ${organizationId}`);
  return secret;
}

/** Adds origins to an organization's CORS list (keeping the ones it has). */
export async function allowOrigins(sql: Sql, organizationId: string, origins: string[]): Promise<void> {
  const rows = await sql.query(
    `UPDATE organizations SET allowed_origins = (
       SELECT coalesce(jsonb_agg(DISTINCT o), '[]'::jsonb) FROM (
         SELECT jsonb_array_elements_text(allowed_origins) AS o UNION SELECT jsonb_array_elements_text($2::jsonb)
       ) all_origins)
     WHERE id = $1 RETURNING id`,
    [organizationId, JSON.stringify(origins.map(toOrigin))],
  );
  if (!rows.length) throw new Error(`No organization ${organizationId}`);
}
