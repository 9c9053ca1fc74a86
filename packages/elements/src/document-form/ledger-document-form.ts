import { booksNote, openExternalLabel, refusalText } from '../ui/books.js';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { Task, TaskStatus, initialState } from '@lit/task';
import { msg, str } from '@lit/localize';
import { formatDateInput, parseDateInput } from '../base/locale-date.js';
import { isLedgerApiError, LedgerApiError, newIdempotencyKey } from '@ledgerside/client';
import {
  addDays,
  Document as DocumentSchema,
  documentKinds,
  lineAmounts,
  supportedCurrencies,
  timeEntryLock,
  type ContactLink,
  type CustomerWithBalance,
  type DocumentCreate,
  type Document,
  type DocumentAction,
  type DocumentKind,
  type Product,
  type TemplateOption,
  type TimeEntry,
} from '@ledgerside/contract';
import { LedgerElement } from '../base/ledger-element.js';
import { describeError } from '../base/errors.js';
import type { LedgerConfirmDialog } from '../confirm-dialog/ledger-confirm-dialog.js';
import { LiveEventsController } from '../controllers/live-events.js';
import { MenuController, type MenuItem } from '../controllers/menu.js';
import { failedTransiently, ReconnectController } from '../controllers/reconnect.js';
import { DocumentActionsController, type ActionResult } from '../document-actions/document-actions.js';
import { busyLabel, emptyState, errorBanner, skeleton } from '../ui/feedback.js';
import { statusBadge } from '../ui/status-badge.js';
import { DraftController } from './draft-controller.js';
import {
  blankForm,
  commonTerms,
  dueBeforeIssue,
  dueBeforeIssueText,
  formFromDocument,
  placeServerIssues,
  reviveForm,
  totalsOf,
  updateBody,
  validateForm,
  type DetailField,
  type FormDraft,
  type FormErrors,
  type Scope,
} from './form-model.js';
import { LedgerDocumentLine, type LineEventDetails } from './ledger-document-line.js';
import {
  blankLine,
  hoursOf,
  lineFromProduct,
  lineFromTimeEntry,
  linesFromDeal,
  parseLine,
  type LineDraft,
  type LineErrors,
  type LineField,
} from './line-model.js';
import { formStyles } from './styles.js';
import { days, linesNeedAttention } from '../i18n/plural.js';

interface SaveRequest {
  mode: 'create' | 'update';
  body: DocumentCreate;
  key: string | null;
  docId: string | null;
  version: number | null;
}

interface Notice {
  tone: 'success' | 'info' | 'error';
  text: string;
  error?: LedgerApiError;
}

/** A time entry as the form shows it, with why it cannot be picked. */
interface EntryView {
  entry: TimeEntry;
  selected: boolean;
  locked: 'not_billable' | 'invoiced' | 'currency' | null;
  reason: string | null;
}

const lockIcon = html`<svg viewBox="0 0 16 16" aria-hidden="true"><rect x="3" y="7" width="10" height="7" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.4"/><path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" fill="none" stroke="currentColor" stroke-width="1.4"/></svg>`;

/**
 * Creates and edits invoices and quotes for the current ticket or deal: lines prefilled from
 * the ticket's billable time and the deal's products, totals computed live with the contract's
 * money rules (exactly what the server stores), field-by-field validation with the contract's
 * schema, a save that never makes two documents, and an unsaved form kept per ticket across
 * reloads. With `document-id` it shows an existing document with its actions (edit, email,
 * mark as sent, PDF, open in the billing app, clone, convert, void, delete), each enabled only
 * when the status machine and the caller's role allow it.
 *
 * @summary Create, edit and act on an invoice or quote.
 * @fires ledger-document-submit - Before a save; cancel it to stop the save. `{ body, mode }`.
 * @fires ledger-document-created - A document was created (saved, cloned or converted). `{ document }`.
 * @fires ledger-document-updated - A document was changed (edited, sent, voided, deleted…). `{ document }`.
 * @fires ledger-error - Loading failed; the host may show its own message.
 * @csspart base - The component's wrapper.
 * @csspart header - The title with the status.
 * @csspart form - The form.
 * @csspart lines - The list of lines.
 * @csspart totals - Subtotal, discount, tax and total.
 * @csspart footer - The sticky bar with the total and Save.
 * @csspart save-button - The Save button.
 * @csspart toolbar - The actions of an existing document.
 * @csspart menu-button - The "More" button of the toolbar.
 * @csspart menu - The open "More" menu.
 * @csspart not-mapped - The prompt shown when the contact is not linked to a billing customer.
 * @cssprop --ledger-color-accent - The Save button and focus colour (and every other `--ledger-*` token).
 * @cssprop --ledger-color-highlight - The flash on a freshly saved document.
 * @tag ledger-document-form
 */
export class LedgerDocumentForm extends LedgerElement {
  static override styles = [...LedgerElement.styles, MenuController.styles, formStyles];

  /** Registers the form and the line rows it renders. */
  static override define(tag: string): void {
    LedgerDocumentLine.define('ledger-document-line');
    super.define(tag);
  }

  private readonly drafts = new DraftController<FormDraft>(this, { revive: reviveForm });
  private readonly actions = new DocumentActionsController(this, { onResult: (result) => this.handleActionResult(result) });
  private readonly menu = new MenuController<DocumentAction>(this, {
    id: 'more-menu',
    onSelect: (action, docId) => {
      if (this.document?.id === docId) void this.runAction(this.document, action);
    },
  });
  private readonly live = new LiveEventsController(
    this,
    ['document.created', 'document.changed', 'payment.recorded', 'contact.mapped', 'contact.unmapped'],
    (event) => {
      // An event came through: the service answers again.
      this.reconnect.back();
      if (event.type === 'contact.mapped' || event.type === 'contact.unmapped') {
        if (event.data.contactId === this.hostContext.contact?.id) void this.linkTask.run();
        return;
      }
      this.handleDocumentEvent(event.type === 'payment.recorded' ? event.data.document : event.data);
    },
  );

  /** A load that failed on the connection is tried again once it is back: its banner goes with it. */
  private readonly reconnect = new ReconnectController(this, () => {
    for (const task of [this.linkTask, this.entriesTask, this.docTask, this.catalogTask]) if (failedTransiently(task)) void task.run();
  });

  private readonly linkTask = new Task(this, {
    task: async ([client, contactId, wanted], { signal }) => {
      if (!client || !contactId || !wanted) return initialState;
      return (await client.getContactLink({ params: { contactId } }, { signal })).link;
    },
    args: () => [this.client, this.hostContext.contact?.id, !this.documentId && this.sessionState.status === 'ready' && this.can('links.read')] as const,
    onError: (error) => this.reportError(error, 'contact-link'),
  });

  private readonly entriesTask = new Task(this, {
    task: async ([client, ticketId, fromHost, ready, canStore], { signal }) => {
      if (!client || !ticketId || !ready) return initialState;
      // Host-given entries are stored first so the server can lock them once invoiced.
      const { items } =
        fromHost?.length && canStore
          ? await client.putTimeEntries({ body: { ticketId, entries: fromHost } }, { signal })
          : await client.listTimeEntries({ query: { ticketId } }, { signal });
      const known = new Set(items.map((e) => e.hostId));
      const unsaved = (fromHost ?? []).filter((e) => !known.has(e.hostId)).map((e) => ({ ...e, ticketId, invoicedBy: null }));
      return { ticketId, items: [...items, ...unsaved] as TimeEntry[] };
    },
    args: () =>
      [
        this.client,
        this.entriesTicketId,
        this.entriesTicketId && this.entriesTicketId === this.hostContext.ticketId ? this.hostContext.timeEntries : undefined,
        this.sessionState.status === 'ready' && this.can('timeEntries.read'),
        this.can('timeEntries.write') && !this.integrationDisabled,
      ] as const,
    onComplete: (result) => this.prefillFromEntries(result),
    onError: (error) => this.reportError(error, 'time-entries'),
  });

  private readonly catalogTask = new Task(this, {
    task: async ([client, open, q], { signal }) => {
      if (!client || !open) return initialState;
      return (await client.searchProducts({ query: { ...(q ? { q } : {}), limit: 20 } }, { signal })).items;
    },
    args: () => [this.client, this.catalogOpen, this.catalogQuery] as const,
  });

