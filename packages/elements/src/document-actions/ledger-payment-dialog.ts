import { html } from 'lit';
import { query, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { newIdempotencyKey } from '@ledgerside/client';
import {
  checkPayment,
  paymentMethods,
  PaymentCreate,
  todayIso,
  type Document,
  type PaymentCreate as PaymentBody,
} from '@ledgerside/contract';
import { LedgerElement } from '../base/ledger-element.js';
import { fieldMessage } from '../base/issues.js';
import { formatMoneyInput, parseMoneyInput } from '../base/locale-number.js';
import { formatDateInput, parseDateInput } from '../base/locale-date.js';
import { reasonText } from '../base/reasons.js';
import { dialogStyles } from './dialog-styles.js';

export interface PaymentDraft {
  body: PaymentBody;
  idempotencyKey: string;
}

/**
 * Asks for a payment's amount (the balance by default), date, method and reference.
 *
 * @summary The "record payment" dialog.
 * @csspart dialog - The dialog box.
 * @tag ledger-payment-dialog
 */
export class LedgerPaymentDialog extends LedgerElement {
  static override styles = [...LedgerElement.styles, dialogStyles];

  @query('dialog') private dialog!: HTMLDialogElement;
  @state() private doc?: Document;
  @state() private amount = '';
  /** The date as shown and typed, in the active locale's form ("03/12/2026" in es). */
  @state() private date = '';
  @state() private method: (typeof paymentMethods)[number] = 'bank_transfer';
  @state() private reference = '';
  @state() private errors: Record<string, string> = {};
  #resolve: ((draft: PaymentDraft | null) => void) | undefined;

  async ask(doc: Document): Promise<PaymentDraft | null> {
    this.#resolve?.(null);
    this.doc = doc;
    this.amount = formatMoneyInput(doc.balance, doc.currency, this.fmt.locale);
    this.date = formatDateInput(todayIso(), this.fmt.locale);
    this.reference = '';
    this.errors = {};
    await this.updateComplete;
    this.dialog.showModal();
    return new Promise((resolve) => (this.#resolve = resolve));
  }

  private methodLabel(method: (typeof paymentMethods)[number]): string {
    return { bank_transfer: msg('Bank transfer'), card: msg('Card'), cash: msg('Cash'), check: msg('Check'), other: msg('Other') }[method];
  }

  private handleSubmit(event: SubmitEvent) {
    event.preventDefault();
    const doc = this.doc!;
    const errors: Record<string, string> = {};
    const amount = parseMoneyInput(this.amount, doc.currency, this.fmt.locale);
    if (amount === null) errors.amount = msg(str`Enter an amount in ${doc.currency}.`);
    else {
      const rule = checkPayment(doc, amount);
      if (!rule.ok) errors.amount = rule.reason === 'overpayment' ? msg('More than the balance due.') : reasonText(rule.reason, rule.message);
    }
    const parsed = PaymentCreate.safeParse({ amount: amount ?? 0, date: parseDateInput(this.date, this.fmt.locale) ?? this.date, method: this.method, reference: this.reference });
    if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= fieldMessage(issue);
    this.errors = errors;
    if (Object.keys(errors).length || !parsed.success) return;
    this.#close({ body: parsed.data, idempotencyKey: newIdempotencyKey() });
  }

  #close(draft: PaymentDraft | null) {
    const resolve = this.#resolve;
    this.#resolve = undefined;
    this.dialog.close();
    resolve?.(draft);
  }

  private handleCancel = () => this.#close(null);

  private handleDateBlur() {
    const iso = parseDateInput(this.date, this.fmt.locale);
    if (iso) this.date = formatDateInput(iso, this.fmt.locale);
  }

  /** Shows a readable amount in the locale's own form again ("1.234,5" → "1234,50" in es). */
  private handleAmountBlur() {
    const doc = this.doc;
    const minor = doc ? parseMoneyInput(this.amount, doc.currency, this.fmt.locale) : null;
    if (doc && minor !== null) this.amount = formatMoneyInput(minor, doc.currency, this.fmt.locale);
  }

  override render() {
    const e = this.errors;
    const doc = this.doc;
    return html`<dialog part="dialog" aria-labelledby="payment-heading" @cancel=${this.handleCancel} @close=${() => this.#resolve && this.handleCancel()}>
      <form @submit=${this.handleSubmit} novalidate>
        <h2 id="payment-heading">${msg(str`Record a payment for ${doc?.number ?? ''}`)}</h2>
        ${doc ? html`<p class="muted">${msg(str`Balance due: ${this.fmt.money(doc.balance, doc.currency)}`)}</p>` : null}
        <div class="row">
          <div class="field">
            <label for="amount">${msg(str`Amount (${doc?.currency ?? ''})`)}</label>
            <input id="amount" inputmode="decimal" .value=${this.amount} aria-invalid=${e.amount ? 'true' : 'false'} aria-describedby="amount-error"
              @input=${(ev: Event) => (this.amount = (ev.target as HTMLInputElement).value)} @blur=${this.handleAmountBlur} />
          </div>
          <div class="field">
            <label for="date">${msg('Date')}</label>
            <input id="date" autocomplete="off" .value=${this.date} aria-invalid=${e.date ? 'true' : 'false'}
              @input=${(ev: Event) => (this.date = (ev.target as HTMLInputElement).value)} @blur=${this.handleDateBlur} />
          </div>
        </div>
        <span class="error" id="amount-error" role=${e.amount ? 'alert' : 'none'}>${e.amount ?? e.date ?? ''}</span>
        <div class="row">
          <div class="field">
            <label for="method">${msg('Method')}</label>
            <select id="method" .value=${this.method} @change=${(ev: Event) => (this.method = (ev.target as HTMLSelectElement).value as typeof this.method)}>
              ${paymentMethods.map((m) => html`<option value=${m} ?selected=${m === this.method}>${this.methodLabel(m)}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="reference">${msg('Reference')}</label>
            <input id="reference" .value=${this.reference} @input=${(ev: Event) => (this.reference = (ev.target as HTMLInputElement).value)} />
          </div>
        </div>
        <div class="actions">
          <button class="btn" type="button" @click=${this.handleCancel}>${msg('Cancel')}</button>
          <button class="btn primary" type="submit">${msg('Record payment')}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ledger-payment-dialog': LedgerPaymentDialog;
  }
}
