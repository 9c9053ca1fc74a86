/** Building the provider's `HostContact` from what hosts hand over: trimmed, validated, bounded. */
import { Email, Id, type HostContact } from '@ledgerside/contract';

const clean = (value: unknown, max: number): string | undefined => {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  return text ? text.slice(0, max) : undefined;
};

/** An email the contract accepts, or undefined. */
export function emailOf(value: unknown): string | undefined {
  const text = clean(value, 254)?.toLowerCase();
  return text && Email.safeParse(text).success ? text : undefined;
}

/** A host's id as a Ledgerside id (letters, digits and _ . : @ - only), or undefined. */
export function idOf(value: unknown): string | undefined {
  const text = clean(value, 64);
  return text && Id.safeParse(text).success ? text : undefined;
}

export interface ContactParts {
  id: unknown;
  name?: unknown;
  firstName?: unknown;
  lastName?: unknown;
  /** Every address the host knows, the primary first. */
  emails?: unknown[];
  company?: unknown;
  phone?: unknown;
}

/** The contact, or undefined when the host gave no usable id. The second distinct address becomes the secondary email. */
export function hostContact(parts: ContactParts): HostContact | undefined {
  const id = idOf(parts.id);
  if (!id) return undefined;
  const emails = [...new Set((parts.emails ?? []).map(emailOf).filter((e): e is string => !!e))];
  const contact: HostContact = { id };
  const name = clean(parts.name, 200) ?? ([clean(parts.firstName, 100), clean(parts.lastName, 100)].filter(Boolean).join(' ') || undefined);
  if (name) contact.name = name;
  const firstName = clean(parts.firstName, 100);
  const lastName = clean(parts.lastName, 100);
  if (firstName) contact.firstName = firstName;
  if (lastName) contact.lastName = lastName;
  if (emails[0]) contact.email = emails[0];
  if (emails[1]) contact.secondaryEmail = emails[1];
  const company = clean(parts.company, 200);
  if (company) contact.company = company;
  const phone = clean(parts.phone, 40);
  if (phone) contact.phone = phone;
  return contact;
}
