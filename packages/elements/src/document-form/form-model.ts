/**
 * The whole form as typed (what the draft store keeps), and its translation into the API's
 * create / update bodies, validated with the contract's `DocumentCreate` schema.
 */
import { fieldMessage } from '../base/issues.js';
import {
  defaultTemplate,
  DocumentCreate,
  documentKinds,
  dueDateError,
  documentTotals,
  MoneyError,
  todayIso,
  type CustomerWithBalance,
  type Document,
  type DocumentKind,
  type DocumentTotals,
  type DocumentUpdate,
  type TemplateChoice,
} from '@ledgerside/contract';
import { msg } from '@lit/localize';
import { lineFields, lineFromDocument, parseLine, type LineDraft, type LineErrors, type LineData, type LineField } from './line-model.js';

export const dueModes = ['terms', 'date'] as const;
export type DueMode = (typeof dueModes)[number];

export const detailFields = ['currency', 'issueDate', 'dueDate', 'paymentTermsDays', 'template', 'reference', 'notes'] as const;
export type DetailField = (typeof detailFields)[number];
/** Problems by detail field; `lines` for the lines as a whole, `form` for the rest. */
export type FormErrors = Partial<Record<DetailField | 'lines' | 'form', string>>;

/** Payment terms offered in the "Due" menu (days after the issue date). */
export const commonTerms = [0, 7, 14, 15, 30, 45, 60, 90] as const;

export interface FormDraft {
  v: 1;
  kind: DocumentKind;
  currency: string;
  issueDate: string;
  dueMode: DueMode;
  paymentTermsDays: string;
  dueDate: string;
  template: string;
  reference: string;
  notes: string;
  lines: LineDraft[];
  /** Made at the first Save of this draft and reused for every retry: one document. */
  saveKey: string | null;
  /** When editing: the version the edits started from (sent as If-Match). */
  baseVersion: number | null;
}

/**
 * A new document's template: the customer's, or the organization's default when the customer
 * has none (or one the organization no longer lists).
 */
export function newDocumentTemplate(customer: CustomerWithBalance, templates: readonly TemplateChoice[]): string {
  return customer.template && (templates.length === 0 || templates.some((t) => t.id === customer.template))
    ? customer.template
    : defaultTemplate(templates);
}

export function blankForm(
  kind: DocumentKind,
  customer: CustomerWithBalance,
  lines: LineDraft[] = [],
  templates: readonly TemplateChoice[] = [],
): FormDraft {
  return {
    v: 1,
    kind,
    currency: customer.currency,
    issueDate: todayIso(),
    dueMode: 'terms',
    paymentTermsDays: String(customer.paymentTermsDays),
    dueDate: '',
    template: newDocumentTemplate(customer, templates),
    reference: '',
    notes: '',
    lines,
    saveKey: null,
    baseVersion: null,
  };
}

