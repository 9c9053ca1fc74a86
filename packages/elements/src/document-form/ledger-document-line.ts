import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import { LedgerElement } from '../base/ledger-element.js';
import { lineStyles } from './styles.js';
import { formatDecimalInput, numberSymbols, parseDecimalInput } from '../base/locale-number.js';
import { parseLine, type LineDraft, type LineErrors, type LineField } from './line-model.js';

/** What a line row tells the form; they bubble inside the form's shadow root only. */
export interface LineEventDetails {
  'line-change': { key: string; patch: Partial<Omit<LineDraft, 'key'>> };
  'line-remove': { key: string };
  'line-move': { key: string; delta: -1 | 1 };
}

const icons = {
  up: html`<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M8 3v10M4 7l4-4 4 4" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/></svg>`,
  down: html`<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M8 13V3M4 9l4 4 4-4" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/></svg>`,
  remove: html`<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M3 4h10M6 4V2.5h4V4M4.5 4l.8 9.5h5.4l.8-9.5" fill="none" stroke="currentColor" stroke-width="1.4"/></svg>`,
  time: html`<svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="1.4"/><path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round"/></svg>`,
  product: html`<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M2.5 5L8 2l5.5 3v6L8 14l-5.5-3zM2.5 5L8 8l5.5-3M8 8v6" fill="none" stroke="currentColor" stroke-width="1.3" stroke-linejoin="round"/></svg>`,
};

/**
 * One editable line of `<ledger-document-form>`. Each line is its own element so that typing
 * in one re-renders that line only, even with hundreds of lines; the form recomputes totals
 * from the contract. A field shows its error once the person has left it (or after a save
 * attempt); errors from the server show at once.
 *
 * @summary An editable invoice or quote line.
 * @fires line-change - A field changed (`{ key, patch }`); bubbles inside the form only.
 * @fires line-remove - The person removed the line.
 * @fires line-move - The person moved the line up (-1) or down (1).
 * @csspart line - The line's box.
 * @csspart amount - The line's net amount.
 * @tag ledger-document-line
 */
export class LedgerDocumentLine extends LedgerElement {
  static override styles = [...LedgerElement.styles, lineStyles];

  @state() private touched: ReadonlySet<LineField> = new Set();
  /** A number field's text exactly as typed, while it has the focus; formatted again on blur. */
  @state() private typing: Partial<Record<LineField, string>> = {};

  /** The line as typed. */
  @property({ attribute: false }) line?: LineDraft;
  /** The document's currency: unit prices are read in it. */
  @property() currency = '';
  /** 1-based position, for labels ("line 3"). */
  @property({ type: Number }) position = 1;
  @property({ type: Boolean }) first = false;
  @property({ type: Boolean }) last = false;
  @property({ type: Boolean }) disabled = false;
  /** Show every field's error, touched or not (after a save attempt). */
  @property({ type: Boolean, attribute: 'show-errors' }) showErrors = false;
  /** Problems the server reported for this line. */
  @property({ attribute: false }) serverErrors?: LineErrors;

  private handleInput(field: LineField, event: Event) {
    const value = (event.target as HTMLInputElement | HTMLTextAreaElement).value;
    if (field === 'description') {
      this.send('line-change', { key: this.line!.key, patch: { [field]: value } });
      return;
    }
    // Numbers are read in the active locale and kept as the contract's plain decimal text.
    this.typing = { ...this.typing, [field]: value };
    const locale = this.fmt.locale;
    const parsed = parseDecimalInput(value, locale);
    const inputErrors = { ...this.line!.inputErrors };
    delete inputErrors[field];
    if (parsed.ok) {
      this.send('line-change', { key: this.line!.key, patch: { [field]: parsed.value, inputErrors } });
      return;
    }
    // No number at all stays text, so the contract's schema says so in its words.
    if (parsed.problem === 'separator') {
      inputErrors[field] = msg(str`Write decimals with “${numberSymbols(locale).decimal}”, e.g. ${formatDecimalInput('1234.5', locale)}`);
    }
    this.send('line-change', { key: this.line!.key, patch: { [field]: value, inputErrors } });
  }

  private handleBlur(field: LineField) {
    if (field in this.typing) {
      const { [field]: _, ...rest } = this.typing;
      this.typing = rest;
    }
    if (this.touched.has(field)) return;
    this.touched = new Set([...this.touched, field]);
  }

  private handleKeydown(event: KeyboardEvent) {
    // Alt+↑ / Alt+↓ move the line from any of its fields.
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    const delta = event.key === 'ArrowUp' ? -1 : 1;
    if ((delta === -1 && this.first) || (delta === 1 && this.last)) return;
    event.preventDefault();
    this.send('line-move', { key: this.line!.key, delta });
  }

  /** Puts the focus on one of the line's controls. */
  focusControl(name: LineField | 'up' | 'down' | 'remove' = 'description'): void {
    const el = this.renderRoot.querySelector<HTMLElement>(`#${name}`);
    (el && !(el as HTMLButtonElement).disabled ? el : this.renderRoot.querySelector<HTMLElement>('#description'))?.focus();
  }

