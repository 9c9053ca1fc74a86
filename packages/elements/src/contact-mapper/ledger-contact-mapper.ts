import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import { initialState, Task, TaskStatus } from '@lit/task';
import { isLedgerApiError, newIdempotencyKey } from '@ledgerside/client';
import {
  Email,
  SEARCH_QUERY_MAX_LENGTH,
  type Address,
  type ContactLink,
  type CustomerCreate,
  type CustomerWithBalance,
  type HostContact,
  type IntegrationSettings,
  type LiveEvent,
} from '@ledgerside/contract';
import { LedgerElement } from '../base/ledger-element.js';
import { describeError } from '../base/errors.js';
import { LedgerRuntime } from '../context/runtime.js';
import { LiveEventsController } from '../controllers/live-events.js';
import { AnnouncerController } from '../controllers/live-feedback.js';
import { busyLabel, emptyState, errorBanner, skeleton } from '../ui/feedback.js';
import type { LedgerConfirmDialog } from '../confirm-dialog/ledger-confirm-dialog.js';
import { CustomerSearchController, MIN_QUERY } from './customer-search.js';
import {
  bodyFromDraft,
  draftFromContact,
  fieldErrorsOf,
  validateDraft,
  type CustomerDraft,
  type DraftField,
  type FieldErrors,
} from './customer-draft.js';
import { detectDrift, driftUpdate, matchedEmail, type Drift, type DriftField } from './drift.js';
import { browserLocale, countryOptions, currencyOptions, languageName, languageOptions, timeZoneOptions, type Option } from './locale-options.js';
import { contactMapperStyles } from './styles.js';
import { customersFound } from '../i18n/plural.js';

/** A customer found for the contact, and by which of the contact's emails. */
export interface CustomerMatch {
  customer: CustomerWithBalance;
  email: string;
}

type Autocomplete =
  | 'given-name'
  | 'family-name'
  | 'organization'
  | 'email'
  | 'tel'
  | 'address-line1'
  | 'address-line2'
  | 'postal-code'
  | 'address-level1'
  | 'address-level2';

type Busy = { action: 'link'; customerId: string } | { action: 'unlink' } | { action: 'create' } | { action: 'update' };

interface ActionError {
  message: string;
  retry?: () => void;
}

export const densities = ['compact', 'comfortable'] as const;
export type Density = (typeof densities)[number];

const icons = {
  check: svg`<path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>`,
  unlinked: svg`<path d="M6.5 9.5l3-3M5 7L3.5 8.5a2.5 2.5 0 0 0 3.5 3.5L8.5 10.5M11 9l1.5-1.5A2.5 2.5 0 0 0 9 4L7.5 5.5" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/>`,
  mail: svg`<path d="M2 4h12v8H2zM2 4l6 5 6-5" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round"/>`,
};
const emailKey = (value: string | undefined): string => (value ?? '').trim().toLowerCase();

const icon = (which: keyof typeof icons) => html`<svg viewBox="0 0 16 16" aria-hidden="true">${icons[which]}</svg>`;

/**
 * Links the host's contact (a helpdesk requester, a CRM person) to a billing customer: shows
 * the linked customer with its balance, suggests customers whose email matches, finds
 * others by search, creates one prefilled from the contact, unlinks, and offers to push the
 * contact's changed email, address or tax id to the customer.
 *
 * The contact comes from the `contact` property, else the `contact-*` attributes, else the
 * provider's host context.
 *
 * @summary The billing customer of the host's contact.
 * @fires ledger-contact-mapped - The contact was linked to a customer (`detail.link`).
 * @fires ledger-contact-unmapped - The contact's link was removed (`detail.contactId`, `detail.customerId`).
 * @fires ledger-customer-created - A customer was created from the contact (`detail.customer`).
 * @fires ledger-customer-updated - The customer was updated from the contact's details (`detail.customer`).
 * @fires ledger-error - Loading failed (`detail.error`, `detail.operation`).
 * @csspart base - The component's wrapper.
 * @csspart customer - The linked customer's card.
 * @csspart drift - The differences between the contact and the customer.
 * @csspart matches - The suggested customers.
 * @csspart search - The customer search.
 * @csspart form - The create-customer form.
 * @csspart copy-source - The customer whose preferences a new customer copies.
 * @csspart notice - The line saying why nothing can be changed.
 * @csspart error - An error banner.
 * @csspart empty - An empty state.
 * @csspart skeleton - The loading placeholder.
 * @cssprop --ledger-contact-mapper-gap - Space between the blocks (default `--ledger-space-3`).
 * @cssprop --ledger-color-accent - and every other `--ledger-*` token.
 * @tag ledger-contact-mapper
 */
export class LedgerContactMapper extends LedgerElement {
  static override styles = [...LedgerElement.styles, AnnouncerController.styles, contactMapperStyles];

  /** The contact in force for this update (property, attributes or host context). */
  #contact: HostContact | undefined;
  /** The contact whose state is shown; null before the first update. */
  #shownContactId: string | undefined | null = null;
  /** Move focus into the form once it renders (it was opened by the person). */
  #focusForm = false;
  /** One key per create body: a retry of the same body can never make two customers. */
  #createKey = '';
  #createPrint = '';
  /** The email last checked for an existing customer, and the one whose warning was shown. */
  #duplicateChecked = '';
  #duplicateWarned = '';

