/** Organizations, their users, integration settings and the caller's session. */
import type { IntegrationSettings, IntegrationUpdate, Organization, Session, TemplateOption, User } from '@ledgerside/contract';
import type { Sql } from '../db/types.js';
import { templateError } from '@ledgerside/contract';
import { notFound, unprocessable } from '../http/errors.js';
import { iso, type Actor } from './common.js';
import { appendEvent } from './events.js';

export interface OrgDetails {
  email?: string;
  phone?: string;
  taxId?: string;
  address?: { line1: string; line2?: string; city: string; region?: string; postalCode: string; country: string };
}

export interface OrgRow {
  id: string;
  name: string;
  base_currency: string;
  jwt_secret: string;
  allowed_origins: string[];
  details: OrgDetails;
  integration_state: IntegrationSettings['state'];
  sync_mode: IntegrationSettings['syncMode'];
  match_secondary_email: boolean;
  billing_app_url: string | null;
  templates: TemplateOption[];
  integration_updated_at: Date | string;
}

export async function loadOrganization(sql: Sql, id: string): Promise<OrgRow | null> {
  const [row] = await sql.query<OrgRow>('SELECT * FROM organizations WHERE id = $1', [id]);
  return row ?? null;
}

/** A template given in a body must be one of the organization's (422 `unknown_template` at `template`). */
export async function checkTemplate(sql: Sql, organizationId: string, template: string | undefined): Promise<void> {
  if (template === undefined) return;
  const org = await requireOrganization(sql, organizationId);
  const error = templateError(template, org.templates);
  if (error) throw unprocessable('unknown_template', error, [{ path: ['template'], message: error }]);
}

export async function requireOrganization(sql: Sql, id: string): Promise<OrgRow> {
  const org = await loadOrganization(sql, id);
  if (!org) throw notFound('The organization');
  return org;
}

export function toOrganization(row: OrgRow): Organization {
  return { id: row.id, name: row.name, baseCurrency: row.base_currency };
}

export function toIntegration(row: OrgRow): IntegrationSettings {
  return {
    state: row.integration_state,
    syncMode: row.sync_mode,
    matchSecondaryEmail: row.match_secondary_email,
    billingAppUrl: row.billing_app_url,
    templates: row.templates,
    updatedAt: iso(row.integration_updated_at),
  };
}

/** Keeps the users table in step with what tokens say (recipients and /dev/users read it). */
export async function upsertUser(sql: Sql, actor: Actor): Promise<void> {
  await sql.query(
    `INSERT INTO users (organization_id, id, name, email, role, customer_id) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (organization_id, id) DO UPDATE
       SET name = excluded.name, email = excluded.email, role = excluded.role,
           customer_id = coalesce(excluded.customer_id, users.customer_id)
     WHERE (users.name, users.email, users.role) IS DISTINCT FROM (excluded.name, excluded.email, excluded.role)
        OR (excluded.customer_id IS NOT NULL AND users.customer_id IS DISTINCT FROM excluded.customer_id)`,
    [actor.organizationId, actor.userId, actor.name, actor.email, actor.role, actor.customerId],
  );
}

/** A client token may omit its customer: then the stored user's customer applies. */
export async function storedCustomerOf(sql: Sql, organizationId: string, userId: string): Promise<string | null> {
  const [row] = await sql.query<{ customer_id: string | null }>(
    'SELECT customer_id FROM users WHERE organization_id = $1 AND id = $2',
    [organizationId, userId],
  );
  return row?.customer_id ?? null;
}

export async function getSession(sql: Sql, actor: Actor): Promise<Session> {
  const org = await requireOrganization(sql, actor.organizationId);
  const user: User = {
    id: actor.userId,
    name: actor.name,
    email: actor.email,
    role: actor.role,
    customerId: actor.customerId,
  };
  return {
    user,
    organization: toOrganization(org),
    permissions: [...actor.permissions],
    integration: toIntegration(org),
  };
}

export async function getIntegration(sql: Sql, actor: Actor): Promise<IntegrationSettings> {
  return toIntegration(await requireOrganization(sql, actor.organizationId));
}

export async function updateIntegration(sql: Sql, actor: Actor, update: IntegrationUpdate): Promise<IntegrationSettings> {
  const [row] = await sql.query<OrgRow>(
    `UPDATE organizations SET
       integration_state = coalesce($2, integration_state),
       sync_mode = coalesce($3, sync_mode),
       match_secondary_email = coalesce($4, match_secondary_email),
       billing_app_url = CASE WHEN $5::boolean THEN $6 ELSE billing_app_url END,
       templates = coalesce($7::jsonb, templates),
       integration_updated_at = now()
     WHERE id = $1 RETURNING *`,
    [
      actor.organizationId,
      update.state ?? null,
      update.syncMode ?? null,
      update.matchSecondaryEmail ?? null,
      // null clears the billing app; absent keeps it.
      update.billingAppUrl !== undefined,
      update.billingAppUrl ?? null,
      update.templates ? JSON.stringify(update.templates) : null,
    ],
  );
  const settings = toIntegration(row!);
  await appendEvent(sql, actor.organizationId, 'integration.changed', settings, null);
  return settings;
}

/** Deleting the integration removes every contact mapping for good; documents stay. */
export async function deleteIntegration(sql: Sql, actor: Actor): Promise<IntegrationSettings> {
  await sql.query('DELETE FROM contact_links WHERE organization_id = $1', [actor.organizationId]);
  const [row] = await sql.query<OrgRow>(
    `UPDATE organizations SET integration_state = 'deleted', integration_updated_at = now() WHERE id = $1 RETURNING *`,
    [actor.organizationId],
  );
  const settings = toIntegration(row!);
  await appendEvent(sql, actor.organizationId, 'integration.changed', settings, null);
  return settings;
}
