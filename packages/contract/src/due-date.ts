/**
 * When a document falls due. Server, mocks and the form's hint all follow these rules:
 * a due date given stands alone (its terms are cleared unless given with it); otherwise the
 * issue date plus the payment terms — the given ones, or on create the customer's; no terms,
 * no due date. On edit, a new issue date or new terms move the due date unless one is given.
 */

/** YYYY-MM-DD plus some days, in UTC calendar terms; `null` for a date that does not parse. */
export function addDays(isoDate: string, days: number): string | null {
  const time = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(time)) return null;
  const d = new Date(time);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface DueDateFacts {
  issueDate: string;
  dueDate: string | null;
  paymentTermsDays: number | null;
}

export interface DueDateInput {
  issueDate?: string | undefined;
  dueDate?: string | null | undefined;
  paymentTermsDays?: number | null | undefined;
}

const plus = (issueDate: string, terms: number | null) => (terms === null ? null : addDays(issueDate, terms));

/** A new document's due date and terms. */
export function dueDateOnCreate(input: DueDateInput & { issueDate: string }, customerTerms: number | null): Pick<DueDateFacts, 'dueDate' | 'paymentTermsDays'> {
  const terms = input.paymentTermsDays !== undefined ? input.paymentTermsDays : input.dueDate !== undefined ? null : customerTerms;
  return { dueDate: input.dueDate !== undefined ? input.dueDate : plus(input.issueDate, terms), paymentTermsDays: terms };
}

/** What an edit changes of the due date and terms (only the keys that change). */
export function dueDateOnEdit(current: DueDateFacts, patch: DueDateInput): Partial<Pick<DueDateFacts, 'dueDate' | 'paymentTermsDays'>> {
  const out: Partial<Pick<DueDateFacts, 'dueDate' | 'paymentTermsDays'>> = {};
  if (patch.paymentTermsDays !== undefined) out.paymentTermsDays = patch.paymentTermsDays;
  if (patch.dueDate !== undefined) {
    out.dueDate = patch.dueDate;
    if (patch.paymentTermsDays === undefined) out.paymentTermsDays = null;
    return out;
  }
  const terms = patch.paymentTermsDays !== undefined ? patch.paymentTermsDays : current.paymentTermsDays;
  if ((patch.issueDate !== undefined || patch.paymentTermsDays !== undefined) && terms !== null) {
    out.dueDate = plus(patch.issueDate ?? current.issueDate, terms);
  }
  return out;
}

/**
 * A copy issued on `issueDate` (clone, quote → invoice): the same terms, or without terms the
 * same number of days between issue and due date.
 */
export function dueDateOnCopy(original: DueDateFacts, issueDate: string): Pick<DueDateFacts, 'dueDate' | 'paymentTermsDays'> {
  if (original.paymentTermsDays !== null) return { dueDate: plus(issueDate, original.paymentTermsDays), paymentTermsDays: original.paymentTermsDays };
  if (original.dueDate === null) return { dueDate: null, paymentTermsDays: null };
  const gap = Math.round((Date.parse(`${original.dueDate}T00:00:00Z`) - Date.parse(`${original.issueDate}T00:00:00Z`)) / 86_400_000);
  return { dueDate: plus(issueDate, gap), paymentTermsDays: null };
}

export const DUE_BEFORE_ISSUE = 'The due date cannot be before the issue date';

/** Why this due date cannot go with this issue date, or null (no due date is fine). */
export function dueDateError(issueDate: string, dueDate: string | null): string | null {
  // Both are YYYY-MM-DD, so text order is date order.
  return dueDate !== null && dueDate < issueDate ? DUE_BEFORE_ISSUE : null;
}