  private send<K extends keyof LineEventDetails>(type: K, detail: LineEventDetails[K]) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }

  private errorOf(errors: LineErrors, field: LineField | 'line'): string | undefined {
    const server = this.serverErrors?.[field];
    if (server) return server;
    if (field === 'line') return errors.line;
    return this.showErrors || this.touched.has(field) ? errors[field] : undefined;
  }

  private field(
    field: LineField,
    label: string,
    errors: LineErrors,
    attrs: { inputmode?: string; placeholder?: string } = {},
  ): TemplateResult {
    const error = this.errorOf(errors, field);
    const line = this.line!;
    const value = this.typing[field] ?? (line.inputErrors?.[field] ? line[field] : formatDecimalInput(line[field], this.fmt.locale));
    return html`<div class="field ${field}">
      <label for=${field}>${label}</label>
      <input
        id=${field}
        .value=${live(value)}
        inputmode=${attrs.inputmode ?? 'decimal'}
        autocomplete="off"
        placeholder=${attrs.placeholder ?? ''}
        ?disabled=${this.disabled}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${field}-error` : nothing}
        @input=${(e: Event) => this.handleInput(field, e)}
        @blur=${() => this.handleBlur(field)}
      />
      ${error ? html`<span class="error" id="${field}-error">${error}</span>` : nothing}
    </div>`;
  }

  override render() {
    const line = this.line;
    if (!line) return nothing;
    const parsed = parseLine(line, this.currency);
    const n = this.position;
    const descriptionError = this.errorOf(parsed.errors, 'description');
    const lineError = this.errorOf(parsed.errors, 'line');
    const source = line.timeEntryIds.length
      ? html`<span class="source" title=${msg('Billed from a time entry')}>${icons.time}${msg('Time entry')}</span>`
      : line.productId
        ? html`<span class="source" title=${msg('From the product catalogue')}>${icons.product}${msg('Product')}</span>`
        : nothing;
    return html`<div class="line" part="line" role="group" aria-label=${msg(str`Line ${n}`)} @keydown=${this.handleKeydown}>
      <div class="field description">
        <label for="description" class="visually-hidden">${msg(str`Description, line ${n}`)}</label>
        <textarea
          id="description"
          rows="1"
          .value=${live(line.description)}
          placeholder=${msg('Description')}
          ?disabled=${this.disabled}
          aria-invalid=${descriptionError ? 'true' : 'false'}
          aria-describedby=${descriptionError ? 'description-error' : nothing}
          @input=${(e: Event) => this.handleInput('description', e)}
          @blur=${() => this.handleBlur('description')}
        ></textarea>
        ${descriptionError ? html`<span class="error" id="description-error">${descriptionError}</span>` : nothing}
      </div>
      <div class="numbers">
        <div class="pair price">
          ${this.field('quantity', msg('Qty'), parsed.errors)}
          ${this.field('unitPrice', this.currency ? msg(str`Price (${this.currency})`) : msg('Price'), parsed.errors)}
        </div>
        <div class="pair">
          ${this.field('discountPercent', msg('Disc. %'), parsed.errors, { placeholder: '0' })}
          ${this.field('taxRatePercent', msg('Tax %'), parsed.errors, { placeholder: '0' })}
        </div>
      </div>
      ${lineError ? html`<p class="error" role="alert">${lineError}</p>` : nothing}
      <div class="foot">
        ${source}
        <span class="tools">
          <button id="up" class="btn ghost icon small" type="button" ?disabled=${this.first || this.disabled}
            aria-label=${msg(str`Move line ${n} up`)} title=${msg('Move up (Alt+↑)')}
            @click=${() => this.send('line-move', { key: line.key, delta: -1 })}>${icons.up}</button>
          <button id="down" class="btn ghost icon small" type="button" ?disabled=${this.last || this.disabled}
            aria-label=${msg(str`Move line ${n} down`)} title=${msg('Move down (Alt+↓)')}
            @click=${() => this.send('line-move', { key: line.key, delta: 1 })}>${icons.down}</button>
          <button id="remove" class="btn ghost icon small" type="button" ?disabled=${this.disabled}
            aria-label=${msg(str`Remove line ${n}`)} title=${msg('Remove line')}
            @click=${() => this.send('line-remove', { key: line.key })}>${icons.remove}</button>
        </span>
        <span class="amount" part="amount"
          ><span class="visually-hidden">${msg('Amount:')} </span>${parsed.amounts
            ? this.fmt.money(parsed.amounts.net, this.currency)
            : '—'}</span
        >
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ledger-document-line': LedgerDocumentLine;
  }
  interface HTMLElementEventMap {
    'line-change': CustomEvent<LineEventDetails['line-change']>;
    'line-remove': CustomEvent<LineEventDetails['line-remove']>;
    'line-move': CustomEvent<LineEventDetails['line-move']>;
  }
}
