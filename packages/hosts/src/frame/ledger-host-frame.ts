import { LitElement, css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { base, buttons, feedback } from '@ledgerside/elements';

export const hostFrameStates = ['connecting', 'waiting', 'ready', 'denied'] as const;
export type HostFrameState = (typeof hostFrameStates)[number];

/** Why the frame waits or refuses, each with its words. */
export const hostFrameReasons = [
  // waiting
  'connecting',
  'no-record',
  'no-contact',
  'signing-in',
  // denied
  'outside-host',
  'unsupported-place',
  'not-registered',
  'session-ended',
  'no-token',
] as const;
export type HostFrameReason = (typeof hostFrameReasons)[number];

/**
 * What a host app shows around the sidebar: the sidebar once the host has said where it is
 * and who is looking, and until then — or when the app may not run here — a sentence saying
 * what it waits for or why not, in the page's language. Never a blank panel.
 *
 * @summary A host app's frame: waiting and refusal states around the sidebar.
 * @slot - The sidebar (hidden until `state` is `ready`).
 * @fires ledger-host-retry - The person asked to try again (a refused sign-in or a missing token).
 * @csspart status - The waiting or refusal message.
 * @tag ledger-host-frame
 */
@localized()
export class LedgerHostFrame extends LitElement {
  static override styles = [
    base,
    buttons,
    feedback,
    css`
      :host {
        background: transparent;
      }
      .status {
        display: grid;
        gap: var(--_l-space-2);
        justify-items: start;
        padding: var(--_l-space-3);
        background: var(--_l-surface);
        border-radius: var(--_l-radius);
      }
      .status h2 {
        margin: 0;
        font-size: 1em;
      }
      .status p {
        margin: 0;
        color: var(--_l-text-muted);
      }
      .row {
        display: flex;
        align-items: center;
        gap: var(--_l-space-2);
      }
      .spinner {
        flex: none;
      }
      @media (prefers-reduced-motion: reduce) {
        .spinner {
          animation: none;
        }
      }
    `,
  ];

  /** Where the app is: connecting to the host, waiting for context, showing the sidebar, refused. */
  @property({ reflect: true }) state: HostFrameState = 'connecting';
  @property({ reflect: true }) reason: HostFrameReason = 'connecting';
  /** The host's name as people know it: Zendesk, Pipedrive, Chatwoot… */
  @property() host = '';

  private heading(): string {
    const host = this.host;
    switch (this.reason) {
      case 'connecting':
        return msg(str`Connecting to ${host}…`);
      case 'no-record':
        return msg('Nothing open yet');
      case 'no-contact':
        return msg(str`Waiting for ${host} to share the contact…`);
      case 'signing-in':
        return msg('Signing in to Ledgerside…');
      case 'outside-host':
        return msg(str`Open this app from ${host}`);
      case 'unsupported-place':
        return msg('Not available here');
      case 'not-registered':
        return msg(str`${host} could not sign you in`);
      case 'session-ended':
        return msg('Your session has ended');
      case 'no-token':
        return msg('Could not sign you in');
    }
  }

  private detail(): string {
    const host = this.host;
    switch (this.reason) {
      case 'connecting':
        return msg('Billing for this page appears here in a moment.');
      case 'no-record':
        return msg(str`Open a ticket, deal or conversation in ${host} to see its invoices and quotes here.`);
      case 'no-contact':
        return msg('The invoices show as soon as the host tells us who this is about.');
      case 'signing-in':
        return msg(str`Ledgerside is checking your ${host} sign-in.`);
      case 'outside-host':
        return msg(str`This page is the Ledgerside app for ${host}. It works inside ${host}, where it learns the ticket and who you are.`);
      case 'unsupported-place':
        return msg('Ledgerside works beside a ticket, a deal or a conversation; this screen has none.');
      case 'not-registered':
        return msg(str`Ledgerside does not know this ${host} installation, or its key has changed. Ask your Ledgerside admin to register it.`);
      case 'session-ended':
        return msg(str`Reload the app in ${host} to sign in again.`);
      case 'no-token':
        return msg(str`Your ${host} backend did not give a Ledgerside sign-in. Try again, or ask your admin to check the app's settings.`);
    }
  }

  private retry() {
    this.dispatchEvent(new CustomEvent('ledger-host-retry', { bubbles: true, composed: true }));
  }

  override render() {
    const ready = this.state === 'ready';
    const busy = this.state === 'connecting' || this.state === 'waiting';
    const retryable = this.reason === 'no-token' || this.reason === 'not-registered';
    return html`${ready
        ? nothing
        : html`<section class="status" part="status" role=${this.state === 'denied' ? 'alert' : 'status'} aria-live="polite">
            <div class="row">
              ${busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
              <h2>${this.heading()}</h2>
            </div>
            <p>${this.detail()}</p>
            ${this.state === 'denied' && retryable
              ? html`<button class="btn" type="button" @click=${this.retry}>${msg('Try again')}</button>`
              : nothing}
          </section>`}
      <slot ?hidden=${!ready}></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ledger-host-frame': LedgerHostFrame;
  }
  interface HTMLElementEventMap {
    'ledger-host-retry': CustomEvent<undefined>;
  }
}