  private readonly linkTask = new Task(this, {
    task: async ([client, contactId, allowed], { signal }) => {
      if (!client || !contactId || !allowed) return initialState;
      const { link } = await client.getContactLink({ params: { contactId } }, { signal });
      return link;
    },
    args: () => [this.client, this.#contact?.id, this.sessionState.status === 'ready' && this.can('links.read')] as const,
    onComplete: (link) => {
      this.link = link;
    },
    onError: (error) => {
      if (!(isLedgerApiError(error) && error.kind === 'aborted')) this.reportError(error, 'getContactLink');
    },
  });

  private readonly matchesTask = new Task(this, {
    task: async ([client, unlinked, allowed, primary, secondary, useSecondary], { signal }) => {
      if (!client || !unlinked || !allowed) return initialState;
      const emails = [...new Set([primary, useSecondary ? secondary : undefined].map((e) => e?.trim().toLowerCase()))].filter(
        (e): e is string => !!e && Email.safeParse(e).success,
      );
      const pages = await Promise.all(emails.map((email) => client.searchCustomers({ query: { email, limit: 10 } }, { signal })));
      const seen = new Set<string>();
      const matches: CustomerMatch[] = [];
      pages.forEach((page, i) => {
        for (const customer of page.items) {
          if (seen.has(customer.id)) continue;
          seen.add(customer.id);
          matches.push({ customer, email: emails[i]! });
        }
      });
      return matches;
    },
    args: () =>
      [
        this.client,
        this.link === null,
        this.can('customers.read'),
        this.#contact?.email,
        this.#contact?.secondaryEmail,
        this.integration?.matchSecondaryEmail === true,
      ] as const,
  });

  /** Confirms the person's own actions on screen too; what happened elsewhere is only said. */
  private readonly announcer = new AnnouncerController(this);
  private readonly search = new CustomerSearchController(this, () => this.client);
  private readonly copySearch = new CustomerSearchController(this, () => this.client);

  private readonly live = new LiveEventsController(this, ['contact.mapped', 'contact.unmapped', 'integration.changed'], (event) =>
    this.handleLiveEvent(event),
  );

  @query('ledger-confirm-dialog') private confirmDialog!: LedgerConfirmDialog;

  /** undefined: not loaded yet; null: not linked. */
  @state() private link: ContactLink | null | undefined;
  @state() private view: 'overview' | 'create' = 'overview';
  @state() private busy: Busy | undefined;
  @state() private actionError: ActionError | undefined;
  /** A warning that stays until the next action (e.g. "changed elsewhere"). */
  @state() private notice: string | undefined;
  /** An existing customer whose primary email is this one (shown while the form's email is it). */
  @state() private duplicate: { email: string; customer: CustomerWithBalance } | undefined;
  @state() private draft: CustomerDraft | undefined;
  @state() private fieldErrors: FieldErrors = {};
  @state() private copyFrom: CustomerWithBalance | undefined;
  /** Created but not linked yet (the link failed): a retry only links. */
  @state() private created: CustomerWithBalance | undefined;
  /** Differences the person chose not to push. */
  @state() private skipped: ReadonlySet<DriftField> = new Set();
  /** Settings that arrived live, newer than the session's. */
  @state() private liveIntegration: IntegrationSettings | undefined;

  /** The host contact. Takes precedence over the `contact-*` attributes and the provider's contact. */
  @property({ attribute: false }) contact?: HostContact;
  /** The contact's id in the host (when the contact is given as attributes). */
  @property({ attribute: 'contact-id' }) contactId?: string;
  @property({ attribute: 'contact-email' }) contactEmail?: string;
  /** Matched too when the organization enables secondary-email matching. */
  @property({ attribute: 'contact-secondary-email' }) contactSecondaryEmail?: string;
  /** The full name, split into first and last name when those are not given. */
  @property({ attribute: 'contact-name' }) contactName?: string;
  @property({ attribute: 'contact-first-name' }) contactFirstName?: string;
  @property({ attribute: 'contact-last-name' }) contactLastName?: string;
  @property({ attribute: 'contact-company' }) contactCompany?: string;
  @property({ attribute: 'contact-phone' }) contactPhone?: string;
  @property({ attribute: 'contact-tax-id' }) contactTaxId?: string;
  /** `comfortable` for taller rows and controls. */
  @property({ reflect: true }) density: Density = 'compact';

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.#contact = this.resolveContact();
    const id = this.#contact?.id;
    if (this.#shownContactId !== null && id !== this.#shownContactId) {
      // Another contact: nothing of the previous one may show or be sent.
      this.link = undefined;
      this.view = 'overview';
      this.draft = undefined;
      this.fieldErrors = {};
      this.copyFrom = undefined;
      this.created = undefined;
      this.duplicate = undefined;
      this.#duplicateChecked = '';
      this.#duplicateWarned = '';
      this.actionError = undefined;
      this.notice = undefined;
      this.skipped = new Set();
      this.search.query = '';
    }
    this.#shownContactId = id;
    // The form starts from the contact and the locale defaults, which need the session.
    if (this.view === 'create' && !this.draft && this.sessionState.status === 'ready') {
      this.draft = draftFromContact(this.#contact, this.localeDefaults);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const form = this.renderRoot.querySelector('form');
    if (this.#focusForm && form) {
      this.#focusForm = false;
      form.querySelector<HTMLElement>('input')?.focus();
    }
  }

  private resolveContact(): HostContact | undefined {
    if (this.contact) return this.contact;
    if (this.contactId) {
      const given = {
        email: this.contactEmail,
        secondaryEmail: this.contactSecondaryEmail,
        name: this.contactName,
        firstName: this.contactFirstName,
        lastName: this.contactLastName,
        company: this.contactCompany,
        phone: this.contactPhone,
        taxId: this.contactTaxId,
      };
      return { id: this.contactId, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v?.trim())) };
    }
    return this.hostContext.contact;
  }

  /** The integration settings in force: the session's, or newer ones that arrived live. */
  private get integration(): IntegrationSettings | undefined {
    const fromSession = this.sessionState.session?.integration;
    const fromLive = this.liveIntegration;
    if (!fromLive || !fromSession) return fromLive ?? fromSession;
    return fromLive.updatedAt >= fromSession.updatedAt ? fromLive : fromSession;
  }

  /** Why nothing can be changed here, or undefined when links can be changed. */
  private get readOnlyReason(): string | undefined {
    const state = this.integration?.state;
    if (state === 'disabled') {
      return msg('The billing integration is turned off. Links are kept, but nothing can be changed until an admin turns it back on.');
    }
    if (state === 'deleted') return msg('The billing integration was removed. An admin must set it up again before contacts can be linked.');
    if (!this.can('links.write')) return msg('Your role can see the billing customer but not change the link.');
    return undefined;
  }

