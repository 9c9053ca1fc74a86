// <ledger-contact-mapper> in Chromium against the server core (the mocks' scenarios): every state a person can
// see, the events the host hears, the requests made, and axe in each state.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { defaultTemplate, SEARCH_QUERY_MAX_LENGTH, supportedCurrencies, type HostContact } from '@ledgerside/contract';
import { contacts, customers, demoIds } from '@ledgerside/mocks';
import { MockApi, testClient } from '../testing/backend.js';
import type { LedgerProvider } from '../provider/ledger-provider.js';
import type { LedgerContactMapper } from './ledger-contact-mapper.js';
import { refuseCustomerFields } from './test-fixtures.js';
import { browserLocale } from './locale-options.js';
import '../provider/define.js';
import './define.js';

const U = demoIds.users;

// ------------------------------------------------------------------ helpers

/** Real key presses through the test runner's Playwright (the `send-keys` command). */
async function sendKeys(payload: { press: string } | { type: string }): Promise<void> {
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  const socket = '/__web-dev-server__web-socket.js';
  const { sendMessageWaitForResponse } = (await import(/* @vite-ignore */ socket)) as {
    sendMessageWaitForResponse(message: unknown): Promise<{ executed: boolean; error?: string }>;
  };
  const response = await sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command: 'send-keys', payload });
  if (!response.executed || response.error) throw new Error(`send-keys failed: ${response.error ?? 'not executed'}`);
}

const root = (el: LedgerContactMapper) => el.shadowRoot!;
const text = (el: LedgerContactMapper) => root(el).textContent!.replace(/\s+/g, ' ');

function button(el: LedgerContactMapper, name: string | RegExp): HTMLButtonElement {
  const found = findButton(el, name);
  if (!found) throw new Error(`No button "${name}" in: ${text(el)}`);
  return found;
}

/** Clicks the button once a person could: it is there and not disabled (an action before may still be finishing). */
async function press(el: LedgerContactMapper, name: string | RegExp): Promise<void> {
  await waitUntil(() => findButton(el, name)?.getAttribute('aria-disabled') === 'false', `"${name}" can be pressed`, { timeout: 5000 });
  button(el, name).click();
}

function findButton(el: LedgerContactMapper, name: string | RegExp): HTMLButtonElement | undefined {
  const matches = (b: HTMLButtonElement) => {
    const label = (b.getAttribute('aria-label') ?? b.textContent ?? '').trim();
    return typeof name === 'string' ? label === name : name.test(label);
  };
  return [...root(el).querySelectorAll('button')].find(matches);
}

/** The form control labelled `label`, and the text of its error (via aria-describedby). */
function field(el: LedgerContactMapper, label: string): HTMLInputElement | HTMLSelectElement {
  const l = [...root(el).querySelectorAll('label')].find((x) => x.textContent!.replace('*', '').trim() === label);
  if (!l) throw new Error(`No field "${label}"`);
  return root(el).getElementById(l.htmlFor) as HTMLInputElement | HTMLSelectElement;
}

function errorOf(el: LedgerContactMapper, control: Element): string | undefined {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  const error = ids.map((id) => root(el).getElementById(id)).find((n) => n?.classList.contains('error'));
  return error?.textContent?.trim();
}

