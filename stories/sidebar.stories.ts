import { html } from 'lit';
import { createLedgerClient } from '@ledgerside/client';
import { contacts, createScenario, demoIds, users } from '@ledgerside/mocks/legacy';
import type { SidebarTab } from '@ledgerside/elements/sidebar/ledger-sidebar.js';
import '@ledgerside/elements/define.js';
import '@ledgerside/elements/sidebar/define.js';

const client = (userId: string) => createLedgerClient({ baseUrl: '', getToken: () => `mock:${userId}` });

const sidebar = (tab: SidebarTab, userId: string = users.agent.id) => html`<ledger-provider .client=${client(userId)} locale="en-US">
  <ledger-sidebar tab=${tab} ticket-id=${demoIds.ticketId} .contact=${contacts.ana}></ledger-sidebar>
</ledger-provider>`;

export default { title: 'Sidebar', component: 'ledger-sidebar' };

export const Invoices = { parameters: { msw: createScenario('demo').handlers }, render: () => sidebar('documents') };
export const Customer = { parameters: { msw: createScenario('demo').handlers }, render: () => sidebar('customer') };
export const NewInvoice = { parameters: { msw: createScenario('demo').handlers }, render: () => sidebar('new') };
export const Conversation = { parameters: { msw: createScenario('demo').handlers }, render: () => sidebar('conversation') };
export const LightAgent = { parameters: { msw: createScenario('readOnly').handlers }, render: () => sidebar('documents', users.lightAgent.id) };
