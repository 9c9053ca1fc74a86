// A CRM deal page that imports only the components it shows, as ES modules (each entry
// registers its own tag), lays them out itself and reacts to their events: a created quote
// or invoice lands in the deal's activity timeline, a conversation opens beside the list.
import { createLedgerClient } from '@ledgerside/client';
import type { Document, DocumentKind, HostContact, HostDealLine, Product, TransactionType } from '@ledgerside/contract';
import type { LedgerDocumentForm } from '@ledgerside/elements/document-form.js';
import '@ledgerside/elements/provider.js';
import '@ledgerside/elements/contact-mapper.js';
import '@ledgerside/elements/document-list.js';
import '@ledgerside/elements/document-form.js';
import '@ledgerside/elements/conversation.js';
import '@ledgerside/elements/unread-badge.js';

const user = new URLSearchParams(location.search).get('user') ?? 'u-agent';
// The CRM's side of the demo — its contact and the deal's products and lines (how many of
// each) — as the seed exports it (/dev/fixtures): the page holds no copy of the demo data.
// A new quote starts from the deal's lines.
interface DemoFixtures {
  contacts: Record<string, HostContact>;
  products: Record<string, Product>;
  deal: { products: HostDealLine[] };
}
const fixtures = (await (await fetch('/dev/fixtures', { cache: 'no-store' })).json()) as DemoFixtures;
const contacts: HostContact[] = [fixtures.contacts.ana!];
const dealLines: HostDealLine[] = fixtures.deal.products;
const productById = new Map(Object.values(fixtures.products).map((p) => [p.id, p]));
const products: Product[] = dealLines.map((line) => productById.get(line.productId)!);

const provider = document.querySelector('ledger-provider')!;
provider.client = createLedgerClient({
  baseUrl: '',
  // The CRM's backend mints the token; in the demo, the server's /dev/token stands in for it.
  getToken: async () => (await (await fetch(`/dev/token?user=${encodeURIComponent(user)}`)).json()).token,
});
provider.contact = contacts[0];
provider.products = products;
provider.dealLines = dealLines;

// The demo's settings, as the landing page and the screenshot pass link them. The CRM itself
// has no dark mode: in the dark theme the components paint their own surfaces on its white cards.
const settings = new URLSearchParams(location.search);
const locale = settings.get('locale');
if (locale === 'en' || locale === 'es' || locale === 'cs') provider.locale = locale;
const theme = settings.get('theme');
if (theme === 'light' || theme === 'dark' || theme === 'auto') provider.theme = theme;

// The record's own parts, drawn with text nodes only.
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const productRows = document.getElementById('products') as HTMLTableSectionElement;
for (const line of dealLines) {
  const p = products.find((product) => product.id === line.productId)!;
  const row = productRows.insertRow();
  for (const text of [p.name, String(line.quantity), usd.format(p.unitPrice / 100)]) row.insertCell().textContent = text;
}
const contactList = document.getElementById('contacts')!;
for (const c of contacts) {
  const li = document.createElement('li');
  li.textContent = `${c.name} · ${c.email ?? ''} · ${c.company ?? ''}`;
  contactList.append(li);
}

const timeline = document.getElementById('timeline')!;
function addActivity(text: string) {
  const li = document.createElement('li');
  const time = document.createElement('time');
  time.dateTime = new Date().toISOString();
  time.textContent = new Date().toLocaleTimeString();
  li.append(time, document.createTextNode(text));
  timeline.prepend(li);
}
addActivity('Deal moved to “Proposal sent”.');


// ---------------------------------------------------------------- the components' requests
// The components ask; the page decides where things open. Here: a document opens in the
// right-hand card (in place of the new quote), its conversation below the list.

const kindName = (kind: DocumentKind) => (kind === 'quote' ? 'Quote' : 'Invoice');
/** Documents the page has heard of, by id: the conversation card names what it is about. */
const known = new Map<string, Document>();
const remember = (doc: Document) => known.set(doc.id, doc);

const documentCard = document.getElementById('document-card')!;
const documentTools = document.getElementById('document-tools')!;
let shown: Document | undefined;

/** Puts a fresh form in the card: a new document of `kind`, or an existing one with its actions. */
function showInForm(target: { kind: DocumentKind; document?: Document; edit?: boolean }) {
  const form = document.createElement('ledger-document-form') as LedgerDocumentForm;
  form.kind = target.kind;
  if (target.document) form.documentId = target.document.id;
  // Edit from a row's menu opens the document straight in its fields (when it may still be edited).
  if (target.document && target.edit) form.mode = 'edit';
  documentCard.querySelector('ledger-document-form')!.replaceWith(form);
  shown = target.document;
  documentTools.hidden = !target.document;
  documentCard.setAttribute('aria-label', target.document ? `${kindName(target.kind)} ${target.document.number}` : `New ${target.kind}`);
  bringIntoView(documentCard);
}

