/**
 * XSS: a corpus of hostile strings in every user-controlled text field the server holds
 * (customer names, company, address, tax id, phone; host contact; line descriptions, notes,
 * reference, template; message bodies; user and recipient names; the organization's name) and
 * in what the host hands the components (product names, time entry descriptions), rendered by
 * every component — contact mapper, document list, form with a document, conversation,
 * sidebar on each tab.
 *
 * The strings go into the reference server's core (in this tab) the way they would arrive in
 * production: the host's tokens carry the users' hostile names, and those users create the
 * customer, link the contact, write the documents and post the messages over HTTP. Only the
 * organization's name (no route renames it) and the users table (see `hostile`) are SQL.
 *
 * Every payload calls `__pwned`; the page also traps dialogs, `window.open` and CSP
 * violations. Nothing may fire, no element may carry an event-handler attribute or a
 * `javascript:` URL, no script/iframe/object may appear in a component, and the text must
 * read exactly as typed.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import { http } from 'msw';
import { createLedgerClient, type LedgerClient } from '@ledgerside/client';
import type { CustomerCreate, Document, HostContact, Product, Role, TimeEntryInput } from '@ledgerside/contract';
import { demoIds } from '@ledgerside/mocks';
import { mintToken, type Core } from '@ledgerside/server/core';
import { MockApi, trackedFetch } from '../../packages/elements/src/testing/backend.js';
import { corpus } from '../node/xss/corpus.js';
import '../../packages/elements/src/define.js';
import type { LedgerProvider } from '../../packages/elements/src/provider/ledger-provider.js';
import type { LedgerSidebar, SidebarTab } from '../../packages/elements/src/sidebar/ledger-sidebar.js';

declare global {
  interface Window {
    __pwned: (what: string) => void;
  }
}

// ---------------------------------------------------------------- the corpus

const short = (max: number) => corpus.filter((s) => s.length <= max);
/** The i-th corpus string that fits in `max` characters. */
const pick = (i: number, max = 10_000) => short(max)[i % short(max).length]!;

// ---------------------------------------------------------------- a server full of it

const TICKET = 'ticket-xss';
const ORGANIZATION_NAME = pick(9, 200);

/** The organization's people as the host's tokens name them. */
const users: { id: string; name: string; email: string; role: Role }[] = [
  { id: demoIds.users.admin, name: pick(0, 200), email: 'ada@northwind.test', role: 'admin' },
  { id: demoIds.users.agent, name: pick(1, 200), email: 'alex@northwind.test', role: 'agent' },
  { id: demoIds.users.lightAgent, name: pick(2, 200), email: 'lee@northwind.test', role: 'light_agent' },
  { id: demoIds.users.client, name: pick(3, 200), email: 'billing@xss.test', role: 'client' },
];
const [admin, agent, , clientUser] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0], (typeof users)[0]];

const customerInput: CustomerCreate = {
  firstName: pick(4, 100),
  lastName: pick(5, 100),
  companyName: pick(6, 200),
  displayName: pick(7, 200),
  email: 'billing@xss.test',
  phone: pick(8, 40),
  billingAddress: { line1: pick(9, 200), line2: pick(10, 200), city: pick(11, 100), region: pick(12, 100), postalCode: pick(13, 20), country: 'US' },
  taxId: pick(14, 40),
  currency: 'USD',
  language: 'en',
  timeZone: 'UTC',
  paymentTermsDays: 30,
  template: 'xss-customer',
  taxRatePercent: 10,
};

/**
 * The organization's templates: the server takes only ids of its templates (letters, digits,
 * `_.-`), so the hostile text is in their names, which the form lists.
 */
const templates = [
  { id: 'standard', name: 'Standard' },
  { id: 'xss-customer', name: pick(15, 100) },
  { id: 'xss-invoice', name: pick(12, 100) },
];

/** The host's contact: linked to the customer, with its own hostile details. */
const contact: HostContact = {
  id: 'contact-xss',
  firstName: pick(16, 100),
  lastName: pick(17, 100),
  name: pick(0, 200),
  email: 'billing@xss.test',
  company: pick(1, 200),
  phone: pick(2, 40),
  address: { line1: pick(3, 200), city: pick(4, 100), postalCode: pick(5, 20), country: 'US' },
  taxId: pick(6, 40),
};

const products: Product[] = corpus.slice(0, 4).map((s, i) => ({
  id: `prod-xss-${i}`,
  sku: pick(i, 60),
  name: s,
  description: pick(i + 4),
  unitPrice: 1000 * (i + 1),
  currency: 'USD',
  taxRatePercent: 10,
}));

