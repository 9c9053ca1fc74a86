/**
 * The document status machine and the actions a person may take on a document. The server
 * enforces it, the form and the list use it to show what is allowed, the mocks use it to behave
 * like the server: one copy.
 *
 * Invoice: draft → sent → partially_paid → paid; void from draft / sent / partially_paid is
 * final; deleted (kept, final). Overdue is not stored: it is derived from the due date and the
 * balance (`displayStatus`).
 * Quote: draft → sent → accepted / declined / expired; draft / sent / accepted → invoiced.
 */
import type { Permission } from './permissions.js';

export const documentKinds = ['invoice', 'quote'] as const;
export type DocumentKind = (typeof documentKinds)[number];

export const invoiceStatuses = ['draft', 'sent', 'partially_paid', 'paid', 'void', 'deleted'] as const;
export const quoteStatuses = ['draft', 'sent', 'accepted', 'declined', 'expired', 'invoiced', 'deleted'] as const;
export const documentStatuses = [
  'draft',
  'sent',
  'partially_paid',
  'paid',
  'void',
  'deleted',
  'accepted',
  'declined',
  'expired',
  'invoiced',
] as const;
export type DocumentStatus = (typeof documentStatuses)[number];
export const displayStatuses = [...documentStatuses, 'overdue'] as const;
export type DisplayStatus = (typeof displayStatuses)[number];

export function statusesOf(kind: DocumentKind): readonly DocumentStatus[] {
  return kind === 'invoice' ? invoiceStatuses : quoteStatuses;
}

/** Why a transition is refused; each has a sentence for people in `transitionReasons`. */
export const transitionReasons = {
  not_a_status_of_kind: 'That status does not exist for this kind of document.',
  same_status: 'The document already has that status.',
  void_is_final: 'A void document cannot change any more.',
  deleted_is_final: 'A deleted document cannot change any more.',
  paid_cannot_be_voided: 'A paid invoice cannot be voided.',
  payments_cannot_be_undone: 'Recorded payments cannot be undone by a status change.',
  has_payments: 'An invoice with payments cannot be deleted; void it instead.',
  cannot_unsend: 'A sent document cannot go back to draft.',
  needs_payment: 'Only a payment makes an invoice paid or partially paid.',
  quote_closed: 'This quote is closed.',
  quote_not_sent: 'Send the quote before recording the answer.',
  already_invoiced: 'This quote has already been invoiced.',
  not_allowed: 'That change is not possible.',
} as const;
export type TransitionReason = keyof typeof transitionReasons;

export type TransitionResult = { ok: true } | { ok: false; reason: TransitionReason; message: string };

const ok: TransitionResult = { ok: true };
const refuse = (reason: TransitionReason): TransitionResult => ({
  ok: false,
  reason,
  message: transitionReasons[reason],
});

/**
 * Whether a document of `kind` may move from `from` to `to`. `viaPayment` is true when a
 * payment is what moves it (only payments make an invoice partially paid or paid).
 */
export function canTransition(
  kind: DocumentKind,
  from: DocumentStatus,
  to: DocumentStatus,
  viaPayment = false,
): TransitionResult {
  const own = statusesOf(kind);
  if (!own.includes(from) || !own.includes(to)) return refuse('not_a_status_of_kind');
  if (from === 'deleted') return refuse('deleted_is_final');
  if (from === 'void') return refuse('void_is_final');
  if (kind === 'invoice') {
    if (to === 'partially_paid' || to === 'paid') {
      if (!viaPayment) return refuse('needs_payment');
      if (from === 'paid') return refuse(to === 'paid' ? 'same_status' : 'payments_cannot_be_undone');
      return ok; // draft, sent or partially_paid; a payment on a draft also sends it
    }
    if (from === to) return refuse('same_status');
    switch (to) {
      case 'draft':
        return refuse(from === 'sent' ? 'cannot_unsend' : 'payments_cannot_be_undone');
      case 'sent':
        return from === 'draft' ? ok : refuse('payments_cannot_be_undone');
      case 'void':
        return from === 'paid' ? refuse('paid_cannot_be_voided') : ok;
      case 'deleted':
        return from === 'draft' || from === 'sent' ? ok : refuse('has_payments');
      default:
        return refuse('not_allowed');
    }
  }
  // quote
  if (from === to) return refuse('same_status');
  if (from === 'invoiced') return refuse('already_invoiced');
  switch (to) {
    case 'draft':
      return refuse('cannot_unsend');
    case 'sent':
      return from === 'draft' ? ok : refuse('quote_closed');
    case 'accepted':
    case 'declined':
    case 'expired':
      if (from === 'draft') return refuse('quote_not_sent');
      return from === 'sent' ? ok : refuse('quote_closed');
    case 'invoiced':
      return from === 'declined' || from === 'expired' ? refuse('quote_closed') : ok;
    case 'deleted':
      return ok;
    default:
      return refuse('not_allowed');
  }
}

/** Today's date as YYYY-MM-DD in UTC (overdue is a calendar matter, not a clock one). */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export interface StatusFacts {
  kind: DocumentKind;
  status: DocumentStatus;
  dueDate: string | null;
  balance: number;
}

