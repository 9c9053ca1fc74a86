import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { initialState, Task } from '@lit/task';
import type { UnreadCounts } from '@ledgerside/contract';
import { LedgerElement } from '../base/ledger-element.js';
import { LiveEventsController } from '../controllers/live-events.js';
import type { LedgerEvent } from '../events.js';
import { unreadMessages } from '../i18n/plural.js';

/** Above this the badge shows "99+". */
const MAX_SHOWN = 99;

const keyOf = (type: string, id: string) => `${type}:${id}`;

/**
 * The caller's unread message count, for one transaction or for all, like the counter on a
 * "Conversation" button. Loads `GET /unread`, then follows new messages through the live
 * events and read markers through `ledger-unread-changed` from any `<ledger-conversation>`
 * on the page. Shows nothing while the count is zero.
 *
 * @summary Unread message count for a transaction, or for all.
 *
 * @csspart badge - The count bubble.
 * @csspart retry - The small button shown when the count could not be loaded.
 *
 * @cssprop --ledger-unread-badge-color - Background of the bubble (default the accent colour).
 * @cssprop --ledger-unread-badge-text - Text colour of the bubble.
 */
export class LedgerUnreadBadge extends LedgerElement {
  static override styles = [
    ...LedgerElement.styles,
    css`
      :host {
        display: inline-flex;
        vertical-align: middle;
        line-height: 1;
        /* Inline in a host's button or header: the bubble paints itself, the host box does not. */
        background: none;
      }
      .badge {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        min-width: 1.5em;
        height: 1.5em;
        padding: 0 0.45em;
        border-radius: 999px;
        background: var(--ledger-unread-badge-color, var(--_l-accent));
        color: var(--ledger-unread-badge-text, var(--_l-accent-text));
        font-size: var(--_l-font-size-small);
        font-weight: 700;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      .retry {
        min-width: 1.5em;
        height: 1.5em;
        padding: 0 0.4em;
        border: 1px dashed var(--_l-border);
        border-radius: 999px;
        background: var(--_l-surface);
        color: var(--_l-text-muted);
        font: inherit;
        font-size: var(--_l-font-size-small);
        cursor: pointer;
      }
    `,
  ];

  private readonly live = new LiveEventsController(
    this,
    ['message.posted'],
    (event) => {
      const { conversation } = event.data;
      this.setCount(conversation.transactionType, conversation.transactionId, conversation.unread);
    },
    // The server's count after a read marker, from a conversation under the same provider.
    { onUnread: (change) => this.setCount(change.transactionType, change.transactionId, change.count) },
  );

  private readonly countsTask = new Task(this, {
    args: () => [this.client, this.sessionState.session?.user.id, this.can('conversations.read')] as const,
    task: async ([client, userId, allowed], { signal }): Promise<UnreadCounts | typeof initialState> => {
      if (!client || !userId || !allowed) return initialState;
      return client.getUnread(undefined, { signal });
    },
    onComplete: (counts) => {
      this.counts = new Map(counts.byTransaction.map((t) => [keyOf(t.transactionType, t.transactionId), t.count]));
    },
  });

  /** Unread count per `type:id`; only transactions with unread messages are listed. */
  @state() private counts: Map<string, number> | null = null;

  /** The kind of transaction; with `transaction-id`, the badge counts that transaction only. */
  @property({ attribute: 'transaction-type' }) transactionType = '';
  /** The transaction's id; leave both out to count every transaction. */
  @property({ attribute: 'transaction-id' }) transactionId = '';

  /** The count shown (0 until loaded). */
  get count(): number {
    const counts = this.counts;
    if (!counts) return 0;
    if (this.transactionType && this.transactionId) return counts.get(keyOf(this.transactionType, this.transactionId)) ?? 0;
    let total = 0;
    for (const n of counts.values()) total += n;
    return total;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('ledger-unread-changed', this.handleUnreadChanged);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('ledger-unread-changed', this.handleUnreadChanged);
  }

  /** A conversation on this page marked messages read (or loaded a fresher count). */
  private handleUnreadChanged = (event: Event): void => {
    const { transactionType, transactionId, count } = (event as LedgerEvent<'ledger-unread-changed'>).detail;
    if (transactionType && transactionId) this.setCount(transactionType, transactionId, count);
  };

  private handleRetry = (): void => {
    void this.countsTask.run();
  };

  private setCount(type: string, id: string, count: number): void {
    if (!this.counts) return;
    const key = keyOf(type, id);
    if ((this.counts.get(key) ?? 0) === count) return;
    const next = new Map(this.counts);
    if (count > 0) next.set(key, count);
    else next.delete(key);
    this.counts = next;
  }

  override render() {
    return this.countsTask.render({
      error: () => html`<button class="retry" part="retry" type="button" title=${msg('Unread messages could not be counted. Retry')} @click=${this.handleRetry}>
        <span aria-hidden="true">!</span><span class="visually-hidden">${msg('Unread messages could not be counted. Retry')}</span>
      </button>`,
      complete: () => {
        const count = this.count;
        if (count <= 0) return nothing;
        const shown = count > MAX_SHOWN ? `${this.fmt.number(MAX_SHOWN)}+` : this.fmt.number(count);
        return html`<span class="badge" part="badge" title=${unreadMessages(count, this.fmt.number(count))}
          ><span aria-hidden="true">${shown}</span><span class="visually-hidden">${unreadMessages(count, this.fmt.number(count))}</span></span
        >`;
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ledger-unread-badge': LedgerUnreadBadge;
  }
}
