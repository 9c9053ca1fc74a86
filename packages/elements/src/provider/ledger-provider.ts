import { LitElement, css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { GetToken, LedgerClient } from '@ledgerside/client';
import type { HostContact, HostDealLine, Product, TimeEntryInput } from '@ledgerside/contract';
import { LedgerRuntime } from '../context/runtime.js';
import { darkTheme } from '../styles/tokens.js';
import { defineElement } from '../base/define.js';

export const themes = ['light', 'dark', 'auto'] as const;
export type Theme = (typeof themes)[number];

/**
 * Shares the client, the host's context, the caller's session and the locale with every
 * Ledgerside component inside it.
 *
 * @summary The root of a Ledgerside embedding.
 * @slot - The components.
 * @cssprop --ledger-color-text - and every other `--ledger-*` token, inherited by the components.
 * @fires ledger-error - The session could not be loaded (e.g. the token was refused).
 * @tag ledger-provider
 */
export class LedgerProvider extends LitElement {
  static override styles = [
    css`
      :host {
        display: contents;
      }
    `,
    darkTheme,
  ];

  static define(tag = 'ledger-provider'): void {
    defineElement(tag, this);
  }

  readonly runtime = new LedgerRuntime(this);

  /** The API's origin (before `/v1`); with `getToken`, the provider makes the client. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** The host's callback to its own backend for a short-lived token. */
  @property({ attribute: false }) getToken?: GetToken;
  /** A ready client, instead of `apiBase` + `getToken`. */
  @property({ attribute: false }) client?: LedgerClient;
  /** BCP 47 tag; defaults to the browser's language. */
  @property({ reflect: true }) locale?: string;
  @property({ reflect: true }) theme: Theme = 'light';
  @property({ attribute: false }) contact?: HostContact;
  @property({ attribute: 'ticket-id' }) ticketId?: string;
  @property({ attribute: 'deal-id' }) dealId?: string;
  @property({ attribute: false }) timeEntries?: TimeEntryInput[];
  @property({ attribute: false }) products?: Product[];
  /** The deal's lines: which of `products`, how many, at what discount (a new document's lines). */
  @property({ attribute: false }) dealLines?: HostDealLine[];

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Closes the live connection; the hub reopens it when a component listens again.
    this.runtime.dispose();
  }

  protected override willUpdate(changed: PropertyValues<LedgerProvider>): void {
    if (changed.has('locale')) this.runtime.setLocale(this.locale);
    if ((['contact', 'ticketId', 'dealId', 'timeEntries', 'products', 'dealLines'] as const).some((k) => changed.has(k))) {
      this.runtime.setHost({
        ...(this.contact ? { contact: this.contact } : {}),
        ...(this.ticketId ? { ticketId: this.ticketId } : {}),
        ...(this.dealId ? { dealId: this.dealId } : {}),
        ...(this.timeEntries ? { timeEntries: this.timeEntries } : {}),
        ...(this.products ? { products: this.products } : {}),
        ...(this.dealLines ? { dealLines: this.dealLines } : {}),
      });
    }
    if (changed.has('client') || changed.has('getToken') || changed.has('apiBase')) {
      this.runtime.configure(
        this.client ? { client: this.client } : this.getToken ? { apiBase: this.apiBase, getToken: this.getToken } : {},
      );
    }
  }

  override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ledger-provider': LedgerProvider;
  }
}