const timeEntries: TimeEntryInput[] = corpus.slice(4, 8).map((s, i) => ({
  hostId: `te-xss-${i}`,
  userId: demoIds.users.agent,
  userName: pick(i + 8, 200),
  date: '2026-01-04',
  minutes: 30 * (i + 1),
  description: s,
  billable: true,
  hourlyRate: 12_000,
  currency: 'USD',
}));

const lines = corpus.map((description, i) => ({ description, quantity: 1 + i, unitPrice: 1000, taxRatePercent: 10 }));
const notes = corpus.join('\n');

const api = new MockApi();
let core: Core;
let secret: string;
/** This test's hostile rows: the customer and the two documents the users made. */
let made: { customerId: string; invoice: Document; quote: Document };
/** Each user's token as the host mints it (the client's names the customer it acts for). */
const tokens = new Map<string, string>();

const mint = async (user: (typeof users)[number], customerId: string | null = null) =>
  mintToken({ organizationId: demoIds.organizationId, userId: user.id, name: user.name, email: user.email, role: user.role, customerId, secret });

/** A user's client straight to the core, with the host's token: for making the rows. */
const as = (user: (typeof users)[number]): LedgerClient =>
  createLedgerClient({
    baseUrl: 'http://core.invalid',
    getToken: () => tokens.get(user.id)!,
    fetch: (input, init) => core.fetch(new Request(input, init)),
    retries: 0,
  });

async function hostile(): Promise<void> {
  // No route renames the organization. The users table is the core's record of what tokens
  // said (it skips identities it already stored, and the reset put the seeded names back).
  await core.db.query('UPDATE organizations SET name = $2 WHERE id = $1', [demoIds.organizationId, ORGANIZATION_NAME]);
  for (const u of users) await core.db.query('UPDATE users SET name = $3, email = $4 WHERE organization_id = $1 AND id = $2', [demoIds.organizationId, u.id, u.name, u.email]);
  for (const u of users) if (u.role !== 'client') tokens.set(u.id, await mint(u));

  await as(admin).updateIntegration({ body: { templates } });
  const customer = await as(agent).createCustomer({ body: customerInput });
  tokens.set(clientUser.id, await mint(clientUser, customer.id));
  await core.db.query('UPDATE users SET customer_id = $3 WHERE organization_id = $1 AND id = $2', [demoIds.organizationId, clientUser.id, customer.id]);
  await as(agent).putContactLink({ params: { contactId: contact.id }, body: { contact, customerId: customer.id } });
  const issue = { customerId: customer.id, ticketId: TICKET, currency: 'USD', issueDate: '2026-01-05' } as const;
  let invoice = await as(agent).createDocument({ body: { kind: 'invoice', ...issue, reference: pick(11, 100), notes, template: 'xss-invoice', lines } });
  let quote = await as(agent).createDocument({ body: { kind: 'quote', ...issue, reference: pick(13, 100), notes: pick(14), lines: lines.slice(0, 3) } });
  // Sent, so the client sees them too (a client sees only documents sent to it).
  invoice = await as(agent).markDocumentSent({ params: { id: invoice.id }, ifMatch: invoice.version });
  quote = await as(agent).markDocumentSent({ params: { id: quote.id }, ifMatch: quote.version });
  const conversation = await as(agent).openConversation({ body: { transactionType: 'invoice', transactionId: invoice.id } });
  for (const [i, body] of corpus.entries()) {
    const [author, to] = i % 2 ? [clientUser, agent] : [agent, clientUser];
    await as(author).postMessage({ params: { id: conversation.id }, body: { body, recipientIds: [to.id] } });
  }
  made = { customerId: customer.id, invoice, quote };
}

// ---------------------------------------------------------------- the trap and the checks

const fired: string[] = [];
window.__pwned = (what) => fired.push(`ran: ${what}`);
for (const name of ['alert', 'confirm', 'prompt', 'print', 'open'] as const) {
  (window as unknown as Record<string, unknown>)[name] = () => fired.push(`dialog: ${name}`);
}
document.addEventListener('securitypolicyviolation', (e) => fired.push(`csp: ${e.violatedDirective} ${e.blockedURI}`));
window.addEventListener('error', (e) => {
  if (String(e.message).includes('__pwned')) fired.push(`error: ${e.message}`);
});

