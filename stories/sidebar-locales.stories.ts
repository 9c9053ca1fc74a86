import { html } from 'lit';
import { createLedgerClient } from '@ledgerside/client';
import { contacts, demoIds, users } from '@ledgerside/mocks';
import type { SidebarTab } from '@ledgerside/elements/sidebar/ledger-sidebar.js';
import { backend } from './backend.js';
import '@ledgerside/elements/define.js';
import '@ledgerside/elements/sidebar/define.js';
import '@ledgerside/elements/document-form/define.js';

/** The sidebar in Spanish and Czech: the longer labels at sidebar widths, money and dates by locale. */
const client = (userId: string) => createLedgerClient({ baseUrl: '', getToken: () => `mock:${userId}` });

const sidebar = (locale: string, tab: SidebarTab, userId: string = users.agent.id) => html`<ledger-provider
  .client=${client(userId)}
  locale=${locale}
>
  <ledger-sidebar tab=${tab} ticket-id=${demoIds.ticketId} .contact=${contacts.ana}></ledger-sidebar>
</ledger-provider>`;

const story = (locale: string, tab: SidebarTab, scenario: 'demo' | 'readOnly' = 'demo', userId?: string) => {
  const { parameters, loaders } = backend(scenario);
  return { parameters, loaders, render: () => sidebar(locale, tab, userId) };
};

/** A document as the sidebar's form shows it: its toolbar, lines, totals and what is refused. */
const documentView = (locale: string, documentId: string, kind: 'invoice' | 'quote' = 'invoice') => ({
  ...backend('demo'),
  render: () => html`<ledger-provider .client=${client(users.agent.id)} locale=${locale} .contact=${contacts.ana} ticket-id=${demoIds.ticketId}>
    <ledger-document-form kind=${kind} document-id=${documentId}></ledger-document-form>
  </ledger-provider>`,
});

export default { title: 'Sidebar/Locales', component: 'ledger-sidebar' };

export const InvoicesEs = story('es-ES', 'documents');
export const CustomerEs = story('es-ES', 'customer');
export const NewInvoiceEs = story('es-ES', 'new');
export const ConversationEs = story('es-ES', 'conversation');
export const LightAgentEs = story('es-ES', 'documents', 'readOnly', users.lightAgent.id);

export const InvoicesCs = story('cs-CZ', 'documents');
export const CustomerCs = story('cs-CZ', 'customer');
export const NewInvoiceCs = story('cs-CZ', 'new');
export const ConversationCs = story('cs-CZ', 'conversation');
export const LightAgentCs = story('cs-CZ', 'documents', 'readOnly', users.lightAgent.id);

export const PaidInvoiceEs = documentView('es-ES', demoIds.invoices.paid);
export const SentQuoteEs = documentView('es-ES', demoIds.quotes.sent, 'quote');
export const PaidInvoiceCs = documentView('cs-CZ', demoIds.invoices.paid);
export const SentQuoteCs = documentView('cs-CZ', demoIds.quotes.sent, 'quote');
