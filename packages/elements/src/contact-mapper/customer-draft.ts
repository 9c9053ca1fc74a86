/**
 * The "create customer" form's data: prefilled from the host contact, sent as the contract's
 * `CustomerCreate`, validated with the contract's schema, its issues mapped to fields. Pure.
 */
import { fieldMessage, type SchemaIssue } from '../base/issues.js';
import { CustomerCreate, type HostContact } from '@ledgerside/contract';
import type { FieldIssue } from '@ledgerside/client';

/** The form's fields, named by their path in the request body so issues map one to one. */
export const draftFields = [
  'firstName',
  'lastName',
  'companyName',
  'displayName',
  'email',
  'secondaryEmail',
  'phone',
  'billingAddress.line1',
  'billingAddress.line2',
  'billingAddress.city',
  'billingAddress.region',
  'billingAddress.postalCode',
  'billingAddress.country',
  'taxId',
  'currency',
  'language',
  'timeZone',
] as const;
export type DraftField = (typeof draftFields)[number];
export type CustomerDraft = Record<DraftField, string>;

/** Where a field's error goes: its own path, or the whole address for `billingAddress`. */
export type FieldErrors = Partial<Record<DraftField | 'copyPreferencesFrom' | 'form', string>>;

export interface LocaleDefaults {
  currency: string;
  language: string;
  timeZone: string;
}

/** First and last name from a full name: "Ana María Smith" → "Ana María" + "Smith". */
export function splitName(name: string | undefined): { firstName: string; lastName: string } {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length < 2) return { firstName: parts[0] ?? '', lastName: '' };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts.at(-1)! };
}

/** A new customer as the contact describes it; the locale from the given defaults. */
export function draftFromContact(contact: HostContact | undefined, defaults: LocaleDefaults): CustomerDraft {
  const c = contact ?? { id: '' };
  const split = splitName(c.name);
  const firstName = c.firstName?.trim() || split.firstName;
  const lastName = c.lastName?.trim() || split.lastName;
  const fullName = [firstName, lastName].filter(Boolean).join(' ') || c.name?.trim() || '';
  const company = c.company?.trim() ?? '';
  const a = c.address;
  return {
    firstName,
    lastName,
    companyName: company,
    // Invoices address the company when there is one.
    displayName: company || fullName || c.email || '',
    email: c.email ?? '',
    secondaryEmail: c.secondaryEmail ?? '',
    phone: c.phone ?? '',
    'billingAddress.line1': a?.line1 ?? '',
    'billingAddress.line2': a?.line2 ?? '',
    'billingAddress.city': a?.city ?? '',
    'billingAddress.region': a?.region ?? '',
    'billingAddress.postalCode': a?.postalCode ?? '',
    'billingAddress.country': a?.country?.toUpperCase() ?? '',
    taxId: c.taxId ?? '',
    currency: defaults.currency,
    language: defaults.language,
    timeZone: defaults.timeZone,
  };
}

/** The request body: empty optional fields left out, the address only when one was typed. */
export function bodyFromDraft(draft: CustomerDraft, copyPreferencesFrom?: string): CustomerCreate {
  const v = (k: DraftField) => draft[k].trim();
  const optional = (k: DraftField) => (v(k) ? v(k) : undefined);
  const addressKeys = draftFields.filter((k) => k.startsWith('billingAddress.'));
  const anyAddress = addressKeys.some((k) => v(k) !== '');
  const body: CustomerCreate = {
    firstName: optional('firstName'),
    lastName: optional('lastName'),
    companyName: optional('companyName'),
    displayName: v('displayName'),
    email: v('email'),
    secondaryEmail: optional('secondaryEmail'),
    phone: optional('phone'),
    billingAddress: anyAddress
      ? {
          line1: v('billingAddress.line1'),
          line2: optional('billingAddress.line2'),
          city: v('billingAddress.city'),
          region: optional('billingAddress.region'),
          postalCode: v('billingAddress.postalCode'),
          country: v('billingAddress.country').toUpperCase(),
        }
      : undefined,
    taxId: optional('taxId'),
    currency: v('currency'),
    language: v('language'),
    timeZone: v('timeZone'),
    copyPreferencesFrom,
  };
  // JSON drops undefined anyway; dropping it here keeps the body comparable for idempotency.
  return JSON.parse(JSON.stringify(body)) as CustomerCreate;
}

/** Issues (the schema's or the server's) keyed by the form's fields; unknown paths go to `form`. */
export function fieldErrorsOf(issues: readonly FieldIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.join('.');
    const key = (draftFields as readonly string[]).includes(path) || path === 'copyPreferencesFrom' ? (path as DraftField) : 'form';
    errors[key] ??= 'code' in issue ? fieldMessage(issue as SchemaIssue) : issue.message;
  }
  return errors;
}

/** The contract's schema, run before sending: the same rules the server applies. */
export function validateDraft(body: CustomerCreate): FieldErrors {
  const result = CustomerCreate.safeParse(body);
  if (result.success) return {};
  return fieldErrorsOf(
    result.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })),
  );
}
