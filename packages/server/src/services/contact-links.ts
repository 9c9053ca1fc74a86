/** Host contacts mapped to billing customers: persistent, shown on every later ticket. */
import type { Output } from '../schema.js';
import type { ContactLink, ContactLinkPut, HostContact } from '@ledgerside/contract';
import type { Sql } from '../db/types.js';
import { badRequest, notFound } from '../http/errors.js';
import { iso, type Actor } from './common.js';
import { customerRef, getCustomer } from './customers.js';
import { appendEvent } from './events.js';

interface LinkRow {
  contact_id: string;
  customer_id: string;
  contact: HostContact;
  linked_at: Date;
  linked_by: string;
}

async function toLink(sql: Sql, actor: Actor, row: LinkRow): Promise<ContactLink> {
  return {
    contactId: row.contact_id,
    customerId: row.customer_id,
    contact: row.contact,
    customer: await getCustomer(sql, actor, row.customer_id),
    linkedAt: iso(row.linked_at),
    linkedBy: row.linked_by,
  };
}

export async function getContactLink(sql: Sql, actor: Actor, contactId: string): Promise<{ link: ContactLink | null }> {
  const [row] = await sql.query<LinkRow>('SELECT * FROM contact_links WHERE organization_id = $1 AND contact_id = $2', [
    actor.organizationId,
    contactId,
  ]);
  return { link: row ? await toLink(sql, actor, row) : null };
}

export async function putContactLink(
  sql: Sql,
  actor: Actor,
  contactId: string,
  input: Output<typeof ContactLinkPut>,
): Promise<ContactLink> {
  // The path names the contact; the body's copy of it must not contradict it.
  if (input.contact.id !== contactId) {
    throw badRequest('The contact in the body is not the one in the path.', [
      { path: ['contact', 'id'], message: 'Must equal the contact id in the path' },
    ]);
  }
  const customer = await customerRef(sql, actor, input.customerId, ['customerId']);
  const contact = input.contact;
  const [row] = await sql.query<LinkRow>(
    `INSERT INTO contact_links (organization_id, contact_id, customer_id, contact, linked_by)
     VALUES ($1, $2, $3, $4::jsonb, $5)
     ON CONFLICT (organization_id, contact_id) DO UPDATE
       SET customer_id = excluded.customer_id, contact = excluded.contact, linked_by = excluded.linked_by,
           linked_at = CASE WHEN contact_links.customer_id = excluded.customer_id THEN contact_links.linked_at ELSE now() END
     RETURNING *`,
    [actor.organizationId, contactId, customer.id, JSON.stringify(contact), actor.userId],
  );
  const link = await toLink(sql, actor, row!);
  await appendEvent(sql, actor.organizationId, 'contact.mapped', link, null);
  return link;
}

export async function deleteContactLink(sql: Sql, actor: Actor, contactId: string): Promise<void> {
  const [row] = await sql.query<LinkRow>(
    'DELETE FROM contact_links WHERE organization_id = $1 AND contact_id = $2 RETURNING *',
    [actor.organizationId, contactId],
  );
  if (!row) throw notFound('The contact mapping');
  await appendEvent(sql, actor.organizationId, 'contact.unmapped', { contactId, customerId: row.customer_id }, null);
}
