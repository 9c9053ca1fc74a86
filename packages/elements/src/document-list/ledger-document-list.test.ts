import { aTimeout, expect, fixture, html, oneEvent, waitUntil as waitUntilOnce } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { createLedgerClient } from '@ledgerside/client';
import { DEFAULT_PAGE_SIZE, formatMoney, summarizeDocuments, type Document } from '@ledgerside/contract';
import { demoIds, manyIds, tokenFor } from '@ledgerside/mocks';
import { MockApi, today, trackedFetch } from '../testing/backend.js';
import type { LedgerProvider } from '../provider/ledger-provider.js';
import type { LedgerDocumentList } from './ledger-document-list.js';
import '../provider/define.js';
import './define.js';

/** `waitUntil` with room for a busy shared machine (five seconds unless told). */
const waitUntil = (predicate: () => unknown, message: string, options: { timeout?: number } = {}) =>
  waitUntilOnce(predicate, message, { timeout: 5000, ...options });
const I = demoIds.invoices;
const Q = demoIds.quotes;

const api = new MockApi();
/** Whether the live-events stream has been answered since the test began (the core now delivers events to it). */
let streamAnswered = false;
const liveOpen = () => waitUntil(() => streamAnswered, 'the live events stream opens');

interface MountOptions {
  user?: string;
  attrs?: Record<string, string>;
  provider?: Record<string, string>;
  /** Wait for the session (false for a scenario that never answers in time). */
  waitForSession?: boolean;
  width?: number;
  locale?: string;
}

async function mount({ user = demoIds.users.agent, attrs = {}, provider = { 'ticket-id': demoIds.ticketId }, waitForSession = true, width = 420, locale = 'en-US' }: MountOptions = {}) {
  // No retries: a failure the scenario plans shows as it happens.
  const client = createLedgerClient({ baseUrl: '', getToken: () => tokenFor(user), retries: 0, fetch: trackedFetch });
  const wrapper = await fixture<HTMLElement>(html`<div style="width:${width}px"></div>`);
  const p = document.createElement('ledger-provider') as LedgerProvider;
  p.client = client;
  p.setAttribute('locale', locale);
  for (const [k, v] of Object.entries(provider)) p.setAttribute(k, v);
  const el = document.createElement('ledger-document-list');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  p.append(el);
  wrapper.append(p);
  if (waitForSession) await waitUntil(() => p.runtime.session.status === 'ready', 'the session loads');
  return el;
}

const root = (el: LedgerDocumentList) => el.shadowRoot!;
const rows = (el: LedgerDocumentList) => [...root(el).querySelectorAll<HTMLElement>('[role=listitem]')];
const row = (el: LedgerDocumentList, id: string) => root(el).querySelector<HTMLElement>(`[role=listitem][data-id="${id}"]`);
const badge = (r: HTMLElement) => r.querySelector<HTMLElement>('[part=status-badge]')!;
const menuItems = (el: LedgerDocumentList) => [...root(el).querySelectorAll<HTMLElement>('[role=menuitem]')];
const listRequests = () => api.made('GET', '/v1/documents');
/** A document as the admin reads it from the server now. */
const doc = (id: string): Promise<Document> => api.as('admin').getDocument({ params: { id } });

async function rowsLoaded(el: LedgerDocumentList): Promise<void> {
  await waitUntil(() => rows(el).length > 0, 'rows render', { timeout: 5000 });
}

/** Opens a row's menu from the keyboard and chooses the item labelled `label`. */
async function choose(el: LedgerDocumentList, id: string, label: string | RegExp): Promise<void> {
  const trigger = row(el, id)!.querySelector<HTMLButtonElement>('[aria-haspopup=menu]')!;
  trigger.focus();
  trigger.click();
  await waitUntil(() => menuItems(el).length > 0, 'the menu opens');
  const item = menuItems(el).find((i) => (typeof label === 'string' ? i.textContent!.trim() === label : label.test(i.textContent!)));
  if (!item) throw new Error(`no menu item ${label}: ${menuItems(el).map((i) => i.textContent!.trim()).join(', ')}`);
  item.click();
}

async function confirmDialog(el: LedgerDocumentList, label: RegExp): Promise<void> {
  const dialog = root(el).querySelector('ledger-confirm-dialog')!;
  await waitUntil(() => dialog.shadowRoot?.querySelector('dialog')?.open, 'the confirmation opens');
  [...dialog.shadowRoot!.querySelectorAll('button')].find((b) => label.test(b.textContent!))!.click();
}