  private readonly docTask = new Task(this, {
    task: async ([client, id], { signal }) => {
      if (!client || !id) return initialState;
      return client.getDocument({ params: { id } }, { signal });
    },
    args: () => [this.client, this.documentId] as const,
    onComplete: (doc) => this.showDocument(doc),
    onError: (error) => this.reportError(error, 'document'),
  });

  private readonly saveTask = new Task<[SaveRequest], Document>(this, {
    autoRun: false,
    task: async ([request], { signal }) => {
      const client = this.client;
      if (!client) throw new LedgerApiError({ kind: 'network', message: 'No client' });
      if (request.mode === 'create') {
        return client.createDocument({ body: request.body }, { idempotencyKey: request.key!, signal });
      }
      return client.updateDocument(
        { params: { id: request.docId! }, body: updateBody(request.body), ifMatch: request.version! },
        { signal },
      );
    },
    onComplete: (doc) => this.handleSaved(doc),
    onError: (error) => this.handleSaveFailed(error),
  });

  /** The document shown (loaded, created or changed by an action). */
  @state() private document?: Document;
  @state() private editing = false;
  /** The form as typed; null until it is set up for the current scope. */
  @state() private form: FormDraft | null = null;
  /** When the form came back from storage: the time it was last written. */
  @state() private restoredAt: string | null = null;
  /** A stored draft of edits to the shown document, waiting to be continued or discarded. */
  @state() private pendingEdit: string | null = null;
  @state() private touched: ReadonlySet<DetailField> = new Set();
  /** A save was attempted: every field shows its error. */
  @state() private attempted = false;
  @state() private serverErrors: FormErrors = {};
  @state() private serverLineErrors: ReadonlyMap<string, LineErrors> = new Map();
  @state() private saveError: LedgerApiError | null = null;
  /** The server's version, after a 412 or a live change while editing. */
  @state() private conflict: Document | null = null;
  @state() private notice: Notice | null = null;
  @state() private flash = false;
  @state() private announcement = '';
  @state() private catalogOpen = false;
  @state() private catalogQuery = '';

  /** `invoice` or `quote`: what a new document will be. */
  @property({ reflect: true }) kind: DocumentKind = 'invoice';
  /** An existing document to show and act on; without it the form creates a new one. */
  @property({ attribute: 'document-id' }) documentId?: string;
  /**
   * How `document-id` opens: `view` shows the document with its actions; `edit` opens it in
   * the form at once when it may be edited (when not, the view says why).
   */
  @property({ reflect: true }) mode: 'view' | 'edit' = 'view';

