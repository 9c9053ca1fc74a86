import { html } from 'lit';
import { query, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { LedgerClient } from '@ledgerside/client';
import { Email, EmailRequest, type Document } from '@ledgerside/contract';
import { newIdempotencyKey } from '@ledgerside/client';
import { fieldMessage } from '../base/issues.js';
import { LedgerElement } from '../base/ledger-element.js';
import { dialogStyles } from './dialog-styles.js';

export interface EmailDraft {
  body: { to: string[]; subject: string; message: string };
  idempotencyKey: string;
}

/**
 * Asks for the recipients, subject and message of a document email; the recipient is
 * prefilled from the customer. The server writes the email in the customer's language: a
 * subject left empty is its standard one, and the message is a note inside its text (so
 * nothing is prefilled in the agent's language, nor said twice).
 *
 * @summary The "email to customer" dialog.
 * @csspart dialog - The dialog box.
 * @tag ledger-email-dialog
 */
export class LedgerEmailDialog extends LedgerElement {
  static override styles = [...LedgerElement.styles, dialogStyles];

  @query('dialog') private dialog!: HTMLDialogElement;
  @state() private doc?: Document;
  @state() private to = '';
  @state() private subject = '';
  @state() private message = '';
  @state() private errors: Record<string, string> = {};
  @state() private loadingCustomer = false;
  /** The customer's language, once known: the language the email is written in. */
  @state() private language = '';
  #resolve: ((draft: EmailDraft | null) => void) | undefined;

  /** Opens the dialog for `doc`; resolves the request, or null when cancelled. */
  async ask(doc: Document, client: LedgerClient): Promise<EmailDraft | null> {
    this.#resolve?.(null);
    this.doc = doc;
    this.errors = {};
    this.subject = '';
    this.message = '';
    this.language = '';
    this.to = '';
    this.loadingCustomer = true;
    await this.updateComplete;
    this.dialog.showModal();
    client
      .getCustomer({ params: { id: doc.customerId } })
      .then((customer) => {
        if (this.doc !== doc) return;
        if (!this.to) this.to = customer.email;
        this.language = customer.language;
      })
      .catch(() => undefined) // the person can still type the address
      .finally(() => (this.loadingCustomer = false));
    return new Promise((resolve) => (this.#resolve = resolve));
  }

  private handleSubmit(event: SubmitEvent) {
    event.preventDefault();
    const to = this.to.split(/[,;\s]+/).filter(Boolean);
    const errors: Record<string, string> = {};
    if (to.length === 0) errors.to = msg('Add at least one email address.');
    else if (to.some((address) => !Email.safeParse(address).success)) errors.to = msg('Check the email addresses.');
    const parsed = EmailRequest.safeParse({ to, subject: this.subject, message: this.message });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'to')] ??= fieldMessage(issue);
    }
    this.errors = errors;
    if (Object.keys(errors).length) return;
    this.#close({ body: { to, subject: this.subject.trim(), message: this.message }, idempotencyKey: newIdempotencyKey() });
  }

  #close(draft: EmailDraft | null) {
    const resolve = this.#resolve;
    this.#resolve = undefined;
    this.dialog.close();
    resolve?.(draft);
  }

  private handleCancel = () => this.#close(null);

  /** "The email is written in Czech." in the agent's language, or the plain hint before the customer loads. */
  private languageHint(): string {
    let name = '';
    try {
      name = (this.language && new Intl.DisplayNames([this.fmt.locale], { type: 'language' }).of(this.language)) || '';
    } catch {
      // an unknown language tag: say nothing about it
    }
    return name ? msg(str`The PDF is attached. The email is written in ${name}, the customer’s language.`) : msg('The PDF is attached.');
  }

  override render() {
    const e = this.errors;
    return html`<dialog part="dialog" aria-labelledby="email-heading" @cancel=${this.handleCancel} @close=${() => this.#resolve && this.handleCancel()}>
      <form @submit=${this.handleSubmit} novalidate>
        <h2 id="email-heading">${msg(str`Email ${this.doc?.number ?? ''}`)}</h2>
        <div class="field">
          <label for="to">${msg('To')}</label>
          <input id="to" type="email" multiple autocomplete="email" .value=${this.to} placeholder=${this.loadingCustomer ? msg('Loading the customer’s address…') : ''}
            aria-invalid=${e.to ? 'true' : 'false'} aria-describedby="to-error" @input=${(ev: Event) => (this.to = (ev.target as HTMLInputElement).value)} />
          <span class="error" id="to-error" role=${e.to ? 'alert' : 'none'}>${e.to ?? ''}</span>
        </div>
        <div class="field">
          <label for="subject">${msg('Subject')}</label>
          <input id="subject" .value=${this.subject} placeholder=${msg('The standard subject, in the customer’s language')} aria-invalid=${e.subject ? 'true' : 'false'} aria-describedby="subject-error"
            @input=${(ev: Event) => (this.subject = (ev.target as HTMLInputElement).value)} />
          <span class="error" id="subject-error">${e.subject ?? ''}</span>
        </div>
        <div class="field">
          <label for="message">${msg('Message')}</label>
          <textarea id="message" rows="5" .value=${this.message} placeholder=${msg('Optional: a note added to the standard text')} aria-describedby="message-hint"
            @input=${(ev: Event) => (this.message = (ev.target as HTMLTextAreaElement).value)}></textarea>
          <span class="hint" id="message-hint">${this.languageHint()}</span>
        </div>
        <div class="actions">
          <button class="btn" type="button" @click=${this.handleCancel}>${msg('Cancel')}</button>
          <button class="btn primary" type="submit">${msg('Send email')}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ledger-email-dialog': LedgerEmailDialog;
  }
}
