import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { contacts, customers, demoIds, users } from '@ledgerside/mocks';
import { MockApi, testClient, today } from '../testing/backend.js';
import type { LedgerProvider } from '../provider/ledger-provider.js';
import type { LedgerSidebar, SidebarTab } from './ledger-sidebar.js';
import '../define.js';

const api = new MockApi();
const client = (userId: string = demoIds.users.agent) => testClient(userId);

async function sidebar(tab: SidebarTab = 'documents', userId?: string): Promise<LedgerSidebar> {
  const provider = await fixture<LedgerProvider>(html`<ledger-provider .client=${client(userId)} locale="en-US"
    ><ledger-sidebar tab=${tab} ticket-id=${demoIds.ticketId} .contact=${contacts.ana}></ledger-sidebar
  ></ledger-provider>`);
  const el = provider.querySelector('ledger-sidebar')!;
  await waitUntil(() => provider.runtime.session.status === 'ready', 'session');
  return el;
}

const root = (el: Element) => el.shadowRoot!;
const tabs = (el: LedgerSidebar) => [...root(el).querySelectorAll<HTMLButtonElement>('[role=tab]')];
const selectedTab = (el: LedgerSidebar) => root(el).querySelector<HTMLButtonElement>('[role=tab][aria-selected=true]')!;
const panel = (el: LedgerSidebar, tab: string) => root(el).getElementById(`panel-${tab}`)!;