  #request: SaveRequest | null = null;
  /** `mode="edit"` asked for the form: it opens once the document and the permissions are known. */
  #editOnLoad = false;
  #dirty = false;
  #prefillPending = false;
  #focusAfterUpdate: { key: string; control: LineField | 'up' | 'down' | 'remove' } | 'add' | 'first-error' | null = null;
  #catalogTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#catalogTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!documentKinds.includes(this.kind)) this.kind = 'invoice';
    if (changed.has('documentId') && this.hasUpdated) this.resetView();
    if (changed.has('documentId') || changed.has('mode')) this.#editOnLoad = this.mode === 'edit' && Boolean(this.documentId);
    this.openEditIfAsked();
    this.syncNewForm();
    // The "More" menu belongs to the shown document's toolbar: when that goes, so does the menu.
    const doc = this.document;
    if (this.menu.isOpen() && (!doc || !this.menu.isOpen(doc.id) || this.editing || this.readOnlyReason)) this.menu.close();
  }

  protected override async updated(): Promise<void> {
    const target = this.#focusAfterUpdate;
    if (!target) return;
    this.#focusAfterUpdate = null;
    // Moving focus blurs a field, which may change state: let this update finish first.
    await null;
    if (target === 'add') {
      this.renderRoot.querySelector<HTMLElement>('#add-line')?.focus();
    } else if (target === 'first-error') {
      await this.focusFirstError();
    } else {
      const row = this.lineElement(target.key);
      await row?.updateComplete;
      row?.focusControl(target.control);
    }
  }

  // ------------------------------------------------------------ derived

  private get saving(): boolean {
    return this.saveTask.status === TaskStatus.PENDING;
  }

  private get readOnlyReason(): string | null {
    if (this.sessionState.status !== 'ready') return null;
    if (this.integrationDisabled) return msg('The billing integration is turned off, so documents cannot be created or changed.');
    if (!this.can('documents.write')) return msg('Your role can view invoices and quotes but not create or change them.');
    return null;
  }

  /** The ticket whose time the form offers: the host's for a new document, the document's when editing. */
  private get entriesTicketId(): string | null {
    if (this.document) return this.editing ? this.document.ticketId : null;
    return this.documentId ? null : (this.hostContext.ticketId ?? null);
  }

  private get link(): ContactLink | null {
    return this.linkTask.status === TaskStatus.COMPLETE ? (this.linkTask.value ?? null) : null;
  }

  private get scope(): Scope | null {
    if (this.document) {
      return { customerId: this.document.customerId, ticketId: this.document.ticketId, dealId: this.document.dealId };
    }
    const link = this.link;
    if (!link) return null;
    return { customerId: link.customerId, ticketId: this.hostContext.ticketId ?? null, dealId: this.hostContext.dealId ?? null };
  }

  /** Where drafts live: per organization, user and ticket (or deal, or contact), per kind. */
  private draftKey(what: string): string | null {
    const session = this.sessionState.session;
    return session ? `${session.organization.id}:${session.user.id}:${what}` : null;
  }

  private get newDraftKey(): string | null {
    const h = this.hostContext;
    const where = h.ticketId ? `ticket:${h.ticketId}` : h.dealId ? `deal:${h.dealId}` : h.contact ? `contact:${h.contact.id}` : null;
    return where ? this.draftKey(`new:${this.kind}:${where}`) : null;
  }

  /** The organization's templates: what the Template field offers. */
  private get templates(): readonly TemplateOption[] {
    return this.sessionState.session?.integration.templates ?? [];
  }

  private kindLabel(kind: DocumentKind): string {
    return kind === 'invoice' ? msg('Invoice') : msg('Quote');
  }

  // ------------------------------------------------------------ setting the form up

  /** Sets up the new-document form once the session and the contact's customer are known. */
  private syncNewForm(): void {
    if (this.documentId || this.document || this.readOnlyReason) return;
    const link = this.link;
    const key = this.newDraftKey;
    if (!link || !key || (key === this.drafts.key && this.form)) return;
    const stored = this.drafts.open(key);
    this.resetFormState();
    if (stored) {
      this.form = stored.value;
      this.restoredAt = stored.savedAt;
      this.#prefillPending = false;
    } else {
      this.form = blankForm(this.kind, link.customer, this.productLines(link.customer), this.templates);
      this.#prefillPending = true;
      if (this.entriesTask.status === TaskStatus.COMPLETE && this.entriesTask.value) this.prefillFromEntries(this.entriesTask.value);
      else if (!this.entriesTicketId) this.#prefillPending = false;
    }
  }

  /** The deal the host passed, as lines: its deal lines' quantities and discounts, priced in the customer's currency. */
  private productLines(customer: CustomerWithBalance): LineDraft[] {
    return linesFromDeal(this.hostContext.products ?? [], this.hostContext.dealLines, customer.currency);
  }

  /** The host's deal line of a product, if it has one: a product ticked again comes back with its quantity. */
  private dealLineOf(product: Product) {
    return this.hostContext.dealLines?.find((l) => l.productId === product.id);
  }

  private prefillFromEntries({ ticketId, items: entries }: { ticketId: string; items: readonly TimeEntry[] }): void {
    // A result for another ticket (the host just moved on) is not this form's time.
    if (!this.#prefillPending || !this.form || this.document || ticketId !== this.entriesTicketId) return;
    this.#prefillPending = false;
    const picked = entries.filter((e) => this.entryView(e).locked === null);
    if (!picked.length) return;
    const lines = picked.map((e) => lineFromTimeEntry(e, this.fmt.date, this.link ? String(this.link.customer.taxRatePercent) : ''));
    this.form = { ...this.form, lines: [...lines, ...this.form.lines] };
  }

  private resetFormState(): void {
    this.restoredAt = null;
    this.touched = new Set();
    this.attempted = false;
    this.serverErrors = {};
    this.serverLineErrors = new Map();
    this.saveError = null;
    this.conflict = null;
    this.#dirty = false;
  }

  private resetView(): void {
    this.document = undefined;
    this.editing = false;
    this.form = null;
    this.notice = null;
    this.pendingEdit = null;
    this.resetFormState();
    this.drafts.open(null);
  }

  private showDocument(doc: Document): void {
    this.document = doc;
    const key = this.draftKey(`doc:${doc.id}`);
    if (!this.editing) {
      const stored = key ? this.drafts.open(key) : null;
      this.pendingEdit = stored ? stored.savedAt : null;
    }
  }

  private startEditing(doc: Document, fresh = false): void {
    const key = this.draftKey(`doc:${doc.id}`);
    const stored = key ? this.drafts.open(key) : null;
    if (fresh) this.drafts.clear();
    this.resetFormState();
    this.document = doc;
    this.form = stored && !fresh ? stored.value : formFromDocument(doc);
    this.restoredAt = stored && !fresh ? stored.savedAt : null;
    this.pendingEdit = null;
    this.notice = null;
    this.editing = true;
    this.#focusAfterUpdate = null;
  }

  /** Starts editing as `mode="edit"` or `edit()` asked, once the document and the session are in. */
  private openEditIfAsked(): void {
    const doc = this.document;
    if (!this.#editOnLoad || !doc || this.sessionState.status !== 'ready') return;
    this.#editOnLoad = false;
    if (this.editing || this.readOnlyReason || !this.actions.state(doc, 'edit').allowed) return;
    void this.runAction(doc, 'edit');
  }

  /** Replaces the form; a person's change is also kept as the draft. */
  private updateForm(patch: Partial<FormDraft>, byPerson = true): void {
    if (!this.form) return;
    this.form = { ...this.form, ...patch };
    if (byPerson) {
      this.#dirty = true;
      this.drafts.save(this.form);
    }
  }

  private lineElement(key: string): LedgerDocumentLine | null {
    return this.renderRoot.querySelector<LedgerDocumentLine>(`ledger-document-line[data-key="${CSS.escape(key)}"]`);
  }

  private announce(text: string): void {
    // A changed text is announced again even when it repeats.
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
  }

  // ------------------------------------------------------------ handlers: details and lines

  private handleDetail(field: DetailField, event: Event): void {
    let value = (event.target as HTMLInputElement).value;
    // Dates are typed in the locale's form and kept as ISO; unreadable text stays for the contract to refuse.
    if (field === 'issueDate' || field === 'dueDate') value = parseDateInput(value, this.fmt.locale) ?? value;
    if (this.serverErrors[field]) this.serverErrors = { ...this.serverErrors, [field]: undefined };
    // The server's "due before issue" is about both dates: a new issue date answers it too.
    if (field === 'issueDate' && this.serverErrors.dueDate) this.serverErrors = { ...this.serverErrors, dueDate: undefined };
    this.updateForm({ [field]: value });
  }

  private handleDetailBlur(field: DetailField): void {
    if (!this.touched.has(field)) this.touched = new Set([...this.touched, field]);
  }

  /**
   * The person chose invoice or quote for the new document: what is typed goes with the
   * choice (its draft moves to the other kind); an untouched form takes the other kind's
   * stored draft, if there is one.
   */
  private handleKindChoice(kind: DocumentKind): void {
    const form = this.form;
    if (!form || this.saving || this.editing || kind === form.kind) return;
    const typed = this.#dirty || this.restoredAt !== null;
    if (typed) this.drafts.clear();
    this.kind = kind;
    const key = this.newDraftKey;
    const stored = key ? this.drafts.open(key) : null;
    if (stored && !typed) {
      this.form = stored.value;
      this.restoredAt = stored.savedAt;
    } else {
      this.form = { ...form, kind, saveKey: null };
      if (typed) this.drafts.save(this.form);
    }
    this.serverErrors = {};
    this.saveError = null;
    this.announce(kind === 'invoice' ? msg('New invoice') : msg('New quote'));
  }

  private handleDue(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (!this.form) return;
    if (value === 'date') {
      const guess = addDays(this.form.issueDate, Number(this.form.paymentTermsDays) || 0) ?? '';
      this.updateForm({ dueMode: 'date', dueDate: this.form.dueDate || guess });
    } else {
      this.updateForm({ dueMode: 'terms', paymentTermsDays: value });
    }
    this.serverErrors = { ...this.serverErrors, dueDate: undefined, paymentTermsDays: undefined };
  }

  private handleLineChange(event: CustomEvent<LineEventDetails['line-change']>): void {
    const { key, patch } = event.detail;
    if (!this.form) return;
    this.updateForm({ lines: this.form.lines.map((l) => (l.key === key ? { ...l, ...patch } : l)) });
    if (this.serverLineErrors.has(key)) {
      const next = new Map(this.serverLineErrors);
      next.delete(key);
      this.serverLineErrors = next;
    }
    if (this.serverErrors.lines) this.serverErrors = { ...this.serverErrors, lines: undefined };
  }

  private handleLineRemove(event: CustomEvent<LineEventDetails['line-remove']>): void {
    if (!this.form) return;
    const lines = this.form.lines;
    const index = lines.findIndex((l) => l.key === event.detail.key);
    if (index < 0) return;
    const next = lines.filter((_, i) => i !== index);
    this.updateForm({ lines: next });
    const neighbour = next[index] ?? next[index - 1];
    this.#focusAfterUpdate = neighbour ? { key: neighbour.key, control: 'description' } : 'add';
    this.announce(msg(str`Line ${index + 1} removed.`));
  }

  private handleLineMove(event: CustomEvent<LineEventDetails['line-move']>): void {
    if (!this.form) return;
    const { key, delta } = event.detail;
    const lines = [...this.form.lines];
    const from = lines.findIndex((l) => l.key === key);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= lines.length) return;
    [lines[from], lines[to]] = [lines[to]!, lines[from]!];
    this.updateForm({ lines });
    const atEdge = to === 0 || to === lines.length - 1;
    this.#focusAfterUpdate = { key, control: atEdge ? (delta < 0 ? 'down' : 'up') : delta < 0 ? 'up' : 'down' };
    this.announce(msg(str`Line moved to position ${to + 1} of ${lines.length}.`));
  }

  /** Enter in a line's field saves, as in any other field (the rows' shadow roots keep it from the form). */
  private handleLinesKeydown(event: KeyboardEvent): void {
    const target = event.composedPath()[0];
    if (event.key !== 'Enter' || event.isComposing || !(target instanceof HTMLInputElement)) return;
    event.preventDefault();
    this.save();
  }

  private handleAddLine(): void {
    if (!this.form) return;
    const tax = this.link ? String(this.link.customer.taxRatePercent) : '';
    const line = blankLine(tax === '0' ? '' : tax);
    this.updateForm({ lines: [...this.form.lines, line] });
    this.#focusAfterUpdate = { key: line.key, control: 'description' };
  }

  private handleEntryToggle(view: EntryView, event: Event): void {
    if (!this.form) return;
    const checked = (event.target as HTMLInputElement).checked;
    const id = view.entry.hostId;
    if (checked) {
      const tax = this.link ? String(this.link.customer.taxRatePercent) : (this.form.lines[0]?.taxRatePercent ?? '');
      this.updateForm({ lines: [...this.form.lines, lineFromTimeEntry(view.entry, this.fmt.date, tax)] });
      this.announce(msg('Line added from the time entry.'));
    } else {
      this.updateForm({ lines: this.form.lines.filter((l) => !l.timeEntryIds.includes(id)) });
      this.announce(msg('Line of the time entry removed.'));
    }
  }

  private handleProductToggle(product: Product, event: Event): void {
    if (!this.form) return;
    if ((event.target as HTMLInputElement).checked) this.addProduct(product, true);
    else {
      this.updateForm({ lines: this.form.lines.filter((l) => l.productId !== product.id) });
      this.announce(msg('Product line removed.'));
    }
  }

  private addProduct(product: Product, fromDeal = false): void {
    if (!this.form) return;
    this.updateForm({ lines: [...this.form.lines, lineFromProduct(product, fromDeal ? this.dealLineOf(product) : undefined)] });
    this.announce(msg(str`${product.name} added.`));
  }

  private handleCatalogToggle(event: Event): void {
    this.catalogOpen = (event.target as HTMLDetailsElement).open;
  }

  private handleCatalogInput(event: Event): void {
    const q = (event.target as HTMLInputElement).value.trim();
    clearTimeout(this.#catalogTimer);
    // Search once typing pauses; the task aborts a search the next one overtakes.
    this.#catalogTimer = setTimeout(() => (this.catalogQuery = q), 250);
  }

  // ------------------------------------------------------------ handlers: save

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    this.save();
  }

  private save(newKey = false): void {
    const form = this.form;
    const scope = this.scope;
    if (this.saving || !form || !scope) return;
    const check = validateForm(form, scope);
    this.attempted = true;
    this.saveError = null;
    if (!check.valid) {
      this.announce(msg('Some fields need attention.'));
      this.#focusAfterUpdate = 'first-error';
      return;
    }
    const mode = this.editing && this.document ? 'update' : 'create';
    if (!this.emit('ledger-document-submit', { body: check.body, mode })) return;
    // One key per draft: a double click, a retry or a reload after a crash sends the same one.
    let key = form.saveKey;
    if (mode === 'create' && (!key || newKey)) {
      key = newIdempotencyKey();
      this.updateForm({ saveKey: key }, false);
    }
    this.drafts.save(this.form!);
    this.drafts.flush();
    this.serverErrors = {};
    this.serverLineErrors = new Map();
    this.#request = { mode, body: check.body, key, docId: this.document?.id ?? null, version: form.baseVersion };
    this.announce(msg('Saving…'));
    void this.saveTask.run([this.#request]);
  }

  private handleSaved(doc: Document): void {
    const created = this.#request?.mode !== 'update';
    this.#request = null;
    this.drafts.clear();
    this.emit(created ? 'ledger-document-created' : 'ledger-document-updated', { document: doc });
    this.resetFormState();
    this.form = null;
    this.editing = false;
    this.document = doc;
    this.pendingEdit = null;
    const text = created ? msg(str`${this.kindLabel(doc.kind)} ${doc.number} created.`) : msg(str`${doc.number} saved.`);
    this.notice = { tone: 'success', text };
    this.flash = true;
    this.announce(text);
  }

  private handleSaveFailed(error: unknown): void {
    const e = isLedgerApiError(error) ? error : new LedgerApiError({ kind: 'network', message: String(error), cause: error });
    if (e.kind === 'aborted') return;
    if (e.status === 412) {
      const current = DocumentSchema.safeParse(e.current);
      if (current.success) {
        this.conflict = current.data;
        this.announce(msg('This document was changed elsewhere.'));
        return;
      }
    }
    if (e.issues.length) {
      const placed = placeServerIssues(e.issues, this.#request?.body.lines.length ? this.form?.lines.map((l) => l.key) ?? [] : []);
      // The server's sentences are English: the refusals the form knows are said in the person's language.
      // (a 422 names its reason; a create's 400 carries the contract's issue at dueDate)
      if (e.reason === 'due_before_issue' || (placed.form.dueDate && this.form && dueBeforeIssue(this.form))) {
        placed.form.dueDate = dueBeforeIssueText(this.form?.kind ?? this.kind);
      }
      if (e.reason === 'unknown_template') placed.form.template = msg('Choose one of your organization’s templates.');
      // The books' refusals (a tax rate without a tax code, a currency the company does not keep), in the person's language.
      const provider = this.sessionState.session?.books?.providerName ?? 'QuickBooks';
      if (e.reason === 'currency_not_enabled' && placed.form.currency) placed.form.currency = refusalText(e.reason, provider, placed.form.currency);
      if (e.reason === 'tax_code_missing') {
        for (const errors of placed.lines.values()) if (errors.taxRatePercent) errors.taxRatePercent = refusalText(e.reason, provider, errors.taxRatePercent);
      }
      this.serverErrors = placed.form;
      this.serverLineErrors = placed.lines;
      this.#focusAfterUpdate = 'first-error';
    }
    this.saveError = e;
    this.announce(this.saveErrorText(e));
  }

  private saveErrorText(e: LedgerApiError): string {
    if (e.code === 'idempotency_mismatch') {
      return msg('An earlier attempt to save this draft may already have created a document with different content. Check the documents of this ticket before saving again.');
    }
    const books = this.sessionState.session?.books;
    if (books && (e.reason === 'tax_code_missing' || e.reason === 'currency_not_enabled' || e.reason === 'books_unreachable' || e.reason === 'books_pending')) {
      return refusalText(e.reason, books.providerName, e.message);
    }
    if (e.status === 409 || (e.status === 422 && e.issues.length)) return e.message;
    return describeError(e);
  }

  private async handleCancelEdit(): Promise<void> {
    if (this.#dirty) {
      const ok = await this.renderRoot.querySelector<LedgerConfirmDialog>('ledger-confirm-dialog')?.ask({
        heading: msg('Discard your changes?'),
        body: msg('The edits you made here will be lost.'),
        confirmLabel: msg('Discard'),
        danger: true,
      });
      if (!ok) return;
    }
    this.drafts.clear();
    this.resetFormState();
    this.form = null;
    this.editing = false;
    this.#focusAfterUpdate = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#edit')?.focus();
  }

  private handleDiscardDraft(): void {
    this.drafts.clear();
    if (this.editing && this.document) {
      this.startEditing(this.document, true);
    } else {
      this.form = null;
      this.syncNewForm();
    }
    this.announce(msg('Unsaved changes discarded.'));
  }

  private handleDiscardPendingEdit(): void {
    if (!this.document) return;
    const key = this.draftKey(`doc:${this.document.id}`);
    if (key) this.drafts.open(key);
    this.drafts.clear();
    this.pendingEdit = null;
  }

  private handleConflictReload(): void {
    if (!this.conflict) return;
    const current = this.conflict;
    this.drafts.clear();
    if (this.editing) this.startEditing(current, true);
    else this.showDocument(current);
    this.announce(msg('The latest version is loaded.'));
  }

  private handleConflictKeepMine(): void {
    if (!this.conflict || !this.form) return;
    const current = this.conflict;
    this.document = current;
    this.conflict = null;
    this.saveError = null;
    this.updateForm({ baseVersion: current.version });
    this.notice = { tone: 'info', text: msg('Your edits are kept. Saving now replaces the other changes.') };
  }

  private handleCreateAnother(): void {
    this.document = undefined;
    this.notice = null;
    this.form = null;
    this.resetFormState();
    this.drafts.open(null);
    void this.entriesTask.run();
  }

  private handleDocumentEvent(doc: Document): void {
    const shown = this.document;
    if (shown && doc.id === shown.id && doc.version > shown.version && !this.saving) {
      if (this.editing && this.form && (this.form.baseVersion ?? 0) < doc.version) this.conflict = doc;
      else if (!this.editing) this.document = doc;
    }
    // A document of this ticket may have invoiced (or released) time entries shown here.
    if (!shown && doc.ticketId && doc.ticketId === this.entriesTicketId && this.entriesTask.status !== TaskStatus.PENDING) {
      void this.entriesTask.run();
    }
  }

  // ------------------------------------------------------------ handlers: actions

  private async runAction(doc: Document, action: DocumentAction): Promise<void> {
    const stateOf = this.actions.state(doc, action);
    if (!stateOf.allowed) {
      this.announce(stateOf.message);
      return;
    }
    this.menu.close();
    this.notice = null;
    const result = await this.actions.run(doc, action);
    // Editing is the host component's part of the shared actions: the form itself.
    if (action === 'edit' && result.document && !result.error && !result.cancelled) {
      this.startEditing(result.document);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#issueDate')?.focus();
    }
  }

  private handleActionResult(result: ActionResult): void {
    if (result.cancelled || result.action === 'edit' || result.action === 'open') return;
    if (result.document) {
      this.document = result.document;
      this.flash = true;
      this.emit(result.created ? 'ledger-document-created' : 'ledger-document-updated', { document: result.document });
      if (result.created) this.pendingEdit = null;
    }
    if (result.error) {
      this.notice = { tone: 'error', text: result.message ?? describeError(result.error), error: result.error };
    } else if (result.message) {
      this.notice = { tone: result.document ? 'success' : 'info', text: result.message };
    }
    if (result.message) this.announce(result.message);
  }

  private handleFlashEnd(): void {
    this.flash = false;
  }

  // ------------------------------------------------------------ public

  /**
   * Opens the document of `document-id` in the form, as its Edit button does (once it has
   * loaded); when it may not be edited, the view stays and says why.
   */
  edit(): void {
    this.#editOnLoad = Boolean(this.documentId);
    this.requestUpdate();
  }

  /** Keeps what is typed right now (the draft is otherwise written after a pause). */
  flushDraft(): void {
    this.drafts.flush();
  }

  // ------------------------------------------------------------ rendering

  private async focusFirstError(): Promise<void> {
    const own = this.renderRoot.querySelector<HTMLElement>('form [aria-invalid="true"]');
    const form = this.form;
    if (!form) return;
    const badLine = form.lines.find((l) => {
      const server = this.serverLineErrors.get(l.key);
      return (server && Object.keys(server).length) || parseLine(l, form.currency).input === null;
    });
    const detailsFirst = own && !own.closest('.lines');
    if (detailsFirst || !badLine) {
      (own ?? this.renderRoot.querySelector<HTMLElement>('.lines-error'))?.focus();
      return;
    }
    const row = this.lineElement(badLine.key);
    await row?.updateComplete;
    const errors = { ...parseLine(badLine, form.currency).errors, ...this.serverLineErrors.get(badLine.key) };
    const field = (['description', 'quantity', 'unitPrice', 'discountPercent', 'taxRatePercent'] as const).find((f) => errors[f]);
    row?.focusControl(field ?? 'description');
  }

  private detailError(field: DetailField, errors: FormErrors): string | undefined {
    // A due date before the issue date shows as it is typed, not only after leaving the field.
    const now = field === 'dueDate' && this.form && dueBeforeIssue(this.form) ? errors.dueDate : undefined;
    return this.serverErrors[field] ?? now ?? (this.attempted || this.touched.has(field) ? errors[field] : undefined);
  }

  /** The contract's timeEntryLock, said in words (the currency only once the form has one). */
  private entryView(entry: TimeEntry): EntryView {
    const selected = this.form?.lines.some((l) => l.timeEntryIds.includes(entry.hostId)) ?? false;
    const lock = timeEntryLock(entry, { documentId: this.document?.id ?? null, currency: this.form?.currency ?? entry.currency });
    if (lock === 'not_billable') return { entry, selected, locked: 'not_billable', reason: msg('Not billable') };
    if (lock === 'time_entry_invoiced') return { entry, selected, locked: 'invoiced', reason: msg(str`Invoiced on ${entry.invoicedBy?.number ?? ''}`) };
    if (lock === 'currency_mismatch') return { entry, selected, locked: 'currency', reason: msg(str`Priced in ${entry.currency}`) };
    return { entry, selected, locked: null, reason: null };
  }

  private renderNotice(): TemplateResult | typeof nothing {
    const n = this.notice;
    if (!n) return nothing;
    if (n.tone === 'error') return errorBanner(n.error, undefined, n.text);
    return html`<div class="banner ${n.tone}" part="notice"><span class="grow">${n.text}</span>
      <button class="btn ghost small" type="button" aria-label=${msg('Dismiss')} @click=${() => (this.notice = null)}>✕</button>
    </div>`;
  }

  private renderReadOnlyLine(reason: string): TemplateResult {
    return html`<p class="read-only" part="read-only">${lockIcon}<span>${reason}</span></p>`;
  }

  private renderBody(): TemplateResult | typeof nothing {
    const session = this.sessionState;
    if (session.status === 'error') return errorBanner(session.error);
    if (session.status === 'loading' || !this.client) return skeleton(4);
    if (this.document) return this.editing && this.form ? this.renderForm() : this.renderDocument(this.document);
    if (this.documentId) {
      return this.docTask.render({
        initial: () => skeleton(4),
        pending: () => skeleton(4),
        complete: () => skeleton(4),
        error: (error) => errorBanner(error, () => void this.docTask.run()),
      });
    }
    return this.renderNew();
  }

  private renderNew(): TemplateResult {
    const contact = this.hostContext.contact;
    const title = this.kind === 'invoice' ? msg('New invoice') : msg('New quote');
    if (!contact) {
      return html`<div class="head" part="header"><h2>${title}</h2></div>
        ${emptyState(msg('Open a ticket or deal with a contact to create an invoice or a quote for them.'))}`;
    }
    // A role that may not read contact links (a client) is never asked for one: say once why there is no form.
    if (!this.can('links.read')) {
      return html`<div class="head" part="header"><h2>${title}</h2></div>
        ${this.renderReadOnlyLine(this.readOnlyReason ?? msg('Your role can view invoices and quotes but not create or change them.'))}`;
    }
    return this.linkTask.render({
      initial: () => skeleton(4),
      pending: () => skeleton(4),
      error: (error) => errorBanner(error, () => void this.linkTask.run()),
      complete: (link) => {
        if (!link) return this.renderNotMapped(title, contact.name ?? contact.email ?? msg('This contact'));
        const readOnly = this.readOnlyReason;
        if (readOnly) {
          return html`<div class="head" part="header"><h2>${title}</h2></div>
            <p class="sub">${link.customer.displayName}</p>
            ${this.renderReadOnlyLine(readOnly)} ${this.entriesTicketId ? this.renderEntries(true) : nothing}`;
        }
        return this.form ? this.renderForm() : skeleton(4);
      },
    });
  }

  private renderNotMapped(title: string, name: string): TemplateResult {
    return html`<div class="head" part="header"><h2>${title}</h2></div>
      <div class="banner info stack" part="not-mapped" role="note">
        <div class="grow">
          <p><strong>${msg(str`${name} is not linked to a billing customer yet.`)}</strong></p>
          <p>${msg('Invoices and quotes go to a billing customer. Link this contact in the Customer panel: pick the matching customer or create one. This form opens as soon as the link exists.')}</p>
        </div>
        <div class="actions">
          <button class="btn small" type="button" @click=${() => void this.linkTask.run()}>${msg('Check again')}</button>
        </div>
      </div>`;
  }

  private renderCurrencyOptions(selected: string): unknown {
    // 300 options: rebuilt only when the locale or the choice changes, not on every keystroke.
    return guard([this.fmt.locale, selected], () => {
      let names: Intl.DisplayNames | null = null;
      try {
        names = new Intl.DisplayNames([this.fmt.locale], { type: 'currency' });
      } catch {
        names = null;
      }
      return html`${supportedCurrencies().map(
        (code) => html`<option value=${code} ?selected=${code === selected}>${code}${names ? ` · ${names.of(code)}` : ''}</option>`,
      )}`;
    });
  }

  private renderForm(): TemplateResult {
    const form = this.form!;
    const scope = this.scope;
    const check = scope ? validateForm(form, scope) : null;
    const errors = check?.errors ?? {};
    const editing = this.editing && this.document;
    const customerName = editing ? this.document!.customerName : (this.link?.customer.displayName ?? '');
    const title = editing
      ? msg(str`Edit ${this.kindLabel(form.kind).toLowerCase()} ${this.document!.number}`)
      : form.kind === 'invoice'
        ? msg('New invoice')
        : msg('New quote');
    const { totals, counted } = totalsOf(form.lines, form.currency);
    const uncounted = form.lines.length - counted;
    const saving = this.saving;
    const err = (field: DetailField) => this.detailError(field, errors);
    const described = (field: DetailField) => (err(field) ? `${field}-error` : nothing);
    const errorText = (field: DetailField) => (err(field) ? html`<span class="error" id="${field}-error">${err(field)}</span>` : nothing);
    // A date shows the locale's form and is set only when it changes (live() would overwrite a
    // half-typed date on every keystroke); the cast tells lit-analyzer the directive yields a string.
    const input = (field: DetailField, label: string, type: 'text' | 'date' = 'text', extra = '') => html`<div class="field ${extra}">
      <label for=${field}>${label}</label>
      <input id=${field} type="text" .value=${type === 'date' ? formatDateInput(form[field], this.fmt.locale) : (live(form[field]) as unknown as string)} ?disabled=${saving}
        aria-invalid=${err(field) ? 'true' : 'false'} aria-describedby=${described(field)}
        @input=${(e: Event) => this.handleDetail(field, e)} @change=${(e: Event) => this.handleDetail(field, e)}
        @blur=${() => this.handleDetailBlur(field)} />
      ${errorText(field)}
    </div>`;
    const terms = [...new Set([...commonTerms, Number(form.paymentTermsDays)])].filter((n) => Number.isInteger(n)).sort((a, b) => a - b);
    const dueOn = form.dueMode === 'terms' ? addDays(form.issueDate, Number(form.paymentTermsDays)) : null;
    const moreOpen = Boolean(form.reference || form.notes || err('template') || err('reference') || err('notes'));
    const linesError = this.serverErrors.lines ?? (this.attempted ? errors.lines : undefined);
    const formError = this.serverErrors.form;
    const saveLabel = editing ? msg('Save changes') : form.kind === 'invoice' ? msg('Create invoice') : msg('Create quote');

    return html`<div class="head" part="header"><h2>${title}</h2>${editing ? statusBadge(this.document!.displayStatus) : nothing}</div>
      ${editing ? nothing : this.renderKindChoice(form.kind, saving)}
      ${this.restoredAt
        ? html`<div class="banner info" part="notice" role="status">
            <span class="grow">${msg(str`Your unsaved changes from ${this.fmt.relative(this.restoredAt)} were restored.`)}</span>
            <button class="btn small" type="button" @click=${this.handleDiscardDraft}>${msg('Discard')}</button>
          </div>`
        : nothing}
      ${this.renderNotice()}
      <form part="form" novalidate @submit=${this.handleSubmit} aria-busy=${saving ? 'true' : 'false'}>
        <section aria-labelledby="details-heading">
          <h3 id="details-heading">${msg('Details')}</h3>
          <div class="grid2">
            <div class="field span2">
              <label for="customer">${msg('Customer')}</label>
              <input id="customer" readonly .value=${customerName} title=${customerName} />
            </div>
            <div class="field">
              <label for="currency">${msg('Currency')}</label>
              <select id="currency" required ?disabled=${saving} aria-invalid=${err('currency') ? 'true' : 'false'}
                aria-describedby=${described('currency')}
                @change=${(e: Event) => this.handleDetail('currency', e)} @blur=${() => this.handleDetailBlur('currency')}>
                ${form.currency ? nothing : html`<option value="" selected>${msg('Choose…')}</option>`}
                ${this.renderCurrencyOptions(form.currency)}
              </select>
              ${errorText('currency')}
            </div>
            ${input('issueDate', msg('Issue date'), 'date')}
            <div class="field">
              <label for="due">${form.kind === 'quote' ? msg('Valid for') : msg('Payment terms')}</label>
              <select id="due" ?disabled=${saving} @change=${this.handleDue}>
                ${terms.map(
                  (n) => html`<option value=${String(n)} ?selected=${form.dueMode === 'terms' && String(n) === form.paymentTermsDays}>
                    ${n === 0 ? (form.kind === 'quote' ? msg('Today only') : msg('Due on receipt')) : days(n, this.fmt.number(n))}
                  </option>`,
                )}
                <option value="date" ?selected=${form.dueMode === 'date'}>${msg('A specific date')}</option>
              </select>
              ${dueOn && form.dueMode === 'terms' ? html`<span class="hint">${msg(str`Until ${this.fmt.date(dueOn)}`)}</span>` : nothing}
              ${err('paymentTermsDays') ? html`<span class="error">${err('paymentTermsDays')}</span>` : nothing}
            </div>
            ${form.dueMode === 'date' ? input('dueDate', form.kind === 'quote' ? msg('Valid until') : msg('Due date'), 'date') : nothing}
          </div>
          <details class="panel" ?open=${moreOpen}>
            <summary>${msg('Template, reference and notes')}</summary>
            <div class="panel-body">
              ${this.renderTemplateField(form.template, err('template'), saving)} ${input('reference', msg('Reference'))}
              <div class="field">
                <label for="notes">${msg('Notes')}</label>
                <textarea id="notes" .value=${live(form.notes)} ?disabled=${saving}
                  aria-invalid=${err('notes') ? 'true' : 'false'} aria-describedby=${described('notes')}
                  @input=${(e: Event) => this.handleDetail('notes', e)} @blur=${() => this.handleDetailBlur('notes')}></textarea>
                ${errorText('notes')}
              </div>
            </div>
          </details>
        </section>

        <section aria-labelledby="sources-heading">
          <h3 id="sources-heading">${msg('Add from')}</h3>
          ${this.entriesTicketId ? this.renderEntries(false) : nothing} ${this.renderProducts()}
        </section>

        <section class="lines" aria-labelledby="lines-heading">
          <div class="section-head">
            <h3 id="lines-heading">${msg('Lines')}</h3>
            <span class="small muted">${this.fmt.number(form.lines.length)}</span>
          </div>
          ${form.lines.length === 0
            ? emptyState(msg('No lines yet: pick time entries or products above, or add a line.'))
            : nothing}
          <ol class="line-list" part="lines" @line-change=${this.handleLineChange} @line-remove=${this.handleLineRemove}
            @line-move=${this.handleLineMove} @keydown=${this.handleLinesKeydown}>
            ${repeat(
              form.lines,
              (line) => line.key,
              (line, i) => html`<li>
                <ledger-document-line data-key=${line.key} .line=${line} currency=${form.currency} position=${i + 1}
                  ?first=${i === 0} ?last=${i === form.lines.length - 1} ?disabled=${saving} ?show-errors=${this.attempted}
                  .serverErrors=${this.serverLineErrors.get(line.key)}></ledger-document-line>
              </li>`,
            )}
          </ol>
          ${linesError ? html`<p class="error lines-error" role="alert" tabindex="-1">${linesError}</p>` : nothing}
          <div class="add-row">
            <button id="add-line" class="btn small" type="button" ?disabled=${saving} @click=${this.handleAddLine}>
              ${msg('+ Add line')}
            </button>
          </div>
        </section>

        <section aria-labelledby="totals-heading">
          <h3 id="totals-heading" class="visually-hidden">${msg('Totals')}</h3>
          ${this.renderTotals(totals, form.currency)}
          ${uncounted > 0
            ? html`<p class="hint">${linesNeedAttention(uncounted, this.fmt.number(uncounted))}</p>`
            : nothing}
          ${totals === null ? html`<p class="error">${msg('The total is too large.')}</p>` : nothing}
        </section>

        ${this.renderConflict()}
        ${this.saveError
          ? errorBanner(
              this.saveError,
              this.saveError.transient ? () => this.save() : undefined,
              this.saveErrorText(this.saveError),
            )
          : nothing}
        ${this.saveError?.code === 'idempotency_mismatch'
          ? html`<div class="add-row"><button class="btn small" type="button" @click=${() => this.save(true)}>${msg('Save as a new document')}</button></div>`
          : nothing}
        ${formError ? html`<p class="error" role="alert">${formError}</p>` : nothing}
        <div class="footer" part="footer">
          <span class="grand" aria-hidden="true">${totals ? this.fmt.money(totals.total, form.currency) : '—'}</span>
          ${editing
            ? html`<button class="btn" type="button" ?disabled=${saving} @click=${this.handleCancelEdit}>${msg('Cancel')}</button>`
            : nothing}
          <button class="btn primary" type="submit" part="save-button" ?disabled=${saving} aria-busy=${saving ? 'true' : 'false'}>
            ${busyLabel(saving, saveLabel, msg('Saving…'))}
          </button>
        </div>
      </form>`;
  }

  /**
   * The organization's templates to choose from. A document's template the organization no
   * longer lists stays as an option, so editing an old document does not change it unasked.
   */
  private renderTemplateField(selected: string, error: string | undefined, saving: boolean): TemplateResult {
    const templates = this.templates;
    const unlisted = selected !== '' && !templates.some((t) => t.id === selected);
    return html`<div class="field">
      <label for="template">${msg('Template')}</label>
      <select id="template" ?disabled=${saving || (templates.length === 0 && !unlisted)}
        aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'template-error' : nothing}
        @change=${(e: Event) => this.handleDetail('template', e)} @blur=${() => this.handleDetailBlur('template')}>
        ${templates.length === 0 && !unlisted ? html`<option value="" selected>${msg('No templates set up')}</option>` : nothing}
        ${templates.map((t) => html`<option value=${t.id} ?selected=${t.id === selected}>${t.name}</option>`)}
        ${unlisted ? html`<option value=${selected} selected>${msg(str`${selected} (no longer offered)`)}</option>` : nothing}
      </select>
      ${error ? html`<span class="error" id="template-error">${error}</span>` : nothing}
    </div>`;
  }

  /** Invoice or quote, for a new document: a segmented pair of radio buttons under the title. */
  private renderKindChoice(kind: DocumentKind, disabled: boolean): TemplateResult {
    return html`<fieldset class="kind-choice" part="kind-choice" ?disabled=${disabled}>
      <legend class="visually-hidden">${msg('Document type')}</legend>
      ${documentKinds.map(
        (k) => html`<label class=${k === kind ? 'chosen' : ''}>
          <input type="radio" name="kind" value=${k} .checked=${live(k === kind)} @change=${() => this.handleKindChoice(k)} />
          <span>${this.kindLabel(k)}</span>
        </label>`,
      )}
    </fieldset>`;
  }

  private renderTotals(totals: { subtotal: number; discount: number; tax: number; total: number } | null, currency: string): TemplateResult {
    const money = (minor: number | undefined) => (minor === undefined ? '—' : this.fmt.money(minor, currency));
    return html`<dl class="totals" part="totals">
      <div><dt>${msg('Subtotal')}</dt><dd data-total="subtotal">${money(totals?.subtotal)}</dd></div>
      ${totals?.discount
        ? html`<div><dt>${msg('Discount')}</dt><dd data-total="discount">${money(-totals.discount)}</dd></div>`
        : nothing}
      <div><dt>${msg('Tax')}</dt><dd data-total="tax">${money(totals?.tax)}</dd></div>
      <div class="total"><dt>${msg('Total')}</dt><dd data-total="total">${money(totals?.total)}</dd></div>
    </dl>`;
  }

  private renderEntries(readOnly: boolean): TemplateResult {
    return html`<details class="panel" open>
      <summary>
        ${msg('Time entries')}
        ${this.entriesTask.value
          ? html`<span class="count small muted">${(() => {
              const views = this.entriesTask.value.items.map((e) => this.entryView(e));
              const open = views.filter((v) => v.locked === null).length;
              return readOnly ? msg(str`${open} billable`) : msg(str`${views.filter((v) => v.selected).length} of ${open} selected`);
            })()}</span>`
          : nothing}
      </summary>
      <div class="panel-body">
        ${this.entriesTask.render({
          initial: () => skeleton(2),
          pending: () => skeleton(2, msg('Loading time entries…')),
          error: (error) => errorBanner(error, () => void this.entriesTask.run()),
          complete: ({ items: entries }) =>
            entries.length === 0
              ? html`<p class="muted-block">${msg('No time has been logged on this ticket.')}</p>`
              : html`<ul class="picks" aria-label=${msg('Time entries')}>
                  ${entries.map((entry) => this.renderEntry(this.entryView(entry), readOnly))}
                </ul>`,
        })}
      </div>
    </details>`;
  }

  private renderEntry(view: EntryView, readOnly: boolean): TemplateResult {
    const { entry } = view;
    const id = `te-${entry.hostId}`;
    const hours = hoursOf(entry.minutes);
    const amount = lineAmounts({ quantity: hours, unitPrice: entry.hourlyRate }).gross;
    const meta = [this.fmt.date(entry.date), entry.userName, msg(str`${this.fmt.number(Number(hours))}\u00a0h`)].filter(Boolean).join(' · ');
    return html`<li class="pick" data-locked=${view.locked ?? nothing}>
      <input type="checkbox" id=${id} .checked=${view.selected} ?disabled=${readOnly || view.locked !== null || this.saving}
        aria-describedby=${view.reason ? `${id}-why` : nothing} @change=${(e: Event) => this.handleEntryToggle(view, e)} />
      <label for=${id}>
        <span class="desc">${entry.description || msg('Work')}</span>
        <span class="meta">${meta}</span>
      </label>
      <span class="amount small">${this.fmt.money(amount, entry.currency)}</span>
      ${view.reason ? html`<span class="why" id="${id}-why">${view.reason}</span>` : nothing}
    </li>`;
  }

  private renderProducts(): TemplateResult {
    const form = this.form!;
    const dealProducts = this.hostContext.products ?? [];
    const productRow = (product: Product, kind: 'deal' | 'catalog') => {
      const id = `${kind}-${product.id}`;
      const other = product.currency !== form.currency;
      const why = other ? msg(str`Priced in ${product.currency}`) : null;
      const price = this.fmt.money(product.unitPrice, product.currency);
      const dealLine = kind === 'deal' ? this.dealLineOf(product) : undefined;
      const meta = [product.sku, dealLine ? msg(str`${this.fmt.number(dealLine.quantity)} × ${price}`) : price].filter(Boolean).join(' · ');
      if (kind === 'deal') {
        const selected = form.lines.some((l) => l.productId === product.id);
        return html`<li class="pick" data-locked=${other ? 'currency' : nothing}>
          <input type="checkbox" id=${id} .checked=${selected} ?disabled=${other || this.saving}
            aria-describedby=${why ? `${id}-why` : nothing} @change=${(e: Event) => this.handleProductToggle(product, e)} />
          <label for=${id}><span class="truncate" title=${product.name}>${product.name}</span><span class="meta">${meta}</span></label>
          <span></span>
          ${why ? html`<span class="why" id="${id}-why">${why}</span>` : nothing}
        </li>`;
      }
      return html`<li class="pick" data-locked=${other ? 'currency' : nothing}>
        <span></span>
        <span class="what"><span class="truncate" title=${product.name}>${product.name}</span><span class="meta">${meta}</span></span>
        <button class="btn small" type="button" ?disabled=${other || this.saving} aria-describedby=${why ? `${id}-why` : nothing}
          aria-label=${msg(str`Add ${product.name}`)} @click=${() => this.addProduct(product)}>${msg('Add')}</button>
        ${why ? html`<span class="why" id="${id}-why">${why}</span>` : nothing}
      </li>`;
    };
    return html`${dealProducts.length
        ? html`<details class="panel" open>
            <summary>${msg('Deal products')}
              <span class="count small muted">${msg(str`${dealProducts.filter((p) => form.lines.some((l) => l.productId === p.id)).length} of ${dealProducts.length} selected`)}</span>
            </summary>
            <div class="panel-body"><ul class="picks" aria-label=${msg('Products of this deal')}>${dealProducts.map((p) => productRow(p, 'deal'))}</ul></div>
          </details>`
        : nothing}
      <details class="panel" @toggle=${this.handleCatalogToggle}>
        <summary>${msg('Product catalogue')}</summary>
        <div class="panel-body">
          <div class="field">
            <label for="catalog-q">${msg('Search products')}</label>
            <input id="catalog-q" type="search" autocomplete="off" placeholder=${msg('Name or SKU')} @input=${this.handleCatalogInput} />
          </div>
          ${this.catalogTask.render({
            initial: () => nothing,
            pending: () => skeleton(2, msg('Searching…')),
            error: (error) => errorBanner(error, () => void this.catalogTask.run()),
            complete: (products) =>
              products.length === 0
                ? html`<p class="muted-block">${msg('No products match.')}</p>`
                : html`<ul class="picks" aria-label=${msg('Products found')}>${products.map((p) => productRow(p, 'catalog'))}</ul>`,
          })}
        </div>
      </details>`;
  }

  private renderConflict(): TemplateResult | typeof nothing {
    const current = this.conflict;
    if (!current) return nothing;
    return html`<div class="banner warning stack" role="alert" part="conflict">
      <div class="grow">
        <p><strong>${msg('Changed elsewhere')}</strong></p>
        <p>${msg(str`Someone changed ${current.number} while you were editing it. Reload to see their version (your edits here are dropped), or keep your edits and save over theirs.`)}</p>
      </div>
      <div class="actions">
        <button class="btn small primary" type="button" @click=${this.handleConflictReload}>${msg('Reload')}</button>
        <button class="btn small" type="button" @click=${this.handleConflictKeepMine}>${msg('Keep my edits')}</button>
      </div>
    </div>`;
  }

  private renderActionButton(doc: Document, action: DocumentAction, label: string, busy: DocumentAction | undefined): TemplateResult {
    const s = this.actions.state(doc, action);
    const why = s.allowed ? null : s.message;
    const id = action === 'edit' ? 'edit' : `action-${action}`;
    return html`<button id=${id} class="btn ${action === 'edit' ? 'primary' : ''}" type="button"
      aria-disabled=${why || busy ? 'true' : 'false'} title=${ifDefined(why ?? undefined)} aria-describedby=${why ? `${id}-why` : nothing}
      data-action=${action} @click=${() => (why || busy ? undefined : void this.runAction(doc, action))}>
      ${busyLabel(busy === action, label, label)}
      ${why ? html`<span class="visually-hidden" id="${id}-why">${why}</span>` : nothing}
    </button>`;
  }

  private renderToolbar(doc: Document): TemplateResult {
    const busy = this.actions.busyAction(doc.id);
    if (this.readOnlyReason) {
      return html`<div class="toolbar" part="toolbar" role="toolbar" aria-label=${msg('Document actions')}>
        ${this.renderActionButton(doc, 'pdf', msg('Download PDF'), busy)}
        ${this.renderActionButton(doc, 'open_external', openExternalLabel(doc), busy)}
      </div>`;
    }
    // An action of the menu is running (Edit and Email show it on their own buttons).
    const menuBusy = busy !== undefined && busy !== 'edit' && busy !== 'email';
    return html`<div class="toolbar" part="toolbar" role="toolbar" aria-label=${msg('Document actions')}>
      ${this.renderActionButton(doc, 'edit', msg('Edit'), busy)} ${this.renderActionButton(doc, 'email', msg('Email'), busy)}
      ${this.menu.trigger({
        owner: doc.id,
        label: msg('More actions'),
        className: 'btn more',
        items: () => this.menuItems(doc),
        busy: menuBusy,
        content: html`${menuBusy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${msg('More')}
          <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true"><path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" stroke-width="1.6"/></svg>`,
      })}
      ${this.menu.renderMenu()}
    </div>`;
  }

  /**
   * The "More" menu as the document is when it opens: every action of its kind, those that
   * cannot run now disabled with the reason; the destructive ones last, in their own group.
   */
  private menuItems(doc: Document): MenuItem<DocumentAction>[] {
    const busy = this.actions.busyAction(doc.id);
    const entries: [DocumentAction, string][] = [
      ['mark_sent', msg('Mark as sent')],
      ['convert', msg('Convert to invoice')],
      ['pdf', msg('Download PDF')],
      ['open_external', openExternalLabel(doc)],
      ['clone', msg('Duplicate')],
      ['void', msg('Void')],
      ['delete', msg('Delete')],
    ];
    // Only quotes convert, only invoices void.
    const ofKind = entries.filter(([key]) => (key === 'convert' ? doc.kind === 'quote' : key === 'void' ? doc.kind === 'invoice' : true));
    let firstDestructive = true;
    return ofKind.map(([key, label]) => {
      const state = this.actions.state(doc, key);
      const danger = key === 'void' || key === 'delete';
      const separator = danger && firstDestructive;
      if (danger) firstDestructive = false;
      const disabledReason = busy ? msg('Wait for the current action to finish.') : state.allowed ? undefined : state.message;
      return { key, label, disabledReason, danger, separator };
    });
  }

  private renderDocument(doc: Document): TemplateResult {
    const money = (minor: number) => this.fmt.money(minor, doc.currency);
    const readOnly = this.readOnlyReason;
    const dates = [
      msg(str`Issued ${this.fmt.date(doc.issueDate)}`),
      doc.dueDate ? (doc.kind === 'quote' ? msg(str`Valid until ${this.fmt.date(doc.dueDate)}`) : msg(str`Due ${this.fmt.date(doc.dueDate)}`)) : null,
    ].filter(Boolean);
    return html`<div class=${this.flash ? 'flash' : ''} @animationend=${this.handleFlashEnd}>
        <div class="head" part="header">
          <h2>${this.kindLabel(doc.kind)} ${doc.number}</h2>
          ${statusBadge(doc.displayStatus)}
        </div>
        <p class="sub">${doc.customerName} · ${dates.join(' · ')}</p>
      </div>
      ${this.renderNotice()}
      ${this.pendingEdit && !readOnly
        ? html`<div class="banner info stack" role="status" part="notice">
            <span class="grow">${msg(str`You have unsaved changes to this document from ${this.fmt.relative(this.pendingEdit)}.`)}</span>
            <div class="actions">
              <button class="btn small primary" type="button" @click=${() => this.startEditing(doc)}>${msg('Continue editing')}</button>
              <button class="btn small" type="button" @click=${this.handleDiscardPendingEdit}>${msg('Discard')}</button>
            </div>
          </div>`
        : nothing}
      ${readOnly ? this.renderReadOnlyLine(readOnly) : nothing} ${this.renderToolbar(doc)} ${booksNote(doc, this.fmt.locale)}
      ${(() => {
        const edit = this.actions.state(doc, 'edit');
        return !readOnly && !edit.allowed && edit.reason !== 'loading' ? html`<p class="hint">${edit.message}</p>` : nothing;
      })()}
      <section aria-labelledby="view-lines-heading">
        <h3 id="view-lines-heading">${msg('Lines')}</h3>
        <ol class="view-lines" part="lines">
          ${doc.lines.map((line) => {
            const parts = [
              msg(str`${this.fmt.number(line.quantity)} × ${money(line.unitPrice)}`),
              line.discountPercent ? msg(str`−${this.fmt.number(line.discountPercent)} %`) : null,
              line.taxRatePercent ? msg(str`tax ${this.fmt.number(line.taxRatePercent)} %`) : null,
            ].filter(Boolean);
            return html`<li>
              <span class="desc">${line.description}</span>
              <span class="amount">${money(line.amounts.net)}</span>
              <span class="meta">${parts.join(' · ')}</span>
            </li>`;
          })}
        </ol>
      </section>
      <dl class="totals" part="totals">
        <div><dt>${msg('Subtotal')}</dt><dd data-total="subtotal">${money(doc.totals.subtotal)}</dd></div>
        ${doc.totals.discount ? html`<div><dt>${msg('Discount')}</dt><dd data-total="discount">${money(-doc.totals.discount)}</dd></div>` : nothing}
        <div><dt>${msg('Tax')}</dt><dd data-total="tax">${money(doc.totals.tax)}</dd></div>
        <div class="total"><dt>${msg('Total')}</dt><dd data-total="total">${money(doc.totals.total)}</dd></div>
        ${doc.kind === 'invoice' && doc.amountPaid
          ? html`<div><dt>${msg('Paid')}</dt><dd>${money(doc.amountPaid)}</dd></div>`
          : nothing}
        ${doc.kind === 'invoice' && !['void', 'deleted'].includes(doc.status)
          ? html`<div><dt>${msg('Balance due')}</dt><dd data-total="balance">${money(doc.balance)}</dd></div>`
          : nothing}
      </dl>
      ${doc.reference ? html`<p class="sub">${msg(str`Reference: ${doc.reference}`)}</p>` : nothing}
      ${doc.notes ? html`<p class="notes">${doc.notes}</p>` : nothing}
      ${!this.documentId && !readOnly
        ? html`<div class="add-row">
            <button class="btn small" type="button" @click=${this.handleCreateAnother}>
              ${this.kind === 'invoice' ? msg('New invoice') : msg('New quote')}
            </button>
          </div>`
        : nothing}`;
  }

  override render() {
    return html`<div class="root" part="base">
      ${this.renderBody()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.actions.renderDialogs()}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ledger-document-form': LedgerDocumentForm;
  }
}
