import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { msg } from '@lit/localize';
import { ContextProvider } from '@lit/context';
import { Task } from '@lit/task';
import type { Document, DocumentKind, DocumentStatus, HostContact, Permission, TransactionType } from '@ledgerside/contract';
import { LedgerElement } from '../base/ledger-element.js';
import { hostContext, type HostContext } from '../context/contexts.js';
import { LiveEventsController } from '../controllers/live-events.js';
import type { LedgerEventDetails } from '../events.js';
import type { LedgerDocumentForm } from '../document-form/ledger-document-form.js';
import { unreadMessages, unreadShort } from '../i18n/plural.js';

export const sidebarTabs = ['customer', 'documents', 'new', 'conversation'] as const;
export type SidebarTab = (typeof sidebarTabs)[number];

interface Transaction {
  transactionType: TransactionType;
  transactionId: string;
  label: string;
}

/** What a role needs to use each tab: one it may not use is not offered (its requests would be refused). */
const tabPermissions: Record<SidebarTab, Permission> = {
  customer: 'links.read',
  documents: 'documents.read',
  new: 'documents.write',
  conversation: 'conversations.read',
};

/** Documents still under way, where a conversation usually is: sent and not settled or answered. */
const openStatuses: Record<DocumentKind, readonly DocumentStatus[]> = {
  invoice: ['sent', 'partially_paid'],
  quote: ['sent'],
};

/** Each tab's components, loaded (and registered) the first time the tab opens. */
const panelModules: Record<SidebarTab, () => Promise<unknown>> = {
  customer: () => import('../contact-mapper/define.js'),
  documents: () => import('../document-list/define.js'),
  new: () => import('../document-form/define.js'),
  conversation: () => import('../conversation/define.js'),
};

const icons: Record<SidebarTab, TemplateResult> = {
  customer: html`<svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="5.5" r="2.8" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M2.5 14c.7-3 2.9-4.5 5.5-4.5s4.8 1.5 5.5 4.5" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>`,
  documents: html`<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M4 1.8h5.5L12.5 5v9.2h-8.5z" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round"/><path d="M6 8h4.5M6 10.6h4.5" stroke="currentColor" stroke-width="1.4"/></svg>`,
  new: html`<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M8 3v10M3 8h10" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/></svg>`,
  conversation: html`<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round"/></svg>`,
};

/**
 * The whole sidebar for a ticket or a deal: Customer (contact mapper), Invoices (list and
 * summary), New (the form) and Conversation, as tabs that fit 300–480 px and a full page.
 * It passes its contact, ticket and deal to the components inside it, and follows their
 * requests (create, open, talk about a document) by switching tabs.
 *
 * @summary Billing and conversation sidebar for a ticket or a deal.
 * @fires ledger-error - Load or auth failures of any part (from the components inside).
 * @csspart tabs - The tab list.
 * @csspart tab - Each tab.
 * @csspart panel - Each tab panel.
 * @cssprop --ledger-sidebar-tab-accent - The selected tab's underline (default the accent colour).
 * @tag ledger-sidebar
 */
