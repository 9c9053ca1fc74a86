/**
 * The summary of a ticket's, deal's or customer's documents: per currency, never mixed.
 * Invoiced = totals of invoices issued (sent, partially paid, paid); outstanding = their
 * balances; overdue = the balances of the overdue ones. Drafts, quotes, void and deleted
 * documents do not count.
 */
import { displayStatus, todayIso, type DocumentStatus, type StatusFacts } from './status.js';

/** The invoice statuses that count as billed (what the summary adds up). */
export const billedStatuses: ReadonlySet<DocumentStatus> = new Set(['sent', 'partially_paid', 'paid']);

/** Issued to the customer and neither voided nor deleted. */
export function isBilled(doc: StatusFacts): boolean {
  return doc.kind === 'invoice' && billedStatuses.has(doc.status);
}

export interface CurrencySums {
  currency: string;
  count: number;
  invoiced: number;
  outstanding: number;
  overdue: number;
}

/**
 * One document's facts, or a group's that share kind, status, currency, due date and whether
 * anything is owed (`count` documents; `totals.total` and `balance` their sums): the server
 * adds up in SQL and lets this rule decide per group.
 */
export type SummaryFacts = StatusFacts & { currency: string; totals: { total: number }; count?: number };

/** Per-currency sums, currencies in alphabetical order. */
export function summarizeDocuments(docs: Iterable<SummaryFacts>, today: string = todayIso()): { currencies: CurrencySums[] } {
  const byCurrency = new Map<string, CurrencySums>();
  for (const doc of docs) {
    if (!isBilled(doc)) continue;
    let sums = byCurrency.get(doc.currency);
    if (!sums) {
      sums = { currency: doc.currency, count: 0, invoiced: 0, outstanding: 0, overdue: 0 };
      byCurrency.set(doc.currency, sums);
    }
    sums.count += doc.count ?? 1;
    sums.invoiced += doc.totals.total;
    sums.outstanding += doc.balance;
    if (displayStatus(doc, today) === 'overdue') sums.overdue += doc.balance;
  }
  return { currencies: [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency)) };
}