function bringIntoView(card: HTMLElement) {
  card.focus({ preventScroll: true });
  card.scrollIntoView({ block: 'nearest', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
}

const conversationCard = document.getElementById('conversation-card')!;
const conversation = document.getElementById('conversation')!;
const conversationAbout = document.getElementById('conversation-about')!;
const conversationDocument = document.getElementById('conversation-open-document')!;

async function openConversation(transactionType: TransactionType, transactionId: string) {
  conversation.setAttribute('transaction-type', transactionType);
  conversation.setAttribute('transaction-id', transactionId);
  conversationCard.dataset.transactionId = transactionId;
  conversationCard.hidden = false;
  bringIntoView(conversationCard);
  let doc = known.get(transactionId);
  conversationAbout.textContent = doc ? `About ${kindName(doc.kind).toLowerCase()} ${doc.number}` : `About this ${transactionType}`;
  conversationDocument.hidden = !doc;
  if (!doc && provider.client) {
    // Not one the page has seen (e.g. a thread on another deal, from the Messages button).
    doc = await provider.client.getDocument({ params: { id: transactionId } }).catch(() => undefined);
    if (doc && conversationCard.dataset.transactionId === transactionId) {
      remember(doc);
      conversationAbout.textContent = `About ${kindName(doc.kind).toLowerCase()} ${doc.number}`;
      conversationDocument.hidden = false;
    }
  }
}

document.addEventListener('ledger-document-open-requested', (event) => {
  remember(event.detail.document);
  showInForm({ kind: event.detail.document.kind, document: event.detail.document });
});
document.addEventListener('ledger-document-edit-requested', (event) => {
  remember(event.detail.document);
  showInForm({ kind: event.detail.document.kind, document: event.detail.document, edit: true });
});
document.addEventListener('ledger-document-create-requested', (event) => showInForm({ kind: event.detail.kind }));
document.addEventListener('ledger-conversation-requested', (event) => void openConversation(event.detail.transactionType, event.detail.transactionId));

document.getElementById('document-new')!.addEventListener('click', () => showInForm({ kind: 'quote' }));
document.getElementById('document-conversation')!.addEventListener('click', () => {
  if (shown) void openConversation(shown.kind, shown.id);
});
conversationDocument.addEventListener('click', () => {
  const doc = known.get(conversationCard.dataset.transactionId ?? '');
  if (doc) showInForm({ kind: doc.kind, document: doc });
});
document.getElementById('conversation-close')!.addEventListener('click', () => {
  conversationCard.hidden = true;
  conversation.removeAttribute('transaction-id');
  document.getElementById('inbox')!.focus();
});

// The header's Messages: the first conversation with unread messages, else the deal's newest document's.
document.getElementById('inbox')!.addEventListener('click', async () => {
  const client = provider.client;
  if (!client) return;
  const unread = await client.getUnread().catch(() => undefined);
  const first = unread?.byTransaction.find((t) => t.count > 0);
  if (first) return openConversation(first.transactionType, first.transactionId);
  const newest = (await client.listDocuments({ query: { dealId: provider.dealId, limit: 1 } }).catch(() => undefined))?.items[0];
  if (newest) {
    remember(newest);
    return openConversation(newest.kind, newest.id);
  }
  addActivity('No billing conversations yet: open a quote or an invoice to start one.');
});

// What the components report lands in the deal's activity timeline.
document.addEventListener('ledger-document-created', (event) => {
  const { document: doc } = event.detail;
  remember(doc);
  addActivity(`${kindName(doc.kind)} ${doc.number} created for ${usd.format(doc.totals.total / 100)}.`);
  // A clone or a converted quote (from the list's menu) opens where documents open; the form shows its own new document itself.
  if ((event.target as Element).localName === 'ledger-document-list') showInForm({ kind: doc.kind, document: doc });
});
document.addEventListener('ledger-document-updated', (event) => {
  const { document: doc } = event.detail;
  remember(doc);
  addActivity(`${doc.number} is now ${doc.displayStatus.replace('_', ' ')}.`);
});
document.addEventListener('ledger-contact-mapped', (event) => addActivity(`Contact linked to billing customer ${event.detail.link.customer.displayName}.`));
document.addEventListener('ledger-contact-unmapped', () => addActivity('Contact unlinked from its billing customer.'));
document.addEventListener('ledger-customer-created', (event) => addActivity(`Billing customer ${event.detail.customer.displayName} created.`));
document.addEventListener('ledger-customer-updated', (event) => addActivity(`Billing customer ${event.detail.customer.displayName} updated from the contact.`));
document.addEventListener('ledger-message-posted', (event) => {
  const doc = known.get((event.target as Element).getAttribute('transaction-id') ?? '');
  addActivity(doc ? `Message posted about ${doc.number}.` : 'Message posted to the customer.');
});
document.addEventListener('ledger-error', (event) => console.warn(`Ledgerside: ${event.detail.operation}`, event.detail.error));