  private get canLink(): boolean {
    return this.readOnlyReason === undefined;
  }

  private get canWriteCustomers(): boolean {
    return this.integration?.state === 'enabled' && this.can('customers.write');
  }

  private get drift(): Drift[] {
    return this.link && this.#contact ? detectDrift(this.#contact, this.link.customer) : [];
  }

  private get localeDefaults() {
    const browser = browserLocale();
    return { currency: this.sessionState.session?.organization.baseCurrency ?? 'USD', ...browser };
  }

  // ------------------------------------------------------------------ handlers

  private handleLiveEvent(event: LiveEvent): void {
    const contactId = this.#contact?.id;
    switch (event.type) {
      case 'contact.mapped':
        if (event.data.contactId !== contactId) return;
        if (this.link?.customerId !== event.data.customerId && !this.busy) {
          this.announcer.announce(msg(str`Linked to ${event.data.customer.displayName} elsewhere.`));
        }
        this.link = event.data;
        if (!this.busy) this.view = 'overview';
        return;
      case 'contact.unmapped':
        if (event.data.contactId !== contactId || this.link?.customerId !== event.data.customerId) return;
        if (!this.busy) this.announcer.announce(msg('The contact was unlinked elsewhere.'));
        this.link = null;
        return;
      case 'integration.changed':
        this.liveIntegration = event.data;
        return;
      default:
        return;
    }
  }

  private handleSearchInput(e: InputEvent) {
    this.search.query = (e.target as HTMLInputElement).value;
  }

  private handleCopySearchInput(e: InputEvent) {
    this.copySearch.query = (e.target as HTMLInputElement).value;
  }

  /** Enter in a search box inside the form searches; it must not submit the form. */
  private handleSearchKeydown(e: KeyboardEvent) {
    if (e.key === 'Enter') e.preventDefault();
  }

  private handleDraftInput(e: Event) {
    const target = e.target as HTMLInputElement | HTMLSelectElement;
    const key = target.name as DraftField;
    if (!this.draft) return;
    this.draft = { ...this.draft, [key]: target.value };
    if (this.fieldErrors[key]) {
      const { [key]: _, ...rest } = this.fieldErrors;
      this.fieldErrors = rest;
    }
  }

  private handleEmailBlur() {
    void this.checkDuplicate();
  }

  /**
   * Looks for a customer whose primary email is the draft's (two customers with one email get
   * each other's invoices); the answer is kept so the warning shows before anything is created.
   */
  private async checkDuplicate(): Promise<CustomerWithBalance | undefined> {
    const email = emailKey(this.draft?.email);
    const client = this.client;
    if (!client || !email || !Email.safeParse(email).success) return undefined;
    if (email === this.#duplicateChecked) return this.duplicate?.email === email ? this.duplicate.customer : undefined;
    try {
      const page = await client.searchCustomers({ query: { email, limit: 10 } });
      const customer = page.items.find((c) => c.email.toLowerCase() === email);
      // The person may have typed on meanwhile: only the current email's answer counts.
      if (emailKey(this.draft?.email) !== email) return undefined;
      this.#duplicateChecked = email;
      this.duplicate = customer ? { email, customer } : undefined;
      return customer;
    } catch {
      // Not knowing is no reason to block creating: the server takes the customer either way.
      return undefined;
    }
  }

  private async handleLinkExisting(customer: CustomerWithBalance) {
    await this.handleLink(customer);
    if (this.link?.customerId !== customer.id) return;
    this.draft = undefined;
    this.copyFrom = undefined;
    this.duplicate = undefined;
    this.#duplicateChecked = '';
    this.#duplicateWarned = '';
  }

  private handleOpenCreate() {
    if (!this.canLink || !this.canWriteCustomers) return;
    this.openCreateForm();
  }

  private async handleCancelCreate() {
    // The draft stays: opening the form again shows what was typed.
    this.view = 'overview';
    this.fieldErrors = {};
    this.actionError = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-action=create]')?.focus();
  }

  private handlePickCopySource(customer: CustomerWithBalance) {
    this.copyFrom = customer;
    if (this.fieldErrors.copyPreferencesFrom) {
      const { copyPreferencesFrom: _, ...rest } = this.fieldErrors;
      this.fieldErrors = rest;
    }
    this.copySearch.query = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[data-action=remove-copy]')?.focus());
  }

  private handleRemoveCopySource() {
    this.copyFrom = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#copy-search')?.focus());
  }

  private handleToggleDrift(field: DriftField, e: Event) {
    const next = new Set(this.skipped);
    if ((e.target as HTMLInputElement).checked) next.delete(field);
    else next.add(field);
    this.skipped = next;
  }

  private async handleCreateSubmit(e: SubmitEvent) {
    e.preventDefault();
    if (this.busy || !this.draft || !this.canWriteCustomers) return;
    const body = bodyFromDraft(this.draft, this.copyFrom?.id);
    if (this.copyFrom) {
      // The server copies these from the chosen customer; send what the person sees. The
      // time zone is the customer's too: Hradec's invoices fall due in Prague, not in UTC.
      body.currency = this.copyFrom.currency;
      body.language = this.copyFrom.language;
      body.timeZone = this.copyFrom.timeZone;
    }
    const errors = validateDraft(body);
    if (Object.keys(errors).length) {
      this.fieldErrors = errors;
      this.announcer.announce(msg('Some fields need attention.'));
      await this.updateComplete;
      this.focusFirstInvalid();
      return;
    }
    this.fieldErrors = {};
    // Warn once before creating a second customer with an existing customer's email. The
    // button shows progress (and a second click does nothing) while this is asked.
    this.busy = { action: 'create' };
    const existing = await this.checkDuplicate();
    this.busy = undefined;
    if (existing && this.#duplicateWarned !== emailKey(body.email)) {
      this.#duplicateWarned = emailKey(body.email);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[data-action=link-existing]')?.focus();
      return;
    }
    await this.createAndLink(body);
  }