/** Whether an invoice is overdue: sent or partly paid, with a balance, past its due date. */
export function isOverdue(doc: StatusFacts, today: string = todayIso()): boolean {
  return (
    doc.kind === 'invoice' &&
    (doc.status === 'sent' || doc.status === 'partially_paid') &&
    doc.balance > 0 &&
    doc.dueDate !== null &&
    doc.dueDate < today
  );
}

export function displayStatus(doc: StatusFacts, today: string = todayIso()): DisplayStatus {
  return isOverdue(doc, today) ? 'overdue' : doc.status;
}

/** The status after a payment of `amount` on a document with `balance` left. */
export function statusAfterPayment(balance: number, amount: number): 'partially_paid' | 'paid' {
  return amount >= balance ? 'paid' : 'partially_paid';
}

/** Payment rule check, separate from the status move: refused amounts have a named reason. */
export function checkPayment(
  doc: StatusFacts,
  amount: number,
): { ok: true; to: 'partially_paid' | 'paid' } | { ok: false; reason: string; message: string } {
  if (doc.kind !== 'invoice') {
    return { ok: false, reason: 'not_an_invoice', message: 'Payments are recorded on invoices only.' };
  }
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    return { ok: false, reason: 'amount_not_positive', message: 'The amount must be more than zero.' };
  }
  if (amount > doc.balance) {
    return { ok: false, reason: 'overpayment', message: 'The amount is more than the balance due.' };
  }
  const to = statusAfterPayment(doc.balance, amount);
  const move = canTransition('invoice', doc.status, to, true);
  if (!move.ok) return move;
  return { ok: true, to };
}

export const documentActions = [
  'open',
  'edit',
  'clone',
  'void',
  'mark_sent',
  'email',
  'delete',
  'pdf',
  'open_external',
  'convert',
  'record_payment',
] as const;
export type DocumentAction = (typeof documentActions)[number];

export type ActionState = { allowed: true } | { allowed: false; reason: string; message: string };

const permissionOf: Record<DocumentAction, Permission> = {
  open: 'documents.read',
  pdf: 'documents.read',
  open_external: 'documents.read',
  edit: 'documents.write',
  clone: 'documents.write',
  void: 'documents.write',
  mark_sent: 'documents.write',
  email: 'documents.write',
  delete: 'documents.write',
  convert: 'documents.write',
  record_payment: 'payments.write',
};

/** Whether a document can still be edited (its lines and details). */
export function isEditable(kind: DocumentKind, status: DocumentStatus): boolean {
  return status === 'draft' || status === 'sent';
}

/**
 * The state of one action on a document for a caller with `granted` permissions: the single
 * rule the form's buttons, the list's menu, the mocks and the server all follow.
 */
export function actionState(
  doc: StatusFacts & { convertedTo?: string | null },
  action: DocumentAction,
  granted: readonly Permission[],
): ActionState {
  if (!granted.includes(permissionOf[action])) {
    return { allowed: false, reason: 'forbidden', message: 'Your role cannot do this.' };
  }
  const transition = (to: DocumentStatus): ActionState => {
    const result = canTransition(doc.kind, doc.status, to);
    return result.ok ? { allowed: true } : { allowed: false, reason: result.reason, message: result.message };
  };
  const deleted: ActionState = { allowed: false, reason: 'deleted_is_final', message: transitionReasons.deleted_is_final };
  switch (action) {
    case 'open':
    case 'pdf':
    case 'open_external':
      return doc.status === 'deleted' && action !== 'open' ? deleted : { allowed: true };
    case 'clone':
      return doc.status === 'deleted' ? deleted : { allowed: true };
    case 'edit':
      if (doc.status === 'deleted') return deleted;
      if (doc.status === 'void') return { allowed: false, reason: 'void_is_final', message: transitionReasons.void_is_final };
      return isEditable(doc.kind, doc.status)
        ? { allowed: true }
        : { allowed: false, reason: 'not_editable', message: 'Only draft and sent documents can be edited.' };
    case 'void':
      return doc.kind === 'quote'
        ? { allowed: false, reason: 'not_a_status_of_kind', message: 'Quotes are declined or deleted, not voided.' }
        : transition('void');
    case 'mark_sent':
      return transition('sent');
    case 'email':
      if (doc.status === 'deleted') return deleted;
      if (doc.status === 'void') return { allowed: false, reason: 'void_is_final', message: transitionReasons.void_is_final };
      return { allowed: true };
    case 'delete':
      return transition('deleted');
    case 'convert':
      if (doc.kind !== 'quote') {
        return { allowed: false, reason: 'not_a_quote', message: 'Only a quote can be converted into an invoice.' };
      }
      return transition('invoiced');
    case 'record_payment': {
      if (doc.kind !== 'invoice') {
        return { allowed: false, reason: 'not_an_invoice', message: 'Payments are recorded on invoices only.' };
      }
      if (doc.balance <= 0) return { allowed: false, reason: 'nothing_due', message: 'Nothing is due on this invoice.' };
      const result = canTransition('invoice', doc.status, 'partially_paid', true);
      return result.ok ? { allowed: true } : { allowed: false, reason: result.reason, message: result.message };
    }
  }
}

/** Every action's state at once, for a menu or a toolbar. */
export function actionStates(
  doc: StatusFacts,
  granted: readonly Permission[],
): Record<DocumentAction, ActionState> {
  return Object.fromEntries(documentActions.map((a) => [a, actionState(doc, a, granted)])) as Record<
    DocumentAction,
    ActionState
  >;
}