describe('<ledger-document-list>', () => {
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);
  before(async function () {
    // The first start builds the demo's core in this tab.
    this.timeout(60_000);
    await api.start();
    api.worker.events.on('response:mocked', ({ request }) => {
      if (new URL(request.url).pathname === '/v1/events') streamAnswered = true;
    });
  });
  after(() => api.stop());
  beforeEach(() => (streamAnswered = false));

  describe('rows and summary', () => {
    beforeEach(() => api.reset('demo'));

    it('renders each status with its label and icon, newest first', async () => {
      const el = await mount({ provider: {}, attrs: { 'customer-id': demoIds.customers.acme } });
      await rowsLoaded(el);
      const expected: Record<string, string> = {
        [I.draft]: 'Draft',
        [I.sent]: 'Sent',
        [I.partiallyPaid]: 'Partially paid',
        [I.paid]: 'Paid',
        [I.overdue]: 'Overdue',
        [I.void]: 'Void',
        [I.deleted]: 'Deleted',
        [Q.draft]: 'Draft',
        [Q.accepted]: 'Accepted',
        [Q.declined]: 'Declined',
        [Q.expired]: 'Expired',
        [Q.invoiced]: 'Invoiced',
      };
      for (const [id, label] of Object.entries(expected)) {
        const r = row(el, id);
        const d = await doc(id);
        expect(r, id).to.exist;
        expect(badge(r!).textContent!.trim(), id).to.equal(label);
        expect(badge(r!).querySelector('svg'), `${id} has an icon`).to.exist;
        expect(r!.textContent).to.contain(d.number);
        expect(r!.textContent).to.contain(formatMoney(d.totals.total, d.currency, 'en-US'));
      }
      // Newest first: the draft quote was created last.
      expect(rows(el)[0]!.dataset.id).to.equal(Q.draft);
      await expect(el).to.be.accessible();
    });

    it('shows kind, number, dates, total and balance in the document currency', async () => {
      const el = await mount();
      await rowsLoaded(el);
      const partial = await doc(I.overdue);
      const text = row(el, I.overdue)!.textContent!.replace(/\s+/g, ' ');
      const date = (iso: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
      expect(text).to.contain('Invoice');
      expect(text).to.contain(partial.number);
      expect(text).to.contain(date(partial.issueDate));
      expect(text).to.contain(`Due ${date(partial.dueDate!)}`);
      expect(text).to.contain(formatMoney(partial.totals.total, 'USD', 'en-US'));
      expect(text).to.contain(`Balance ${formatMoney(partial.balance, 'USD', 'en-US')}`);
    });

    it('a balance shows only where something is billed: not on drafts, void or deleted invoices, or quotes', async () => {
      const el = await mount({ provider: {}, attrs: { 'customer-id': demoIds.customers.acme } });
      await rowsLoaded(el);
      const balance = (id: string) => row(el, id)!.textContent!.includes('Balance');
      for (const id of [I.sent, I.partiallyPaid, I.paid, I.overdue]) expect(balance(id), `${id} shows its balance`).to.be.true;
      for (const id of [I.draft, I.void, I.deleted, Q.draft, Q.accepted, Q.invoiced]) expect(balance(id), `${id} shows no balance`).to.be.false;
    });

    it('summary totals equal the contract computation over the documents, per currency', async () => {
      // No scope: the agent sees every document, in USD and CZK.
      const el = await mount({ provider: {} });
      await rowsLoaded(el);
      await waitUntil(() => root(el).querySelector('[part=summary]'), 'the summary renders');
      const all = (await api.as('admin').listDocuments({ query: { limit: 200 } })).items;
      const expected = summarizeDocuments(all, today());
      expect(expected.currencies.map((c) => c.currency)).to.deep.equal(['CZK', 'USD']);
      const blocks = [...root(el).querySelectorAll<HTMLElement>('[part=summary] dl')];
      expect(blocks).to.have.length(expected.currencies.length);
      expected.currencies.forEach((sums, i) => {
        const figures = [...blocks[i]!.querySelectorAll('dd')].map((dd) => dd.textContent!.trim());
        expect(blocks[i]!.getAttribute('aria-label')).to.contain(sums.currency);
        expect(figures).to.deep.equal([sums.invoiced, sums.outstanding, sums.overdue].map((m) => formatMoney(m, sums.currency, 'en-US')));
      });
      expect(expected.currencies.find((c) => c.currency === 'USD')!.overdue).to.be.greaterThan(0);
      await expect(el).to.be.accessible();
    });

    it('filters by kind and status on the server', async () => {
      const el = await mount();
      await rowsLoaded(el);
      const kind = root(el).querySelector<HTMLSelectElement>('#kind')!;
      kind.value = 'invoice';
      kind.dispatchEvent(new Event('change'));
      const status = root(el).querySelector<HTMLSelectElement>('#status')!;
      await el.updateComplete;
      status.value = 'overdue';
      status.dispatchEvent(new Event('change'));
      await waitUntil(() => rows(el).length === 1 && row(el, I.overdue), 'only the overdue invoice is left');
      const last = listRequests().at(-1)!.search;
      expect([last.get('kind'), last.get('status')]).to.deep.equal(['invoice', 'overdue']);
      expect(el.getAttribute('status')).to.equal('overdue');
    });
  });

  describe('paging', () => {
    const ticketId = 'ticket-paged';
    const count = DEFAULT_PAGE_SIZE + 5;
    beforeEach(() =>
      api.reset('demo', {}, async (a) => {
        for (let i = 1; i <= count; i++) {
          await a.as('admin').createDocument({
            body: {
              kind: 'invoice',
              customerId: demoIds.customers.acme,
              ticketId,
              currency: 'USD',
              issueDate: today(),
              lines: [{ description: `Visit ${i}`, quantity: 1, unitPrice: 1000 }],
            },
          });
        }
      }),
    );

    it('the first page is the server’s default page (50), and the next one starts where the server’s ends', async () => {
      const el = await mount({ provider: { 'ticket-id': ticketId } });
      await rowsLoaded(el);
      const [first] = listRequests();
      expect(first!.search.get('limit')).to.equal(String(DEFAULT_PAGE_SIZE));
      expect(first!.search.has('cursor')).to.equal(false);
      // Asked without a size, the server pages by 50 (the old mocks by 25).
      const page = await api.as(demoIds.users.agent).listDocuments({ query: { ticketId } });
      expect(page.items).to.have.length(DEFAULT_PAGE_SIZE);
      expect(page.nextCursor).to.be.a('string');
      expect(rows(el)[0]!.dataset.id).to.equal(page.items[0]!.id);
      expect(rows(el)[0]!.getAttribute('aria-setsize'), 'more to come').to.equal('-1');

      // Scrolled to the end: the rest is asked for from where the server's default page ended.
      const scroller = root(el).querySelector<HTMLElement>('[part=scroller]')!;
      await waitUntil(() => {
        scroller.scrollTop = scroller.scrollHeight;
        return listRequests().length > 1;
      }, 'the next page is asked for');
      expect(listRequests()[1]!.search.get('cursor')).to.equal(page.nextCursor);
      await waitUntil(() => Number(rows(el)[0]?.getAttribute('aria-setsize')) === count, 'every document is listed');
      expect(listRequests()).to.have.length(2);
    });
  });

  describe('live updates', () => {
    beforeEach(() => api.reset('demo'));

    it('a payment recorded elsewhere turns the row paid without refetching the list, highlighted and announced', async () => {
      const el = await mount();
      await rowsLoaded(el);
      await liveOpen();
      const sent = await doc(I.sent);
      expect(badge(row(el, I.sent)!).textContent!.trim()).to.equal('Sent');
      const listCalls = listRequests().length;

      await api.as('admin').recordPayment({ params: { id: I.sent }, body: { amount: sent.balance, date: today(), method: 'card' } });

      await waitUntil(() => badge(row(el, I.sent)!).textContent!.trim() === 'Paid', 'the row turns paid', { timeout: 5000 });
      const r = row(el, I.sent)!;
      expect(r.textContent).to.contain(`Balance ${formatMoney(0, 'USD', 'en-US')}`);
      expect(r.hasAttribute('data-flash')).to.equal(true);
      const live = root(el).querySelector('[aria-live=polite][role=status]')!;
      expect(live.textContent).to.contain(sent.number).and.contain('Paid');
      expect(listRequests()).to.have.length(listCalls);
      await expect(el).to.be.accessible();
    });

    it('a new document appears on top and a deleted one shows as deleted', async () => {
      const el = await mount();
      await rowsLoaded(el);
      await liveOpen();
      const listCalls = listRequests().length;
      const created = await api.as('admin').createDocument({
        body: {
          kind: 'invoice',
          customerId: demoIds.customers.acme,
          ticketId: demoIds.ticketId,
          currency: 'USD',
          issueDate: today(),
          lines: [{ description: 'Live one', quantity: 1, unitPrice: 4200 }],
        },
      });
      await waitUntil(() => rows(el)[0]?.dataset.id === created.id, 'the new invoice is on top', { timeout: 5000 });
      const draft = await doc(I.draft);
      await api.as('admin').deleteDocument({ params: { id: I.draft }, ifMatch: draft.version });
      await waitUntil(() => badge(row(el, I.draft)!).textContent!.trim() === 'Deleted', 'the row shows deleted', { timeout: 5000 });
      expect(listRequests()).to.have.length(listCalls);
    });
  });

  describe('refresh', () => {
    beforeEach(() => api.reset('demo'));

    it('Refresh pulls what changed in the billing app without a live event', async () => {
      const el = await mount();
      await rowsLoaded(el);
      const { version } = await doc(I.draft);
      await api.quietly(() => api.as('admin').markDocumentSent({ params: { id: I.draft }, ifMatch: version }));
      expect(badge(row(el, I.draft)!).textContent!.trim()).to.equal('Draft');
      const calls = api.requests.length;
      root(el).querySelector<HTMLButtonElement>('[part=header] button[aria-label=Refresh]')!.click();
      await waitUntil(() => badge(row(el, I.draft)!).textContent!.trim() === 'Sent', 'the row shows the change');
      const again = api.requests.slice(calls).map((r) => `${r.method} ${r.path}`);
      expect(again).to.include.members(['GET /v1/documents', 'GET /v1/documents/summary', 'GET /v1/unread']);
    });
  });

  describe('row actions', () => {
    beforeEach(() => api.reset('demo'));

    it('voids from the menu after confirmation and updates the row in place', async () => {
      const el = await mount();
      await rowsLoaded(el);
      const updated = oneEvent(el, 'ledger-document-updated');
      await choose(el, I.draft, 'Void…');
      await confirmDialog(el, /^Void$/);
      expect((await updated).detail.document.status).to.equal('void');
      await waitUntil(() => badge(row(el, I.draft)!).textContent!.trim() === 'Void', 'the row is void');
      expect(root(el).querySelector('[role=status][aria-live=polite]')!.textContent).to.contain('void');
      await expect(el).to.be.accessible();
    });

    it('a stale version (412) shows the reason and takes the current version, so a retry works', async () => {
      const el = await mount();
      await rowsLoaded(el);
      // Someone changes the draft while this list is not told (no live event).
      const { version } = await doc(I.draft);
      await api.quietly(() => api.as('admin').updateDocument({ params: { id: I.draft }, body: { notes: 'changed elsewhere' }, ifMatch: version }));

      await choose(el, I.draft, 'Mark as sent');
      await waitUntil(() => row(el, I.draft)!.querySelector('[role=alert]'), 'the reason shows under the row');
      expect(row(el, I.draft)!.querySelector('[role=alert]')!.textContent).to.match(/changed elsewhere/);
      expect(badge(row(el, I.draft)!).textContent!.trim()).to.equal('Draft');
      expect((await doc(I.draft)).status).to.equal('draft');
      await expect(el).to.be.accessible();

      // The row now holds the current version: the same action goes through.
      await choose(el, I.draft, 'Mark as sent');
      await waitUntil(() => badge(row(el, I.draft)!).textContent!.trim() === 'Sent', 'marked as sent');
      expect(row(el, I.draft)!.querySelector('[role=alert]')).to.equal(null);
    });

    it('a refused rule (422) shows the reason and the row is read again', async () => {
      const el = await mount();
      await rowsLoaded(el);
      const before = rows(el).length;
      const { version } = await doc(I.draft);
      await api.quietly(() => api.as('admin').deleteDocument({ params: { id: I.draft }, ifMatch: version }));

      await choose(el, I.draft, 'Clone');
      await waitUntil(() => row(el, I.draft)!.querySelector('[role=alert]'), 'the reason shows under the row');
      expect(row(el, I.draft)!.querySelector('[role=alert]')!.textContent).to.contain('A deleted document cannot change any more.');
      await waitUntil(() => badge(row(el, I.draft)!).textContent!.trim() === 'Deleted', 'the row shows what the server has');
      expect(rows(el)).to.have.length(before);
      expect(api.made('POST', `/v1/documents/${I.draft}/clone`)).to.not.have.length(0);
    });

    it('while the integration is off, a write is refused by the server and its reason shows under the row', async () => {
      const el = await mount();
      await rowsLoaded(el);
      // An admin turns the integration off elsewhere; this list is not told and still offers the action.
      await api.quietly(() => api.as('admin').updateIntegration({ body: { state: 'disabled' } }));

      await choose(el, I.draft, 'Mark as sent');
      await waitUntil(() => row(el, I.draft)!.querySelector('[role=alert]'), 'the reason shows under the row');
      // The server's own sentence (the old mocks said "changes are refused").
      expect(row(el, I.draft)!.querySelector('[role=alert]')!.textContent).to.contain('The billing integration is disabled; an admin can enable it again.');
      expect(badge(row(el, I.draft)!).textContent!.trim()).to.equal('Draft');
      expect((await doc(I.draft)).status).to.equal('draft');

      // Reads are still allowed: Refresh loads the list, the summary and the unread counts.
      const calls = api.requests.length;
      root(el).querySelector<HTMLButtonElement>('[part=header] button[aria-label=Refresh]')!.click();
      await waitUntil(() => api.requests.length >= calls + 3 && !root(el).querySelector('[part=skeleton]'), 'the list is read again');
      await waitUntil(() => row(el, I.draft) && root(el).querySelector('[part=summary]'), 'rows and summary show');
      expect(root(el).querySelector('[part=error]')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('a clone appears on top as a new draft and is announced to the host', async () => {
      const el = await mount();
      await rowsLoaded(el);
      const created = oneEvent(el, 'ledger-document-created');
      await choose(el, I.sent, 'Clone');
      const { detail } = await created;
      expect(detail.document.status).to.equal('draft');
      await waitUntil(() => rows(el)[0]?.dataset.id === detail.document.id, 'the clone is on top');
    });

    it('confirms each action on screen in a polite status line: cloned, marked sent, emailed, converted, payment recorded', async () => {
      const number = Object.fromEntries(
        await Promise.all([I.sent, I.draft, Q.accepted, I.partiallyPaid, I.overdue].map(async (id) => [id, (await doc(id)).number] as const)),
      );
      const el = await mount({ provider: {}, attrs: { 'customer-id': demoIds.customers.acme } });
      await rowsLoaded(el);
      // Rows further down are scrolled into view first: the menu closes when the list scrolls.
      const chooseInView = async (list: LedgerDocumentList, id: string, label: string) => {
        await waitUntil(() => row(list, id), `the row of ${id}`);
        row(list, id)!.scrollIntoView({ block: 'nearest' });
        await aTimeout(150);
        await choose(list, id, label);
      };
      const status = () => root(el).querySelector<HTMLElement>('[part=announcer]')!;
      /** The confirmation shows: a polite status, on screen (not only for screen readers). */
      const confirmed = async (what: RegExp) => {
        await waitUntil(() => what.test(status().textContent!), `"${what}" is announced`).catch((error: Error) => {
          throw new Error(`${error.message}; the status line says "${status().textContent}", the row problems: "${[...root(el).querySelectorAll('.problem')].map((p) => p.textContent!.trim()).join(' | ')}"`);
        });
        expect(status().getAttribute('role')).to.equal('status');
        expect(status().getAttribute('aria-live')).to.equal('polite');
        const box = status().getBoundingClientRect();
        expect(box.width > 20 && box.height > 10, 'the status line is visible').to.equal(true);
        expect(status().classList.contains('visually-hidden')).to.equal(false);
      };

      await chooseInView(el, I.sent, 'Clone');
      await confirmed(new RegExp(`^INV-\\d+ created as a draft copy of ${number[I.sent]}\\.`));
      await expect(el).to.be.accessible();

      await chooseInView(el, I.draft, 'Mark as sent');
      await confirmed(new RegExp(`^${number[I.draft]} marked as sent\\.`));

      await chooseInView(el, Q.accepted, 'Convert to invoice');
      await confirmed(new RegExp(`^${number[Q.accepted]} was converted into invoice INV-\\d+\\.`));

      await chooseInView(el, I.partiallyPaid, 'Email to customer…');
      const email = root(el).querySelector('ledger-email-dialog')!;
      await waitUntil(() => email.shadowRoot?.querySelector('dialog')?.open && email.shadowRoot.querySelector<HTMLInputElement>('#to')!.value, 'the email dialog, addressed');
      const to = email.shadowRoot!.querySelector<HTMLInputElement>('#to')!.value;
      [...email.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Send email')!.click();
      await confirmed(new RegExp(`^${number[I.partiallyPaid]} was emailed to ${to.replace(/[.]/g, '\\.')}\\.`));

      await chooseInView(el, I.overdue, 'Record payment…');
      const payment = root(el).querySelector('ledger-payment-dialog')!;
      await waitUntil(() => payment.shadowRoot?.querySelector('dialog')?.open, 'the payment dialog');
      const amount = payment.shadowRoot!.querySelector<HTMLInputElement>('#amount')!;
      if (!amount.value) {
        amount.value = '10.00';
        amount.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      }
      payment.shadowRoot!.querySelector<HTMLFormElement>('form')!.requestSubmit();
      await confirmed(new RegExp(`^Payment recorded on ${number[I.overdue]}\\.`));
    });

    it('the live echo of a person’s own payment updates the row without taking its confirmation off the screen', async () => {
      // The live events reach this list late (as on a slow connection): the payment's own
      // answer comes first, its live echo after.
      let echoed = false;
      api.worker.use(
        http.get('*/v1/events', async ({ request }) => {
          const response = await api.scenario.fetch(request);
          const late = response.body!.pipeThrough(
            new TransformStream<Uint8Array, Uint8Array>({
              async transform(chunk, controller) {
                await aTimeout(700);
                controller.enqueue(chunk);
                if (new TextDecoder().decode(chunk).includes('payment.recorded')) echoed = true;
              },
            }),
          );
          return new Response(late, { status: response.status, headers: response.headers });
        }),
      );
      const number = (await doc(I.overdue)).number;
      const el = await mount({ provider: {}, attrs: { 'customer-id': demoIds.customers.acme } });
      await rowsLoaded(el);
      await waitUntil(() => row(el, I.overdue), 'the overdue invoice’s row');
      row(el, I.overdue)!.scrollIntoView({ block: 'nearest' });
      await aTimeout(150);
      await choose(el, I.overdue, 'Record payment…');
      const payment = root(el).querySelector('ledger-payment-dialog')!;
      await waitUntil(() => payment.shadowRoot?.querySelector('dialog')?.open, 'the payment dialog');
      const amount = payment.shadowRoot!.querySelector<HTMLInputElement>('#amount')!;
      amount.value = '10.00';
      amount.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      payment.shadowRoot!.querySelector<HTMLFormElement>('form')!.requestSubmit();
      const status = () => root(el).querySelector<HTMLElement>('[part=announcer]')!;
      const confirmation = new RegExp(`^Payment recorded on ${number}\\.`);
      await waitUntil(() => confirmation.test(status().textContent!), 'the payment is confirmed');
      await waitUntil(() => echoed, 'the live echo of the payment arrives', { timeout: 10_000 });
      await aTimeout(100);
      expect(status().textContent, 'the confirmation stays').to.match(confirmation);
      expect(status().classList.contains('visually-hidden'), 'on screen').to.equal(false);
    });

    it('open and edit are handed to the host', async () => {
      const el = await mount();
      await rowsLoaded(el);
      const opened = oneEvent(el, 'ledger-document-open-requested');
      row(el, I.sent)!.querySelector<HTMLButtonElement>('[part=row-open]')!.click();
      expect((await opened).detail.document.id).to.equal(I.sent);
      const edit = oneEvent(el, 'ledger-document-edit-requested');
      await choose(el, I.sent, 'Edit');
      expect((await edit).detail.document.id).to.equal(I.sent);
    });

    it('unavailable actions are disabled with the reason; other kinds’ actions are left out', async () => {
      const el = await mount();
      await rowsLoaded(el);
      row(el, I.paid)!.querySelector<HTMLButtonElement>('[aria-haspopup=menu]')!.click();
      await waitUntil(() => menuItems(el).length > 0, 'the menu opens');
      const labels = menuItems(el).map((i) => i.textContent!.trim());
      expect(labels).to.not.include('Convert to invoice');
      const voidItem = menuItems(el).find((i) => i.textContent!.trim() === 'Void…')!;
      expect(voidItem.getAttribute('aria-disabled')).to.equal('true');
      const why = root(el).getElementById(voidItem.getAttribute('aria-describedby')!)!;
      expect(why.textContent).to.equal('A paid invoice cannot be voided.');
      voidItem.click();
      expect(api.requests.some((r) => r.path.endsWith('/void'))).to.equal(false);
      expect(menuItems(el)).to.not.have.length(0);
      await expect(el).to.be.accessible();
    });
  });

  describe('keyboard', () => {
    beforeEach(() => api.reset('demo'));

    it('the row menu opens with Enter, Space and arrows, moves with arrows, and Escape returns focus', async () => {
      const el = await mount();
      await rowsLoaded(el);
      const trigger = row(el, I.sent)!.querySelector<HTMLButtonElement>('[aria-haspopup=menu]')!;
      const active = () => root(el).activeElement as HTMLElement | null;
      const key = (target: Element, k: string) => target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));

      trigger.focus();
      key(trigger, 'ArrowDown');
      await waitUntil(() => active()?.getAttribute('role') === 'menuitem', 'focus is in the menu');
      expect(trigger.getAttribute('aria-expanded')).to.equal('true');
      expect(active()!.textContent!.trim()).to.equal('Open');
      key(active()!, 'ArrowDown');
      await waitUntil(() => active()!.textContent!.trim() === 'Edit', 'ArrowDown moves');
      key(active()!, 'End');
      await waitUntil(() => active()!.textContent!.trim() === 'Delete…', 'End goes last');
      key(active()!, 'ArrowDown');
      await waitUntil(() => active()!.textContent!.trim() === 'Open', 'wraps to the top');
      key(active()!, 'Escape');
      await waitUntil(() => menuItems(el).length === 0, 'Escape closes');
      expect(active()).to.equal(trigger);
      expect(trigger.getAttribute('aria-expanded')).to.equal('false');

      key(trigger, 'ArrowUp');
      await waitUntil(() => active()?.textContent!.trim() === 'Delete…', 'ArrowUp opens on the last item');
      key(active()!, 'Escape');
      await waitUntil(() => active() === trigger, 'focus back on the trigger');

      // Enter and Space reach the native button as a click.
      trigger.click();
      await waitUntil(() => active()?.getAttribute('role') === 'menuitem', 'a click opens on the first item');
      key(active()!, 'm');
      await waitUntil(() => active()!.textContent!.trim() === 'Mark as sent', 'typing a letter jumps');
      // Already sent: Enter on an unavailable item does nothing, and the reason shows.
      key(active()!, 'Enter');
      await el.updateComplete;
      expect(menuItems(el)).to.not.have.length(0);
      expect(root(el).querySelector('[role=menu]')!.textContent).to.contain('The document already has that status.');
      await expect(el).to.be.accessible();
      key(active()!, 'Home');
      await waitUntil(() => active()!.textContent!.trim() === 'Open', 'Home goes first');
      const opened = oneEvent(el, 'ledger-document-open-requested');
      key(active()!, 'Enter');
      expect((await opened).detail.document.id).to.equal(I.sent);
      await waitUntil(() => menuItems(el).length === 0 && active() === trigger, 'Enter chooses, closes and returns focus');
    });

    it('one row holds the tab stop; arrows, Home and End move between rows', async () => {
      const el = await mount();
      await rowsLoaded(el);
      const stops = () => [...root(el).querySelectorAll<HTMLElement>('.list [tabindex="0"]')];
      const first = rows(el)[0]!;
      expect(stops().every((s) => first.contains(s))).to.equal(true);
      const open = first.querySelector<HTMLElement>('[part=row-open]')!;
      open.focus();
      open.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true }));
      const second = rows(el)[1]!;
      await waitUntil(() => root(el).activeElement === second.querySelector('[part=row-open]'), 'focus moved to the next row');
      expect(stops().every((s) => second.contains(s))).to.equal(true);
      (root(el).activeElement as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true, composed: true }));
      const last = rows(el).at(-1)!;
      await waitUntil(() => root(el).activeElement === last.querySelector('[part=row-open]'), 'End goes to the last row');
    });
  });

  describe('unread', () => {
    beforeEach(() => api.reset('demo'));

    it('shows the unread count and asks the host to open the conversation', async () => {
      const el = await mount();
      await rowsLoaded(el);
      const unread = (await api.as(demoIds.users.agent).getUnread()).byTransaction.find((t) => t.transactionId === I.sent)!;
      await waitUntil(() => row(el, I.sent)!.querySelector('[part=unread]'), 'the badge shows');
      const button = row(el, I.sent)!.querySelector<HTMLButtonElement>('[part=unread]')!;
      expect(button.textContent!.trim()).to.equal(String(unread.count));
      expect(button.getAttribute('aria-label')).to.contain(`${unread.count} unread`);
      expect(row(el, I.paid)!.querySelector('[part=unread]')).to.equal(null);
      const requested = oneEvent(el, 'ledger-conversation-requested');
      button.click();
      expect((await requested).detail).to.deep.equal({ transactionType: 'invoice', transactionId: I.sent });
    });
  });

  describe('states', () => {
    it('empty: one sentence and "Create invoice"', async () => {
      await api.reset('empty');
      const el = await mount();
      await waitUntil(() => root(el).querySelector('[part=empty]'), 'the empty state');
      expect(root(el).querySelector('[part=empty]')!.textContent).to.contain('No invoices or quotes for this ticket yet.');
      const requested = oneEvent(el, 'ledger-document-create-requested');
      [...root(el).querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Create invoice')!.click();
      expect((await requested).detail).to.deep.equal({ kind: 'invoice' });
      await expect(el).to.be.accessible();
    });

    it('loading: a skeleton announced as loading', async () => {
      await api.reset('slow', { delayMs: 10_000 });
      const list = await mount({ waitForSession: false });
      await waitUntil(() => root(list).querySelector('[part=skeleton]'), 'the skeleton');
      expect(root(list).querySelector('[part=skeleton]')!.textContent).to.contain('Loading invoices and quotes');
      await expect(list).to.be.accessible();
    });

    it('error: plain words and a Retry that recovers; the host hears of it', async () => {
      await api.reset('demo', { failing: { fail: ['listDocuments'], times: 1, status: 503 } });
      const errors: string[] = [];
      const listen = (e: Event) => errors.push((e as CustomEvent<{ operation: string }>).detail.operation);
      document.addEventListener('ledger-error', listen);
      const el = await mount();
      await waitUntil(() => root(el).querySelector('[part=error]'), 'the error banner');
      document.removeEventListener('ledger-error', listen);
      expect(errors).to.include('listDocuments');
      expect(root(el).querySelector('[part=error]')!.textContent).to.contain('The billing service had a problem');
      await expect(el).to.be.accessible();
      [...root(el).querySelectorAll<HTMLButtonElement>('[part=error] button')].find((b) => b.textContent!.trim() === 'Retry')!.click();
      await rowsLoaded(el);
      expect(root(el).querySelector('[part=error]')).to.equal(null);
    });

    it('an error banner goes when its cause does: a failed refresh clears once the connection is back and new rows load', async () => {
      await api.reset('demo');
      const el = await mount();
      await rowsLoaded(el);
      await liveOpen();
      const banner = () => root(el).querySelector('[part=error]');
      const down = () =>
        api.worker.use(
          http.get('*/v1/documents', () => HttpResponse.json({ error: { code: 'unavailable', message: 'Down' } }, { status: 503 }), { once: true }),
        );

      // The connection drops: Refresh fails, the rows stay under a banner.
      down();
      root(el).querySelector<HTMLButtonElement>('[part=header] button[aria-label=Refresh]')!.click();
      await waitUntil(() => banner(), 'the error banner');
      // The rows stay under it (laid out again beside the banner: a frame later on a busy machine).
      await waitUntil(() => rows(el).length > 0, 'the rows stay under the banner');

      // It is back: a live event brings a new row, and the list is read again — the banner goes.
      const created = await api.as('admin').createDocument({
        body: {
          kind: 'invoice',
          customerId: demoIds.customers.acme,
          ticketId: demoIds.ticketId,
          currency: 'USD',
          issueDate: today(),
          lines: [{ description: 'After the outage', quantity: 1, unitPrice: 4200 }],
        },
      });
      await waitUntil(() => rows(el)[0]?.dataset.id === created.id, 'the new row is on top');
      await waitUntil(() => !banner(), 'the banner is gone');
      // Checked once the list is read again: while it loads, its rows are dimmed on purpose.
      await waitUntil(() => root(el).querySelector('[part=list]')?.getAttribute('aria-busy') === 'false', 'the list is read again');
      await expect(el).to.be.accessible();

      // The browser says it is online again: the same.
      down();
      root(el).querySelector<HTMLButtonElement>('[part=header] button[aria-label=Refresh]')!.click();
      await waitUntil(() => banner(), 'the error banner again');
      window.dispatchEvent(new Event('online'));
      await waitUntil(() => !banner(), 'the banner is gone once online');
      expect(row(el, created.id)).to.exist;
    });

    it('read-only for a light agent: one line why, no write actions, no create', async () => {
      await api.reset('readOnly');
      const el = await mount({ user: demoIds.users.lightAgent });
      await rowsLoaded(el);
      expect(root(el).querySelector('[part=readonly-note]')!.textContent).to.contain('can view these documents but not change them');
      row(el, I.draft)!.querySelector<HTMLButtonElement>('[aria-haspopup=menu]')!.click();
      await waitUntil(() => menuItems(el).length > 0, 'the menu opens');
      expect(menuItems(el).map((i) => i.textContent!.trim())).to.deep.equal(['Open', 'Download PDF', 'Open in billing app']);
      await expect(el).to.be.accessible();
    });

    it('read-only while the integration is turned off, with the reason', async () => {
      await api.reset('demo', {}, (a) => a.as('admin').updateIntegration({ body: { state: 'disabled' } }));
      const el = await mount();
      await rowsLoaded(el);
      expect(root(el).querySelector('[part=readonly-note]')!.textContent).to.contain('integration is turned off');
      row(el, I.draft)!.querySelector<HTMLButtonElement>('[aria-haspopup=menu]')!.click();
      await waitUntil(() => menuItems(el).length > 0, 'the menu opens');
      expect(menuItems(el).map((i) => i.textContent!.trim())).to.deep.equal(['Open', 'Download PDF', 'Open in billing app']);
      await expect(el).to.be.accessible();
    });

    it('read-only for a client: only its own documents, no write actions', async () => {
      await api.reset('demo');
      const el = await mount({ user: demoIds.users.client, provider: {} });
      await rowsLoaded(el);
      expect(root(el).querySelector('[part=readonly-note]')).to.exist;
      expect(row(el, I.otherCurrency)).to.equal(null);
      await expect(el).to.be.accessible();
    });
  });

  describe('layout', () => {
    beforeEach(() => api.reset('demo'));

    /** Text that does not fit its box: cut-off elements and selects whose chosen option is wider than they are. */
    function cutOff(el: LedgerDocumentList): string[] {
      const found: string[] = [];
      const canvas = document.createElement('canvas').getContext('2d')!;
      for (const node of root(el).querySelectorAll<HTMLElement>('*')) {
        const style = getComputedStyle(node);
        if (node.clientWidth <= 1 || style.display === 'none' || node.closest('[hidden], .visually-hidden')) continue;
        if (style.clipPath !== 'none') continue;
        if (node instanceof HTMLSelectElement) {
          canvas.font = style.font;
          const chosen = node.selectedOptions[0]?.textContent ?? '';
          const room = node.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16; // the arrow
          if (canvas.measureText(chosen).width > room) found.push(`select "${chosen}"`);
        } else if (node.scrollWidth > node.clientWidth + 1) {
          found.push(`${node.localName}.${node.className} "${node.textContent!.trim().slice(0, 60)}"`);
        }
      }
      return found;
    }

    // The list's width in the sidebar's panel on a 320 px and a 480 px wide screen.
    for (const [locale, screen, width] of [['cs-CZ', 320, 272], ['cs-CZ', 480, 432], ['es-ES', 320, 272], ['en-US', 320, 272]] as const) {
      it(`nothing is cut off on a ${screen} px screen in ${locale}: filters, numbers, dates, amounts`, async () => {
        const el = await mount({ provider: {}, attrs: { 'customer-id': demoIds.customers.acme }, width, locale });
        await rowsLoaded(el);
        await waitUntil(() => root(el).querySelector('[part=summary]'), 'the summary');
        await el.updateComplete;
        await aTimeout(50);
        expect(cutOff(el)).to.deep.equal([]);
      });
    }
  });

  describe('scale', () => {
    it('10,000 rows page in from the server and only a window of them is in the DOM', async function () {
      this.timeout(120_000);
      await api.reset('many');
      const el = await mount({ provider: {}, attrs: { 'customer-id': demoIds.customers.acme, 'page-size': '200' } });
      await rowsLoaded(el);
      const scroller = root(el).querySelector<HTMLElement>('[part=scroller]')!;
      const setSize = () => Number(rows(el)[0]?.getAttribute('aria-setsize'));
      for (let i = 0; i < 100 && setSize() !== manyIds.documents; i++) {
        const before = listRequests().length;
        // Scrolled to the end (again, as the virtualizer refines its height estimate).
        await waitUntil(
          () => {
            scroller.scrollTop = scroller.scrollHeight;
            return listRequests().length > before || setSize() === manyIds.documents;
          },
          'the next page is asked for',
          { timeout: 5000 },
        );
        await waitUntil(() => !root(el).querySelector('[part=more] .spinner'), 'the page arrives', { timeout: 10_000 });
      }
      expect(setSize()).to.equal(manyIds.documents);
      expect(listRequests().length).to.equal(manyIds.documents / 200);
      // To the end, again as the virtualizer refines its height estimate.
      await waitUntil(() => {
        scroller.scrollTop = scroller.scrollHeight;
        return rows(el).some((r) => r.dataset.id === manyIds.documentId(1));
      }, 'the oldest row renders at the end', { timeout: 10_000 });
      const last = rows(el).find((r) => r.dataset.id === manyIds.documentId(1))!;
      expect(last.getAttribute('aria-posinset')).to.equal(String(manyIds.documents));
      expect(rows(el).length).to.be.greaterThan(5).and.lessThan(120);
      expect(root(el).querySelectorAll('*').length).to.be.lessThan(3000);
    });
  });
});
