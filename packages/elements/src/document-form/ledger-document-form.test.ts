// <ledger-document-form> in Chromium against the server core (the mocks' scenarios): what a person sees and
// does, the events the host hears, the requests made, and axe in each state.
import { formatDateInput } from '../base/locale-date.js';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import {
  actionState,
  documentTotals,
  formatMoney,
  lineAmounts,
  MAX_AMOUNT,
  permissionsOf,
  Quantity,
  toMajorString,
  type Document,
  type DocumentAction,
  type HostContact,
  type HostDealLine,
  type Product,
  type TimeEntryInput,
} from '@ledgerside/contract';
import { contacts, demoIds, products } from '@ledgerside/mocks';
import { MockApi, testClient, today } from '../testing/backend.js';
import type { LedgerProvider } from '../provider/ledger-provider.js';
import type { LedgerDocumentForm } from './ledger-document-form.js';
import { LedgerDocumentLine } from './ledger-document-line.js';
import '../provider/define.js';
import './define.js';

const U = demoIds.users;
const money = (minor: number, currency = 'USD') => formatMoney(minor, currency, 'en-US');

// ------------------------------------------------------------------ helpers

const root = (el: Element) => el.shadowRoot!;

/** Everything a person can read, through the line rows' shadow roots. */
function text(el: Element): string {
  let out = '';
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) out += `${node.textContent} `;
    if (node instanceof HTMLSelectElement) return;
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    node.childNodes.forEach(walk);
  };
  walk(el.shadowRoot!);
  return out.replace(/\s+/g, ' ');
}

async function until(el: Element, what: string | RegExp, message = `"${what}" shows`, timeout = 5000) {
  await waitUntil(() => (typeof what === 'string' ? text(el).includes(what) : what.test(text(el))), message, { timeout });
}

function button(el: Element, name: string | RegExp, scope: ParentNode = root(el)): HTMLButtonElement {
  const found = [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) => {
    const label = (b.getAttribute('aria-label') ?? b.textContent ?? '').replace(/\s+/g, ' ').trim();
    return typeof name === 'string' ? label === name : name.test(label);
  });
  if (!found) throw new Error(`No button "${name}" in: ${text(el).slice(0, 400)}`);
  return found;
}

const lineRows = (el: LedgerDocumentForm) => [...root(el).querySelectorAll<LedgerDocumentLine>('ledger-document-line')];
const lineInput = (row: LedgerDocumentLine, field: string) =>
  row.shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${field}`)!;
const control = (el: LedgerDocumentForm, id: string) => root(el).querySelector<HTMLInputElement>(`#${id}`)!;

/** Types into a control as a person would: value, input event, then leaving the field. */
async function type(target: HTMLInputElement | HTMLTextAreaElement, value: string, leave = true) {
  target.focus();
  target.value = value;
  target.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  if (leave) target.dispatchEvent(new FocusEvent('blur'));
  await new Promise((r) => requestAnimationFrame(r));
}

function errorOf(scope: ShadowRoot, control: Element): string | undefined {
  const id = control.getAttribute('aria-describedby');
  return id ? scope.getElementById(id)?.textContent?.trim() : undefined;
}

/** The toolbar's "More" menu button. */
function moreButton(el: Element): HTMLButtonElement {
  const found = root(el).querySelector<HTMLButtonElement>('[part=toolbar] [aria-haspopup=menu]');
  if (!found) throw new Error('No "More" menu button');
  return found;
}

function totalsShown(el: LedgerDocumentForm) {
  const read = (name: string) => root(el).querySelector(`dl.totals [data-total=${name}]`)?.textContent?.trim();
  return { subtotal: read('subtotal'), tax: read('tax'), total: read('total'), discount: read('discount') };
}

function clearDrafts() {
  for (const key of Object.keys(localStorage)) if (key.startsWith('ledgerside:draft:')) localStorage.removeItem(key);
}

function draftKeys() {
  return Object.keys(localStorage).filter((k) => k.startsWith('ledgerside:draft:'));
}

// ------------------------------------------------------------------ setup