export function formFromDocument(doc: Document): FormDraft {
  return {
    v: 1,
    kind: doc.kind,
    currency: doc.currency,
    issueDate: doc.issueDate,
    dueMode: doc.paymentTermsDays === null ? 'date' : 'terms',
    paymentTermsDays: doc.paymentTermsDays === null ? '30' : String(doc.paymentTermsDays),
    dueDate: doc.dueDate ?? '',
    template: doc.template,
    reference: doc.reference,
    notes: doc.notes,
    lines: doc.lines.map((line) => lineFromDocument(line, doc.currency)),
    saveKey: null,
    baseVersion: doc.version,
  };
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** What storage held, if it is still a form this version understands. */
export function reviveForm(raw: unknown): FormDraft | null {
  if (!raw || typeof raw !== 'object') return null;
  const f = raw as Record<string, unknown>;
  if (f.v !== 1 || !documentKinds.includes(f.kind as DocumentKind) || !dueModes.includes(f.dueMode as DueMode)) return null;
  const texts = ['currency', 'issueDate', 'paymentTermsDays', 'dueDate', 'template', 'reference', 'notes'] as const;
  if (!texts.every((k) => isString(f[k])) || !Array.isArray(f.lines)) return null;
  if (!(f.saveKey === null || isString(f.saveKey)) || !(f.baseVersion === null || typeof f.baseVersion === 'number')) return null;
  const lines = (f.lines as unknown[]).filter((l): l is LineDraft => {
    if (!l || typeof l !== 'object') return false;
    const line = l as Record<string, unknown>;
    return (
      isString(line.key) &&
      lineFields.every((k) => isString(line[k])) &&
      Array.isArray(line.timeEntryIds) &&
      line.timeEntryIds.every(isString) &&
      (line.productId === null || isString(line.productId))
    );
  });
  return { ...(f as unknown as FormDraft), lines };
}

export interface Scope {
  customerId: string;
  ticketId: string | null;
  dealId: string | null;
}

export interface Validation {
  /** The create body (also the source of the update patch). */
  body: DocumentCreate;
  valid: boolean;
  errors: FormErrors;
  /** Keys of the lines in body order, to place the server's `lines.N.field` issues. */
  lineKeys: string[];
  invalidLines: number;
}

/** The due date (a quote's valid-until) is before the issue date: the contract's rule, said in the person's language. */
export function dueBeforeIssue(form: FormDraft): string | null {
  if (form.dueMode !== 'date' || !form.dueDate || !form.issueDate) return null;
  if (dueDateError(form.issueDate, form.dueDate) === null) return null;
  return dueBeforeIssueText(form.kind);
}

export function dueBeforeIssueText(kind: DocumentKind): string {
  return kind === 'quote' ? msg('The valid-until date cannot be before the issue date.') : msg('The due date cannot be before the issue date.');
}

/** The body the form would send, checked with the contract's `DocumentCreate`. */
export function validateForm(form: FormDraft, scope: Scope): Validation {
  const parsed = form.lines.map((line) => parseLine(line, form.currency));
  const lines = parsed.map((p) => p.input).filter((input): input is LineData => input !== null);
  const body: DocumentCreate = {
    kind: form.kind,
    customerId: scope.customerId,
    ticketId: scope.ticketId,
    dealId: scope.dealId,
    currency: form.currency,
    issueDate: form.issueDate,
    ...(form.dueMode === 'terms'
      ? { paymentTermsDays: Number(form.paymentTermsDays) }
      : { dueDate: form.dueDate, paymentTermsDays: null }),
    template: form.template,
    reference: form.reference,
    notes: form.notes,
    lines,
  };
  const errors: FormErrors = {};
  const result = DocumentCreate.safeParse(body);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const [head] = issue.path;
      const key = detailFields.includes(head as DetailField) ? (head as DetailField) : head === 'lines' ? 'lines' : 'form';
      errors[key] ??= fieldMessage(issue);
    }
  }
  for (const field of ['currency', 'issueDate'] as const) if (!form[field].trim()) errors[field] = msg('Required');
  if (form.dueMode === 'date' && !form.dueDate) errors.dueDate = msg('Required');
  // The schema says it in English only; this is the same contract rule in the person's words.
  const dueError = dueBeforeIssue(form);
  if (dueError) errors.dueDate = dueError;
  const invalidLines = parsed.filter((p) => p.input === null).length;
  return {
    body,
    valid: Object.keys(errors).length === 0 && invalidLines === 0,
    errors,
    lineKeys: form.lines.map((l) => l.key),
    invalidLines,
  };
}

/** The PATCH body of an edit: the same fields, without what an edit cannot change. */
export function updateBody(body: Validation['body']): DocumentUpdate {
  const { currency, issueDate, dueDate, paymentTermsDays, template, reference, notes, lines } = body;
  return { currency, issueDate, ...(dueDate !== undefined ? { dueDate } : {}), paymentTermsDays, template, reference, notes, lines };
}

/** The contract's totals over the lines that read as valid; null when they cannot be summed. */
export function totalsOf(lines: readonly LineDraft[], currency: string): { totals: DocumentTotals | null; counted: number } {
  const inputs = lines.map((l) => parseLine(l, currency).input).filter((i): i is LineData => i !== null);
  try {
    return { totals: documentTotals(inputs), counted: inputs.length };
  } catch (error) {
    if (error instanceof MoneyError) return { totals: null, counted: inputs.length };
    throw error;
  }
}

/**
 * The server's field issues placed where the person sees them: `lines.N.field` on line N
 * (by the keys sent), detail fields on their field, anything else on the form.
 */
export function placeServerIssues(
  issues: readonly { path: readonly (string | number)[]; message: string }[],
  lineKeys: readonly string[],
): { form: FormErrors; lines: Map<string, LineErrors> } {
  const form: FormErrors = {};
  const lines = new Map<string, LineErrors>();
  for (const { path, message } of issues) {
    const [head, index, field] = path;
    if (head === 'lines' && typeof index === 'number' && lineKeys[index]) {
      const key = lineKeys[index]!;
      const errors = { ...lines.get(key) };
      const name: LineField | 'line' = lineFields.includes(field as LineField) ? (field as LineField) : 'line';
      errors[name] ??= message;
      lines.set(key, errors);
    } else if (detailFields.includes(head as DetailField)) {
      form[head as DetailField] ??= message;
    } else if (head === 'lines') {
      form.lines ??= message;
    } else {
      form.form ??= message;
    }
  }
  return { form, lines };
}