export class LedgerSidebar extends LedgerElement {
  static override styles = [
    ...LedgerElement.styles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-width: 0;
        background: var(--_l-surface);
        color: var(--_l-text);
        border-radius: var(--_l-radius);
      }
      [role='tablist'] {
        display: flex;
        gap: 2px;
        border-bottom: 1px solid var(--_l-border);
        padding: 0 var(--_l-space-1);
        overflow-x: auto;
        scrollbar-width: none;
      }
      [role='tab'] {
        flex: 1 1 auto;
        min-width: 0;
        display: inline-flex;
        align-items: center;
        justify-content: center;
        gap: 6px;
        height: 40px;
        padding: 0 var(--_l-space-2);
        border: 0;
        border-bottom: 2px solid transparent;
        margin-bottom: -1px;
        background: transparent;
        color: var(--_l-text-muted);
        font: inherit;
        font-weight: 600;
        cursor: pointer;
      }
      [role='tab'] svg {
        width: 16px;
        height: 16px;
        flex: none;
      }
      [role='tab'] .label {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      [role='tab']:hover {
        color: var(--_l-text);
      }
      [role='tab'][aria-selected='true'] {
        color: var(--_l-text);
        border-bottom-color: var(--ledger-sidebar-tab-accent, var(--_l-accent));
      }
      [role='tab']:focus-visible {
        outline-offset: -2px;
      }
      .count {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        min-width: 1.4em;
        height: 1.4em;
        padding: 0 0.4em;
        border-radius: 999px;
        background: var(--_l-accent);
        color: var(--_l-accent-text);
        font-size: var(--_l-font-size-small);
        font-variant-numeric: tabular-nums;
      }
      [role='tabpanel'] {
        padding: var(--_l-space-3);
        min-width: 0;
      }
      [role='tabpanel']:focus-visible {
        outline-offset: -2px;
      }
      .picker {
        display: grid;
        gap: var(--_l-space-2);
        margin-bottom: var(--_l-space-3);
      }
      /* Narrow sidebars: icons carry the tabs, labels stay for the selected one. */
      @container (max-width: 440px) {
        [role='tab']:not([aria-selected='true']) .label {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip-path: inset(50%);
        }
        [role='tab']:not([aria-selected='true']) {
          flex: 0 0 44px;
        }
      }
      .frame {
        container-type: inline-size;
        display: flex;
        flex-direction: column;
        min-width: 0;
      }
    `,
  ];

  readonly #host = new ContextProvider(this, { context: hostContext, initialValue: {} });

  /**
   * Live: a new message carries the caller's count for its thread, and a conversation under
   * the provider reports the server's count after a read marker. Both are applied as they
   * come; a refetch here raced the read marker still on its way and kept the old count.
   */
  private readonly live = new LiveEventsController(
    this,
    ['message.posted'],
    ({ data: { conversation } }) => this.setUnread(conversation.transactionId, conversation.unread),
    { onUnread: (change) => this.setUnread(change.transactionId, change.count) },
  );

  /** Unread counts per document, as loaded and then as reported. */
  @state() private unread = new Map<string, number>();
  /** The documents `unread` was loaded for. */
  #countedFor: readonly Document[] | undefined;

  private readonly documentsTask = new Task(this, {
    args: () => [this.client, this.scope.ticketId, this.scope.dealId, this.sessionState.status] as const,
    task: async ([client, ticketId, dealId, status], { signal }) => {
      if (!client || status !== 'ready' || (!ticketId && !dealId)) return [];
      const page = await client.listDocuments({ query: { ...(ticketId ? { ticketId } : { dealId }), limit: 100 } }, { signal });
      return page.items.filter((d) => d.status !== 'deleted');
    },
  });

  /** The number of a requested thread's document that this page does not list. */
  private readonly unlistedTask = new Task(this, {
    args: () => [this.client, this.sessionState.status, this.transaction?.transactionId, this.documentsTask.value] as const,
    task: async ([client, status, id, documents], { signal }) => {
      if (!client || status !== 'ready' || !id || !documents || documents.some((d) => d.id === id)) return undefined;
      return { id, number: (await client.getDocument({ params: { id } }, { signal })).number };
    },
  });

  private readonly unreadTask = new Task(this, {
    args: () => [this.client, this.sessionState.status, this.documentsTask.value] as const,
    task: async ([client, status, documents], { signal }) => {
      const byId = new Map<string, number>();
      if (!client || status !== 'ready' || !this.can('conversations.read') || !documents?.length) return byId;
      const ids = new Set(documents.map((d) => d.id));
      const unread = await client.getUnread(undefined, { signal });
      for (const t of unread.byTransaction) if (ids.has(t.transactionId)) byId.set(t.transactionId, t.count);
      return byId;
    },
    onComplete: (byId) => {
      this.unread = byId;
      this.#countedFor = this.documentsTask.value;
    },
  });

  @state() private visited = new Set<SidebarTab>();
  @state() private formKind: DocumentKind = 'invoice';
  @state() private formDocumentId?: string;
  @state() private formMode: 'view' | 'edit' = 'view';
  @state() private transaction?: Transaction;

  /** The open tab. */
  @property({ reflect: true }) tab: SidebarTab = 'documents';
  @property({ attribute: 'ticket-id' }) ticketId?: string;
  @property({ attribute: 'deal-id' }) dealId?: string;
  /** The host's contact; or the `contact-*` attributes. */
  @property({ attribute: false }) contact?: HostContact;
  @property({ attribute: 'contact-id' }) contactId?: string;
  @property({ attribute: 'contact-email' }) contactEmail?: string;
  @property({ attribute: 'contact-name' }) contactName?: string;
  @property({ attribute: 'contact-company' }) contactCompany?: string;
  @property({ attribute: 'contact-phone' }) contactPhone?: string;
  @property({ reflect: true }) density: 'compact' | 'comfortable' = 'compact';

  constructor() {
    super();
    this.addEventListener('ledger-document-create-requested', (e) => this.handleCreateRequested(e.detail));
    this.addEventListener('ledger-document-open-requested', (e) => this.handleOpenRequested(e.detail));
    this.addEventListener('ledger-document-edit-requested', (e) => this.handleOpenRequested(e.detail, 'edit'));
    this.addEventListener('ledger-conversation-requested', (e) => this.handleConversationRequested(e.detail));
    this.addEventListener('ledger-document-created', () => void this.documentsTask.run());
    this.addEventListener('ledger-unread-changed', (e) => {
      if (e.detail.transactionId) this.setUnread(e.detail.transactionId, e.detail.count);
    });
  }

  private setUnread(documentId: string, count: number): void {
    // Only this ticket's or deal's documents count here.
    if (!this.documentsTask.value?.some((d) => d.id === documentId) || (this.unread.get(documentId) ?? 0) === count) return;
    const next = new Map(this.unread);
    if (count > 0) next.set(documentId, count);
    else next.delete(documentId);
    this.unread = next;
  }

  /** What this sidebar tells the components inside it: its own attributes over the page's. */
  private get scope(): HostContext {
    const outer = this.hostContext;
    const contact: HostContact | undefined =
      this.contact ??
      (this.contactId
        ? {
            id: this.contactId,
            ...(this.contactEmail ? { email: this.contactEmail } : {}),
            ...(this.contactName ? { name: this.contactName } : {}),
            ...(this.contactCompany ? { company: this.contactCompany } : {}),
            ...(this.contactPhone ? { phone: this.contactPhone } : {}),
          }
        : outer.contact);
    return {
      ...outer,
      ...(contact ? { contact } : {}),
      ...((this.ticketId ?? outer.ticketId) ? { ticketId: this.ticketId ?? outer.ticketId } : {}),
      ...((this.dealId ?? outer.dealId) ? { dealId: this.dealId ?? outer.dealId } : {}),
    };
  }

  /** The tabs the caller's role may use; every tab until the session is known or if it failed. */
  get availableTabs(): SidebarTab[] {
    if (this.sessionState.status !== 'ready') return [...sidebarTabs];
    // An opened document is only read there, so a role that reads documents sees it too.
    return sidebarTabs.filter((tab) => this.can(tab === 'new' && this.formDocumentId ? 'documents.read' : tabPermissions[tab]));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#host.setValue(this.scope);
    const available = this.availableTabs;
    if (!available.includes(this.tab) && available[0]) this.tab = available[0];
    if (this.tab === 'conversation' && !this.transaction && this.#countedFor && this.#countedFor === this.documentsTask.value) {
      this.transaction = this.defaultTransaction(this.documentsTask.value ?? []);
    }
    if (changed.has('tab') && !this.visited.has(this.tab)) {
      this.visited = new Set([...this.visited, this.tab]);
      panelModules[this.tab]().catch((error: unknown) => this.reportError(error, `load ${this.tab}`));
    }
  }

  private handleCreateRequested(detail: LedgerEventDetails['ledger-document-create-requested']) {
    this.formKind = detail.kind;
    this.formDocumentId = undefined;
    this.formMode = 'view';
    this.select('new');
    // The person may have switched the form's kind there: the request's kind wins.
    const form = this.renderRoot.querySelector<LedgerDocumentForm>('ledger-document-form');
    if (form) form.kind = detail.kind;
  }

  private handleOpenRequested(detail: LedgerEventDetails['ledger-document-open-requested'], mode: 'view' | 'edit' = 'view') {
    // Edit asked again for the document the form already shows: the attributes do not change.
    const again = mode === 'edit' && this.formMode === 'edit' && this.formDocumentId === detail.document.id;
    this.formKind = detail.document.kind;
    this.formDocumentId = detail.document.id;
    this.formMode = mode;
    this.select('new');
    if (again) this.renderRoot.querySelector<LedgerDocumentForm>('ledger-document-form')?.edit();
  }

  private handleConversationRequested(detail: LedgerEventDetails['ledger-conversation-requested']) {
    const doc = this.documentsTask.value?.find((d) => d.id === detail.transactionId);
    this.transaction = { ...detail, label: doc?.number ?? detail.transactionId };
    this.select('conversation');
  }

  /** Opens a tab (as a person clicking it would); one the caller's role may not use stays closed. */
  select(tab: SidebarTab, focus = false): void {
    if (!this.availableTabs.includes(tab)) return;
    this.tab = tab;
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`)?.focus());
  }

  private handleTabKeydown(event: KeyboardEvent) {
    const tabs = this.availableTabs;
    const index = tabs.indexOf(this.tab);
    const next =
      event.key === 'ArrowRight' ? (index + 1) % tabs.length
      : event.key === 'ArrowLeft' ? (index - 1 + tabs.length) % tabs.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? tabs.length - 1
      : -1;
    if (next < 0) return;
    event.preventDefault();
    this.select(tabs[next]!, true);
  }

  private label(tab: SidebarTab): string {
    switch (tab) {
      case 'customer':
        return msg('Customer');
      case 'documents':
        return msg('Invoices');
      case 'new':
        // Its own id: the tab means a new document, the conversation's "New" divider new messages.
        return this.formDocumentId ? msg('Document') : msg('New', { id: 'sidebar-tab-new' });
      case 'conversation':
        return msg('Conversation');
    }
  }

  private renderTab(tab: SidebarTab) {
    const selected = this.tab === tab;
    const unread = tab === 'conversation' ? [...this.unread.values()].reduce((a, b) => a + b, 0) : 0;
    return html`<button
      role="tab"
      part="tab"
      id=${`tab-${tab}`}
      aria-selected=${selected ? 'true' : 'false'}
      aria-controls=${`panel-${tab}`}
      tabindex=${selected ? 0 : -1}
      title=${unread ? `${this.label(tab)}: ${unreadMessages(unread, this.fmt.number(unread))}` : this.label(tab)}
      @click=${() => this.select(tab)}
    >
      ${icons[tab]}<span class="label">${this.label(tab)}</span>${unread
        ? html`<span class="count" aria-label=${unreadMessages(unread, this.fmt.number(unread))}>${unread > 99 ? '99+' : unread}</span>`
        : nothing}
    </button>`;
  }

  private renderPanel(tab: SidebarTab, content: () => TemplateResult) {
    // Panels are made on first visit and kept, so a half-written form survives a tab switch.
    if (!this.availableTabs.includes(tab)) return nothing;
    // Nothing is built before the session says what the role may do (no request it may not make).
    const ready = this.sessionState.status !== 'loading';
    return html`<div role="tabpanel" part="panel" id=${`panel-${tab}`} aria-labelledby=${`tab-${tab}`} tabindex="0" ?hidden=${this.tab !== tab}>
      ${ready && (this.visited.has(tab) || this.tab === tab) ? content() : nothing}
    </div>`;
  }

  /**
   * Until the person picks one: the document with unread messages, else the newest open one
   * (a void or paid invoice is rarely what there is to talk about), else the newest. Kept once
   * counts are in, so reading the thread does not move the picker to another document.
   */
  private defaultTransaction(documents: readonly Document[]): Transaction | undefined {
    const newest = [...documents].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const pick =
      newest.find((d) => (this.unread.get(d.id) ?? 0) > 0) ??
      newest.find((d) => openStatuses[d.kind].includes(d.status)) ??
      newest[0];
    return pick ? { transactionType: pick.kind, transactionId: pick.id, label: pick.number } : undefined;
  }

  private renderConversation() {
    const documents = this.documentsTask.value ?? [];
    const unread = this.unread;
    const current = this.transaction ?? this.defaultTransaction(documents);
    if (!current) {
      return html`<div class="empty" part="empty">
        <p>${this.can('documents.write')
          ? msg('Conversations are held on an invoice or a quote. Create one to talk with the customer about it.')
          : msg('Conversations are held on an invoice or a quote. There is none here yet.')}</p>
        ${this.can('documents.write')
          ? html`<button class="btn primary" type="button" @click=${() => this.handleCreateRequested({ kind: 'invoice' })}>${msg('Create invoice')}</button>`
          : nothing}
      </div>`;
    }
    // The thread's own document leads the picker even when this page does not list it (a
    // notification's link may open any thread); with nothing to choose, its number still shows.
    const listed = documents.find((d) => d.id === current.transactionId);
    const unlisted = this.unlistedTask.value;
    const label = listed?.number ?? (unlisted?.id === current.transactionId ? unlisted.number : current.label);
    return html`${documents.length === 0 || (documents.length === 1 && listed)
        ? html`<p class="picker field" part="about">${msg('About')}: <strong>${label}</strong></p>`
        : html`<div class="picker field">
            <label for="transaction">${msg('About')}</label>
            <select id="transaction" @change=${(e: Event) => {
              const doc = documents.find((d) => d.id === (e.target as HTMLSelectElement).value);
              if (doc) this.transaction = { transactionType: doc.kind, transactionId: doc.id, label: doc.number };
            }}>
              ${listed ? nothing : html`<option value=${current.transactionId} selected>${label}</option>`}
              ${documents.map((d) => html`<option value=${d.id} ?selected=${d.id === current.transactionId}>${d.number} · ${this.fmt.money(d.totals.total, d.currency)}${
                unread.get(d.id) ? ` · ${unreadShort(unread.get(d.id)!, this.fmt.number(unread.get(d.id)!))}` : ''
              }</option>`)}
            </select>
          </div>`}
      <ledger-conversation transaction-type=${current.transactionType} transaction-id=${current.transactionId}></ledger-conversation>`;
  }

  override render() {
    const scope = this.scope;
    return html`<div class="frame">
      <div role="tablist" part="tabs" aria-label=${msg('Billing')} @keydown=${this.handleTabKeydown}>
        ${this.availableTabs.map((t) => this.renderTab(t))}
      </div>
      ${this.renderPanel('customer', () => html`<ledger-contact-mapper density=${this.density}></ledger-contact-mapper>`)}
      ${this.renderPanel(
        'documents',
        () => html`<ledger-document-list ticket-id=${ifDefined(scope.ticketId)} deal-id=${ifDefined(scope.dealId)} density=${this.density}></ledger-document-list>`,
      )}
      ${this.renderPanel('new', () => html`<ledger-document-form kind=${this.formKind} document-id=${ifDefined(this.formDocumentId)} mode=${this.formMode}></ledger-document-form>`)}
      ${this.renderPanel('conversation', () => this.renderConversation())}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ledger-sidebar': LedgerSidebar;
  }
}
