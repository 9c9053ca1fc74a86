import { css, html } from 'lit';
import { query, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { LedgerElement } from '../base/ledger-element.js';

export interface ConfirmOptions {
  heading: string;
  body?: string;
  confirmLabel?: string;
  cancelLabel?: string;
  /** A destructive action: the confirm button is red. */
  danger?: boolean;
}

/**
 * A confirmation inside the component (a native modal `<dialog>`: focus trapped, Escape
 * cancels), never a window-level overlay.
 *
 * @summary Asks the person to confirm an action.
 * @csspart dialog - The dialog box.
 * @tag ledger-confirm-dialog
 */
export class LedgerConfirmDialog extends LedgerElement {
  static override styles = [
    ...LedgerElement.styles,
    css`
      :host {
        display: contents;
      }
      dialog {
        max-width: min(360px, calc(100% - 32px));
        padding: var(--_l-space-4);
        border: 1px solid var(--_l-border);
        border-radius: calc(var(--_l-radius) + 2px);
        background: var(--_l-surface);
        color: var(--_l-text);
        box-shadow: var(--_l-shadow);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.3);
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: var(--_l-space-2);
        margin-top: var(--_l-space-4);
        flex-wrap: wrap;
      }
      p {
        margin-top: var(--_l-space-2);
        color: var(--_l-text-muted);
      }
    `,
  ];

  @query('dialog') private dialog!: HTMLDialogElement;
  @state() private options: ConfirmOptions = { heading: '' };
  #resolve: ((ok: boolean) => void) | undefined;

  /** Opens the dialog; resolves true when confirmed, false when cancelled or dismissed. */
  async ask(options: ConfirmOptions): Promise<boolean> {
    this.#resolve?.(false);
    this.options = options;
    await this.updateComplete;
    this.dialog.returnValue = '';
    this.dialog.showModal();
    return new Promise((resolve) => (this.#resolve = resolve));
  }

  private handleClose = () => {
    // A close event still queued from an earlier question must not answer a newer one.
    if (this.dialog.open) return;
    this.#resolve?.(this.dialog.returnValue === 'confirm');
    this.#resolve = undefined;
  };

  override render() {
    const o = this.options;
    return html`<dialog part="dialog" aria-labelledby="heading" @close=${this.handleClose}>
      <form method="dialog">
        <h2 id="heading">${o.heading}</h2>
        ${o.body ? html`<p>${o.body}</p>` : null}
        <div class="actions">
          <button class="btn" value="cancel" autofocus>${o.cancelLabel ?? msg('Cancel')}</button>
          <button class="btn primary ${o.danger ? 'danger' : ''}" value="confirm">${o.confirmLabel ?? msg('Confirm')}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ledger-confirm-dialog': LedgerConfirmDialog;
  }
}