describe('<ledger-document-form>', function () {
  this.timeout(30_000);
  const api = new MockApi();
  const sent = (method: string, path: string) => api.made(method, path);
  const getDocument = (id: string) => api.as('admin').getDocument({ params: { id } });

  // The first start builds the core in this tab (migrations and the seed): more than a test takes.
  before(function () {
    this.timeout(60_000);
    return api.start();
  });
  after(() => api.stop());

  interface Mount {
    user?: string;
    contact?: HostContact | null;
    ticketId?: string;
    dealId?: string;
    products?: Product[];
    dealLines?: HostDealLine[];
    timeEntries?: TimeEntryInput[];
    kind?: 'invoice' | 'quote';
    locale?: string;
    documentId?: string;
    mode?: 'view' | 'edit';
  }

  async function mount(o: Mount = {}): Promise<LedgerDocumentForm> {
    const client = testClient(o.user ?? U.agent);
    const provider = await fixture<LedgerProvider>(html`<ledger-provider
      .client=${client}
      locale=${o.locale ?? 'en-US'}
      .contact=${o.contact === null ? undefined : (o.contact ?? contacts.ana)}
      ticket-id=${o.ticketId ?? ''}
      deal-id=${o.dealId ?? ''}
      .products=${o.products}
      .dealLines=${o.dealLines}
      .timeEntries=${o.timeEntries}
    >
      <ledger-document-form kind=${o.kind ?? 'invoice'} document-id=${o.documentId ?? ''} mode=${o.mode ?? 'view'}></ledger-document-form>
    </ledger-provider>`);
    const el = provider.querySelector('ledger-document-form')!;
    await waitUntil(() => !root(el).querySelector('[part=skeleton]'), 'loaded', { timeout: 5000 });
    return el;
  }

  /** The form of a new document, once its lines are in place. */
  async function mountNew(o: Mount = {}, lines?: number): Promise<LedgerDocumentForm> {
    const el = await mount(o);
    await waitUntil(() => root(el).querySelector('form'), 'the form shows', { timeout: 5000 });
    if (lines !== undefined) await waitUntil(() => lineRows(el).length === lines, `${lines} lines`, { timeout: 5000 });
    await Promise.all(lineRows(el).map((r) => r.updateComplete));
    return el;
  }

  async function addLine(
    el: LedgerDocumentForm,
    values: Partial<Record<'description' | 'quantity' | 'unitPrice' | 'discountPercent' | 'taxRatePercent', string>>,
    label: string | RegExp = '+ Add line',
  ) {
    button(el, label).click();
    await el.updateComplete;
    const row = lineRows(el).at(-1)!;
    await row.updateComplete;
    for (const [field, value] of Object.entries(values)) await type(lineInput(row, field), value);
    await el.updateComplete;
    return row;
  }

  async function save(el: LedgerDocumentForm) {
    button(el, /^(Create invoice|Create quote|Save changes)$/).click();
    await el.updateComplete;
  }

  beforeEach(async () => {
    clearDrafts();
    // The Node demo points the billing app at its /dev/billing/ page; the in-tab core has none set.
    await api.reset('demo', {}, (a) => a.as('admin').updateIntegration({ body: { billingAppUrl: 'https://billing.example.test/documents/{id}' } }));
  });
  afterEach(() => clearDrafts());

  // ---------------------------------------------------------------- states

  it('shows a skeleton while loading, then an empty line list with its one action', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    api.worker.use(
      http.get('*/v1/contact-links/:contactId', async () => {
        await gate;
        return undefined;
      }),
    );
    const client = testClient(U.agent);
    const provider = await fixture<LedgerProvider>(
      html`<ledger-provider .client=${client} locale="en-US" .contact=${contacts.ana}><ledger-document-form></ledger-document-form></ledger-provider>`,
    );
    const el = provider.querySelector('ledger-document-form')!;
    await waitUntil(() => root(el).querySelector('[part=skeleton]'), 'skeleton');
    expect(root(el).querySelector('[part=skeleton]')!.getAttribute('role')).to.equal('status');
    await expect(el).to.be.accessible();
    release();
    await waitUntil(() => root(el).querySelector('form'), 'the form shows');
    expect(text(el)).to.contain('No lines yet');
    expect(button(el, '+ Add line')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('asks for a contact when the host gives none', async () => {
    const el = await mount({ contact: null });
    expect(text(el)).to.contain('Open a ticket or deal with a contact');
    await expect(el).to.be.accessible();
  });

  // ---------------------------------------------------------------- prefill

  it('prefills lines from billable time entries; non-billable and invoiced entries are listed but locked', async () => {
    const el = await mountNew({ ticketId: demoIds.ticketId }, 2);
    const [first, second] = lineRows(el);
    expect(lineInput(first!, 'description').value).to.match(/^Diagnosed the sync failure \(/);
    expect(lineInput(first!, 'quantity').value).to.equal('1.5'); // 90 min
    expect(lineInput(first!, 'unitPrice').value).to.equal('120.00');
    expect(lineInput(second!, 'quantity').value).to.equal('0.75'); // 45 min
    expect(text(el)).to.contain('Time entry');

    const box = (hostId: string) => control(el, `te-${hostId}`);
    const [te1, te2] = demoIds.timeEntries.billable;
    expect(box(te1).checked && !box(te1).disabled, 'billable, selected').to.equal(true);
    expect(box(te2).checked).to.equal(true);
    const nonBillable = box(demoIds.timeEntries.nonBillable);
    expect(nonBillable.disabled, 'non-billable cannot be selected').to.equal(true);
    expect(errorOf(root(el), nonBillable)).to.equal('Not billable');
    const invoiced = box(demoIds.timeEntries.invoiced);
    const paid = await getDocument(demoIds.invoices.paid);
    expect(invoiced.disabled, 'invoiced cannot be selected').to.equal(true);
    expect(errorOf(root(el), invoiced)).to.equal(`Invoiced on ${paid.number}`);
    // Totals: the contract's sums of the prefilled lines (1.5 h + 0.75 h at 120.00, tax 8.25 %).
    const expected = documentTotals([
      { quantity: '1.5', unitPrice: 12000, taxRatePercent: 8.25 },
      { quantity: '0.75', unitPrice: 12000, taxRatePercent: 8.25 },
    ]);
    expect(totalsShown(el).total).to.equal(money(expected.total));
    await expect(el).to.be.accessible();

    // Unticking an entry removes its line; ticking it again brings it back.
    box(te1).click();
    await el.updateComplete;
    expect(lineRows(el).length).to.equal(1);
    box(te1).click();
    await el.updateComplete;
    expect(lineRows(el).length).to.equal(2);
  });

  it('stores the time entries the host passes (so the server can lock them) and bills minutes as hours to 4 decimals', async () => {
    const entries: TimeEntryInput[] = [
      { hostId: 'h-20', userId: 'u-agent', userName: 'Alex Agent', date: '2026-01-05', minutes: 20, description: 'Call', billable: true, hourlyRate: 9000, currency: 'USD' },
      { hostId: 'h-nb', userId: 'u-agent', date: '2026-01-05', minutes: 15, description: 'Coffee chat', billable: false, hourlyRate: 9000, currency: 'USD' },
    ];
    const el = await mountNew({ ticketId: 'ticket-host', timeEntries: entries }, 1);
    const put = sent('PUT', '/v1/time-entries');
    expect(put.length, 'PUT /time-entries').to.equal(1);
    expect((put[0]!.body as { ticketId: string }).ticketId).to.equal('ticket-host');
    const row = lineRows(el)[0]!;
    expect(lineInput(row, 'quantity').value).to.equal('0.3333'); // 20/60 rounded half away from zero
    const amounts = lineAmounts({ quantity: '0.3333', unitPrice: 9000, taxRatePercent: 8.25 });
    expect(row.shadowRoot!.querySelector('[part=amount]')!.textContent).to.contain(money(amounts.net));
    expect(control(el, 'te-h-nb').disabled).to.equal(true);

    await save(el);
    await until(el, 'created.');
    const created = (await api.as('agent').listDocuments({ query: { ticketId: 'ticket-host' } })).items[0]!;
    expect(created.lines[0]!.timeEntryIds).to.deep.equal(['h-20']);
    expect(created.lines[0]!.quantity).to.equal(0.3333);
    const stored = (await api.as('agent').listTimeEntries({ query: { ticketId: 'ticket-host' } })).items;
    expect(stored.find((e) => e.hostId === 'h-20')!.invoicedBy?.number).to.equal(created.number);
  });

  it('prefills a quote from the deal’s products and adds more from the catalogue', async () => {
    const dealProducts = [products.setup, products.seat, products.training];
    const el = await mountNew({ dealId: demoIds.dealId, products: dealProducts, kind: 'quote' }, 3);
    expect(lineRows(el).map((r) => lineInput(r, 'description').value)).to.deep.equal(dealProducts.map((p) => p.name));
    expect(lineInput(lineRows(el)[0]!, 'unitPrice').value).to.equal(toMajorString(products.setup.unitPrice, 'USD'));
    expect(control(el, `deal-${products.seat.id}`).checked).to.equal(true);

    const catalogue = [...root(el).querySelectorAll('details')].find((d) => d.textContent!.includes('Product catalogue'))!;
    catalogue.querySelector('summary')!.click();
    await type(control(el, 'catalog-q'), 'hosting', false);
    await waitUntil(() => root(el).querySelectorAll('[aria-label="Products found"] li').length === 1, 'one product found', { timeout: 5000 });
    await expect(el).to.be.accessible();
    button(el, `Add ${products.hosting.name}`).click();
    await el.updateComplete;
    expect(lineRows(el).length).to.equal(4);

    const created = oneEvent(el, 'ledger-document-created');
    await save(el);
    const { detail } = await created;
    expect(detail.document.kind).to.equal('quote');
    expect(detail.document.dealId).to.equal(demoIds.dealId);
    expect(detail.document.lines.map((l: { productId: string | null }) => l.productId)).to.deep.equal([...dealProducts, products.hosting].map((p) => p.id));
  });

  it('prefills a deal’s lines with the deal’s quantities and discounts: the CRM example’s deal totals $2,455.18', async () => {
    // The CRM example's deal: Onboarding setup × 1, Seat licence × 10, Training day × 2.
    const dealLines: HostDealLine[] = [
      { productId: products.setup.id, quantity: 1 },
      { productId: products.seat.id, quantity: 10 },
      { productId: products.training.id, quantity: 2 },
    ];
    const dealProducts = [products.setup, products.seat, products.training];
    const el = await mountNew({ dealId: demoIds.dealId, products: dealProducts, dealLines, kind: 'quote' }, 3);
    expect(lineRows(el).map((r) => lineInput(r, 'quantity').value)).to.deep.equal(['1', '10', '2']);
    expect(totalsShown(el).total).to.equal('$2,455.18');
    // The deal products panel says how many of each the deal has.
    expect(text(el)).to.contain(`10 × ${money(products.seat.unitPrice)}`);

    // A discount on a deal line comes with it; unticking and ticking a product brings its quantity back.
    clearDrafts();
    const discounted = await mountNew(
      { dealId: 'deal-discounted', products: dealProducts, dealLines: [{ productId: products.seat.id, quantity: 10, discountPercent: 12.5 }], kind: 'quote' },
      1,
    );
    const seat = lineRows(discounted)[0]!;
    expect(lineInput(seat, 'discountPercent').value).to.equal('12.5');
    const expected = documentTotals([{ quantity: 10, unitPrice: products.seat.unitPrice, discountPercent: 12.5, taxRatePercent: products.seat.taxRatePercent }]);
    expect(totalsShown(discounted).total).to.equal(money(expected.total));
    control(discounted, `deal-${products.seat.id}`).click();
    await discounted.updateComplete;
    expect(lineRows(discounted).length).to.equal(0);
    control(discounted, `deal-${products.seat.id}`).click();
    await discounted.updateComplete;
    await lineRows(discounted)[0]!.updateComplete;
    expect(lineInput(lineRows(discounted)[0]!, 'quantity').value).to.equal('10');

    const created = oneEvent(discounted, 'ledger-document-created');
    await save(discounted);
    const { detail } = await created;
    expect(detail.document.totals.total).to.equal(expected.total);
    expect(detail.document.lines[0]!.quantity).to.equal(10);
  });

  it('lets the person choose invoice or quote for a new document; the default is the host’s kind, the lines stay', async () => {
    const el = await mountNew({ ticketId: demoIds.ticketId }, 2);
    const radio = (kind: string) => root(el).querySelector<HTMLInputElement>(`[part=kind-choice] input[value=${kind}]`)!;
    expect(radio('invoice').checked, 'a ticket starts as an invoice').to.equal(true);
    expect(radio('quote').checked).to.equal(false);
    await expect(el).to.be.accessible();

    radio('quote').click();
    await el.updateComplete;
    expect(root(el).querySelector('h2')!.textContent).to.equal('New quote');
    expect(radio('quote').checked).to.equal(true);
    expect(lineRows(el).length, 'the prefilled lines stay').to.equal(2);
    expect(root(el).querySelector('label[for=due]')!.textContent).to.equal('Valid for');

    const created = oneEvent(el, 'ledger-document-created');
    await save(el);
    const { detail } = await created;
    expect(detail.document.kind).to.equal('quote');
    expect(detail.document.ticketId).to.equal(demoIds.ticketId);
    expect(detail.document.lines).to.have.length(2);

    // A deal's form starts as a quote.
    clearDrafts();
    const deal = await mountNew({ dealId: demoIds.dealId, products: [products.setup], kind: 'quote' }, 1);
    expect(root(deal).querySelector<HTMLInputElement>('[part=kind-choice] input[value=quote]')!.checked).to.equal(true);
  });

  // ---------------------------------------------------------------- money

  it('shows totals equal to the contract’s computation for random line sets, and the server stores the same', async () => {
    const lineArb = fc.record({
      quantity: fc.integer({ min: 1, max: 5_000_000 }).map((n) => (n / 10_000).toString()),
      unitPrice: fc.integer({ min: 0, max: 5_000_000 }),
      discountPercent: fc.integer({ min: 0, max: 10_000 }).map((n) => (n / 100).toString()),
      taxRatePercent: fc.integer({ min: 0, max: 30_000 }).map((n) => (n / 1000).toString()),
    });
    const samples = fc.sample(fc.array(lineArb, { minLength: 1, maxLength: 4 }), { numRuns: 8, seed: 6 });
    for (const lines of samples) {
      clearDrafts();
      const el = await mountNew({}, 0);
      for (const [i, l] of lines.entries()) {
        await addLine(el, {
          description: `Line ${i + 1}`,
          quantity: l.quantity,
          unitPrice: toMajorString(l.unitPrice, 'USD'),
          discountPercent: l.discountPercent,
          taxRatePercent: l.taxRatePercent,
        });
      }
      const expected = documentTotals(lines);
      const shown = totalsShown(el);
      expect(shown.subtotal, JSON.stringify(lines)).to.equal(money(expected.subtotal));
      expect(shown.tax).to.equal(money(expected.tax));
      expect(shown.total).to.equal(money(expected.total));
      expect(shown.discount ?? money(-0)).to.equal(money(-expected.discount));

      const created = oneEvent(el, 'ledger-document-created');
      await save(el);
      const { detail } = await created;
      expect(detail.document.totals, 'stored totals').to.deep.equal(expected);
      await until(el, 'created.');
      expect(totalsShown(el).total).to.equal(shown.total);
    }
  });

  // ---------------------------------------------------------------- validation

  it('validates a field with the contract when the person leaves it, and blocks a save with errors', async () => {
    const el = await mountNew({}, 0);
    const row = await addLine(el, {});
    const quantity = lineInput(row, 'quantity');
    await type(quantity, '1.23456', false);
    await row.updateComplete;
    expect(quantity.getAttribute('aria-invalid'), 'not before leaving').to.equal('false');
    quantity.dispatchEvent(new FocusEvent('blur'));
    await row.updateComplete;
    expect(quantity.getAttribute('aria-invalid')).to.equal('true');
    expect(errorOf(row.shadowRoot!, quantity)).to.equal('Quantity takes at most 4 decimals');
    await type(lineInput(row, 'unitPrice'), '12.345');
    await row.updateComplete;
    expect(errorOf(row.shadowRoot!, lineInput(row, 'unitPrice'))).to.equal('Not an amount in USD');
    await expect(el).to.be.accessible();

    api.requests = [];
    await save(el);
    await row.updateComplete;
    expect(sent('POST', '/v1/documents').length, 'no request with errors').to.equal(0);
    expect(errorOf(row.shadowRoot!, lineInput(row, 'description'))).to.equal('Required');
    expect(text(el)).to.contain('1 line needs attention');
    await waitUntil(() => row.shadowRoot!.activeElement === lineInput(row, 'description'), 'focus on the first invalid field');
    await expect(el).to.be.accessible();
  });

  for (const [locale, grouped] of [['es', '1.234,56'], ['cs', '1 234,56']] as const) {
    it(`in ${locale} the line's numbers show and read the decimal comma: "${grouped}" and "1234,56" save 123456 minor units`, async () => {
      const el = await mountNew({ locale }, 0);
      const row = await addLine(el, { description: 'Setup', quantity: '1,5', unitPrice: '12.50' }, /^\+ /);
      const price = lineInput(row, 'unitPrice');
      await row.updateComplete;
      expect(price.getAttribute('aria-invalid'), 'a decimal point by habit is unclear here').to.equal('true');
      await type(price, grouped, false);
      await row.updateComplete;
      expect(price.value, 'kept as typed while focused').to.equal(grouped);
      price.dispatchEvent(new FocusEvent('blur'));
      await row.updateComplete;
      expect(price.value).to.equal('1234,56');
      expect(price.getAttribute('aria-invalid')).to.equal('false');
      expect(lineInput(row, 'quantity').value).to.equal('1,5');
      const second = await addLine(el, { description: 'Other', unitPrice: '1234,56', discountPercent: '12,5' }, /^\+ /);
      await second.updateComplete;
      expect(lineInput(second, 'discountPercent').value).to.equal('12,5');
      const shownDate = control(el, 'issueDate').value;
      expect(shownDate).to.match(locale === 'es' ? /^\d{2}\/\d{2}\/\d{4}$/ : /^\d{1,2}\. \d{1,2}\. \d{4}$/);
      api.requests = [];
      button(el, /^(Create invoice|Crear factura|Vytvořit fakturu)$/).click(); // the UI language may still be loading
      await waitUntil(() => sent('POST', '/v1/documents')[0]?.body, 'sent');
      const body = sent('POST', '/v1/documents')[0]!.body as { lines: { quantity: number | string; unitPrice: number; discountPercent?: number }[] };
      expect(body.lines.map((l) => l.unitPrice)).to.deep.equal([123456, 123456]);
      expect(Number(body.lines[0]!.quantity)).to.equal(1.5);
      expect(body.lines[1]!.discountPercent).to.equal(12.5);
      const issueDate = (body as unknown as { issueDate: string }).issueDate;
      expect(issueDate, 'dates are sent as ISO').to.match(/^\d{4}-\d{2}-\d{2}$/);
      expect(shownDate, 'and shown in the locale’s form').to.equal(formatDateInput(issueDate, locale));
    });
  }

  it('says what a quantity may be: "-3" is a number below the allowed range, and 0 is refused with the contract’s words', async () => {
    const el = await mountNew({}, 0);
    const row = await addLine(el, { description: 'Setup', unitPrice: '10.00' });
    const quantity = lineInput(row, 'quantity');
    const contractSays = (n: number) => {
      const result = Quantity.safeParse(n);
      expect(result.success, `the contract refuses ${n}`).to.equal(false);
      return result.error!.issues[0]!.message;
    };
    await type(quantity, '-3');
    await row.updateComplete;
    expect(quantity.getAttribute('aria-invalid')).to.equal('true');
    expect(errorOf(row.shadowRoot!, quantity)).to.equal(contractSays(-3));
    expect(errorOf(row.shadowRoot!, quantity)).not.to.match(/must be a number/);

    await type(quantity, '0');
    await row.updateComplete;
    expect(errorOf(row.shadowRoot!, quantity)).to.equal(contractSays(0));
    expect(errorOf(row.shadowRoot!, quantity)).to.equal('Quantity must be greater than 0');
    api.requests = [];
    await save(el);
    expect(sent('POST', '/v1/documents').length, 'a zero line is not sent').to.equal(0);

    // Text that is no number still says so.
    await type(quantity, 'three');
    await row.updateComplete;
    expect(errorOf(row.shadowRoot!, quantity)).to.equal('Quantity must be a number');
  });

  it('refuses a due date before the issue date at the field as it is typed (the contract’s rule), and places the server’s refusal there too', async () => {
    const el = await mountNew({}, 0);
    await addLine(el, { description: 'Setup', quantity: '1', unitPrice: '10.00' });
    const issue = control(el, 'issueDate');
    await type(issue, '2026-12-10');
    const due = root(el).querySelector<HTMLSelectElement>('#due')!;
    due.value = 'date';
    due.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    const dueDate = control(el, 'dueDate');
    await type(dueDate, '2026-12-01', false);
    await el.updateComplete;
    expect(dueDate.getAttribute('aria-invalid'), 'said while typing, before leaving the field').to.equal('true');
    expect(errorOf(root(el), dueDate)).to.equal('The due date cannot be before the issue date.');
    api.requests = [];
    await save(el);
    expect(sent('POST', '/v1/documents').length, 'nothing sent').to.equal(0);
    // A later due date clears it and the invoice saves.
    await type(control(el, 'dueDate'), '2026-12-24');
    await el.updateComplete;
    expect(control(el, 'dueDate').getAttribute('aria-invalid')).to.equal('false');
    await save(el);
    await waitUntil(() => sent('POST', '/v1/documents')[0]?.body, 'saved');
    expect((sent('POST', '/v1/documents')[0]!.body as { dueDate: string }).dueDate).to.equal('2026-12-24');
  });

  it('says “valid until” for a quote’s date before its issue date, and puts the server’s 422 due_before_issue on that field', async () => {
    api.worker.use(
      http.post('/v1/documents', () =>
        HttpResponse.json({ error: { code: 'unprocessable', reason: 'due_before_issue', message: 'The due date is before the issue date.', issues: [{ path: ['dueDate'], message: 'The due date is before the issue date.' }] } }, { status: 422 }),
      ),
    );
    const el = await mountNew({ kind: 'quote' }, 0);
    await addLine(el, { description: 'Setup', quantity: '1', unitPrice: '10.00' });
    const due = root(el).querySelector<HTMLSelectElement>('#due')!;
    due.value = 'date';
    due.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    await type(control(el, 'issueDate'), '2026-12-01');
    await type(control(el, 'dueDate'), '2026-11-20', false);
    await el.updateComplete;
    expect(errorOf(root(el), control(el, 'dueDate'))).to.equal('The valid-until date cannot be before the issue date.');
    // The server refuses what the form did not see (here, any body): its refusal lands on the same field.
    await type(control(el, 'dueDate'), '2026-12-20');
    await save(el);
    await waitUntil(() => control(el, 'dueDate').getAttribute('aria-invalid') === 'true', 'the server’s refusal on the field');
    expect(errorOf(root(el), control(el, 'dueDate'))).to.equal('The valid-until date cannot be before the issue date.');
  });

  it('offers the organization’s templates to choose from, the customer’s selected, and keeps an old document’s unlisted one', async () => {
    const el = await mountNew({}, 0);
    const select = root(el).querySelector<HTMLSelectElement>('select#template');
    expect(select, 'a choice, not free text').to.not.equal(null);
    expect([...select!.options].map((o) => o.textContent!.trim())).to.deep.equal(['Standard', 'Compact', 'Detailed (itemized)']);
    const acme = await api.as('admin').getCustomer({ params: { id: demoIds.customers.acme } });
    expect(select!.value).to.equal(acme.template || 'standard');
    select!.value = 'detailed';
    select!.dispatchEvent(new Event('change', { bubbles: true }));
    await addLine(el, { description: 'Setup', quantity: '1', unitPrice: '10.00' });
    await save(el);
    await waitUntil(() => sent('POST', '/v1/documents')[0]?.body, 'saved');
    expect((sent('POST', '/v1/documents')[0]!.body as { template: string }).template).to.equal('detailed');
    await expect(el).to.be.accessible();
  });

  it('shows a time entry’s whole description at 320 px, wrapped, not cut with an ellipsis', async () => {
    const long = 'Diagnosed the nightly sync failure between the helpdesk and billing, rebuilt the export queue and verified every customer record';
    const el = await mountNew({ ticketId: demoIds.ticketId, timeEntries: [{ hostId: 'te-long', userId: U.agent, userName: 'Alex Agent', description: long, minutes: 30, billable: true, date: '2026-12-01', hourlyRate: 12000, currency: 'USD' }] });
    el.closest('ledger-provider')!.setAttribute('style', 'display:block;width:320px');
    await waitUntil(() => [...root(el).querySelectorAll('.pick .desc')].some((d) => d.textContent === long), 'the long entry is listed', { timeout: 5000 });
    const desc = [...root(el).querySelectorAll<HTMLElement>('.pick .desc')].find((d) => d.textContent === long)!;
    const style = getComputedStyle(desc);
    expect(style.textOverflow).to.not.equal('ellipsis');
    expect(desc.scrollWidth, 'nothing hidden sideways').to.be.at.most(desc.clientWidth + 1);
    expect(desc.getBoundingClientRect().height, 'it wraps onto more lines').to.be.greaterThan(parseFloat(style.lineHeight) * 1.5);
  });

  it('puts a server field error on its field: a time entry invoiced elsewhere meanwhile, and a detail field', async () => {
    const el = await mountNew({ ticketId: demoIds.ticketId }, 2);
    // Someone invoices the first entry in another tab; its live event never arrives here.
    const other = await api.quietly(() =>
      api.as('admin').createDocument({
        body: {
          kind: 'invoice',
          customerId: demoIds.customers.acme,
          currency: 'USD',
          issueDate: today(),
          lines: [{ description: 'Elsewhere', quantity: 1, unitPrice: 100, timeEntryIds: [demoIds.timeEntries.billable[0]] }],
        },
      }),
    );
    await save(el);
    // The server's 409 time_entry_invoiced names the entry, not the other document.
    await until(el, `Time entry ${demoIds.timeEntries.billable[0]} is already on another invoice.`);
    expect(other.number).to.match(/^INV-/);
    const first = lineRows(el)[0]!;
    await first.updateComplete;
    const lineAlert = first.shadowRoot!.querySelector('[role=alert]');
    expect(lineAlert?.textContent).to.equal('Already invoiced');
    expect(lineRows(el)[1]!.shadowRoot!.querySelector('[role=alert]'), 'only on its line').to.equal(null);
    await expect(el).to.be.accessible();

    // A field issue on a detail field lands under that field.
    api.worker.use(
      http.post('*/v1/documents', () =>
        HttpResponse.json({ error: { code: 'bad_request', message: 'Invalid', issues: [{ path: ['reference'], message: 'This reference is already used' }] } }, { status: 400 }),
      ),
    );
    first.shadowRoot!.querySelector<HTMLButtonElement>('#remove')!.click();
    await el.updateComplete;
    await save(el);
    await until(el, 'This reference is already used');
    const reference = control(el, 'reference');
    expect(reference.getAttribute('aria-invalid')).to.equal('true');
    expect(errorOf(root(el), reference)).to.equal('This reference is already used');
    expect(reference.closest('details')!.open, 'its panel opens').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('time priced in another currency than the document: the form says so (the contract’s rule) and shows the server’s 422 currency_mismatch', async () => {
    const el = await mountNew({ ticketId: demoIds.ticketId }, 2);
    const count = async () => (await api.as('agent').listDocuments({ query: { ticketId: demoIds.ticketId } })).items.length;
    const before = await count();
    // The ticket's time is priced in USD; the person bills it in EUR.
    const currency = root(el).querySelector<HTMLSelectElement>('#currency')!;
    currency.value = 'EUR';
    currency.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    const [te1] = demoIds.timeEntries.billable;
    expect(errorOf(root(el), control(el, `te-${te1}`)), 'the entry says its currency').to.equal('Priced in USD');
    await save(el);
    await waitUntil(() => sent('POST', '/v1/documents').length > 0 && !root(el).querySelector('[part=save-button][aria-busy=true]'), 'the answer');
    await until(el, `Time entry ${te1} is in USD, the document in EUR.`);
    const first = lineRows(el)[0]!;
    await first.updateComplete;
    expect(first.shadowRoot!.querySelector('[role=alert]')?.textContent, 'on the entry’s line').to.contain('USD');
    expect(await count(), 'nothing created').to.equal(before);
    expect(lineRows(el).length, 'nothing typed is lost').to.equal(2);
    await expect(el).to.be.accessible();
  });

  it('an edit that takes the organization’s billed sum past MAX_AMOUNT shows the server’s 422 amount_too_large', async () => {
    // The billing app already sent a huge USD invoice: the organization's billed sum is near the limit.
    const admin = api.as('admin');
    const huge = await admin.createDocument({
      body: { kind: 'invoice', customerId: demoIds.customers.acme, currency: 'USD', issueDate: today(), lines: [{ description: 'Huge', quantity: 1_000_000, unitPrice: 9_000_000_000, taxRatePercent: 0 }] },
    });
    await admin.markDocumentSent({ params: { id: huge.id }, ifMatch: huge.version });
    const el = await mount({ documentId: demoIds.invoices.sent });
    await until(el, 'Configuration work');
    const { version, totals } = await getDocument(demoIds.invoices.sent);
    button(el, 'Edit').click();
    await waitUntil(() => lineRows(el).length === 1, 'its line');
    const row = lineRows(el)[0]!;
    await row.updateComplete;
    // $100 billion: well within what a document can total, past what the billed sum can still hold.
    expect(MAX_AMOUNT - huge.totals.total, 'headroom left').to.be.below(1e13);
    await type(lineInput(row, 'quantity'), '100');
    await type(lineInput(row, 'taxRatePercent'), '0');
    await type(lineInput(row, 'unitPrice'), '1000000000.00');
    await row.updateComplete;
    await el.updateComplete;
    expect(totalsShown(el).total, 'the form totals it').to.equal(money(1e13));
    await save(el);
    await until(el, 'past the largest total Ledgerside can add up exactly');
    expect(sent('PATCH', `/v1/documents/${demoIds.invoices.sent}`)).to.have.length(1);
    expect(root(el).querySelector('form'), 'the form stays open').to.not.equal(null);
    const after = await getDocument(demoIds.invoices.sent);
    expect([after.version, after.totals.total], 'the server kept the invoice').to.deep.equal([version, totals.total]);
  });

  // ---------------------------------------------------------------- saving

  it('a retry after a network failure creates one document (one idempotency key)', async () => {
    const el = await mountNew({ ticketId: demoIds.ticketId }, 2);
    const count = async () => (await api.as('agent').listDocuments({ query: { ticketId: demoIds.ticketId } })).items.length;
    const before = await count();
    let lost = 0;
    // The server creates the document, but the answer never arrives (three times: the client's
    // own two retries and the first attempt), as on a dropped connection.
    api.worker.use(
      http.post('*/v1/documents', async ({ request }) => {
        if (lost >= 3) return undefined;
        lost += 1;
        const answer = await api.scenario.fetch(request.clone());
        expect(answer.status, 'the server created it').to.be.oneOf([200, 201]);
        return HttpResponse.error();
      }),
    );
    let createdEvents = 0;
    el.addEventListener('ledger-document-created', () => (createdEvents += 1));
    await save(el);
    await until(el, 'could not be reached');
    expect(button(el, 'Retry')).to.exist;
    expect(lineRows(el).length, 'nothing typed is lost').to.equal(2);
    await expect(el).to.be.accessible();

    button(el, 'Retry').click();
    await until(el, 'created.');
    const posts = sent('POST', '/v1/documents');
    expect(posts.length).to.equal(4);
    const keys = new Set(posts.map((p) => p.headers.get('Idempotency-Key')));
    expect(keys.size, 'one key for every attempt').to.equal(1);
    expect(await count()).to.equal(before + 1);
    expect(createdEvents).to.equal(1);
  });

  it('shows the saving state and sends one request for a double click', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    api.worker.use(
      http.post('*/v1/documents', async () => {
        await gate;
        return undefined;
      }),
    );
    const el = await mountNew({ ticketId: demoIds.ticketId }, 2);
    const submit = root(el).querySelector<HTMLButtonElement>('[part=save-button]')!;
    submit.click();
    submit.click();
    await el.updateComplete;
    expect(submit.disabled).to.equal(true);
    expect(submit.getAttribute('aria-busy')).to.equal('true');
    expect(submit.textContent).to.contain('Saving…');
    await expect(el).to.be.accessible();
    release();
    await until(el, 'created.');
    expect(sent('POST', '/v1/documents').length).to.equal(1);
  });

  it('saves with Enter from a line’s field', async () => {
    const el = await mountNew({ ticketId: demoIds.ticketId }, 2);
    const quantity = lineInput(lineRows(el)[1]!, 'quantity');
    quantity.focus();
    quantity.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    await until(el, 'created.');
    expect(sent('POST', '/v1/documents').length).to.equal(1);
  });

  it('lets the host cancel a save with ledger-document-submit', async () => {
    const el = await mountNew({ ticketId: demoIds.ticketId }, 2);
    el.addEventListener('ledger-document-submit', (e) => {
      expect(e.detail.mode).to.equal('create');
      expect(e.detail.body.lines?.length).to.equal(2);
      e.preventDefault();
    });
    await save(el);
    expect(sent('POST', '/v1/documents').length).to.equal(0);
  });

  it('fires ledger-document-created and shows the document with its status after a save', async () => {
    const el = await mountNew({ ticketId: demoIds.ticketId }, 2);
    const event = oneEvent(el, 'ledger-document-created');
    await save(el);
    const { detail } = await event;
    await until(el, `Invoice ${detail.document.number} created.`);
    expect(root(el).querySelector('[part=status-badge]')!.textContent).to.contain('Draft');
    expect(detail.document.ticketId).to.equal(demoIds.ticketId);
    expect(draftKeys(), 'draft cleared after save').to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  // ---------------------------------------------------------------- nothing lost

  it('restores the unsaved form after a reload, with a notice and Discard', async () => {
    let el = await mountNew({ ticketId: demoIds.ticketId }, 2);
    await type(lineInput(lineRows(el)[0]!, 'quantity'), '2.25');
    await type(control(el, 'reference'), 'PO-4471');
    await addLine(el, { description: 'Travel', unitPrice: '35' });
    el.flushDraft();
    el.parentElement!.remove(); // the page goes away

    el = await mountNew({ ticketId: demoIds.ticketId }, 3);
    await until(el, 'were restored');
    expect(lineInput(lineRows(el)[0]!, 'quantity').value).to.equal('2.25');
    expect(lineInput(lineRows(el)[2]!, 'description').value).to.equal('Travel');
    expect(control(el, 'reference').value).to.equal('PO-4471');
    await expect(el).to.be.accessible();

    button(el, 'Discard').click();
    await el.updateComplete;
    await waitUntil(() => lineRows(el).length === 2, 'back to the prefilled lines');
    expect(text(el)).not.to.contain('were restored');
    expect(control(el, 'reference').value).to.equal('');
    expect(draftKeys()).to.deep.equal([]);
  });

  it('keeps drafts apart per ticket and kind', async () => {
    let el = await mountNew({ ticketId: demoIds.ticketId }, 2);
    await type(control(el, 'reference'), 'Ticket draft');
    el.parentElement!.remove();
    el = await mountNew({ ticketId: 'ticket-other' }, 0);
    expect(control(el, 'reference').value).to.equal('');
    el.parentElement!.remove();
    el = await mountNew({ ticketId: demoIds.ticketId, kind: 'quote' });
    expect(control(el, 'reference').value).to.equal('');
    expect(draftKeys().length).to.equal(1);
  });

  // ---------------------------------------------------------------- mapping and roles

  it('asks to link the contact first, pointing at the Customer panel, and opens once it is linked', async () => {
    const el = await mount({ contact: contacts.jana, ticketId: demoIds.ticketId });
    await until(el, 'is not linked to a billing customer yet');
    // Where to go, in the words on the screen; no component names (item 18).
    expect(text(el)).to.contain('in the Customer panel');
    expect(text(el)).not.to.match(/mapper|provider|ledger-/i);
    expect(root(el).querySelector('form')).to.equal(null);
    await expect(el).to.be.accessible();
    // Linked where its live event does not reach this form (which would reload it by itself):
    // "Check again" is what the person then has.
    await api.quietly(() => api.as('agent').putContactLink({ params: { contactId: contacts.jana.id }, body: { contact: contacts.jana, customerId: demoIds.customers.hradec } }));
    button(el, 'Check again').click();
    await waitUntil(() => root(el).querySelector('form'), 'the form opens');
    expect(control(el, 'customer').value).to.equal('Hradec Software');
    expect(root(el).querySelector<HTMLSelectElement>('#currency')!.value).to.equal('CZK');
  });

  it('tells a client once why there is no new document, instead of loading for ever (the CRM page’s quote card)', async () => {
    const el = await mount({ user: U.client, contact: contacts.ana, dealId: 'deal-1', kind: 'quote' });
    await until(el, 'Your role can view invoices and quotes but not create or change them.');
    expect(root(el).querySelector('form')).to.equal(null);
    expect(root(el).querySelector('[part=skeleton]'), 'not loading').to.equal(null);
    expect(text(el)).not.to.contain('Retry');
    expect(sent('GET', `/v1/contact-links/${contacts.ana.id}`).length, 'no request its role is refused').to.equal(0);
  });

  it('shows a read-only role why it cannot create, without a form', async () => {
    const el = await mount({ user: U.lightAgent, ticketId: demoIds.ticketId });
    await until(el, 'Your role can view invoices and quotes but not create or change them.');
    expect(root(el).querySelector('form')).to.equal(null);
    await until(el, 'Diagnosed the sync failure');
    expect(control(el, `te-${demoIds.timeEntries.billable[0]}`).disabled).to.equal(true);
    expect(sent('PUT', '/v1/time-entries').length).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('shows a load error in plain words with Retry', async () => {
    api.worker.use(http.get('*/v1/documents/:id', () => HttpResponse.json({ error: { code: 'internal', message: 'x' } }, { status: 500 }), { once: true }));
    const el = await mount({ documentId: demoIds.invoices.sent });
    await until(el, 'The billing service had a problem');
    await expect(el).to.be.accessible();
    button(el, 'Retry').click();
    await until(el, 'Configuration work');
  });

  it('a load error goes when its cause does: once the connection is back the document loads and the banner is gone', async () => {
    api.worker.use(http.get('*/v1/documents/:id', () => HttpResponse.json({ error: { code: 'internal', message: 'x' } }, { status: 500 }), { once: true }));
    const el = await mount({ documentId: demoIds.invoices.sent });
    await until(el, 'The billing service had a problem');
    window.dispatchEvent(new Event('online'));
    await until(el, 'Configuration work');
    expect(root(el).querySelector('[part=error]')).to.equal(null);
    expect(text(el)).not.to.contain('The billing service had a problem');
  });

  // ---------------------------------------------------------------- existing documents

  const allDocuments = [...Object.values(demoIds.invoices), ...Object.values(demoIds.quotes)];
  const menuActions = (doc: Document): DocumentAction[] => [
    'mark_sent',
    ...(doc.kind === 'quote' ? (['convert'] as const) : []),
    'pdf',
    'open_external',
    'clone',
    ...(doc.kind === 'invoice' ? (['void'] as const) : []),
    'delete',
  ];

  it('enables each action only when the status machine and the role (agent, admin) allow it, with the reason when not', async () => {
    for (const [user, role, id] of [U.agent, U.admin].flatMap((u) => allDocuments.map((d) => [u, u === U.admin ? 'admin' : 'agent', d] as const))) {
      const granted = permissionsOf(role);
      const doc = await getDocument(id);
      const el = await mount({ documentId: id, user });
      await until(el, doc.number);
      const check = (action: DocumentAction, node: Element) => {
        const expected = actionState(doc, action, granted);
        const disabled = node.getAttribute('aria-disabled') === 'true';
        expect(disabled, `${doc.number} (${doc.status}) ${action}`).to.equal(!expected.allowed);
        if (!expected.allowed) {
          expect(errorOf(root(el), node), `${action} reason`).to.equal(expected.message);
        }
      };
      check('edit', root(el).querySelector('[data-action=edit]')!);
      check('email', root(el).querySelector('[data-action=email]')!);
      moreButton(el).click();
      await el.updateComplete;
      const items = [...root(el).querySelectorAll('[role=menuitem]')];
      expect(items.map((i) => i.getAttribute('data-key'))).to.deep.equal(menuActions(doc));
      for (const item of items) {
        const action = item.getAttribute('data-key') as DocumentAction;
        check(action, item);
        // The reason also shows under the menu while the item is the active one.
        item.dispatchEvent(new PointerEvent('pointermove', { bubbles: true }));
        await el.updateComplete;
        const expected = actionState(doc, action, granted);
        const note = root(el).querySelector('[role=menu] .menu-note')?.textContent?.trim();
        expect(note, `${action} note`).to.equal(expected.allowed ? undefined : expected.message);
      }
      if (id === demoIds.invoices.paid || id === demoIds.quotes.sent) await expect(el).to.be.accessible();
      el.parentElement!.remove();
    }
  });

  it('shows read-only roles (light agent, client) each document without write actions, and one line saying why', async () => {
    const cases = [
      ...[demoIds.invoices.sent, demoIds.invoices.deleted, demoIds.quotes.accepted, demoIds.invoices.void].map((id) => [U.lightAgent, 'light_agent', id] as const),
      ...[demoIds.invoices.paid, demoIds.quotes.sent].map((id) => [U.client, 'client', id] as const),
    ];
    for (const [user, role, id] of cases) {
      const doc = await getDocument(id);
      const el = await mount({ user, documentId: id });
      await until(el, doc.number);
      expect(text(el)).to.contain('Your role can view invoices and quotes but not create or change them.');
      const actions = [...root(el).querySelectorAll('[data-action]')].map((b) => b.getAttribute('data-action'));
      expect(actions).to.deep.equal(['pdf', 'open_external']);
      for (const action of ['pdf', 'open_external'] as const) {
        const expected = actionState(doc, action, permissionsOf(role));
        const node = root(el).querySelector(`[data-action=${action}]`)!;
        expect(node.getAttribute('aria-disabled') === 'true', `${doc.number} ${action}`).to.equal(!expected.allowed);
      }
      await expect(el).to.be.accessible();
      el.parentElement!.remove();
    }
  });

  it('turns write actions off while the integration is disabled', async () => {
    await api.as('admin').updateIntegration({ body: { state: 'disabled' } });
    const el = await mount({ documentId: demoIds.invoices.draft });
    await until(el, 'The billing integration is turned off');
    expect([...root(el).querySelectorAll('[data-action]')].map((b) => b.getAttribute('data-action'))).to.deep.equal(['pdf', 'open_external']);
  });

  it('voids an invoice after a confirmation, and tells the host', async () => {
    const el = await mount({ documentId: demoIds.invoices.sent });
    await until(el, 'Configuration work');
    moreButton(el).click();
    await el.updateComplete;
    root(el).querySelector<HTMLElement>('[role=menuitem][data-key=void]')!.click();
    const dialog = root(el).querySelector('ledger-confirm-dialog')!;
    await waitUntil(() => dialog.shadowRoot?.querySelector('dialog')?.open, 'confirmation opens');
    expect(dialog.shadowRoot!.textContent).to.contain('cannot be restored');
    const updated = oneEvent(el, 'ledger-document-updated');
    button(dialog, 'Void', dialog.shadowRoot!).click();
    const { detail } = await updated;
    expect(detail.document.status).to.equal('void');
    await until(el, 'is void.');
    expect(root(el).querySelector('[part=status-badge]')!.textContent).to.contain('Void');
    expect(sent('POST', `/v1/documents/${demoIds.invoices.sent}/void`)[0]!.headers.get('If-Match')).to.equal(String((await getDocument(demoIds.invoices.sent)).version - 1));
  });

  it('“Open in billing app” opens the document’s page there in a new tab (noopener), and says why when there is none', async () => {
    const opened: unknown[][] = [];
    const original = window.open;
    window.open = (...args: unknown[]) => (opened.push(args), null);
    try {
      const el = await mount({ documentId: demoIds.invoices.sent });
      await until(el, 'Configuration work');
      const url = (await getDocument(demoIds.invoices.sent)).externalUrl;
      expect(url, 'the document has a page in the billing app').to.be.a('string');
      moreButton(el).click();
      await waitUntil(() => root(el).querySelector('[role=menuitem][data-key=open_external]'), 'the menu');
      const item = root(el).querySelector<HTMLElement>('[role=menuitem][data-key=open_external]')!;
      expect(item.getAttribute('aria-disabled')).to.equal('false');
      item.click();
      expect(opened).to.deep.equal([[url, '_blank', 'noopener']]);

      // No billing app set up: the server gives no page, the item is disabled and says why.
      await api.as('admin').updateIntegration({ body: { billingAppUrl: null } });
      const none = await mount({ documentId: demoIds.invoices.paid });
      await until(none, 'Paid');
      moreButton(none).click();
      await waitUntil(() => root(none).querySelector('[role=menuitem][data-key=open_external]'), 'the menu');
      const disabled = root(none).querySelector<HTMLElement>('[role=menuitem][data-key=open_external]')!;
      expect(disabled.getAttribute('aria-disabled')).to.equal('true');
      expect(errorOf(root(none), disabled)).to.equal('No billing app is connected: an administrator can set its address in the integration settings.');
      disabled.click();
      expect(opened).to.have.length(1);
    } finally {
      window.open = original;
    }
  });

  it('opens the actions menu from the keyboard and closes it with Escape', async () => {
    const el = await mount({ documentId: demoIds.invoices.sent });
    await until(el, 'Configuration work');
    const trigger = moreButton(el);
    trigger.focus();
    trigger.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await el.updateComplete;
    const menu = root(el).querySelector<HTMLElement>('[role=menu]')!;
    expect(menu, 'the menu opens').to.exist;
    expect(menu.getAttribute('aria-label')).to.equal('More actions');
    expect(trigger.getAttribute('aria-expanded')).to.equal('true');
    expect(trigger.getAttribute('aria-controls')).to.equal(menu.id);
    await waitUntil(() => root(el).activeElement?.getAttribute('role') === 'menuitem', 'focus in the menu');
    expect(root(el).activeElement?.getAttribute('data-key')).to.equal('mark_sent');
    (root(el).activeElement as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await waitUntil(() => root(el).activeElement?.getAttribute('data-key') === 'pdf', 'ArrowDown moves to the next item');
    (root(el).activeElement as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await el.updateComplete;
    expect(root(el).querySelector('[role=menu]'), 'the menu closes').to.equal(null);
    expect(trigger.getAttribute('aria-expanded')).to.equal('false');
    expect(root(el).activeElement).to.equal(trigger);
  });

  it('follows a change made elsewhere live (a payment recorded in the billing app)', async () => {
    const el = await mount({ documentId: demoIds.invoices.sent });
    await until(el, 'Configuration work');
    expect(root(el).querySelector('[part=status-badge]')!.textContent).to.contain('Sent');
    await api.as('admin').recordPayment({ params: { id: demoIds.invoices.sent }, body: { amount: 10000, date: today(), method: 'card', reference: 'live' } });
    await waitUntil(() => root(el).querySelector('[part=status-badge]')!.textContent!.includes('Partially paid'), 'the new status arrives', { timeout: 8000 });
    expect(text(el)).to.contain(`Paid ${money(10000)}`);
  });

  it('opens a document straight in edit mode with mode="edit" (no second Edit), and explains when it cannot be edited', async () => {
    const el = await mount({ documentId: demoIds.invoices.draft, mode: 'edit' });
    await waitUntil(() => root(el).querySelector('form'), 'the form opens without a click on Edit');
    await waitUntil(() => lineRows(el).length === 1, 'its line');
    expect(root(el).querySelector('h2')!.textContent).to.match(/^Edit invoice /);
    await waitUntil(() => root(el).activeElement?.id === 'issueDate', 'focus on the first field');

    // Cancel goes back to the view; edit() (the host asking again) opens the form again.
    button(el, 'Cancel').click();
    await waitUntil(() => !root(el).querySelector('form'), 'back to the view');
    el.edit();
    await waitUntil(() => root(el).querySelector('form'), 'edit() opens the form again');

    // A paid invoice cannot be edited: the view shows, with the reason.
    const paid = await mount({ documentId: demoIds.invoices.paid, mode: 'edit' });
    await until(paid, 'Paid');
    expect(root(paid).querySelector('form')).to.equal(null);
    const reason = actionState(await getDocument(demoIds.invoices.paid), 'edit', permissionsOf('agent'));
    expect(reason.allowed).to.equal(false);
    expect(root(paid).querySelector('#edit')!.getAttribute('aria-disabled')).to.equal('true');
  });

  it('edits a draft; a change made elsewhere meanwhile shows “changed elsewhere” with Reload', async () => {
    const el = await mount({ documentId: demoIds.invoices.draft });
    await until(el, 'Follow-up consultation');
    button(el, 'Edit').click();
    await waitUntil(() => root(el).querySelector('form'), 'the form opens');
    await waitUntil(() => lineRows(el).length === 1, 'its line');
    await type(control(el, 'reference'), 'PO-1188');
    // Ada changes it elsewhere, and the live event never reaches this form.
    const { version } = await getDocument(demoIds.invoices.draft);
    await api.quietly(() => api.as('admin').updateDocument({ params: { id: demoIds.invoices.draft }, body: { notes: 'Changed by Ada' }, ifMatch: version }));
    await save(el);
    await until(el, 'Changed elsewhere');
    // The form sent the version it edited; the server, at the next one, refused it (412) with its own.
    expect(sent('PATCH', `/v1/documents/${demoIds.invoices.draft}`)[0]!.headers.get('If-Match')).to.equal(String(version));
    expect(text(el)).to.contain('Reload');
    await expect(el).to.be.accessible();

    button(el, 'Reload').click();
    await el.updateComplete;
    expect(text(el)).not.to.contain('Changed elsewhere');
    expect(control(el, 'reference').value, 'their version').to.equal('');
    expect(root(el).querySelector<HTMLTextAreaElement>('#notes')!.value).to.equal('Changed by Ada');
    await type(control(el, 'reference'), 'PO-1189');
    const updated = oneEvent(el, 'ledger-document-updated');
    await save(el);
    const { detail } = await updated;
    expect(detail.document.reference).to.equal('PO-1189');
    expect(detail.document.notes).to.equal('Changed by Ada');
  });

  // ---------------------------------------------------------------- many lines

  it('re-renders only the edited line when typing among 200 lines', async () => {
    const el = await mountNew({}, 0);
    const session = await api.as('agent').getSession();
    const lines = Array.from({ length: 200 }, (_, i) => ({
      key: `k${i}`,
      description: `Line ${i + 1}`,
      quantity: '1',
      unitPrice: '10.00',
      discountPercent: '',
      taxRatePercent: '8.25',
      timeEntryIds: [],
      productId: null,
    }));
    const draft = {
      v: 1, kind: 'invoice', currency: 'USD', issueDate: '2026-01-10', dueMode: 'terms', paymentTermsDays: '30', dueDate: '',
      template: 'standard', reference: '', notes: '', lines, saveKey: null, baseVersion: null,
    };
    el.parentElement!.remove();
    localStorage.setItem(
      `ledgerside:draft:${session.organization.id}:${session.user.id}:new:invoice:contact:${contacts.ana.id}`,
      JSON.stringify({ value: draft, savedAt: new Date().toISOString() }),
    );
    const big = await mountNew({}, 200);
    const updates = new Map<LedgerDocumentLine, number>();
    const original = LedgerDocumentLine.prototype['update'];
    LedgerDocumentLine.prototype['update'] = function (this: LedgerDocumentLine, changed: Map<PropertyKey, unknown>) {
      updates.set(this, (updates.get(this) ?? 0) + 1);
      return original.call(this, changed);
    };
    try {
      const row = lineRows(big)[99]!;
      await type(lineInput(row, 'quantity'), '3', false);
      await big.updateComplete;
      await row.updateComplete;
      expect([...updates.keys()], 'only the edited line updated').to.deep.equal([row]);
      const expected = documentTotals(lines.map((_, i) => ({ quantity: i === 99 ? '3' : '1', unitPrice: 1000, taxRatePercent: 8.25 })));
      expect(totalsShown(big).total).to.equal(money(expected.total));
    } finally {
      LedgerDocumentLine.prototype['update'] = original;
    }
  });
});
