/**
 * Who may be addressed on a transaction's thread: the firm's users, then the customer's people
 * — its client users and the host contacts mapped to it, or the customer's own address when it
 * has neither. One entry per id and per address (compared lower-cased; the first kept, order
 * kept: a client user is often also a mapped contact), never the caller under any of its names,
 * never an address without `@`.
 */
import type { Recipient } from '../schemas.js';

export interface Person {
  id: string;
  name: string;
  email: string;
}

/** A mapped host contact as the host sent it. */
export interface MappedContact {
  id: string;
  contact: { name?: string | undefined; firstName?: string | undefined; lastName?: string | undefined; email?: string | undefined };
}

export interface RecipientCandidates {
  caller: { id: string; email: string };
  firmUsers: readonly Person[];
  /** None while the transaction is not the customer's to see. */
  clientUsers: readonly Person[];
  contacts: readonly MappedContact[];
  /** The customer's own address: used only when it has no client user or mapped contact. */
  customer: { id: string; displayName: string; email: string } | null;
}

export function conversationRecipients(candidates: RecipientCandidates): Recipient[] {
  const people: Recipient[] = candidates.clientUsers.map((u) => ({ id: u.id, name: u.name, email: u.email, kind: 'customer_contact' }));
  for (const { id, contact: c } of candidates.contacts) {
    if (!c.email) continue;
    const name = c.name || [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email;
    people.push({ id, name, email: c.email, kind: 'customer_contact' });
  }
  const { customer } = candidates;
  if (!people.length && customer) people.push({ id: customer.id, name: customer.displayName, email: customer.email, kind: 'customer_contact' });
  const firm: Recipient[] = candidates.firmUsers.map((u) => ({ id: u.id, name: u.name, email: u.email, kind: 'firm_user' }));

  const seen = new Set<string>([`id:${candidates.caller.id}`, `email:${candidates.caller.email.toLowerCase()}`]);
  return [...firm, ...people].filter((r) => {
    const keys = [`id:${r.id}`, `email:${r.email.toLowerCase()}`];
    if (!r.email.includes('@') || keys.some((k) => seen.has(k))) return false;
    keys.forEach((k) => seen.add(k));
    return true;
  });
}
