import { msg } from '@lit/localize';
import type { ActionState, DocumentAction, DocumentKind, TransitionReason } from '@ledgerside/contract';

/**
 * The contract (and the API, in a 422's `reason`) names every refusal (`reason`) and gives it an English sentence for the API and
 * logs; people read these instead, in the active language. Keyed by the contract's own
 * reasons, so a new one fails the typecheck here until it has words.
 */
const transitionTexts: Record<TransitionReason, () => string> = {
  not_a_status_of_kind: () => msg('That status does not exist for this kind of document.'),
  same_status: () => msg('The document already has that status.'),
  void_is_final: () => msg('A void document cannot change any more.'),
  deleted_is_final: () => msg('A deleted document cannot change any more.'),
  paid_cannot_be_voided: () => msg('A paid invoice cannot be voided.'),
  payments_cannot_be_undone: () => msg('Recorded payments cannot be undone by a status change.'),
  has_payments: () => msg('An invoice with payments cannot be deleted; void it instead.'),
  cannot_unsend: () => msg('A sent document cannot go back to draft.'),
  needs_payment: () => msg('Only a payment makes an invoice paid or partially paid.'),
  quote_closed: () => msg('This quote is closed.'),
  quote_not_sent: () => msg('Send the quote before recording the answer.'),
  already_invoiced: () => msg('This quote has already been invoiced.'),
  not_allowed: () => msg('That change is not possible.'),
};

/**
 * Reasons `actionState` and `checkPayment` give besides the status machine's, and the named
 * reasons of the API's refusals (422 `reason`) that are not about a status.
 */
const otherTexts: Record<string, () => string> = {
  forbidden: () => msg('Your role cannot do this.'),
  not_editable: () => msg('Only draft and sent documents can be edited.'),
  not_a_quote: () => msg('Only a quote can be converted into an invoice.'),
  not_an_invoice: () => msg('Payments are recorded on invoices only.'),
  nothing_due: () => msg('Nothing is due on this invoice.'),
  amount_not_positive: () => msg('The amount must be more than zero.'),
  overpayment: () => msg('The amount is more than the balance due.'),
  amount_too_large: () => msg('This would take the invoiced total in this currency past what billing can add up exactly. Split it or void an old invoice.'),
  not_billable: () => msg('Non-billable time cannot be invoiced.'),
  unknown_customer: () => msg('That customer was not found in billing.'),
  unknown_time_entry: () => msg('That time entry was not found.'),
  unknown_recipient: () => msg('Choose recipients from the list offered.'),
  unknown_message: () => msg('That message is not in this conversation.'),
  transaction_mismatch: () => msg('This conversation belongs to another transaction.'),
  conversation_not_allowed: () => msg('Conversations are not available for this kind of transaction.'),
};

/** A refusal in words; `english` (the contract's sentence) only for a reason added later. */
export function reasonText(reason: string, english: string, context: { action?: DocumentAction; kind?: DocumentKind } = {}): string {
  // The contract reuses this reason for "a quote is never voided".
  if (reason === 'not_a_status_of_kind' && context.action === 'void' && context.kind === 'quote') {
    return msg('Quotes are declined or deleted, not voided.');
  }
  const text = (transitionTexts as Record<string, () => string>)[reason] ?? otherTexts[reason];
  return text ? text() : english;
}

/** `actionState` with its refusal in the active language. */
export function localizeState(state: ActionState, action: DocumentAction, kind: DocumentKind): ActionState {
  return state.allowed ? state : { ...state, message: reasonText(state.reason, state.message, { action, kind }) };
}
