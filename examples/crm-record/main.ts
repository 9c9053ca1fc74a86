// A CRM record page that imports only the components it shows, as ES modules: each entry
// registers its own tag, so nothing else is loaded.
import { createLedgerClient } from '@ledgerside/client';
import '@ledgerside/elements/provider.js';
import '@ledgerside/elements/contact-mapper.js';
import '@ledgerside/elements/document-list.js';
import '@ledgerside/elements/document-form.js';

const provider = document.querySelector('ledger-provider')!;
const user = new URLSearchParams(location.search).get('user') ?? 'u-agent';

provider.client = createLedgerClient({
  baseUrl: '',
  // The CRM's backend mints the token; in the demo, the server's /dev/token stands in for it.
  getToken: async () => (await (await fetch(`/dev/token?user=${encodeURIComponent(user)}`)).json()).token,
});
provider.contact = { id: 'contact-ana', name: 'Ana Smith', firstName: 'Ana', lastName: 'Smith', email: 'billing@acme.test', company: 'Acme Corp' };
// The deal's products, as the CRM knows them: the quote form offers them as lines.
provider.products = [
  { id: 'prod-setup', sku: 'SETUP', name: 'Onboarding setup', description: 'One-time account setup', unitPrice: 50000, currency: 'USD', taxRatePercent: 8.25 },
  { id: 'prod-seat', sku: 'SEAT-M', name: 'Seat licence (monthly)', description: 'One user, one month', unitPrice: 2900, currency: 'USD', taxRatePercent: 8.25 },
  { id: 'prod-training', sku: 'TRAIN-D', name: 'Training day', description: 'On-site training, one day', unitPrice: 80000, currency: 'USD', taxRatePercent: 0 },
];

document.addEventListener('ledger-document-created', (event) => {
  // The CRM would attach the new quote to the deal's timeline here.
  console.info('created', event.detail.document.number);
});