/** Text of a tree, shadow roots included, slotted children where they are rendered. */
function deepText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (!(node instanceof Element) && !(node instanceof DocumentFragment)) return '';
  if (node instanceof HTMLStyleElement || node instanceof HTMLScriptElement) return '';
  const own = node instanceof Element && node.shadowRoot ? deepText(node.shadowRoot) : '';
  return own + [...node.childNodes].map(deepText).join('');
}

/** Form fields show values, not text nodes: their values count as shown text. */
function deepValues(node: Node, out: string[] = []): string[] {
  if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) out.push(node.value);
  if (node instanceof Element && node.shadowRoot) deepValues(node.shadowRoot, out);
  for (const child of node.childNodes) deepValues(child, out);
  return out;
}

/** Anything that could run: handler attributes, javascript: URLs, script-like elements. */
function dangerous(root: Node, out: string[] = []): string[] {
  const visit = (node: Node) => {
    if (node instanceof Element) {
      const tag = node.localName;
      if (['script', 'iframe', 'object', 'embed', 'frame', 'base', 'meta'].includes(tag)) out.push(`<${tag}>`);
      for (const attr of node.attributes) {
        if (attr.name.startsWith('on')) out.push(`${tag}[${attr.name}]`);
        if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc'].includes(attr.name) && /^\s*(javascript|data|vbscript):/i.test(attr.value)) {
          out.push(`${tag}[${attr.name}=${attr.value.slice(0, 40)}]`);
        }
      }
      if (node.shadowRoot) visit(node.shadowRoot);
    }
    node.childNodes.forEach(visit);
  };
  visit(root);
  return out;
}

/** Elements that scroll (a virtualized thread renders only what is in view). */
function scrollers(root: Node, out: HTMLElement[] = []): HTMLElement[] {
  if (root instanceof HTMLElement && root.scrollHeight > root.clientHeight + 1 && /(auto|scroll)/.test(getComputedStyle(root).overflowY)) out.push(root);
  if (root instanceof Element && root.shadowRoot) scrollers(root.shadowRoot, out);
  root.childNodes.forEach((child) => scrollers(child, out));
  return out;
}

const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

/**
 * Waits until every string has been shown (as text or a field's value, in any scroll position
 * of any scrolling part), checking at each position that nothing could run; then the trap.
 */
async function expectShownSafely(root: Element, strings: readonly string[], what: string) {
  const seen = new Set<string>();
  const problems = new Set<string>();
  const look = () => {
    const text = deepText(root);
    const values = deepValues(root);
    for (const s of strings) if (text.includes(s) || values.some((v) => v.includes(s))) seen.add(s);
    dangerous(root).forEach((d) => problems.add(d));
  };
  const missing = () => strings.filter((s) => !seen.has(s));
  const deadline = Date.now() + 8000;
  for (;;) {
    look();
    for (const scroller of scrollers(root)) {
      // From the bottom up, half a view at a time, and back down.
      for (let top = scroller.scrollHeight; top >= -scroller.clientHeight; top -= Math.max(40, scroller.clientHeight / 2)) {
        scroller.scrollTop = top;
        await frame();
        look();
      }
      scroller.scrollTop = scroller.scrollHeight;
    }
    if (!missing().length || Date.now() > deadline) break;
    await frame();
  }
  expect(missing(), `${what}: shown as typed\n--- shown:\n${deepText(root).replace(/\s+/g, ' ').slice(0, 2000)}`).to.deep.equal([]);
  // A moment for anything deferred (image errors, toggles, focus) to have had its chance.
  await new Promise((r) => setTimeout(r, 150));
  look();
  expect([...problems], `${what}: nothing that could run`).to.deep.equal([]);
  expect(fired, `${what}: the trap`).to.deep.equal([]);
}

// ---------------------------------------------------------------- the components