async function type(el: LedgerContactMapper, label: string, value: string) {
  const control = field(el, label);
  control.value = value;
  control.dispatchEvent(new Event(control instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

async function until(el: LedgerContactMapper, what: string | RegExp, message = `"${what}" shows`) {
  await waitUntil(() => (typeof what === 'string' ? text(el).includes(what) : what.test(text(el))), message, { timeout: 5000 });
}

/** The polite status line; `visible` when it shows on screen as a confirmation. */
function announcer(el: LedgerContactMapper): { text: string; visible: boolean; role: string | null; live: string | null } {
  const region = root(el).querySelector<HTMLElement>('[part=announcer]');
  if (!region) throw new Error('No announcer region');
  return {
    text: region.textContent!.trim(),
    visible: region.classList.contains('announcer-toast') && region.getBoundingClientRect().height > 0,
    role: region.getAttribute('role'),
    live: region.getAttribute('aria-live'),
  };
}

async function confirmed(el: LedgerContactMapper, words: string) {
  await waitUntil(() => announcer(el).text === words, `"${words}" is announced`, { timeout: 5000 });
  const a = announcer(el);
  expect(a.visible, `"${words}" shows on screen`).to.equal(true);
  expect(a.role).to.equal('status');
  expect(a.live).to.equal('polite');
}

function confirmDialog(el: LedgerContactMapper): ShadowRoot {
  return root(el).querySelector('ledger-confirm-dialog')!.shadowRoot!;
}

// ------------------------------------------------------------------ setup

describe('<ledger-contact-mapper>', () => {
  const api = new MockApi();
  /** The requests the components made, by method and path with its query (the live stream aside). */
  const requests = () =>
    api.requests.filter((r) => r.path !== '/v1/events').map((r) => ({ ...r, path: r.path + (r.search.size ? `?${r.search.toString()}` : '') }));
  const sent = (method: string, path: string) => requests().filter((r) => r.method === method && r.path === path);
  const liveConnections = () => api.made('GET', '/v1/events').length;
  const linkOf = async (contactId: string) => (await api.as('admin').getContactLink({ params: { contactId } })).link;

  // The first start builds the core (migrations and seed): more than mocha's default on a busy machine.
  before(async function () {
    this.timeout(60_000);
    await api.start();
  });
  after(() => api.stop());

  async function mount(contact: HostContact | undefined, userId: string = U.agent, ready = true) {
    const client = testClient(userId);
    const provider = await fixture<LedgerProvider>(
      html`<ledger-provider .client=${client}><ledger-contact-mapper .contact=${contact}></ledger-contact-mapper></ledger-provider>`,
    );
    const el = provider.querySelector('ledger-contact-mapper')!;
    if (ready) await waitUntil(() => !root(el).querySelector('[part=skeleton]'), 'loaded', { timeout: 5000 });
    return el;
  }

  /** Mounts for an unlinked contact and opens the create form the way a person does. */
  async function openCreateForm(contact: HostContact = contacts.noah) {
    const el = await mount(contact);
    await until(el, 'No billing customer uses');
    button(el, 'Create customer').click();
    await until(el, 'New billing customer');
    return el;
  }

  beforeEach(() => api.reset());

  // ---------------------------------------------------------------- loading and errors

  it('shows a loading skeleton, announced, while the link loads', async () => {
    await api.reset('demo', { delayMs: 600 });
    const el = await mount(contacts.ana, U.agent, false);
    const skeleton = root(el).querySelector('[part=skeleton]');
    expect(skeleton, 'skeleton').to.exist;
    expect(skeleton!.getAttribute('role')).to.equal('status');
    expect(skeleton!.textContent).to.contain('Loading');
    await expect(el).to.be.accessible();
    await until(el, 'Acme Corp');
    expect(root(el).querySelector('[part=skeleton]')).to.equal(null);
  });

  it('shows a load error in plain words with Retry, and Retry loads the link', async () => {
    await api.reset('demo', { failing: { fail: ['getContactLink'], times: 1 } });
    const el = await mount(contacts.ana);
    await until(el, 'The billing service had a problem');
    const alert = root(el).querySelector('[role=alert]')!;
    expect(alert.textContent).to.contain('Please try again');
    await expect(el).to.be.accessible();
    button(el, 'Retry').click();
    await until(el, 'Acme Corp');
    expect(root(el).querySelector('[role=alert]')).to.equal(null);
  });

  it('says what belongs here when the host gives no contact', async () => {
    const el = await mount(undefined);
    expect(root(el).querySelector('[part=empty]')!.textContent).to.contain('Open a contact');
    await expect(el).to.be.accessible();
  });

  // ---------------------------------------------------------------- linked

  it('mapped: shows the linked customer — name, company, email, currency, outstanding balance', async () => {
    const el = await mount(contacts.ana);
    await until(el, 'Acme Corp');
    const card = root(el).querySelector('[part=customer]')!;
    const acme = await api.as('admin').getCustomer({ params: { id: customers.acme.id } });
    expect(card.textContent).to.contain('Acme Corp').and.contain('billing@acme.test').and.contain('USD');
    const amount = new Intl.NumberFormat(browserLocale().language, { style: 'currency', currency: 'USD' }).format(acme.outstanding / 100);
    expect(acme.outstanding).to.be.greaterThan(0);
    expect(card.textContent!.replace(/\s+/g, ' ')).to.contain(amount.replace(/\s+/g, ' '));
    expect(text(el)).to.contain('Linked');
    expect(findButton(el, 'Unlink')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('mapped: Unlink asks first; cancelling keeps the link, confirming removes it and fires ledger-contact-unmapped', async () => {
    const el = await mount(contacts.ana);
    await until(el, 'Acme Corp');

    button(el, 'Unlink').click();
    await waitUntil(() => confirmDialog(el).querySelector('dialog')!.open, 'confirm opens');
    expect(confirmDialog(el).textContent).to.contain('Unlink this contact?').and.contain('Acme Corp');
    await expect(el).to.be.accessible();
    const closed = oneEvent(confirmDialog(el).querySelector('dialog')!, 'close');
    (confirmDialog(el).querySelector('button[value=cancel]') as HTMLButtonElement).click();
    await closed;
    expect(sent('DELETE', '/v1/contact-links/contact-ana')).to.have.length(0);
    expect(text(el)).to.contain('Acme Corp');

    button(el, 'Unlink').click();
    await waitUntil(() => confirmDialog(el).querySelector('dialog')!.open, 'confirm opens again');
    const unmapped = oneEvent(el, 'ledger-contact-unmapped');
    (confirmDialog(el).querySelector('button[value=confirm]') as HTMLButtonElement).click();
    const event = await unmapped;
    expect(event.detail).to.deep.equal({ contactId: 'contact-ana', customerId: 'cus-acme' });
    expect(event.bubbles && event.composed).to.equal(true);
    await until(el, 'Not linked');
    await confirmed(el, 'Unlinked from Acme Corp.');
    expect(await linkOf('contact-ana'), 'the server has no link').to.equal(null);
    // Ana's email is Acme's: the unlinked view suggests Acme again.
    await until(el, 'Same email: billing@acme.test');
    await expect(el).to.be.accessible();
  });

  // ---------------------------------------------------------------- not linked

  it('not mapped: suggests the customers matching the email, says why, and Link fires ledger-contact-mapped', async () => {
    const umbrellaContact: HostContact = { id: 'contact-uma', name: 'Uma Brella', email: 'Accounts@Umbrella.test' };
    const el = await mount(umbrellaContact);
    await until(el, 'Umbrella Ltd');
    const matches = root(el).querySelector('[part=matches]')!;
    expect(matches.querySelectorAll('li')).to.have.length(1);
    expect(matches.textContent).to.contain('Same email: accounts@umbrella.test');
    expect(sent('GET', '/v1/customers?email=accounts%40umbrella.test&limit=10')).to.have.length(1);
    await expect(el).to.be.accessible();

    const mapped = oneEvent(el, 'ledger-contact-mapped');
    button(el, 'Link to Umbrella Ltd').click();
    const { detail } = await mapped;
    expect(detail.link.contactId).to.equal('contact-uma');
    expect(detail.link.customer.id).to.equal(customers.umbrella.id);
    expect(sent('PUT', '/v1/contact-links/contact-uma')[0]!.body).to.deep.equal({ contact: umbrellaContact, customerId: 'cus-umbrella' });
    await until(el, 'Linked');
    expect(root(el).querySelector('[part=customer]')!.textContent).to.contain('Umbrella Ltd');
    expect(root(el).activeElement?.id, 'focus moves to the heading').to.equal('title');
    await confirmed(el, 'Linked to Umbrella Ltd.');
    await expect(el).to.be.accessible();
  });

  it('the secondary-email match appears only when the organization enables it', async () => {
    const jana = contacts.jana;
    // The demo organization has it on; the administrator turns it off, then on again.
    expect((await api.as('admin').getSession()).integration.matchSecondaryEmail, 'on in the demo').to.equal(true);
    await api.as('admin').updateIntegration({ body: { matchSecondaryEmail: false } });
    const off = await mount(jana);
    await until(off, 'No billing customer uses jana@hradec.test');
    expect(text(off)).not.to.contain('Hradec Software');
    const search = await api.as('admin').searchCustomers({ query: { email: jana.email } });
    expect(search.items, 'the server matches the primary email only').to.deep.equal([]);

    const settings = await api.as('admin').updateIntegration({ body: { matchSecondaryEmail: true } });
    expect(settings.matchSecondaryEmail).to.equal(true);

    const on = await mount(jana);
    await until(on, 'Hradec Software');
    const reason = root(on).querySelector('[part=matches] .reason')!;
    expect(reason.getAttribute('data-matched-by')).to.equal('secondary_email');
    expect(reason.textContent).to.contain('Customer’s secondary email: jana@hradec.test');
    await expect(on).to.be.accessible();
  });

  it("also searches the contact's own secondary email, only when enabled", async () => {
    const contact: HostContact = { id: 'contact-two', name: 'Two Mails', email: 'nobody@nowhere.test', secondaryEmail: 'accounts@umbrella.test' };
    await api.as('admin').updateIntegration({ body: { matchSecondaryEmail: false } });
    const off = await mount(contact);
    await until(off, 'No billing customer uses nobody@nowhere.test');
    expect(requests().filter((r) => r.path.includes('umbrella'))).to.have.length(0);

    await api.as('admin').updateIntegration({ body: { matchSecondaryEmail: true } });
    const on = await mount(contact);
    await until(on, 'Umbrella Ltd');
    expect(root(on).querySelector('[part=matches] .reason')!.textContent).to.contain('Contact’s secondary email: accounts@umbrella.test');
  });

  it('demo: Jana (secondary email) finds Hradec; once linked, nothing proposes replacing its primary email', async function () {
    this.timeout(30_000); // four steps through the server core; a loaded CI machine needs more than the default
    // The demo requester, as the helpdesk example passes her: her email is Hradec's secondary one.
    const jana: HostContact = { id: 'contact-jana', firstName: 'Jana', lastName: 'Novakova', name: 'Jana Novakova', email: 'jana@hradec.test', company: 'Hradec Software s.r.o.' };
    const el = await mount(jana);
    await until(el, 'Customer’s secondary email: jana@hradec.test');
    await press(el, 'Link to Hradec Software');
    await until(el, 'Linked');
    const card = root(el).querySelector('[part=customer]')!;
    expect(card.textContent).to.contain('fakturace@hradec.test').and.contain('jana@hradec.test');
    expect(card.textContent).to.contain('The contact’s email is this customer’s secondary email.');
    expect(root(el).querySelector('[part=drift]'), 'no "details differ" panel').to.equal(null);
    expect(findButton(el, 'Update customer')).to.equal(undefined);
    await expect(el).to.be.accessible();

    // Linked by name instead of by the match: the same.
    el.parentElement!.remove();
    await api.as('admin').deleteContactLink({ params: { contactId: 'contact-jana' } });
    await api.as('admin').updateIntegration({ body: { matchSecondaryEmail: false } });
    const byName = await mount({ ...jana, address: { line1: 'Velke namesti 2', city: 'Hradec Kralove', postalCode: '50003', country: 'CZ' } });
    await until(byName, 'No billing customer uses jana@hradec.test');
    await type(byName, 'Find another customer', 'Hradec');
    await waitUntil(() => findButton(byName, 'Link to Hradec Software'), 'Hradec is found by name', { timeout: 5000 });
    await press(byName, 'Link to Hradec Software');
    await until(byName, 'details differ');
    const drift = root(byName).querySelector('[part=drift]')!;
    expect(drift.textContent).to.contain('Billing address');
    expect(root(byName).getElementById('drift-email'), 'the primary email is not offered for replacing').to.equal(null);
    expect(drift.textContent).not.to.contain('jana@hradec.test');
    const updated = oneEvent(byName, 'ledger-customer-updated');
    await press(byName, 'Update customer');
    await updated;
    expect(sent('PATCH', '/v1/customers/cus-hradec')[0]!.body).to.not.have.property('email');
    expect((await api.as('admin').getCustomer({ params: { id: 'cus-hradec' } })).email).to.equal('fakturace@hradec.test');
    await confirmed(byName, 'Hradec Software was updated.');
  });

  it('search: the field stops at the contract’s limit and says so quietly; a refused query shows no banner or Retry', async () => {
    const el = await mount(contacts.noah);
    await until(el, 'No billing customer uses noah@newco.test');
    const search = field(el, 'Find another customer') as HTMLInputElement;
    expect(search.maxLength).to.equal(SEARCH_QUERY_MAX_LENGTH);
    expect(text(el)).not.to.contain('at most');

    // A paste stops at the limit; the field says why nothing more goes in.
    search.focus();
    document.execCommand('insertText', false, 'x'.repeat(330));
    await el.updateComplete;
    expect(search.value).to.have.length(SEARCH_QUERY_MAX_LENGTH);
    await until(el, `A search takes at most ${SEARCH_QUERY_MAX_LENGTH} characters.`);
    const hint = root(el).getElementById(search.getAttribute('aria-describedby')!);
    expect(hint?.textContent).to.contain(`at most ${SEARCH_QUERY_MAX_LENGTH}`);
    await until(el, 'No customer matches');

    // A host setting a longer value itself: the API refuses it (400 at q), said quietly.
    await type(el, 'Find another customer', 'y'.repeat(330));
    await until(el, 'Shorten it to search');
    expect(requests().some((r) => r.path.startsWith('/v1/customers?q=yyy'))).to.equal(true);
    expect(root(el).querySelector('[part=search] [part=error]')).to.equal(null);
    expect(text(el)).not.to.contain('Some fields need attention');
    expect(findButton(el, 'Retry')).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('finds another customer by search and links it, with the keyboard alone', async () => {
    const el = await mount(contacts.noah);
    await until(el, 'No billing customer uses noah@newco.test');
    const search = field(el, 'Find another customer') as HTMLInputElement;
    search.focus();
    await sendKeys({ type: 'hrad' });
    await until(el, 'Hradec Software');
    expect(root(el).querySelector('[part=search]')!.querySelectorAll('li')).to.have.length(1);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Tab' });
    expect(root(el).activeElement?.getAttribute('aria-label')).to.equal('Link to Hradec Software');
    const mapped = oneEvent(el, 'ledger-contact-mapped');
    await sendKeys({ press: 'Enter' });
    expect((await mapped).detail.link.customerId).to.equal(customers.hradec.id);
    await until(el, 'Linked');
  });

  it('search says when nothing matches and sends nothing below two characters', async () => {
    const el = await mount(contacts.noah);
    await until(el, 'No billing customer uses');
    await type(el, 'Find another customer', 'z');
    await until(el, 'Type at least 2 characters');
    await type(el, 'Find another customer', 'zzz-nothing');
    await until(el, 'No customer matches “zzz-nothing”');
    expect(requests().filter((r) => r.path.startsWith('/v1/customers?q='))).to.have.length(1);
  });

  // ---------------------------------------------------------------- create

  it('no match: Create customer opens a form prefilled from the contact, with every currency and the browser’s locale', async () => {
    const noah: HostContact = {
      ...contacts.noah,
      address: { line1: '10 Downing St', city: 'London', postalCode: 'SW1A 2AA', country: 'GB' },
      taxId: 'GB123456789',
    };
    const el = await mount(noah);
    await until(el, 'No billing customer uses noah@newco.test');
    await expect(el).to.be.accessible();
    button(el, 'Create customer').click();
    await until(el, 'New billing customer');

    expect(field(el, 'First name').value).to.equal('Noah');
    expect(field(el, 'Last name').value).to.equal('Newman');
    expect(field(el, 'Company').value).to.equal('NewCo');
    expect(field(el, 'Display name').value).to.equal('NewCo');
    expect(field(el, 'Email').value).to.equal('noah@newco.test');
    expect(field(el, 'Phone').value).to.equal('+44 20 7946 0000');
    expect(field(el, 'Street address').value).to.equal('10 Downing St');
    expect(field(el, 'Postal code').value).to.equal('SW1A 2AA');
    expect(field(el, 'Country').value).to.equal('GB');
    expect(field(el, 'Tax ID').value).to.equal('GB123456789');

    const currency = field(el, 'Currency') as HTMLSelectElement;
    expect([...currency.options].map((o) => o.value)).to.deep.equal([...supportedCurrencies()]);
    expect(currency.value, "the organization's currency").to.equal('USD');
    const euro = [...currency.options].find((o) => o.value === 'EUR')!;
    expect(euro.textContent).to.equal(`EUR — ${new Intl.DisplayNames([browserLocale().language], { type: 'currency' }).of('EUR')}`);
    expect(field(el, 'Language').value).to.equal(browserLocale().language);
    const zone = field(el, 'Time zone') as HTMLSelectElement;
    expect(zone.value).to.equal(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(zone.options.length).to.be.at.least(Intl.supportedValuesOf('timeZone').length);
    expect(root(el).activeElement, 'focus in the form').to.equal(field(el, 'First name'));
    await expect(el).to.be.accessible();
  });

  it('creates the customer, links it, and fires ledger-customer-created then ledger-contact-mapped', async () => {
    const el = await openCreateForm();
    await type(el, 'Currency', 'EUR');
    await type(el, 'Time zone', 'Europe/London');

    const fired: string[] = [];
    el.addEventListener('ledger-customer-created', () => fired.push('created'));
    const mapped = oneEvent(el, 'ledger-contact-mapped');
    el.addEventListener('ledger-contact-mapped', () => fired.push('mapped'));
    button(el, 'Create and link').click();
    const { detail } = await mapped;
    expect(fired).to.deep.equal(['created', 'mapped']);

    const [create] = sent('POST', '/v1/customers');
    expect(create!.headers.get('idempotency-key')).to.match(/^[0-9a-f-]{36}$/);
    expect(create!.body).to.deep.include({
      firstName: 'Noah',
      lastName: 'Newman',
      companyName: 'NewCo',
      displayName: 'NewCo',
      email: 'noah@newco.test',
      phone: '+44 20 7946 0000',
      currency: 'EUR',
      timeZone: 'Europe/London',
    });
    expect(detail.link.customer.currency).to.equal('EUR');
    expect((await linkOf('contact-noah'))!.customerId).to.equal(detail.link.customerId);
    await until(el, 'Linked');
    expect(root(el).querySelector('[part=customer]')!.textContent).to.contain('NewCo');
    await confirmed(el, 'NewCo was created and linked.');
  });

  it('a new customer gets the server’s default template (the organization’s first), and the mapper shows it', async () => {
    // The administrator puts Compact first: the server's default follows, no template is hard-wired.
    const templates = [
      { id: 'compact', name: 'Compact' },
      { id: 'standard', name: 'Standard' },
      { id: 'detailed', name: 'Detailed (itemized)' },
    ];
    await api.as('admin').updateIntegration({ body: { templates } });
    const el = await openCreateForm();
    const mapped = oneEvent(el, 'ledger-contact-mapped');
    button(el, 'Create and link').click();
    const { detail } = await mapped;
    expect(sent('POST', '/v1/customers')[0]!.body, 'the form sends no template').to.not.have.property('template');
    const stored = await api.as('admin').getCustomer({ params: { id: detail.link.customerId } });
    expect(stored.template, 'what the server stores').to.equal(defaultTemplate(templates));
    expect(stored.template).to.equal('compact');

    // Copying preferences from it shows that template.
    el.parentElement!.remove();
    const next = await openCreateForm({ id: 'contact-zoe', name: 'Zoe Zed', email: 'zoe@newco.test' });
    await type(next, 'Copy from customer', 'NewCo');
    await waitUntil(() => findButton(next, 'Copy preferences from NewCo'), 'NewCo is found', { timeout: 5000 });
    button(next, 'Copy preferences from NewCo').click();
    await until(next, 'From NewCo');
    expect(root(next).querySelector('[part=copy-source]')!.textContent).to.contain('Template compact');
  });

  it('an email already used by a customer: the form warns as the field is left and links that customer in one click', async () => {
    const el = await openCreateForm();
    await type(el, 'Email', 'Billing@Acme.test');
    expect(text(el)).not.to.contain('already uses this email');
    field(el, 'Email').dispatchEvent(new FocusEvent('blur'));
    await until(el, 'Acme Corp already uses this email.');
    const email = field(el, 'Email');
    expect(email.getAttribute('aria-describedby')).to.contain('f-email-warning');
    expect(errorOf(el, email), 'a warning, not an error').to.equal(undefined);
    await expect(el).to.be.accessible();

    // Another email drops the warning; back to the same one, it shows again.
    await type(el, 'Email', 'noah@newco.test');
    expect(text(el)).not.to.contain('already uses this email');
    await type(el, 'Email', 'billing@acme.test');
    field(el, 'Email').dispatchEvent(new FocusEvent('blur'));
    await until(el, 'Acme Corp already uses this email.');

    const mapped = oneEvent(el, 'ledger-contact-mapped');
    button(el, 'Link Acme Corp instead').click();
    expect((await mapped).detail.link.customerId).to.equal('cus-acme');
    await until(el, 'Linked');
    expect(sent('POST', '/v1/customers'), 'no second customer').to.have.length(0);
    expect((await linkOf('contact-noah'))!.customerId).to.equal('cus-acme');
    await confirmed(el, 'Linked to Acme Corp.');
  });

  it('an email already used by a customer: submitting warns first; submitting again creates the customer anyway', async () => {
    const el = await openCreateForm();
    await type(el, 'Email', 'accounts@umbrella.test');
    button(el, 'Create and link').click();
    await until(el, 'Umbrella Ltd already uses this email.');
    await waitUntil(() => root(el).activeElement?.textContent?.trim() === 'Link Umbrella Ltd instead', 'focus on the way out');
    expect(sent('POST', '/v1/customers')).to.have.length(0);

    const created = oneEvent(el, 'ledger-customer-created');
    button(el, 'Create and link').click();
    expect((await created).detail.customer.email).to.equal('accounts@umbrella.test');
    expect(sent('POST', '/v1/customers')).to.have.length(1);
  });

  it('copies preferences from a customer picked by search', async () => {
    const el = await openCreateForm();
    await type(el, 'Copy from customer', 'Hradec');
    await until(el, 'Hradec Software');
    await expect(el).to.be.accessible();
    button(el, 'Copy preferences from Hradec Software').click();
    await until(el, 'From Hradec Software');
    expect(text(el)).to.contain('14 days').and.contain('CZK');
    const currency = field(el, 'Currency') as HTMLSelectElement;
    expect(currency.disabled).to.equal(true);
    expect(currency.value).to.equal('CZK');
    expect(field(el, 'Language').value).to.equal('cs');
    // Hradec's invoices fall due in Prague: the time zone is copied too, whatever the browser's.
    const timeZone = field(el, 'Time zone') as HTMLSelectElement;
    expect(timeZone.disabled).to.equal(true);
    expect(timeZone.value).to.equal('Europe/Prague');
    expect(text(el)).to.contain('Europe/Prague');

    const created = oneEvent(el, 'ledger-customer-created');
    button(el, 'Create and link').click();
    const { detail } = await created;
    expect(sent('POST', '/v1/customers')[0]!.body).to.deep.include({
      copyPreferencesFrom: 'cus-hradec',
      currency: 'CZK',
      language: 'cs',
      timeZone: 'Europe/Prague',
    });
    expect(detail.customer).to.deep.include({
      currency: 'CZK',
      language: 'cs',
      timeZone: 'Europe/Prague',
      paymentTermsDays: 14,
      template: 'detailed',
      taxRatePercent: 21,
    });
  });

  it('validates with the contract before sending: errors under their fields, focus on the first', async () => {
    const el = await openCreateForm();
    await type(el, 'Display name', '   ');
    await type(el, 'Email', 'not-an-email');
    await type(el, 'Country', '');
    button(el, 'Create and link').click();
    await until(el, 'Some fields need attention');

    const display = field(el, 'Display name');
    const email = field(el, 'Email');
    expect(display.getAttribute('aria-invalid')).to.equal('true');
    expect(errorOf(el, display)).to.equal('Required');
    expect(errorOf(el, email)).to.equal('Not a valid email address');
    expect(root(el).activeElement).to.equal(display);
    expect(sent('POST', '/v1/customers'), 'nothing sent').to.have.length(0);
    await expect(el).to.be.accessible();

    await type(el, 'Email', 'noah@newco.test');
    expect(errorOf(el, email), 'the error clears as the person fixes it').to.equal(undefined);
  });

  it("a failed create keeps everything typed and shows the server's field errors next to the fields", async () => {
    const el = await openCreateForm();
    // The server knows rules the contract's schema does not (a VAT number's checksum…).
    api.worker.use(refuseCustomerFields());
    await type(el, 'Display name', 'NewCo Holdings');
    await type(el, 'Street address', '1 High St');
    await type(el, 'Postal code', 'XX1');
    await type(el, 'City', 'Leeds');
    await type(el, 'Country', 'GB');
    await type(el, 'Tax ID', 'GB000');
    await type(el, 'Currency', 'GBP');
    button(el, 'Create and link').click();
    await until(el, 'Not a valid VAT number for GB');

    expect(errorOf(el, field(el, 'Tax ID'))).to.equal('Not a valid VAT number for GB');
    expect(errorOf(el, field(el, 'Postal code'))).to.equal('Not a UK postcode');
    expect(field(el, 'Tax ID').getAttribute('aria-invalid')).to.equal('true');
    expect(root(el).activeElement, 'focus on the first field in error').to.equal(field(el, 'Postal code'));
    expect(field(el, 'Display name').value).to.equal('NewCo Holdings');
    expect(field(el, 'Street address').value).to.equal('1 High St');
    expect(field(el, 'City').value).to.equal('Leeds');
    expect(field(el, 'Postal code').value).to.equal('XX1');
    expect(field(el, 'Tax ID').value).to.equal('GB000');
    expect(field(el, 'Currency').value).to.equal('GBP');
    expect(field(el, 'First name').value).to.equal('Noah');
    expect(text(el)).to.contain('The customer has invalid fields.');
    await expect(el).to.be.accessible();
  });

  it('saving: the button shows progress and a second click creates nothing more', async () => {
    await api.reset('demo', { delayMs: 400 });
    const el = await openCreateForm();
    const submit = button(el, 'Create and link');
    submit.click();
    await el.updateComplete;
    expect(submit.getAttribute('aria-busy')).to.equal('true');
    expect(submit.textContent).to.contain('Creating…');
    await expect(el).to.be.accessible();
    submit.click();
    (root(el).querySelector('form') as HTMLFormElement).requestSubmit();
    await oneEvent(el, 'ledger-contact-mapped');
    expect(sent('POST', '/v1/customers')).to.have.length(1);
    expect(sent('PUT', '/v1/contact-links/contact-noah')).to.have.length(1);
    expect((await api.as('admin').searchCustomers({ query: { email: 'noah@newco.test' } })).items).to.have.length(1);
  });

  it('a create that fails on the network keeps the form and Retry sends the same idempotency key', async () => {
    const el = await openCreateForm();
    // Three failures: the first attempt and the client's two automatic retries.
    let failures = 3;
    api.worker.use(http.post('/v1/customers', () => (failures-- > 0 ? HttpResponse.error() : undefined)));
    button(el, 'Create and link').click();
    await until(el, 'could not be reached');
    expect(field(el, 'Email').value).to.equal('noah@newco.test');
    button(el, 'Retry').click();
    await oneEvent(el, 'ledger-contact-mapped');
    const keys = sent('POST', '/v1/customers').map((r) => r.headers.get('idempotency-key'));
    expect(keys.length).to.be.at.least(2);
    expect(new Set(keys).size, 'one key for every attempt').to.equal(1);
  });

  // ---------------------------------------------------------------- drift

  it('drift: shows what differs and Update customer sends only that, with If-Match, firing ledger-customer-updated', async () => {
    const el = await mount({ ...contacts.ana, taxId: 'US-98-7654321' });
    await until(el, 'details differ');
    const drift = root(el).querySelector('[part=drift]')!;
    expect(drift.textContent).to.contain('Billing address').and.contain('Suite 100').and.contain('Suite 200');
    expect(drift.textContent).to.contain('Tax ID').and.contain('US-12-3456789').and.contain('US-98-7654321');
    expect(drift.textContent).not.to.contain('Email');
    await expect(el).to.be.accessible();

    // Push only the address.
    (root(el).getElementById('drift-taxId') as HTMLInputElement).click();
    await el.updateComplete;
    const updated = oneEvent(el, 'ledger-customer-updated');
    await press(el, 'Update customer');
    const { detail } = await updated;
    const [patch] = sent('PATCH', '/v1/customers/cus-acme');
    expect(patch!.headers.get('if-match')).to.equal('1');
    expect(patch!.body).to.deep.equal({
      billingAddress: { line1: '1 Acme Way', line2: 'Suite 200', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
    });
    expect(detail.customer.billingAddress!.line2).to.equal('Suite 200');
    expect(detail.customer.version).to.equal(2);
    await waitUntil(() => !text(el).includes('Billing address'), 'the address no longer differs');
    expect(text(el)).to.contain('Tax ID');
    await confirmed(el, 'Acme Corp was updated.');
  });

  it('drift: a 412 says "changed elsewhere", reloads the customer, and the next update uses the new version', async () => {
    const el = await mount(contacts.ana);
    await until(el, 'details differ');
    // Someone else edits Acme meanwhile, and its live event never arrives.
    await api.quietly(() => api.as('admin').updateCustomer({ params: { id: customers.acme.id }, body: { taxId: 'US-99-0000001' }, ifMatch: 1 }));
    expect(text(el)).not.to.contain('US-99-0000001');
    await press(el, 'Update customer');
    await until(el, 'changed elsewhere');
    expect(root(el).querySelector('[role=alert]')!.textContent).to.contain('The latest version is shown');
    // Reloaded: the other edit's tax id is on screen (clicking before it lands would send the old version).
    await until(el, 'US-99-0000001', 'the reloaded customer shows');
    expect(sent('GET', '/v1/contact-links/contact-ana')).to.have.length(2);
    expect(text(el)).to.contain('Suite 200');
    await expect(el).to.be.accessible();

    const updated = oneEvent(el, 'ledger-customer-updated');
    await press(el, 'Update customer');
    await updated;
    expect(sent('PATCH', '/v1/customers/cus-acme').map((r) => r.headers.get('if-match'))).to.deep.equal(['1', '2']);
    expect(text(el)).not.to.contain('changed elsewhere');
  });

  // ---------------------------------------------------------------- permissions and settings

  it('read-only for a light agent: the link without actions, and one line saying why', async () => {
    const el = await mount(contacts.ana, U.lightAgent);
    await until(el, 'Acme Corp');
    expect(root(el).querySelector('[part=notice]')!.textContent).to.contain('Your role can see the billing customer but not change the link');
    expect(findButton(el, 'Unlink')).to.equal(undefined);
    expect(findButton(el, 'Update customer')).to.equal(undefined);
    expect(root(el).querySelectorAll('[part=drift] input')).to.have.length(0);
    await expect(el).to.be.accessible();

    const unlinked = await mount(contacts.noah, U.lightAgent);
    await until(unlinked, 'No billing customer uses');
    expect(findButton(unlinked, 'Create customer')).to.equal(undefined);
    await type(unlinked, 'Find another customer', 'acme');
    await until(unlinked, 'Acme Corp');
    expect(findButton(unlinked, /^Link to/)).to.equal(undefined);
  });

  it("a client (the customer's side) is told this is not theirs to see, and nothing is requested", async () => {
    const el = await mount(contacts.ana, U.client);
    await until(el, 'Your role does not include billing customers');
    expect(sent('GET', '/v1/contact-links/contact-ana')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('a disabled integration keeps the link visible with a clear notice and no write actions', async () => {
    await api.as('admin').updateIntegration({ body: { state: 'disabled' } });
    const el = await mount(contacts.ana);
    await until(el, 'Acme Corp');
    expect(root(el).querySelector('[part=notice]')!.textContent).to.contain('The billing integration is turned off');
    expect(findButton(el, 'Unlink')).to.equal(undefined);
    expect(findButton(el, 'Update customer')).to.equal(undefined);
    await expect(el).to.be.accessible();

    const unlinked = await mount(contacts.noah);
    await until(unlinked, 'No billing customer uses');
    expect(findButton(unlinked, 'Create customer')).to.equal(undefined);
  });

  // ---------------------------------------------------------------- host wiring

  it('takes the contact from attributes, splitting the full name', async () => {
    const provider = await fixture<LedgerProvider>(html`<ledger-provider
      .client=${testClient(U.agent)}
      ><ledger-contact-mapper
        contact-id="contact-attr"
        contact-email="maria@example.test"
        contact-name="María José Pérez"
        contact-company="Pérez y Hijos"
      ></ledger-contact-mapper
    ></ledger-provider>`);
    const el = provider.querySelector('ledger-contact-mapper')!;
    await until(el, 'No billing customer uses maria@example.test');
    button(el, 'Create customer').click();
    await until(el, 'New billing customer');
    expect(field(el, 'First name').value).to.equal('María José');
    expect(field(el, 'Last name').value).to.equal('Pérez');
    expect(field(el, 'Display name').value).to.equal('Pérez y Hijos');
  });

  it('a mapping made elsewhere arrives live', async () => {
    const el = await mount(contacts.noah);
    await until(el, 'No billing customer uses');
    await waitUntil(() => liveConnections() > 0, 'the live connection opens');
    // Let the service worker start streaming before the event happens.
    await new Promise((r) => setTimeout(r, 300));
    await api.as('admin').putContactLink({ params: { contactId: 'contact-noah' }, body: { contact: contacts.noah, customerId: customers.umbrella.id } });
    await until(el, 'Linked to Umbrella Ltd elsewhere', 'the live event announces it');
    expect(root(el).querySelector('[part=customer]')!.textContent).to.contain('Umbrella Ltd');
  });
});