  private async handleLink(customer: CustomerWithBalance) {
    const contact = this.#contact;
    const client = this.client;
    if (this.busy || !contact || !client || !this.canLink) return;
    this.busy = { action: 'link', customerId: customer.id };
    this.actionError = undefined;
    try {
      const link = await client.putContactLink({ params: { contactId: contact.id }, body: { contact, customerId: customer.id } });
      if (this.#contact?.id !== contact.id) return;
      await this.linked(link);
    } catch (error) {
      this.actionError = { message: this.linkErrorMessage(error), retry: () => void this.handleLink(customer) };
    } finally {
      this.busy = undefined;
    }
  }

  private async handleUnlink() {
    const link = this.link;
    const client = this.client;
    if (this.busy || !link || !client || !this.canLink) return;
    const contactName = this.#contact?.name || [this.#contact?.firstName, this.#contact?.lastName].filter(Boolean).join(' ') || link.contact.email || msg('This contact');
    const confirmed = await this.confirmDialog.ask({
      heading: msg('Unlink this contact?'),
      body: msg(
        str`${contactName} will no longer be linked to ${link.customer.displayName}. The customer and its invoices stay in billing, and you can link again at any time.`,
      ),
      confirmLabel: msg('Unlink'),
      danger: true,
    });
    if (!confirmed || this.busy || this.link !== link) return;
    this.busy = { action: 'unlink' };
    this.actionError = undefined;
    this.notice = undefined;
    try {
      await client.deleteContactLink({ params: { contactId: link.contactId } });
      if (this.#contact?.id !== link.contactId) return;
      this.link = null;
      this.view = 'overview';
      this.skipped = new Set();
      this.emit('ledger-contact-unmapped', { contactId: link.contactId, customerId: link.customerId });
      this.announcer.announce(msg(str`Unlinked from ${link.customer.displayName}.`), { visible: true });
      await this.focusTitle();
    } catch (error) {
      this.actionError = { message: describeError(error), retry: () => void this.handleUnlink() };
    } finally {
      this.busy = undefined;
    }
  }

  private async handleUpdateCustomer() {
    const link = this.link;
    const client = this.client;
    if (this.busy || !link || !client || !this.canWriteCustomers) return;
    const body = driftUpdate(this.drift, new Set(this.drift.map((d) => d.field).filter((f) => !this.skipped.has(f))));
    if (Object.keys(body).length === 0) return;
    this.busy = { action: 'update' };
    this.actionError = undefined;
    this.notice = undefined;
    try {
      const customer = await client.updateCustomer({ params: { id: link.customerId }, body, ifMatch: link.customer.version });
      if (this.link?.customerId !== customer.id) return;
      this.link = { ...this.link, customer };
      this.skipped = new Set();
      this.emit('ledger-customer-updated', { customer });
      this.announcer.announce(msg(str`${customer.displayName} was updated.`), { visible: true });
    } catch (error) {
      if (isLedgerApiError(error) && error.status === 412) {
        // Someone changed the customer meanwhile: show the latest, let the person decide again.
        this.notice = msg('The customer was changed elsewhere. The latest version is shown; check the differences and update again.');
        this.announcer.announce(this.notice);
        void this.linkTask.run();
      } else {
        this.actionError = { message: describeError(error), retry: () => void this.handleUpdateCustomer() };
      }
    } finally {
      this.busy = undefined;
    }
  }

  private async createAndLink(body: CustomerCreate) {
    const contact = this.#contact;
    const client = this.client;
    if (this.busy || !contact || !client) return;
    this.busy = { action: 'create' };
    this.actionError = undefined;
    try {
      let customer = this.created;
      if (!customer) {
        const print = JSON.stringify(body);
        if (print !== this.#createPrint) {
          this.#createPrint = print;
          this.#createKey = newIdempotencyKey();
        }
        customer = await client.createCustomer({ body }, { idempotencyKey: this.#createKey });
        this.created = customer;
        this.emit('ledger-customer-created', { customer });
      }
      const link = await client.putContactLink({ params: { contactId: contact.id }, body: { contact, customerId: customer.id } });
      if (this.#contact?.id !== contact.id) return;
      this.draft = undefined;
      this.copyFrom = undefined;
      this.created = undefined;
      this.duplicate = undefined;
      this.#duplicateChecked = '';
      this.#duplicateWarned = '';
      this.#createPrint = '';
      await this.linked(link, msg(str`${customer.displayName} was created and linked.`));
    } catch (error) {
      if (this.created) {
        this.actionError = {
          message: msg(str`${this.created.displayName} was created but could not be linked: ${describeError(error)}`),
          retry: () => void this.createAndLink(body),
        };
      } else if (isLedgerApiError(error) && error.issues.length > 0 && (error.status === 400 || error.status === 422)) {
        // Everything typed stays; the server's words go next to the fields they are about.
        this.fieldErrors = fieldErrorsOf(error.issues);
        this.actionError = { message: this.fieldErrors.form ?? error.message };
        this.announcer.announce(msg('Some fields need attention.'));
        await this.updateComplete;
        this.focusFirstInvalid();
      } else {
        this.actionError = { message: describeError(error), retry: () => void this.createAndLink(body) };
      }
    } finally {
      this.busy = undefined;
    }
  }

  private async linked(link: ContactLink, confirmation = msg(str`Linked to ${link.customer.displayName}.`)) {
    this.link = link;
    this.view = 'overview';
    this.notice = undefined;
    this.skipped = new Set();
    this.search.query = '';
    this.emit('ledger-contact-mapped', { link });
    this.announcer.announce(confirmation, { visible: true });
    await this.focusTitle();
  }

  private linkErrorMessage(error: unknown): string {
    if (isLedgerApiError(error) && error.status === 400 && error.issues.length) {
      const first = error.issues[0]!;
      return msg(str`The contact could not be linked: ${first.path.join('.')} — ${first.message}`);
    }
    return describeError(error);
  }

  private async focusTitle() {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#title')?.focus();
  }

  private focusFirstInvalid() {
    this.renderRoot.querySelector<HTMLElement>('form [aria-invalid=true]')?.focus();
  }

  /** The provider's runtime above this element, to reload the session. */
  private findRuntime(): LedgerRuntime | undefined {
    let node: Node | null = this.parentNode;
    while (node) {
      const runtime = (node as { runtime?: unknown }).runtime;
      if (runtime instanceof LedgerRuntime) return runtime;
      node = node instanceof ShadowRoot ? node.host : node.parentNode;
    }
    return undefined;
  }

  // ------------------------------------------------------------------ public methods

  /**
   * Opens the create-customer form, prefilled from the contact (e.g. from the host's own
   * "New billing customer" menu). It shows once the contact is known to be unlinked and the
   * caller may create customers; otherwise the overview stays.
   */
  openCreateForm(): void {
    this.view = 'create';
    this.actionError = undefined;
    this.#focusForm = true;
  }

  // ------------------------------------------------------------------ rendering

  override render() {
    const contact = this.#contact;
    const contactLine = contact ? [contact.name || [contact.firstName, contact.lastName].filter(Boolean).join(' '), contact.email].filter(Boolean).join(' · ') : '';
    return html`<section class="mapper" part="base" aria-labelledby="title" aria-busy=${this.busy ? 'true' : 'false'}>
      <header class="head">
        <div class="title-row">
          <h2 id="title" tabindex="-1">${msg('Billing customer')}</h2>
          ${this.link
            ? html`<span class="badge linked" data-tone="success">${icon('check')}${msg('Linked')}</span>`
            : this.link === null
              ? html`<span class="badge" data-tone="neutral">${icon('unlinked')}${msg('Not linked')}</span>`
              : nothing}
        </div>
        ${contactLine ? html`<span class="muted small contact-line">${contactLine}</span>` : nothing}
      </header>
      ${this.renderBody()} ${this.announcer.render()}
      <ledger-confirm-dialog></ledger-confirm-dialog>
    </section>`;
  }

  private renderBody(): unknown {
    const session = this.sessionState;
    if (!this.#contact) return emptyState(msg('Open a contact to see its billing customer.'));
    if (session.status === 'error') {
      const runtime = this.findRuntime();
      return errorBanner(session.error, runtime ? () => void runtime.reloadSession() : undefined);
    }
    const loading = () => skeleton(4, msg('Loading the billing customer…'));
    if (session.status === 'loading') return loading();
    if (!this.can('links.read')) {
      return html`<p class="banner info" part="notice">${msg('Your role does not include billing customers.')}</p>`;
    }
    return this.linkTask.render({
      initial: loading,
      pending: () => (this.link === undefined ? loading() : this.renderLoaded()),
      complete: () => this.renderLoaded(),
      error: (error) =>
        html`${errorBanner(error, () => void this.linkTask.run())}${this.link === undefined ? nothing : this.renderLoaded()}`,
    });
  }

  private renderLoaded(): unknown {
    if (this.link === undefined) return nothing;
    const reason = this.readOnlyReason;
    const notices = html`${reason
      ? html`<p class="banner ${this.integration?.state === 'enabled' ? 'info' : 'warning'}" part="notice">${reason}</p>`
      : nothing}${this.notice ? html`<div class="banner warning" role="alert">${this.notice}</div>` : nothing}`;
    if (this.link) return html`${notices}${this.renderLinked(this.link)}`;
    if (this.view === 'create' && this.canLink && this.canWriteCustomers && this.draft) return this.renderCreateForm(this.draft);
    return html`${notices}${this.renderUnlinked()}`;
  }

  private renderActionError(): unknown {
    const e = this.actionError;
    return e ? errorBanner(undefined, e.retry, e.message) : nothing;
  }

  private renderLinked(link: ContactLink): TemplateResult {
    const c = link.customer;
    const busy = this.busy?.action === 'unlink';
    // Matched through the secondary email: say so, rather than offer to replace the primary one.
    const secondary = !!this.#contact && matchedEmail(this.#contact, c) === 'secondaryEmail';
    return html`<article class="card" part="customer" aria-labelledby="customer-name">
        <div class="who">
          <h3 id="customer-name" class="truncate" title=${c.displayName}>${c.displayName}</h3>
          ${c.companyName && c.companyName !== c.displayName
            ? html`<span class="muted truncate" title=${c.companyName}>${c.companyName}</span>`
            : nothing}
        </div>
        <dl class="facts">
          <dt>${msg('Email')}</dt>
          <dd class="truncate" title=${c.email}>${c.email}</dd>
          ${secondary
            ? html`<dt>${msg('Secondary email')}</dt>
                <dd class="truncate" title=${c.secondaryEmail!}>${c.secondaryEmail}</dd>`
            : nothing}
          <dt>${msg('Currency')}</dt>
          <dd>${c.currency}</dd>
          <dt>${msg('Outstanding')}</dt>
          <dd class="amount ${c.outstanding > 0 ? 'owing' : ''}">${this.fmt.money(c.outstanding, c.currency)}</dd>
        </dl>
        ${secondary
          ? html`<span class="reason" data-matched-by="secondary_email"
              >${icon('mail')}<span>${msg('The contact’s email is this customer’s secondary email.')}</span></span
            >`
          : nothing}
      </article>
      ${this.renderDrift(link)} ${this.renderActionError()}
      ${this.canLink
        ? html`<div class="actions">
            <button
              class="btn danger"
              type="button"
              data-action="unlink"
              aria-disabled=${this.busy ? 'true' : 'false'}
              aria-busy=${busy ? 'true' : 'false'}
              @click=${this.handleUnlink}
            >
              ${busyLabel(busy, msg('Unlink'), msg('Unlinking…'))}
            </button>
          </div>`
        : nothing}`;
  }

  private renderDrift(link: ContactLink): unknown {
    const drift = this.drift;
    if (drift.length === 0) return nothing;
    const editable = this.canWriteCustomers;
    const chosen = drift.filter((d) => !this.skipped.has(d.field)).length;
    const busy = this.busy?.action === 'update';
    const label = (field: DriftField) =>
      field === 'email' ? msg('Email') : field === 'taxId' ? msg('Tax ID') : msg('Billing address');
    const value = (d: Drift, side: 'contact' | 'customer') => {
      const v = d[side];
      if (v === null || v === '') return msg('(none)');
      return typeof v === 'string' ? v : this.formatAddress(v);
    };
    return html`<section class="drift" part="drift" aria-labelledby="drift-title">
      <h3 id="drift-title">${msg('The contact’s details differ from the customer')}</h3>
      <ul class=${editable ? 'editable' : ''}>
        ${drift.map((d) => {
          const id = `drift-${d.field}`;
          return html`<li>
            ${editable
              ? html`<input
                  type="checkbox"
                  id=${id}
                  .checked=${!this.skipped.has(d.field)}
                  @change=${(e: Event) => this.handleToggleDrift(d.field, e)}
                />`
              : nothing}
            <div class="diff">
              ${editable ? html`<label class="what" for=${id}>${label(d.field)}</label>` : html`<span class="what">${label(d.field)}</span>`}
              <del><span class="visually-hidden">${msg('Customer has:')} </span>${value(d, 'customer')}</del>
              <ins><span class="visually-hidden">${msg('Contact has:')} </span>${value(d, 'contact')}</ins>
            </div>
          </li>`;
        })}
      </ul>
      ${editable
        ? html`<div class="actions">
            <button
              class="btn primary"
              type="button"
              data-action="update"
              aria-disabled=${this.busy || chosen === 0 ? 'true' : 'false'}
              aria-busy=${busy ? 'true' : 'false'}
              @click=${this.handleUpdateCustomer}
            >
              ${busyLabel(busy, msg('Update customer'), msg('Updating…'))}
            </button>
            <span class="hint-line">${msg(str`Changes ${link.customer.displayName} in billing.`)}</span>
          </div>`
        : nothing}
    </section>`;
  }

  private renderUnlinked(): TemplateResult {
    const contact = this.#contact!;
    const canCreate = this.canLink && this.canWriteCustomers;
    const createButton = (primary: boolean) =>
      html`<button class="btn ${primary ? 'primary' : ''}" type="button" data-action="create" ?disabled=${!!this.busy} @click=${this.handleOpenCreate}>
        ${msg('Create customer')}
      </button>`;
    const matches = this.matchesTask.render({
      initial: () => nothing,
      pending: () => skeleton(2, msg('Looking for matching customers…')),
      error: (error) => errorBanner(error, () => void this.matchesTask.run()),
      complete: (found) => {
        if (found.length) {
          return html`<ul class="list" aria-labelledby="matches-title">
            ${found.map((m) => this.renderCustomerRow(m.customer, this.matchReason(m)))}
          </ul>`;
        }
        const text = contact.email
          ? msg(str`No billing customer uses ${contact.email}.`)
          : msg('This contact has no email address to match on.');
        return emptyState(text, canCreate ? createButton(true) : undefined);
      },
    });
    const found = this.matchesTask.value?.length ?? 0;
    return html`<section class="block" part="matches" aria-labelledby="matches-title">
        <h3 id="matches-title">${msg('Matching customers')}</h3>
        ${matches}
      </section>
      ${this.renderActionError()}
      <section class="block" part="search" aria-labelledby="search-label">
        <label class="label" id="search-label" for="search">${msg('Find another customer')}</label>
        <input
          id="search"
          type="search"
          autocomplete="off"
          maxlength=${SEARCH_QUERY_MAX_LENGTH}
          aria-describedby=${ifDefined(this.search.atLimit ? 'search-limit' : undefined)}
          placeholder=${msg('Name, company or email')}
          .value=${live(this.search.query)}
          @input=${this.handleSearchInput}
        />
        ${this.renderSearchLimit(this.search, 'search-limit')} ${this.renderSearchResults(this.search, (c) => this.renderCustomerRow(c))}
      </section>
      ${canCreate && !(this.matchesTask.status === TaskStatus.COMPLETE && found === 0)
        ? html`<div class="cta">
            <span class="hint-line">${found > 0 ? msg('None of these?') : msg('Not in billing yet?')}</span>${createButton(false)}
          </div>`
        : nothing}`;
  }

  private matchReason(m: CustomerMatch): TemplateResult {
    const contactSecondary = m.email !== this.#contact?.email?.trim().toLowerCase();
    const customerSecondary = m.customer.matchedBy === 'secondary_email';
    const text = customerSecondary
      ? contactSecondary
        ? msg(str`Secondary emails match: ${m.email}`)
        : msg(str`Customer’s secondary email: ${m.email}`)
      : contactSecondary
        ? msg(str`Contact’s secondary email: ${m.email}`)
        : msg(str`Same email: ${m.email}`);
    return html`<span class="reason" data-matched-by=${m.customer.matchedBy ?? 'email'}>${icon('mail')}<span>${text}</span></span>`;
  }

  /** The field stops at the contract's limit; a quiet line says why nothing more goes in. */
  private renderSearchLimit(search: CustomerSearchController, id: string): unknown {
    return search.atLimit
      ? html`<p class="hint-line" id=${id}>${msg(str`A search takes at most ${SEARCH_QUERY_MAX_LENGTH} characters.`)}</p>`
      : nothing;
  }

  private renderSearchResults(search: CustomerSearchController, row: (c: CustomerWithBalance) => TemplateResult): unknown {
    if (!search.active) return search.query ? html`<p class="hint-line">${msg(str`Type at least ${MIN_QUERY} characters.`)}</p>` : nothing;
    return search.task.render({
      initial: () => nothing,
      pending: () => html`<p class="hint-line" role="status">${msg('Searching…')}</p>`,
      error: (error) =>
        // A refused query (too long for the API) is the person's to change: a quiet line, no Retry.
        // The server names a query parameter's issue at ['query', 'q'].
        isLedgerApiError(error) && error.status === 400 && error.issues.some((i) => i.path[0] === 'query' && i.path[1] === 'q')
          ? html`<p class="hint-line" role="status">${msg(str`A search takes at most ${SEARCH_QUERY_MAX_LENGTH} characters. Shorten it to search.`)}</p>`
          : errorBanner(error, () => void search.task.run()),
      complete: (items) =>
        items.length
          ? html`<p class="visually-hidden" role="status">${customersFound(items.length, this.fmt.number(items.length))}</p>
              <ul class="list" aria-label=${msg('Search results')}>
                ${items.map(row)}
              </ul>`
          : html`<p class="hint-line" role="status">${msg(str`No customer matches “${search.query}”.`)}</p>`,
    });
  }

  private renderCustomerRow(c: CustomerWithBalance, reason?: TemplateResult): TemplateResult {
    const busy = this.busy?.action === 'link' && this.busy.customerId === c.id;
    const sub = [c.companyName && c.companyName !== c.displayName ? c.companyName : '', c.email].filter(Boolean).join(' · ');
    return html`<li class="row">
      <div class="who">
        <span class="name truncate" title=${c.displayName}>${c.displayName}</span>
        <span class="muted small truncate" title=${sub}>${sub}</span>
        ${reason ?? nothing}
      </div>
      ${this.canLink
        ? html`<button
            class="btn small"
            type="button"
            aria-label=${msg(str`Link to ${c.displayName}`)}
            aria-disabled=${this.busy ? 'true' : 'false'}
            aria-busy=${busy ? 'true' : 'false'}
            @click=${() => this.handleLink(c)}
          >
            ${busyLabel(busy, msg('Link'), msg('Linking…'))}
          </button>`
        : nothing}
    </li>`;
  }

  private renderCreateForm(draft: CustomerDraft): TemplateResult {
    const busy = this.busy?.action === 'create';
    const locale = this.fmt.locale;
    const browser = browserLocale();
    const source = this.copyFrom;
    const formError = this.actionError;
    return html`<form part="form" novalidate aria-labelledby="form-title" @submit=${this.handleCreateSubmit}>
      <div class="block">
        <h3 id="form-title">${msg('New billing customer')}</h3>
        <p class="hint-line">${msg('Prefilled from the contact. Fields marked * are required.')}</p>
      </div>
      ${formError ? errorBanner(undefined, formError.retry, formError.message) : nothing}
      <fieldset>
        <legend>${msg('Name')}</legend>
        <div class="pair">
          ${this.textField(draft, 'firstName', msg('First name'), { autocomplete: 'given-name' })}
          ${this.textField(draft, 'lastName', msg('Last name'), { autocomplete: 'family-name' })}
        </div>
        ${this.textField(draft, 'companyName', msg('Company'), { autocomplete: 'organization' })}
        ${this.textField(draft, 'displayName', msg('Display name'), { required: true, hint: msg('Shown on invoices.') })}
      </fieldset>
      <fieldset>
        <legend>${msg('Contact')}</legend>
        ${this.textField(draft, 'email', msg('Email'), {
          type: 'email',
          required: true,
          autocomplete: 'email',
          onBlur: this.handleEmailBlur,
          warning: this.renderDuplicate(draft),
        })}
        ${this.textField(draft, 'secondaryEmail', msg('Secondary email'), { type: 'email', autocomplete: 'email' })}
        ${this.textField(draft, 'phone', msg('Phone'), { type: 'tel', autocomplete: 'tel' })}
      </fieldset>
      <fieldset>
        <legend>${msg('Billing address')}</legend>
        ${this.textField(draft, 'billingAddress.line1', msg('Street address'), { autocomplete: 'address-line1' })}
        ${this.textField(draft, 'billingAddress.line2', msg('Address line 2'), { autocomplete: 'address-line2' })}
        <div class="pair">
          ${this.textField(draft, 'billingAddress.postalCode', msg('Postal code'), { autocomplete: 'postal-code' })}
          ${this.textField(draft, 'billingAddress.city', msg('City'), { autocomplete: 'address-level2' })}
        </div>
        ${this.textField(draft, 'billingAddress.region', msg('Region'), { autocomplete: 'address-level1' })}
        ${this.selectField(draft, 'billingAddress.country', msg('Country'), countryOptions(locale), { empty: msg('—') })}
      </fieldset>
      <fieldset>
        <legend>${msg('Tax and locale')}</legend>
        ${this.textField(draft, 'taxId', msg('Tax ID'))}
        ${this.selectField(draft, 'currency', msg('Currency'), currencyOptions(locale), {
          required: true,
          from: source,
          value: source?.currency,
        })}
        ${this.selectField(draft, 'language', msg('Language'), languageOptions(locale, [browser.language, draft.language, source?.language ?? '']), {
          required: true,
          from: source,
          value: source?.language,
        })}
        ${this.selectField(draft, 'timeZone', msg('Time zone'), timeZoneOptions([browser.timeZone, draft.timeZone, source?.timeZone ?? '']), {
          required: true,
          from: source,
          value: source?.timeZone,
        })}
      </fieldset>
      ${this.renderCopyPreferences(source)}
      <div class="form-actions">
        <button class="btn primary" type="submit" aria-disabled=${busy ? 'true' : 'false'} aria-busy=${busy ? 'true' : 'false'}>
          ${busyLabel(busy, msg('Create and link'), msg('Creating…'))}
        </button>
        <button class="btn" type="button" ?disabled=${busy} @click=${this.handleCancelCreate}>${msg('Cancel')}</button>
      </div>
    </form>`;
  }

  /** "Already a customer": shown as soon as the typed email is known to be an existing customer's. */
  private renderDuplicate(draft: CustomerDraft): TemplateResult | typeof nothing {
    const found = this.duplicate;
    if (!found || found.email !== emailKey(draft.email)) return nothing;
    const c = found.customer;
    const busy = this.busy?.action === 'link' && this.busy.customerId === c.id;
    return html`<div class="duplicate" id=${`${this.fieldIds('email').id}-warning`} part="duplicate">
      <span>${msg(str`${c.displayName} already uses this email. Link the contact to it instead, or create another customer with the same email.`)}</span>
      <button
        class="btn small"
        type="button"
        data-action="link-existing"
        aria-disabled=${this.busy ? 'true' : 'false'}
        aria-busy=${busy ? 'true' : 'false'}
        @click=${() => void this.handleLinkExisting(c)}
      >
        ${busyLabel(busy, msg(str`Link ${c.displayName} instead`), msg('Linking…'))}
      </button>
    </div>`;
  }

  private renderCopyPreferences(source: CustomerWithBalance | undefined): TemplateResult {
    const error = this.fieldErrors.copyPreferencesFrom;
    return html`<fieldset aria-describedby=${ifDefined(error ? 'copy-error' : undefined)}>
      <legend>${msg('Copy preferences (optional)')}</legend>
      ${source
        ? html`<div class="chosen" part="copy-source">
            <div class="who">
              <span class="name truncate" title=${source.displayName}>${msg(str`From ${source.displayName}`)}</span>
              <span class="small">${this.preferencesSummary(source)}</span>
            </div>
            <button class="btn small ghost" type="button" data-action="remove-copy" @click=${this.handleRemoveCopySource}>
              ${msg('Remove')}
            </button>
          </div>`
        : html`<p class="hint-line" id="copy-hint">
              ${msg('Payment terms, currency, language, time zone, template and tax can be copied from an existing customer.')}
            </p>
            <label class="label" for="copy-search">${msg('Copy from customer')}</label>
            <input
              id="copy-search"
              type="search"
              autocomplete="off"
              maxlength=${SEARCH_QUERY_MAX_LENGTH}
              placeholder=${msg('Search customers')}
              aria-describedby=${this.copySearch.atLimit ? 'copy-hint copy-search-limit' : 'copy-hint'}
              .value=${live(this.copySearch.query)}
              @input=${this.handleCopySearchInput}
              @keydown=${this.handleSearchKeydown}
            />
            ${this.renderSearchLimit(this.copySearch, 'copy-search-limit')}
            ${this.renderSearchResults(
              this.copySearch,
              (c) => html`<li class="row">
                <div class="who">
                  <span class="name truncate" title=${c.displayName}>${c.displayName}</span>
                  <span class="muted small truncate">${this.preferencesSummary(c)}</span>
                </div>
                <button
                  class="btn small"
                  type="button"
                  aria-label=${msg(str`Copy preferences from ${c.displayName}`)}
                  @click=${() => this.handlePickCopySource(c)}
                >
                  ${msg('Copy')}
                </button>
              </li>`,
            )}`}
      ${error ? html`<span class="error" id="copy-error">${error}</span>` : nothing}
    </fieldset>`;
  }

  private preferencesSummary(c: CustomerWithBalance): string {
    return [
      msg(str`Terms ${c.paymentTermsDays} days`),
      msg(str`Tax ${this.fmt.number(c.taxRatePercent)} %`),
      c.template ? msg(str`Template ${c.template}`) : '',
      c.currency,
      languageName(c.language, this.fmt.locale),
      c.timeZone.replace(/_/g, ' '),
    ]
      .filter(Boolean)
      .join(' · ');
  }

  private fieldIds(key: DraftField) {
    const id = `f-${key.replace('.', '-')}`;
    return { id, errorId: `${id}-error`, hintId: `${id}-hint` };
  }

  private textField(
    draft: CustomerDraft,
    key: DraftField,
    label: string,
    o: {
      type?: 'text' | 'email' | 'tel';
      required?: boolean;
      autocomplete?: Autocomplete;
      hint?: string;
      onBlur?: () => void;
      /** A note about the value (not an error), shown under the field with the id `<field id>-warning`. */
      warning?: TemplateResult | typeof nothing;
    } = {},
  ): TemplateResult {
    const { id, errorId, hintId } = this.fieldIds(key);
    const error = this.fieldErrors[key];
    const warned = o.warning !== undefined && o.warning !== nothing;
    const describedBy = [o.hint ? hintId : '', error ? errorId : '', warned ? `${id}-warning` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for=${id}>${label}${o.required ? html`<span class="required" aria-hidden="true"> *</span>` : nothing}</label>
      <input
        id=${id}
        name=${key}
        type=${o.type ?? 'text'}
        autocomplete=${ifDefined(o.autocomplete)}
        .value=${live(draft[key])}
        ?required=${o.required}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy || undefined)}
        @input=${this.handleDraftInput}
        @blur=${o.onBlur ?? nothing}
      />
      ${o.hint ? html`<span class="hint" id=${hintId}>${o.hint}</span>` : nothing}
      ${error ? html`<span class="error" id=${errorId}>${error}</span>` : nothing} ${warned ? o.warning : nothing}
    </div>`;
  }

  private selectField(
    draft: CustomerDraft,
    key: DraftField,
    label: string,
    options: Option[],
    o: { required?: boolean; empty?: string; from?: CustomerWithBalance | undefined; value?: string | undefined } = {},
  ): TemplateResult {
    const { id, errorId, hintId } = this.fieldIds(key);
    const error = this.fieldErrors[key];
    // A copied preference shows the source's value and cannot be changed here.
    const locked = !!o.from && o.value !== undefined;
    const value = locked ? o.value! : draft[key];
    const describedBy = [locked ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for=${id}>${label}${o.required ? html`<span class="required" aria-hidden="true"> *</span>` : nothing}</label>
      <select
        id=${id}
        name=${key}
        ?required=${o.required}
        ?disabled=${locked}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy || undefined)}
        @change=${this.handleDraftInput}
      >
        ${guard([options, value], () => [
          o.empty !== undefined ? html`<option value="" .selected=${value === ''}>${o.empty}</option>` : nothing,
          ...options.map((opt) => html`<option value=${opt.value} .selected=${opt.value === value}>${opt.label}</option>`),
        ])}
      </select>
      ${locked ? html`<span class="hint" id=${hintId}>${msg(str`Copied from ${o.from!.displayName}.`)}</span>` : nothing}
      ${error ? html`<span class="error" id=${errorId}>${error}</span>` : nothing}
    </div>`;
  }

  private formatAddress(a: Address): string {
    let country = a.country;
    try {
      country = (a.country && new Intl.DisplayNames([this.fmt.locale], { type: 'region' }).of(a.country)) || a.country;
    } catch {
      // keep the code
    }
    return [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, country].filter((p) => p?.trim()).join(', ');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ledger-contact-mapper': LedgerContactMapper;
  }
}
