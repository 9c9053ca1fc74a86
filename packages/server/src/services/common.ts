/** What every service needs: who is calling, fresh ids, cursors, timestamps. */
import { addDays as contractAddDays, permissionsOf, type Permission, type Role } from '@ledgerside/contract';
import { badRequest } from '../http/errors.js';

/** The authenticated caller. */
export interface Actor {
  organizationId: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  /** For a client user: its billing customer (null: it sees no transactions). */
  customerId: string | null;
  permissions: readonly Permission[];
}

export function actorOf(claims: Omit<Actor, 'permissions'>): Actor {
  return { ...claims, permissions: permissionsOf(claims.role) };
}

export const isClient = (actor: Actor) => actor.role === 'client';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A random id with a readable prefix: `doc_k3j…` (16 base-36 characters ≈ 82 bits). */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 36];
  return `${prefix}_${out}`;
}

export function iso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

export function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : iso(value);
}


/** Opaque page cursors: base64url JSON, rejected with 400 when tampered. */
export function encodeCursor(value: unknown): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(value)));
}

export function decodeCursor<T>(cursor: string | undefined, valid: (v: unknown) => v is T): T | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(cursor)));
    if (valid(value)) return value;
  } catch {
    // fall through
  }
  throw badRequest('The cursor is not valid.', [{ path: ['cursor'], message: 'Not a cursor from this API' }]);
}

/** base64url without padding, with web APIs only (the core runs in browsers too). */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Throws on anything that is not base64url. */
export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new SyntaxError('Not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A secret of `bytes` random bytes, base64url. */
export const randomSecret = (bytes = 32) => toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));

/** For `col IN (SELECT jsonb_array_elements_text($n::jsonb))`: the same for both drivers. */
export const jsonArray = (values: readonly string[]) => JSON.stringify(values);

/** The contract's calendar arithmetic, for dates the server itself made (always valid). */
export function addDays(date: string, days: number): string {
  const out = contractAddDays(date, days);
  if (out === null) throw new RangeError(`Not a date: ${date}`);
  return out;
}
