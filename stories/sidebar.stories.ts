import { html } from 'lit';
import { createLedgerClient } from '@ledgerside/client';
import { contacts, demoIds, users } from '@ledgerside/mocks';
import type { SidebarTab } from '@ledgerside/elements/sidebar/ledger-sidebar.js';
import { backend } from './backend.js';
import '@ledgerside/elements/define.js';
import '@ledgerside/elements/sidebar/define.js';

const client = (userId: string) => createLedgerClient({ baseUrl: '', getToken: () => `mock:${userId}` });

const sidebar = (tab: SidebarTab, userId: string = users.agent.id) => html`<ledger-provider .client=${client(userId)} locale="en-US">
  <ledger-sidebar tab=${tab} ticket-id=${demoIds.ticketId} .contact=${contacts.ana}></ledger-sidebar>
</ledger-provider>`;

const story = (tab: SidebarTab, scenario: 'demo' | 'readOnly' = 'demo', userId?: string) => {
  const { parameters, loaders } = backend(scenario);
  return { parameters, loaders, render: () => sidebar(tab, userId) };
};

export default { title: 'Sidebar', component: 'ledger-sidebar' };

export const Invoices = story('documents');
export const Customer = story('customer');
export const NewInvoice = story('new');
export const Conversation = story('conversation');
export const LightAgent = story('documents', 'readOnly', users.lightAgent.id);