describe('XSS: hostile text in every field, rendered by every component', () => {
  const client = (userId: string = agent.id) =>
    createLedgerClient({ baseUrl: '', getToken: () => tokens.get(userId)!, retryDelay: () => 5, fetch: trackedFetch });

  before(async function () {
    this.timeout(60_000);
    await api.start();
    core = await api.scenario.ready();
    const [org] = await core.db.query<{ jwt_secret: string }>('SELECT jwt_secret FROM organizations WHERE id = $1', [demoIds.organizationId]);
    secret = org!.jwt_secret;
  });
  after(() => api.stop());
  beforeEach(async function () {
    this.timeout(30_000);
    await api.reset('demo', {}, hostile);
    // The host's own tokens go to the core as they are (the scenario's wire would swap any
    // token that is not `mock:<user>` for its session user's).
    api.worker.use(http.all('*/v1/*', ({ request }) => core.fetch(request)));
  });
  afterEach(() => {
    // One test's finding is its own failure, not every later test's.
    const ran = fired.splice(0);
    expect(ran, 'nothing ran').to.deep.equal([]);
  });

  const provider = (inner: TemplateResult, userId?: string) =>
    fixture<LedgerProvider>(html`<div style="width:420px">
      <ledger-provider .client=${client(userId)} locale="en-US" ticket-id=${TICKET} .contact=${contact} .products=${products} .timeEntries=${timeEntries}
        >${inner}</ledger-provider
      >
    </div>`);

  it('the control: the corpus is hostile, and rendered as markup it trips the trap and the checks', async () => {
    const parsed = new DOMParser().parseFromString(corpus.join(''), 'text/html');
    expect(dangerous(parsed.body).length).to.be.greaterThan(5);
    expect(corpus.filter((s) => s.includes('__pwned')).length).to.be.greaterThan(12);
    // What a component doing `innerHTML = text` would do: the trap fires, the checks see it.
    // Its payloads go to a trap of its own: some fire late (image errors, autofocus), and
    // must not land in the next test's record.
    const own: string[] = [];
    window.__pwned = (what) => own.push(`ran: ${what}`);
    try {
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      host.attachShadow({ mode: 'open' }).innerHTML = corpus.join('');
      expect(dangerous(host)).to.include('img[onerror]');
      await waitUntil(() => own.includes('ran: img'), 'the trap fires for markup', { timeout: 5000 });
      // Until nothing more arrives for half a second, then gone from the page.
      for (let count = -1; count !== own.length; ) {
        count = own.length;
        await new Promise((r) => setTimeout(r, 500));
      }
      host.remove();
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      window.__pwned = (what) => fired.push(`ran: ${what}`);
    }
    fired.length = 0;
  });

  it('contact mapper: the linked customer and the host contact', async () => {
    const root = await provider(html`<ledger-contact-mapper .contact=${contact}></ledger-contact-mapper>`);
    await expectShownSafely(root, [customerInput.displayName], 'contact mapper');
  });

  it('document list: the ticket’s invoice and quote (rows show numbers, dates and amounts)', async () => {
    const root = await provider(html`<ledger-document-list ticket-id=${TICKET}></ledger-document-list>`);
    await expectShownSafely(root, [made.invoice.number, made.quote.number], 'document list');
  });

  it('document list of the customer', async () => {
    const root = await provider(html`<ledger-document-list customer-id=${made.customerId}></ledger-document-list>`);
    await expectShownSafely(root, [made.invoice.number, made.quote.number], 'document list (customer)');
  });

  it('document form with a document: every line description, notes, reference', async () => {
    const root = await provider(html`<ledger-document-form document-id=${made.invoice.id}></ledger-document-form>`);
    await expectShownSafely(root, [...corpus, notes], 'document form');
  });

  it('new document form: products and time entries of the host', async () => {
    const root = await provider(html`<ledger-document-form></ledger-document-form>`);
    await expectShownSafely(root, [], 'new document form');
  });

  it('conversation: every message body, author and recipient name', async () => {
    const root = await provider(html`<ledger-conversation transaction-type="invoice" transaction-id=${made.invoice.id}></ledger-conversation>`);
    await expectShownSafely(root, [...corpus], 'conversation');
  });

  it('conversation as the client', async () => {
    const root = await provider(html`<ledger-conversation transaction-type="invoice" transaction-id=${made.invoice.id}></ledger-conversation>`, clientUser.id);
    await expectShownSafely(root, [...corpus], 'conversation (client)');
  });

  for (const tab of ['documents', 'customer', 'new', 'conversation'] as SidebarTab[]) {
    it(`sidebar, ${tab} tab`, async () => {
      const root = await provider(html`<ledger-sidebar tab=${tab} ticket-id=${TICKET} .contact=${contact}></ledger-sidebar>`);
      const sidebar = root.querySelector<LedgerSidebar>('ledger-sidebar')!;
      await sidebar.updateComplete;
      const shown: Record<SidebarTab, string[]> = {
        customer: [customerInput.displayName],
        documents: [made.invoice.number],
        new: [],
        // It opens on the newest document (the quote, no messages yet): the recipients show.
        conversation: [admin.name, users[2]!.name, clientUser.name],
      } as Record<SidebarTab, string[]>;
      await expectShownSafely(root, shown[tab], `sidebar ${tab}`);
    });
  }
});
