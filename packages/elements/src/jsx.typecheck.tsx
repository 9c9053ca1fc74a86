// Compiled by `tsc` only (never run): proves the React 19 typings accept the components'
// attributes, properties and events, and refuse what they do not have.
import './jsx.js';
import type { HostContact } from '@ledgerside/contract';

const contact: HostContact = { id: 'c-1', email: 'ana@example.com' };

export const ok = (
  <ledger-provider api-base="https://billing.example.com" locale="es" theme="dark">
    <ledger-sidebar
      ticket-id="T-1"
      contact={contact}
      tab="documents"
      onledger-document-created={(event) => console.info(event.detail.document.number)}
    />
    <ledger-conversation transaction-type="invoice" transaction-id="inv-1" />
  </ledger-provider>
);

// @ts-expect-error — `tab` only takes the sidebar's tabs.
export const wrongTab = <ledger-sidebar tab="settings" />;
