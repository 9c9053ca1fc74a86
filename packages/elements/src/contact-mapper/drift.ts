/**
 * Drift between the host's contact and the billing customer it is linked to (seed 003: "when
 * the contact's address, email or tax id change, push the update to the customer"). Pure: no
 * DOM, no client, so it is tested on its own.
 *
 * Only what the host knows counts: a contact without a tax id does not ask to erase the
 * customer's. Values are compared the way a person would read them — emails without case,
 * tax ids without spacing or punctuation, addresses field by field without case or extra
 * spaces — so "CZ 123 456 78" and "cz12345678" are the same tax id.
 */
import type { Address, Customer, CustomerUpdate, HostContact } from '@ledgerside/contract';

export const driftFields = ['email', 'billingAddress', 'taxId'] as const;
export type DriftField = (typeof driftFields)[number];

export type Drift =
  | { field: 'email'; contact: string; customer: string }
  | { field: 'taxId'; contact: string; customer: string }
  | { field: 'billingAddress'; contact: Address; customer: Address | null };

const addressKeys = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;

const squash = (value: string | null | undefined): string => (value ?? '').trim().replace(/\s+/g, ' ');
// Case folded by the spec's own mapping (upper then lower, so "ß" meets "SS"), not by a collator:
// WebKitGTK under the `C` locale collates case-sensitively, whatever sensitivity is asked for.
// Accents still count: "Müller" is not "Muller".
const fold = (value: string | null | undefined): string => squash(value).normalize('NFC').toUpperCase().toLowerCase();
const sameText = (a: string | null | undefined, b: string | null | undefined): boolean => fold(a) === fold(b);
const taxKey = (value: string | null | undefined): string => (value ?? '').replace(/[\s.\-/]/g, '').toUpperCase();

/** The address as the customer should hold it: trimmed, country upper-case, empty optionals left out. */
export function cleanAddress(address: Address): Address {
  const line2 = squash(address.line2);
  const region = squash(address.region);
  return {
    line1: squash(address.line1),
    ...(line2 ? { line2 } : {}),
    city: squash(address.city),
    ...(region ? { region } : {}),
    postalCode: squash(address.postalCode),
    country: squash(address.country).toUpperCase(),
  };
}

/** Whether an address holds anything at all. */
export function hasAddress(address: Address | null | undefined): address is Address {
  return !!address && addressKeys.some((k) => squash(address[k]) !== '');
}

export function sameAddress(a: Address | null | undefined, b: Address | null | undefined): boolean {
  if (!hasAddress(a) || !hasAddress(b)) return hasAddress(a) === hasAddress(b);
  return addressKeys.every((k) => sameText(a[k], b[k]));
}

/** What drift is measured against: the customer's details (the secondary email optional). */
export type DriftCustomer = Pick<Customer, 'email' | 'billingAddress' | 'taxId'> & Partial<Pick<Customer, 'secondaryEmail'>>;

const emailKey = (value: string | null | undefined): string => squash(value).toLowerCase();

/**
 * Which of the customer's emails the contact's own email is, when it is one of them. A
 * contact matched through the customer's secondary email is that customer already: its email
 * is no reason to touch the primary one.
 */
export function matchedEmail(contact: HostContact, customer: DriftCustomer): 'email' | 'secondaryEmail' | undefined {
  const email = emailKey(contact.email);
  if (!email) return undefined;
  if (email === emailKey(customer.email)) return 'email';
  if (email === emailKey(customer.secondaryEmail)) return 'secondaryEmail';
  return undefined;
}

/** Whether any of the contact's emails is one of the customer's (primary or secondary). */
function sharesEmail(contact: HostContact, customer: DriftCustomer): boolean {
  const theirs = new Set([emailKey(customer.email), emailKey(customer.secondaryEmail)].filter(Boolean));
  return [contact.email, contact.secondaryEmail].some((e) => theirs.has(emailKey(e)));
}

/**
 * The differences between what the host knows of the contact and the linked customer. The
 * email differs only when none of the contact's emails is one of the customer's: a match
 * through a secondary email never proposes overwriting the primary one.
 */
export function detectDrift(contact: HostContact, customer: DriftCustomer): Drift[] {
  const drift: Drift[] = [];
  const email = squash(contact.email);
  if (email && !sharesEmail(contact, customer)) {
    drift.push({ field: 'email', contact: email, customer: customer.email });
  }
  if (hasAddress(contact.address) && !sameAddress(contact.address, customer.billingAddress)) {
    drift.push({ field: 'billingAddress', contact: cleanAddress(contact.address), customer: customer.billingAddress });
  }
  const taxId = squash(contact.taxId);
  if (taxId && taxKey(taxId) !== taxKey(customer.taxId)) {
    drift.push({ field: 'taxId', contact: taxId, customer: customer.taxId });
  }
  return drift;
}

/** The PATCH body that brings the customer in line with the chosen differences. */
export function driftUpdate(drift: readonly Drift[], chosen: ReadonlySet<DriftField> = new Set(driftFields)): CustomerUpdate {
  const update: CustomerUpdate = {};
  for (const d of drift) {
    if (!chosen.has(d.field)) continue;
    if (d.field === 'email') update.email = d.contact;
    else if (d.field === 'taxId') update.taxId = d.contact;
    else update.billingAddress = d.contact;
  }
  return update;
}
