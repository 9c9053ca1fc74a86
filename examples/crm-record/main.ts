// A CRM deal page that imports only the components it shows, as ES modules (each entry
// registers its own tag), lays them out itself and reacts to their events: a created quote
// or invoice lands in the deal's activity timeline, a conversation opens beside the list.
import { createLedgerClient } from '@ledgerside/client';
import type { HostContact, HostDealLine, Product } from '@ledgerside/contract';
import '@ledgerside/elements/provider.js';
import '@ledgerside/elements/contact-mapper.js';
import '@ledgerside/elements/document-list.js';
import '@ledgerside/elements/document-form.js';
import '@ledgerside/elements/conversation.js';
import '@ledgerside/elements/unread-badge.js';

const user = new URLSearchParams(location.search).get('user') ?? 'u-agent';
const contacts: HostContact[] = [
  { id: 'contact-ana', name: 'Ana Smith', firstName: 'Ana', lastName: 'Smith', email: 'billing@acme.test', company: 'Acme Corp', phone: '+1 555 0100' },
];
// The deal as the CRM knows it: its products and its lines (how many of each, at what
// discount). A new quote starts from these lines.
const products: Product[] = [
  { id: 'prod-setup', sku: 'SETUP', name: 'Onboarding setup', description: 'One-time account setup', unitPrice: 50000, currency: 'USD', taxRatePercent: 8.25 },
  { id: 'prod-seat', sku: 'SEAT-M', name: 'Seat licence (monthly)', description: 'One user, one month', unitPrice: 2900, currency: 'USD', taxRatePercent: 8.25 },
  { id: 'prod-training', sku: 'TRAIN-D', name: 'Training day', description: 'On-site training, one day', unitPrice: 80000, currency: 'USD', taxRatePercent: 0 },
];
const dealLines: HostDealLine[] = [
  { productId: 'prod-setup', quantity: 1 },
  { productId: 'prod-seat', quantity: 10 },
  { productId: 'prod-training', quantity: 2 },
];

const provider = document.querySelector('ledger-provider')!;
provider.client = createLedgerClient({
  baseUrl: '',
  // The CRM's backend mints the token; in the demo, the server's /dev/token stands in for it.
  getToken: async () => (await (await fetch(`/dev/token?user=${encodeURIComponent(user)}`)).json()).token,
});
provider.contact = contacts[0];
provider.products = products;
provider.dealLines = dealLines;

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

document.addEventListener('ledger-document-created', (event) => {
  const { document: doc } = event.detail;
  addActivity(`${doc.kind === 'quote' ? 'Quote' : 'Invoice'} ${doc.number} created for ${usd.format(doc.totals.total / 100)}.`);
});
document.addEventListener('ledger-document-updated', (event) => addActivity(`${event.detail.document.number} is now ${event.detail.document.displayStatus.replace('_', ' ')}.`));
document.addEventListener('ledger-contact-mapped', (event) => addActivity(`Contact linked to billing customer ${event.detail.link.customer.displayName}.`));
document.addEventListener('ledger-message-posted', () => addActivity('Message posted to the customer.'));

// The list's unread badges ask for a conversation: the page opens it beside the list.
document.addEventListener('ledger-conversation-requested', (event) => {
  const conversation = document.getElementById('conversation')!;
  conversation.setAttribute('transaction-type', event.detail.transactionType);
  conversation.setAttribute('transaction-id', event.detail.transactionId);
  document.getElementById('conversation-card')!.hidden = false;
});