describe('<ledger-sidebar>', () => {
  before(async function () {
    // The first start builds the demo's core in this tab.
    this.timeout(60_000);
    await api.start();
  });
  beforeEach(() => api.reset());
  after(() => api.stop());

  it('is a tablist of Customer, Invoices, New and Conversation; only the open panel shows', async () => {
    const el = await sidebar();
    expect(tabs(el).map((t) => t.textContent!.replace(/\d+/g, '').trim())).to.deep.equal(['Customer', 'Invoices', 'New', 'Conversation']);
    expect(selectedTab(el).id).to.equal('tab-documents');
    expect(panel(el, 'documents').hidden).to.equal(false);
    expect(panel(el, 'customer').hidden).to.equal(true);
    // Panels that were never opened are not built yet (nothing loads for them).
    expect(panel(el, 'customer').querySelector('ledger-contact-mapper')).to.equal(null);
    expect(panel(el, 'documents').querySelector('ledger-document-list')!.getAttribute('ticket-id')).to.equal(demoIds.ticketId);
    await expect(el).to.be.accessible();
  });

  it('offers a client its documents and conversations only, and asks nothing its role may not ask', async () => {
    const requests: string[] = [];
    const listener = ({ request, response }: { request: Request; response: Response }) => {
      if (response.status === 403) requests.push(`${request.method} ${new URL(request.url).pathname}`);
    };
    api.worker.events.on('response:mocked', listener);
    const seen: string[] = [];
    const started = ({ request }: { request: Request }) => void seen.push(new URL(request.url).pathname);
    api.worker.events.on('request:start', started);
    const el = await sidebar('customer', demoIds.users.client);
    await el.updateComplete;
    expect(tabs(el).map((t) => t.id)).to.deep.equal(['tab-documents', 'tab-conversation']);
    // Asked for the Customer tab, it opens on what the role may use.
    expect(selectedTab(el).id).to.equal('tab-documents');
    el.select('new');
    await el.updateComplete;
    expect(selectedTab(el).id).to.equal('tab-documents');
    const list = panel(el, 'documents').querySelector('ledger-document-list')!;
    await waitUntil(() => list.shadowRoot?.textContent?.includes('INV-'), 'the documents load', { timeout: 5000 });
    el.select('conversation');
    await waitUntil(() => panel(el, 'conversation').querySelector('ledger-conversation')?.shadowRoot?.querySelector('.composer'), 'the thread', { timeout: 5000 });
    api.worker.events.removeListener('response:mocked', listener);
    api.worker.events.removeListener('request:start', started);
    expect(requests).to.deep.equal([]);
    expect(seen.filter((p) => /\/(contacts|customers|time-entries)/.test(p))).to.deep.equal([]);
    expect(el.shadowRoot!.textContent).not.to.contain('Your role does not allow this.');
  });

  it('offers a light agent no New tab; an opened document still shows', async () => {
    const el = await sidebar('documents', demoIds.users.lightAgent);
    await el.updateComplete;
    expect(tabs(el).map((t) => t.id)).to.deep.equal(['tab-customer', 'tab-documents', 'tab-conversation']);
    const list = panel(el, 'documents').querySelector('ledger-document-list')!;
    list.dispatchEvent(new CustomEvent('ledger-document-open-requested', { detail: { document: { id: demoIds.invoices.sent, kind: 'invoice' } }, bubbles: true, composed: true }));
    await el.updateComplete;
    expect(selectedTab(el).id).to.equal('tab-new');
    expect(selectedTab(el).textContent).to.contain('Document');
  });

  it('arrow keys, Home and End move between tabs and open them', async () => {
    const el = await sidebar();
    selectedTab(el).focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(selectedTab(el).id).to.equal('tab-new');
    expect(root(el).activeElement!.id).to.equal('tab-new');
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(selectedTab(el).id).to.equal('tab-conversation');
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(selectedTab(el).id).to.equal('tab-customer');
    expect(panel(el, 'customer').querySelector('ledger-contact-mapper')).not.to.equal(null);
    expect(tabs(el).filter((t) => t.tabIndex === 0)).to.have.length(1);
  });

  it('the Conversation tab counts this ticket’s unread messages and opens on the thread that has them', async () => {
    const el = await sidebar();
    await waitUntil(() => root(el).querySelector('#tab-conversation .count'), 'the count arrives');
    expect(root(el).querySelector('#tab-conversation .count')!.textContent).to.equal('3');
    el.select('conversation');
    await el.updateComplete;
    const conversation = panel(el, 'conversation').querySelector('ledger-conversation')!;
    expect(conversation.getAttribute('transaction-id')).to.equal(demoIds.invoices.sent);
  });

  it('reading the thread clears every count: the tab, the picker, the list row and a badge under the provider', async () => {
    const provider = await fixture<LedgerProvider>(html`<ledger-provider .client=${client()} locale="en-US"
      ><ledger-unread-badge transaction-type="invoice" transaction-id=${demoIds.invoices.sent}></ledger-unread-badge
      ><ledger-sidebar tab="documents" ticket-id=${demoIds.ticketId} .contact=${contacts.ana}></ledger-sidebar
    ></ledger-provider>`);
    const el = provider.querySelector('ledger-sidebar')!;
    const badge = provider.querySelector('ledger-unread-badge')!;
    const rowBadge = () => panel(el, 'documents').querySelector('ledger-document-list')?.shadowRoot?.querySelector('[part~=unread]');
    await waitUntil(() => root(el).querySelector('#tab-conversation .count') && rowBadge() && badge.count === 3, 'the counts arrive', { timeout: 5000 });

    el.select('conversation');
    await el.updateComplete;
    const picker = () => root(el).querySelector<HTMLSelectElement>('#transaction')!;
    await waitUntil(() => picker(), 'the picker shows');
    expect(picker().selectedOptions[0]!.textContent).to.contain('3 unread');
    // The thread opens in view: its messages are read and the marker is posted.
    await waitUntil(() => !root(el).querySelector('#tab-conversation .count'), 'the tab count goes', { timeout: 5000 });
    await waitUntil(() => !rowBadge() && badge.count === 0, 'the row badge and the badge go', { timeout: 5000 });
    expect(picker().selectedOptions[0]!.textContent).not.to.contain('unread');
    // Still on the thread that was read, not moved to another document.
    expect(picker().value).to.equal(demoIds.invoices.sent);
    // And they stay at the server's count (a refetch racing the marker brought the 3 back).
    await new Promise((r) => setTimeout(r, 600));
    expect(root(el).querySelector('#tab-conversation .count')).to.equal(null);
    expect(rowBadge()).to.equal(null);
  });

  it('with nothing unread, the conversation opens on the newest open document, not a newer void one or a draft', async () => {
    await api.reset('demo', {}, async (a) => {
      await a.as(demoIds.users.agent).markRead({ params: { id: demoIds.conversationId }, body: { messageId: demoIds.messages[3] } });
      const { version } = await a.as('admin').getDocument({ params: { id: demoIds.invoices.sent } });
      await a.as('admin').voidDocument({ params: { id: demoIds.invoices.sent }, ifMatch: version });
    });
    const el = await sidebar('conversation');
    await waitUntil(() => panel(el, 'conversation').querySelector('ledger-conversation'), 'the thread shows', { timeout: 5000 });
    // The overdue invoice: sent and unpaid, older than the void one and the draft.
    expect(panel(el, 'conversation').querySelector('ledger-conversation')!.getAttribute('transaction-id')).to.equal(demoIds.invoices.overdue);
    expect(root(el).querySelector<HTMLSelectElement>('#transaction')!.value).to.equal(demoIds.invoices.overdue);
  });

  it('About: a ticket with one document names it in a line, not a one-option picker', async () => {
    const only = await api.as(users.admin.id).createDocument({
      body: {
        kind: 'invoice',
        customerId: customers.acme.id,
        currency: customers.acme.currency,
        issueDate: today(),
        ticketId: 'ticket-solo',
        lines: [{ description: 'Printer visit', quantity: 1, unitPrice: 12_000 }],
      },
    });
    const provider = await fixture<LedgerProvider>(html`<ledger-provider .client=${client()} locale="en-US"
      ><ledger-sidebar tab="conversation" ticket-id="ticket-solo" .contact=${contacts.ana}></ledger-sidebar
    ></ledger-provider>`);
    const el = provider.querySelector('ledger-sidebar')!;
    await waitUntil(() => panel(el, 'conversation').querySelector('ledger-conversation'), 'the thread shows', { timeout: 5000 });
    expect(panel(el, 'conversation').querySelector('ledger-conversation')!.getAttribute('transaction-id')).to.equal(only.id);
    expect(root(el).querySelector('#transaction')).to.equal(null);
    expect(root(el).querySelector('[part=about]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(`About: ${only.number}`);
  });

  it('About: a thread this ticket does not list (a notification’s link) leads the picker by its number, and the ticket’s documents follow', async () => {
    const el = await sidebar();
    const list = panel(el, 'documents').querySelector('ledger-document-list')!;
    await waitUntil(() => list.shadowRoot!.querySelector(`[data-id="${demoIds.invoices.sent}"]`), 'the list loads', { timeout: 5000 });
    // A quote of the deal, not of this ticket.
    const elsewhere = demoIds.quotes.sent;
    list.dispatchEvent(
      new CustomEvent('ledger-conversation-requested', { detail: { transactionType: 'quote', transactionId: elsewhere }, bubbles: true, composed: true }),
    );
    const picker = () => root(el).querySelector<HTMLSelectElement>('#transaction');
    await waitUntil(() => picker()?.options[0]?.textContent?.startsWith('QT-'), 'the thread’s number is fetched', { timeout: 5000 });
    expect(picker()!.value).to.equal(elsewhere);
    expect(picker()!.options[0]!.value).to.equal(elsewhere);
    expect(picker()!.options.length).to.be.greaterThan(2);
    expect(panel(el, 'conversation').querySelector('ledger-conversation')!.getAttribute('transaction-id')).to.equal(elsewhere);
    // Choosing one of the ticket's documents moves the thread there.
    picker()!.value = demoIds.invoices.sent;
    picker()!.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(panel(el, 'conversation').querySelector('ledger-conversation')!.getAttribute('transaction-id')).to.equal(demoIds.invoices.sent);
  });

  it('a component’s request switches the tab: create → New, conversation → Conversation, open → the document', async () => {
    const el = await sidebar();
    const list = panel(el, 'documents').querySelector('ledger-document-list')!;
    list.dispatchEvent(new CustomEvent('ledger-document-create-requested', { detail: { kind: 'quote' }, bubbles: true, composed: true }));
    await el.updateComplete;
    expect(selectedTab(el).id).to.equal('tab-new');
    expect(panel(el, 'new').querySelector('ledger-document-form')!.getAttribute('kind')).to.equal('quote');

    list.dispatchEvent(
      new CustomEvent('ledger-conversation-requested', {
        detail: { transactionType: 'invoice', transactionId: demoIds.invoices.paid },
        bubbles: true,
        composed: true,
      }),
    );
    await el.updateComplete;
    expect(selectedTab(el).id).to.equal('tab-conversation');
    expect(panel(el, 'conversation').querySelector('ledger-conversation')!.getAttribute('transaction-id')).to.equal(demoIds.invoices.paid);
  });

  it('a row menu’s Edit opens the document in the form in edit mode, not a view that needs a second Edit', async () => {
    const el = await sidebar();
    const list = panel(el, 'documents').querySelector('ledger-document-list')!;
    await waitUntil(() => list.shadowRoot!.querySelector(`[data-id="${demoIds.invoices.draft}"]`), 'the draft’s row');
    list.dispatchEvent(new CustomEvent('ledger-document-open-requested', { detail: { document: { id: demoIds.invoices.paid, kind: 'invoice' } }, bubbles: true, composed: true }));
    await el.updateComplete;
    const form = panel(el, 'new').querySelector('ledger-document-form')!;
    expect(form.getAttribute('mode')).to.equal('view');
    const row = list.shadowRoot!.querySelector<HTMLElement>(`[data-id="${demoIds.invoices.draft}"]`)!;
    row.querySelector<HTMLButtonElement>('[part=menu-button]')!.click();
    await waitUntil(() => list.shadowRoot!.querySelector('[role=menuitem][data-key=edit]'), 'the row menu');
    list.shadowRoot!.querySelector<HTMLElement>('[role=menuitem][data-key=edit]')!.click();
    await el.updateComplete;
    expect(selectedTab(el).id).to.equal('tab-new');
    expect(form.getAttribute('document-id')).to.equal(demoIds.invoices.draft);
    await waitUntil(() => form.shadowRoot!.querySelector('form'), 'the form is in edit mode at once', { timeout: 5000 });
    expect(form.shadowRoot!.querySelector('h2')!.textContent).to.match(/^Edit invoice /);
  });

  it('passes its contact and ticket to the components inside it', async () => {
    const el = await sidebar('customer');
    const mapper = panel(el, 'customer').querySelector('ledger-contact-mapper')!;
    await waitUntil(() => mapper.shadowRoot?.textContent?.includes('Acme Corp'), 'the linked customer shows', { timeout: 5000 });
  });

  it('works inside another element’s shadow root, with the provider outside it', async () => {
    const provider = await fixture<LedgerProvider>(html`<ledger-provider .client=${client()}><div id="host"></div></ledger-provider>`);
    const shadow = provider.querySelector('#host')!.attachShadow({ mode: 'open' });
    const el = document.createElement('ledger-sidebar');
    el.ticketId = demoIds.ticketId;
    shadow.append(el);
    await waitUntil(() => el.shadowRoot?.querySelector('ledger-document-list')?.shadowRoot?.textContent?.includes('INV-'), 'documents load', { timeout: 5000 });
  });
});
