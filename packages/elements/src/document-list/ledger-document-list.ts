import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { Task, TaskStatus, initialState } from '@lit/task';
import { msg, str } from '@lit/localize';
import { isLedgerApiError } from '@ledgerside/client';
import { virtualize, virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';
import type { VisibilityChangedEvent } from '@lit-labs/virtualizer/events.js';
import {
  DEFAULT_PAGE_SIZE,
  displayStatuses,
  invoiceStatuses,
  isBilled,
  pageSize,
  quoteStatuses,
  type DisplayStatus,
  type Document,
  type DocumentAction,
  type DocumentKind,
  type DocumentSummary,
  type LiveEvent,
} from '@ledgerside/contract';
import { LedgerElement } from '../base/ledger-element.js';
import type { LedgerLocale } from '../context/locale.js';
import { LiveEventsController } from '../controllers/live-events.js';
import { DocumentActionsController, type ActionResult } from '../document-actions/document-actions.js';
import { emptyState, errorBanner, skeleton } from '../ui/feedback.js';
import { statusBadge, statusInfo } from '../ui/status-badge.js';
import { booksNote, lastSynced, openExternalLabel } from '../ui/books.js';
import { CursorPager } from '../controllers/cursor-pager.js';
import { AnnouncerController, FlashController } from '../controllers/live-feedback.js';
import { failedTransiently, ReconnectController } from '../controllers/reconnect.js';
import { MenuController, type MenuItem } from '../controllers/menu.js';
import { WidthController } from '../controllers/width.js';
import { documentListStyles } from './styles.js';
import { unreadMessages, unreadMessagesAbout } from '../i18n/plural.js';

type ListArgs = readonly [
  client: NonNullable<LedgerElement['client']>,
  ticketId: string | undefined,
  dealId: string | undefined,
  customerId: string | undefined,
  kind: DocumentKind | undefined,
  status: DisplayStatus | undefined,
  limit: number,
];

interface RowText {
  fmt: LedgerLocale;
  kind: string;
  due: string;
  issued: string;
  total: string;
  balance: string;
}

interface Scope {
  ticketId?: string;
  dealId?: string;
  customerId?: string;
}

/** Actions whose refusal is about the kind of document, not its state: left out of its menu. */
const notOfThisKind = new Set(['not_a_quote', 'not_an_invoice', 'not_a_status_of_kind']);
/** Refusals that the read-only line already explains: left out of the menu. */
const readOnlyReasons = new Set(['forbidden', 'integration_disabled']);

/** A request this list cancelled itself (a newer filter, a refresh): nothing to report. */
const isAborted = (error: unknown) => isLedgerApiError(error) && error.kind === 'aborted';

const icons = {
  refresh: svg`<path d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2.5v3h-3" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/>`,
  more: svg`<circle cx="8" cy="3.5" r="1.4" fill="currentColor"/><circle cx="8" cy="8" r="1.4" fill="currentColor"/><circle cx="8" cy="12.5" r="1.4" fill="currentColor"/>`,
  chat: svg`<path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/>`,
  lock: svg`<rect x="3" y="7" width="10" height="7" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" fill="none" stroke="currentColor" stroke-width="1.5"/>`,
};

/**
 * The invoices and quotes of a ticket, deal or customer, newest first: a per-currency
 * summary, filters, and a virtualized list (10,000 rows keep only a window in the DOM) that
 * pages from the server as it scrolls. Payments, new and changed documents arrive live and
 * update their rows in place with a brief highlight and a polite announcement. Each row has
 * a keyboard-operable action menu whose rules and calls are shared with the document form.
 *
 * Keyboard: Tab reaches one row; ArrowUp/ArrowDown, Home/End, PageUp/PageDown move between
 * rows; Tab then reaches that row's unread badge and its menu.
 *
 * @summary Invoices and quotes of this ticket, deal or customer, with totals and live status.
 *
 * @fires ledger-document-open-requested - A document's number or "Open" was activated.
 * @fires ledger-document-edit-requested - "Edit" was chosen in a row's menu (the host opens its form).
 * @fires ledger-document-create-requested - The empty list's "Create invoice" was activated.
 * @fires ledger-document-created - A clone or an invoice converted from a quote was created from the list.
 * @fires ledger-document-updated - An action from the list changed a document.
 * @fires ledger-conversation-requested - A row's unread badge was activated.
 * @fires ledger-error - The list, its summary or the unread counts could not be loaded.
 *
 * @csspart header - The title and the refresh button.
 * @csspart summary - The per-currency totals.
 * @csspart toolbar - The kind and status filters.
 * @csspart readonly-note - The line that says why the list is read-only.
 * @csspart scroller - The scrolling box around the rows.
 * @csspart list - The list of rows.
 * @csspart row - One document.
 * @csspart row-open - A row's number, which opens the document.
 * @csspart status-badge - A row's status.
 * @csspart unread - A row's unread-messages badge.
 * @csspart menu-button - A row's action menu button.
 * @csspart menu - The open action menu.
 * @csspart empty - The empty state.
 * @csspart error - An error banner.
 * @csspart skeleton - The loading placeholder.
 *
 * @cssprop --ledger-document-list-max-height - Height at which the list starts to scroll (default 480px).
 * @cssprop --ledger-row-height - Minimum row height (with the other `--ledger-*` tokens).
 */
export class LedgerDocumentList extends LedgerElement {
  static override styles = [...LedgerElement.styles, MenuController.styles, AnnouncerController.styles, documentListStyles];

  private readonly pager = new CursorPager<Document, ListArgs>(this, {
    args: () => this.listArgs(),
    fetch: async ([client, ticketId, dealId, customerId, kind, status, limit], cursor, signal) => {
      try {
        return await client.listDocuments({ query: { ticketId, dealId, customerId, kind, status, limit, cursor } }, { signal });
      } catch (error) {
        if (!isAborted(error)) this.reportError(error, 'listDocuments');
        throw error;
      }
    },
  });

  private readonly summaryTask = new Task(this, {
    args: () => [this.client, this.scope.ticketId, this.scope.dealId, this.scope.customerId] as const,
    task: async ([client, ticketId, dealId, customerId], { signal }): Promise<DocumentSummary | typeof initialState> => {
      if (!client) return initialState;
      try {
        return await client.documentSummary({ query: { ticketId, dealId, customerId } }, { signal });
      } catch (error) {
        if (!isAborted(error)) this.reportError(error, 'documentSummary');
        throw error;
      }
    },
  });

  private readonly unreadTask = new Task(this, {
    args: () => [this.client, this.can('conversations.read')] as const,
    task: async ([client, allowed], { signal }) => {
      if (!client || !allowed) return new Map<string, number>();
      const counts = await client.getUnread(undefined, { signal });
      return new Map(
        counts.byTransaction
          .filter((t) => t.transactionType === 'invoice' || t.transactionType === 'quote')
          .map((t) => [t.transactionId, t.count]),
      );
    },
    onComplete: (counts) => (this.unread = counts),
    onError: (error) => {
      if (!isAborted(error)) this.reportError(error, 'getUnread');
    },
  });

  private readonly actions = new DocumentActionsController(this);

  private readonly menu = new MenuController<DocumentAction>(this, {
    id: 'row-menu',
    onSelect: (action, docId) => void this.handleMenuSelect(action, docId),
  });

  private readonly live = new LiveEventsController(
    this,
    ['payment.recorded', 'document.created', 'document.changed', 'message.posted'],
    (event) => this.handleLiveEvent(event),
    // A conversation under the provider read its thread (reads have no live event).
    { onUnread: ({ transactionId, count }) => (this.unread.get(transactionId) ?? 0) !== count && (this.unread = new Map(this.unread).set(transactionId, count)) },
  );

  /** A load that failed on the connection is tried again once it is back: its banner goes with it. */
  private readonly reconnect = new ReconnectController(this, () => this.retryFailed());

  private readonly announcer = new AnnouncerController(this);
  private readonly flash = new FlashController(this);
  /**
   * Documents this person just changed from the list: the live event that echoes the change
   * updates the row but says nothing, so it cannot replace the on-screen confirmation.
   */
  private readonly ownChanges = new FlashController(this, 10_000);
  /** From 400 px the kind's word and the unread badge fit beside the number; below, the status line takes the badge. */
  private readonly width = new WidthController(this, 400);

  /** Formatted row text per document object (a changed document is a new object). */
  #rowTexts = new WeakMap<Document, RowText>();
  #tabStop: { items: readonly Document[]; activeId: string | undefined; id: string | undefined } | undefined;

  @query('.list') private listElement?: HTMLElement & VirtualizerHostElement;

  /** The row that holds the list's one tab stop. */
  @state() private activeId?: string;
  /** Unread messages per document id. */
  @state() private unread = new Map<string, number>();
  /** An action's failure, shown under its row until the next action or a dismiss. */
  @state() private rowProblems = new Map<string, string>();

  /** The ticket whose documents to list (defaults to the provider's `ticket-id`). */
  @property({ attribute: 'ticket-id' }) ticketId?: string;
  /** The deal whose documents to list (defaults to the provider's `deal-id`). */
  @property({ attribute: 'deal-id' }) dealId?: string;
  /** The billing customer whose documents to list. */
  @property({ attribute: 'customer-id' }) customerId?: string;
  /** Only invoices or only quotes; all when unset. The filter menu changes it too. */
  @property({ reflect: true }) kind?: DocumentKind;
  /** Only documents with this status as a person sees it (`overdue` included); all when unset. */
  @property({ reflect: true }) status?: DisplayStatus;
  /** Rows per request to the server (the contract's 1–200; out of range is clamped). */
  @property({ type: Number, attribute: 'page-size' }) pageSize = DEFAULT_PAGE_SIZE;
  /** `compact` (default) or `comfortable` rows. */
  @property({ reflect: true }) density: 'compact' | 'comfortable' = 'compact';

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('lit-localize-status', this.handleLocaleStatus);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('lit-localize-status', this.handleLocaleStatus);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new scope or filter starts again from the top.
    if (changed.has('ticketId') || changed.has('dealId') || changed.has('customerId') || changed.has('kind') || changed.has('status')) {
      this.menu.close();
      this.rowProblems = new Map();
    }
  }

  private handleLocaleStatus = (e: Event): void => {
    // Another language's strings: the row texts are formatted again.
    if ((e as CustomEvent<{ status: string }>).detail.status === 'ready') this.#rowTexts = new WeakMap();
  };

  private handleRefresh = (): void => {
    this.rowProblems = new Map();
    void this.pager.reload();
    void this.summaryTask.run();
    void this.unreadTask.run();
  };

  private handleKindChange = (e: Event): void => {
    const value = (e.target as HTMLSelectElement).value;
    this.kind = value === 'invoice' || value === 'quote' ? value : undefined;
    // A status of the other kind would match nothing.
    if (this.status && !this.statusOptions().includes(this.status)) this.status = undefined;
  };

  private handleStatusChange = (e: Event): void => {
    const value = (e.target as HTMLSelectElement).value;
    this.status = (displayStatuses as readonly string[]).includes(value) ? (value as DisplayStatus) : undefined;
  };

  private handleClearFilters = (): void => {
    this.kind = undefined;
    this.status = undefined;
  };

  private handleCreate = (): void => {
    this.emit('ledger-document-create-requested', { kind: 'invoice' });
  };

  private handleVisibility = (e: VisibilityChangedEvent): void => {
    if (e.last >= this.pager.items.length - 30) this.pager.loadMore();
  };

  private handleScroll = (): void => {
    // The menu sits outside the scroller: it would drift away from its row.
    if (this.menu.isOpen()) this.menu.close();
  };

  private handleRowFocus = (e: FocusEvent): void => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-id]');
    if (row?.dataset.id && row.dataset.id !== this.activeId) this.activeId = row.dataset.id;
  };

  private handleListKeydown = (e: KeyboardEvent): void => {
    const items = this.pager.items;
    if (!items.length || e.altKey || e.ctrlKey || e.metaKey) return;
    const current = Math.max(0, items.findIndex((d) => d.id === this.activeId));
    const page = Math.max(1, Math.floor((this.renderRoot.querySelector('.scroll')?.clientHeight ?? 400) / 48) - 1);
    const target = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      Home: 0,
      End: items.length - 1,
      PageDown: current + page,
      PageUp: current - page,
    }[e.key];
    if (target === undefined) return;
    e.preventDefault();
    // The same control in the next row (its menu button stays a menu button), else its number.
    const part = (e.target as HTMLElement).getAttribute('part') ?? 'row-open';
    void this.focusRow(Math.min(items.length - 1, Math.max(0, target)), part);
  };

  private handleOpen(doc: Document): void {
    this.emit('ledger-document-open-requested', { document: doc });
  }

  private handleUnread(doc: Document): void {
    this.emit('ledger-conversation-requested', { transactionType: doc.kind, transactionId: doc.id });
  }

  private handleDismissProblem(docId: string): void {
    const problems = new Map(this.rowProblems);
    problems.delete(docId);
    this.rowProblems = problems;
  }

  private async handleMenuSelect(action: DocumentAction, docId: string): Promise<void> {
    const doc = this.pager.items.find((d) => d.id === docId);
    if (!doc) return;
    this.handleDismissProblem(docId);
    if (action === 'open') return this.handleOpen(doc);
    if (action === 'edit') {
      this.emit('ledger-document-edit-requested', { document: doc });
      return;
    }
    this.applyResult(doc, await this.actions.run(doc, action));
  }

  /** Loads again what failed for a passing reason (the list, a page, the totals, the unread counts). */
  private retryFailed(): void {
    if (failedTransiently(this.pager.first)) void this.pager.reload();
    else if (isLedgerApiError(this.pager.moreError) && this.pager.moreError.transient) this.pager.loadMore();
    if (failedTransiently(this.summaryTask)) void this.summaryTask.run();
    if (failedTransiently(this.unreadTask)) void this.unreadTask.run();
  }

  private handleLiveEvent(event: LiveEvent): void {
    // An event came through: the service answers again.
    this.reconnect.back();
    switch (event.type) {
      case 'payment.recorded': {
        const { document: doc } = event.data;
        if (this.replaceRow(doc) && !this.ownChanges.has(doc.id)) {
          this.announcer.announce(
            msg(str`Payment recorded on ${doc.number}: ${statusInfo(doc.displayStatus).label}, balance ${this.fmt.money(doc.balance, doc.currency)}.`),
          );
        }
        this.refreshSummaryFor(doc);
        break;
      }
      case 'document.changed': {
        const doc = event.data;
        const before = this.pager.items.find((d) => d.id === doc.id);
        if (this.replaceRow(doc) && before && before.displayStatus !== doc.displayStatus && !this.ownChanges.has(doc.id)) {
          this.announcer.announce(msg(str`${doc.number} is now ${statusInfo(doc.displayStatus).label}.`));
        }
        this.refreshSummaryFor(doc);
        break;
      }
      case 'document.created': {
        const doc = event.data;
        if (this.belongs(doc) && this.insertRow(doc) && !this.ownChanges.has(doc.id)) {
          this.announcer.announce(doc.kind === 'invoice' ? msg(str`New invoice ${doc.number}.`) : msg(str`New quote ${doc.number}.`));
        }
        this.refreshSummaryFor(doc);
        break;
      }
      case 'message.posted': {
        const { conversation } = event.data;
        if (conversation.transactionType !== 'invoice' && conversation.transactionType !== 'quote') break;
        if (this.unread.get(conversation.transactionId) === conversation.unread) break;
        const unread = new Map(this.unread);
        unread.set(conversation.transactionId, conversation.unread);
        this.unread = unread;
        break;
      }
      default:
        break;
    }
  }

  /** The scope in use: this element's ids, else the provider's ticket or deal. */
  private get scope(): Scope {
    if (this.ticketId || this.dealId || this.customerId) {
      return {
        ...(this.ticketId ? { ticketId: this.ticketId } : {}),
        ...(this.dealId ? { dealId: this.dealId } : {}),
        ...(this.customerId ? { customerId: this.customerId } : {}),
      };
    }
    if (this.hostContext.ticketId) return { ticketId: this.hostContext.ticketId };
    if (this.hostContext.dealId) return { dealId: this.hostContext.dealId };
    return {};
  }

  private get readOnlyReason(): string | undefined {
    if (this.sessionState.status !== 'ready') return undefined;
    if (this.integrationDisabled) return msg('The billing integration is turned off, so documents cannot be changed here.');
    if (!this.can('documents.write')) return msg('Your role can view these documents but not change them.');
    return undefined;
  }

  private listArgs(): ListArgs | undefined {
    if (!this.client) return undefined;
    const { ticketId, dealId, customerId } = this.scope;
    const limit = pageSize(this.pageSize);
    return [this.client, ticketId, dealId, customerId, this.kind, this.status, limit];
  }

  /** Whether a document belongs in this list (scope and filters). */
  private belongs(doc: Document): boolean {
    const { ticketId, dealId, customerId } = this.scope;
    return (
      (!ticketId || doc.ticketId === ticketId) &&
      (!dealId || doc.dealId === dealId) &&
      (!customerId || doc.customerId === customerId) &&
      (!this.kind || doc.kind === this.kind) &&
      (!this.status || doc.displayStatus === this.status)
    );
  }

  private inScope(doc: Document): boolean {
    const { ticketId, dealId, customerId } = this.scope;
    return (!ticketId || doc.ticketId === ticketId) && (!dealId || doc.dealId === dealId) && (!customerId || doc.customerId === customerId);
  }

  private refreshSummaryFor(doc: Document): void {
    if (this.inScope(doc)) void this.summaryTask.run();
  }

  /** Puts a newer version of a listed document in its row; false when it is not listed. */
  private replaceRow(doc: Document): boolean {
    const index = this.pager.items.findIndex((d) => d.id === doc.id);
    const current = this.pager.items[index];
    if (!current) return false;
    // Events and answers can cross: never go back to an older version.
    if (doc.version < current.version) return false;
    this.pager.update((items) => items.map((d) => (d.id === doc.id ? doc : d)));
    this.flash.flash(doc.id);
    return true;
  }

  /** Adds a new document on top; false when it is already listed. */
  private insertRow(doc: Document): boolean {
    if (this.pager.items.some((d) => d.id === doc.id)) return this.replaceRow(doc);
    this.pager.update((items) => [doc, ...items]);
    this.flash.flash(doc.id);
    return true;
  }

  private applyResult(doc: Document, result: ActionResult): void {
    if (result.cancelled) return;
    if (result.error || (!result.document && result.message && !result.created)) {
      // A 412 brings the current version: show it, and say why nothing happened.
      if (result.document) this.replaceRow(result.document);
      // A refused rule or a conflict means this row was out of date: read it again.
      else if (result.error && [404, 409, 422].includes(result.error.status)) void this.refreshRow(doc);
      const problems = new Map(this.rowProblems);
      problems.set(doc.id, result.message ?? msg('That did not work. Please try again.'));
      this.rowProblems = problems;
      return;
    }
    if (!result.document) return;
    this.ownChanges.flash(doc.id);
    this.ownChanges.flash(result.document.id);
    if (result.created) {
      this.insertRow(result.document);
      this.emit('ledger-document-created', { document: result.document });
      // A conversion also changed the quote: it is now invoiced.
      if (result.action === 'convert') void this.refreshRow(doc);
    } else {
      this.replaceRow(result.document);
      this.emit('ledger-document-updated', { document: result.document });
    }
    // The person's own action: confirmed on screen, not only to screen readers.
    if (result.message) this.announcer.announce(result.message, { visible: true });
    this.refreshSummaryFor(result.document);
  }

  /** Reads one document again (after an action that changed it as a side effect). */
  private async refreshRow(doc: Document): Promise<void> {
    try {
      const fresh = await this.client?.getDocument({ params: { id: doc.id } });
      if (fresh) this.replaceRow(fresh);
    } catch {
      // The live `document.changed` event brings the same change; nothing to tell the person.
    }
  }

  /** Moves the list's tab stop to row `index`, scrolling it into view first if needed. */
  private async focusRow(index: number, part = 'row-open'): Promise<void> {
    const doc = this.pager.items[index];
    if (!doc) return;
    this.activeId = doc.id;
    await this.updateComplete;
    let row = this.rowElement(doc.id);
    if (!row) {
      this.listElement?.[virtualizerRef]?.element(index)?.scrollIntoView({ block: 'nearest' });
      for (let frame = 0; frame < 10 && !row; frame++) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        row = this.rowElement(doc.id);
      }
    }
    const target = row?.querySelector<HTMLElement>(`[part="${CSS.escape(part)}"]`) ?? row?.querySelector<HTMLElement>('.open');
    target?.focus();
    row?.scrollIntoView({ block: 'nearest' });
  }

  /**
   * A row's formatted text, kept per document version and locale: scrolling re-renders the
   * rows in view every frame, and formatting money and dates is the costly part of a row.
   */
  private rowText(doc: Document): RowText {
    const cached = this.#rowTexts.get(doc);
    if (cached?.fmt === this.fmt) return cached;
    const date = (iso: string) => this.fmt.date(iso);
    const due = doc.dueDate
      ? doc.kind === 'invoice'
        ? msg(str`Due ${date(doc.dueDate)}`)
        : msg(str`Expires ${date(doc.dueDate)}`)
      : doc.kind === 'invoice'
        ? msg('No due date')
        : '';
    const issued = msg(str`Issued ${date(doc.issueDate)}`);
    const text: RowText = {
      fmt: this.fmt,
      kind: doc.kind === 'invoice' ? msg('Invoice') : msg('Quote'),
      due,
      issued,
      total: this.fmt.money(doc.totals.total, doc.currency),
      balance: this.fmt.money(doc.balance, doc.currency),
    };
    this.#rowTexts.set(doc, text);
    return text;
  }

  /** The row holding the tab stop: the active one while it is listed, else the first. */
  private tabStopId(): string | undefined {
    const items = this.pager.items;
    const memo = this.#tabStop;
    if (memo?.items === items && memo.activeId === this.activeId) return memo.id;
    const id = this.activeId && items.some((d) => d.id === this.activeId) ? this.activeId : items[0]?.id;
    this.#tabStop = { items, activeId: this.activeId, id };
    return id;
  }

  private rowElement(id: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`.row[data-id="${CSS.escape(id)}"]`);
  }

  private statusOptions(): readonly DisplayStatus[] {
    if (this.kind === 'invoice') return [...invoiceStatuses.filter((s) => s !== 'deleted'), 'overdue', 'deleted'];
    if (this.kind === 'quote') return quoteStatuses;
    return displayStatuses;
  }

  private menuItems(doc: Document): MenuItem<DocumentAction>[] {
    const busy = this.actions.busyAction(doc.id);
    const entries: [DocumentAction, string, { danger?: boolean; separator?: boolean }?][] = [
      ['open', msg('Open')],
      ['edit', msg('Edit')],
      ['mark_sent', msg('Mark as sent')],
      ['email', msg('Email to customer…')],
      ['record_payment', msg('Record payment…')],
      ['convert', msg('Convert to invoice')],
      ['clone', msg('Clone')],
      ['pdf', msg('Download PDF'), { separator: true }],
      ['open_external', openExternalLabel(doc)],
      ['void', msg('Void…'), { danger: true, separator: true }],
      ['delete', msg('Delete…'), { danger: true }],
    ];
    const items: MenuItem<DocumentAction>[] = [];
    let separatorPending = false;
    for (const [key, label, extra] of entries) {
      separatorPending ||= extra?.separator === true;
      const state = this.actions.state(doc, key);
      if (!state.allowed && (notOfThisKind.has(state.reason) || readOnlyReasons.has(state.reason))) continue;
      const disabledReason = busy && key !== 'open' ? msg('Wait for the current action to finish.') : state.allowed ? undefined : state.message;
      items.push({ key, label, disabledReason, danger: extra?.danger ?? false, separator: separatorPending });
      separatorPending = false;
    }
    return items;
  }

  private renderSummary(): unknown {
    const synced = lastSynced(this.sessionState.session?.books, this.fmt.locale);
    const show = (summary: DocumentSummary | undefined) =>
      summary?.currencies.length
        ? html`${synced ? html`<p class="synced" part="books-synced">${synced}</p>` : nothing}<div class="summary" part="summary">
            ${summary.currencies.map(
              (c) => html`<dl class="currency" aria-label=${msg(str`Totals in ${c.currency}`)}>
                <span class="currency-code" aria-hidden="true">${c.currency}</span>
                ${this.renderFigure(msg('Invoiced'), this.fmt.money(c.invoiced, c.currency))}
                ${this.renderFigure(msg('Outstanding'), this.fmt.money(c.outstanding, c.currency))}
                ${this.renderFigure(msg('Overdue'), this.fmt.money(c.overdue, c.currency), c.overdue > 0)}
              </dl>`,
            )}
          </div>`
        : nothing;
    return this.summaryTask.render({
      initial: () => nothing,
      pending: () => show(this.summaryTask.value),
      complete: (summary) => show(summary),
      error: (error) => errorBanner(error, () => void this.summaryTask.run(), msg('The totals could not be loaded.')),
    });
  }

  private renderFigure(label: string, value: string, alert = false): TemplateResult {
    return html`<div class="figure" ?data-alert=${alert}>
      <dt>${label}</dt>
      <dd class="amount truncate" title=${value}>${value}</dd>
    </div>`;
  }

  private renderToolbar(): TemplateResult {
    const statusLabel = (s: DisplayStatus) => statusInfo(s).label;
    return html`<div class="toolbar" part="toolbar">
      <label class="visually-hidden" for="kind">${msg('Kind')}</label>
      <select id="kind" .value=${this.kind ?? ''} @change=${this.handleKindChange}>
        <option value="" ?selected=${!this.kind}>${msg('All documents')}</option>
        <option value="invoice" ?selected=${this.kind === 'invoice'}>${msg('Invoices')}</option>
        <option value="quote" ?selected=${this.kind === 'quote'}>${msg('Quotes')}</option>
      </select>
      <label class="visually-hidden" for="status">${msg('Status')}</label>
      <select id="status" .value=${this.status ?? ''} @change=${this.handleStatusChange}>
        <option value="" ?selected=${!this.status}>${msg('Any status')}</option>
        ${this.statusOptions().map((s) => html`<option value=${s} ?selected=${this.status === s}>${statusLabel(s)}</option>`)}
      </select>
    </div>`;
  }

  private renderRow(doc: Document, index: number): TemplateResult {
    const items = this.pager.items;
    const tab = this.tabStopId() === doc.id ? 0 : -1;
    const unread = this.unread.get(doc.id) ?? 0;
    const busy = this.actions.busyAction(doc.id);
    const problem = this.rowProblems.get(doc.id);
    const { kind, due, issued, total, balance } = this.rowText(doc);
    const wide = this.width.wide;
    const unreadBadge =
      unread > 0
        ? html`<button
            type="button"
            class="unread"
            part="unread"
            tabindex=${tab}
            aria-label=${unreadMessagesAbout(unread, this.fmt.number(unread), doc.number)}
            title=${unreadMessages(unread, this.fmt.number(unread))}
            @click=${() => this.handleUnread(doc)}
          >
            <svg viewBox="0 0 16 16" aria-hidden="true">${icons.chat}</svg>${this.fmt.number(unread)}
          </button>`
        : nothing;
    return html`<div
      class="row"
      part="row"
      role="listitem"
      data-id=${doc.id}
      aria-posinset=${index + 1}
      aria-setsize=${this.pager.hasMore ? -1 : items.length}
      aria-busy=${busy ? 'true' : 'false'}
      ?data-flash=${this.flash.has(doc.id)}
      ?data-wide=${wide}
      @focusin=${this.handleRowFocus}
    >
      <div class="title">
        <button type="button" class="open" part="row-open" tabindex=${tab} title=${msg(str`Open ${kind} ${doc.number}`)} @click=${() => this.handleOpen(doc)}>
          <span class="kind">${kind}</span><span class="number">${doc.number}</span>
        </button>
        ${wide ? unreadBadge : nothing}
      </div>
      <span class="total amount" title=${msg(str`Total ${total}`)}>${total}</span>
      <div class="meta">
        ${statusBadge(doc.displayStatus)} ${booksNote(doc, this.fmt.locale)} ${wide ? nothing : unreadBadge}
      </div>
      ${isBilled(doc)
        ? html`<span class="balance amount" ?data-due=${doc.balance > 0} title=${msg(str`Balance ${balance}`)}>${msg(str`Balance ${balance}`)}</span>`
        : html`<span class="balance"></span>`}
      <span class="dates phrases"><span>${issued}</span>${due ? html`<span>${due}</span>` : nothing}</span>
      <div class="menu-cell">
        ${this.menu.trigger({
          owner: doc.id,
          label: msg(str`Actions for ${doc.number}`),
          items: () => this.menuItems(doc),
          tabIndex: tab,
          busy: busy !== undefined,
          content: busy ? html`<span class="spinner" aria-hidden="true"></span>` : html`<svg viewBox="0 0 16 16" aria-hidden="true">${icons.more}</svg>`,
        })}
      </div>
      ${problem
        ? html`<div class="problem" role="alert">
            <span>${problem}</span>
            <button type="button" class="btn small ghost" tabindex=${tab} @click=${() => this.handleDismissProblem(doc.id)}>${msg('Dismiss')}</button>
          </div>`
        : nothing}
    </div>`;
  }

  private renderList(): TemplateResult {
    const items = this.pager.items as Document[];
    if (!items.length) return this.renderEmpty();
    const pending = this.pager.first.status === TaskStatus.PENDING;
    return html`<div class="scroll" part="scroller" @scroll=${this.handleScroll}>
      <div
        class="list"
        part="list"
        role="list"
        aria-label=${msg('Invoices and quotes')}
        aria-busy=${pending ? 'true' : 'false'}
        @keydown=${this.handleListKeydown}
        @visibilityChanged=${this.handleVisibility}
      >
        ${virtualize({ items, keyFunction: (doc: Document) => doc.id, renderItem: (doc: Document, i: number) => this.renderRow(doc, i) })}
      </div>
      ${this.renderMore()}
    </div>`;
  }

  private renderMore(): TemplateResult | typeof nothing {
    const error = this.pager.moreError;
    if (error) return html`<div class="more">${errorBanner(error, () => this.pager.loadMore())}</div>`;
    if (this.pager.loadingMore) return html`<div class="more" part="more"><span class="spinner" aria-hidden="true"></span>${msg('Loading more…')}</div>`;
    if (this.pager.hasMore) {
      return html`<div class="more" part="more">
        <button type="button" class="btn small" @click=${() => this.pager.loadMore()}>${msg('Load more')}</button>
      </div>`;
    }
    return nothing;
  }

  private renderEmpty(): TemplateResult {
    if (this.kind || this.status) {
      return emptyState(
        msg('No documents match these filters.'),
        html`<button type="button" class="btn" @click=${this.handleClearFilters}>${msg('Show all documents')}</button>`,
      );
    }
    const scope = this.scope;
    const text = scope.ticketId
      ? msg('No invoices or quotes for this ticket yet.')
      : scope.dealId
        ? msg('No invoices or quotes for this deal yet.')
        : scope.customerId
          ? msg('No invoices or quotes for this customer yet.')
          : msg('No invoices or quotes yet.');
    const action = this.readOnlyReason || this.sessionState.status !== 'ready'
      ? undefined
      : html`<button type="button" class="btn primary" @click=${this.handleCreate}>${msg('Create invoice')}</button>`;
    return emptyState(text, action);
  }

  private renderSkeleton(): TemplateResult {
    return html`<div class="skeleton-rows">${skeleton(5, msg('Loading invoices and quotes…'))}</div>`;
  }

  override render() {
    const refreshing = this.pager.first.status === TaskStatus.PENDING;
    const readOnly = this.readOnlyReason;
    // One banner when nothing loaded; no filters over an empty ticket.
    const listFailed = !this.pager.loaded && this.pager.first.status === TaskStatus.ERROR;
    const nothingToFilter = this.pager.loaded && !this.pager.items.length && !this.kind && !this.status;
    return html`<div class="frame">
      <div class="header" part="header">
        <h2>${msg('Invoices and quotes')}</h2>
        <button
          type="button"
          class="btn ghost icon refresh"
          aria-label=${msg('Refresh')}
          title=${msg('Refresh')}
          aria-busy=${refreshing ? 'true' : 'false'}
          ?disabled=${!this.client}
          @click=${this.handleRefresh}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">${icons.refresh}</svg>
        </button>
      </div>
      ${listFailed ? nothing : this.renderSummary()} ${nothingToFilter || listFailed ? nothing : this.renderToolbar()}
      ${readOnly
        ? html`<p class="readonly" part="readonly-note"><svg viewBox="0 0 16 16" aria-hidden="true">${icons.lock}</svg>${readOnly}</p>`
        : nothing}
      ${this.pager.first.render({
        initial: () => this.renderSkeleton(),
        pending: () => (this.pager.loaded ? this.renderList() : this.renderSkeleton()),
        complete: () => this.renderList(),
        error: (error) => html`${errorBanner(error, this.handleRefresh)} ${this.pager.loaded ? this.renderList() : nothing}`,
      })}
      ${this.menu.renderMenu()} ${this.announcer.render()} ${this.actions.renderDialogs()}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ledger-document-list': LedgerDocumentList;
  }
}
