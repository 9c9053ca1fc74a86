import { html, type TemplateResult } from 'lit';
import { todayIso } from '@ledgerside/contract';
import { createLedgerClient } from '@ledgerside/client';
import { demoIds, tokenFor, users } from '@ledgerside/mocks';
import { backend } from './backend.js';
import '@ledgerside/elements/define.js';
import '@ledgerside/elements/document-list/define.js';

const client = (userId: string = users.agent.id) => createLedgerClient({ baseUrl: '', getToken: () => tokenFor(userId) });

interface Frame {
  user?: string;
  /** The provider's ticket (the usual sidebar); off for a customer-wide list. */
  ticket?: boolean;
  customerId?: string;
  pageSize?: number;
}

/** A sidebar: the provider with the host's ticket, the list inside. */
function frame(f: Frame = {}): TemplateResult {
  return html`<ledger-provider .client=${client(f.user)} locale="en-US" ticket-id=${f.ticket === false ? '' : demoIds.ticketId}>
    <ledger-document-list customer-id=${f.customerId ?? ''} page-size=${f.pageSize ?? 50}></ledger-document-list>
  </ledger-provider>`;
}

/** Something happening elsewhere, a little later — unless the story was left meanwhile. */
function later(signal: AbortSignal | undefined, ms: number, what: () => Promise<unknown>): void {
  setTimeout(() => {
    if (!signal?.aborted) void what();
  }, ms);
}

export default {
  title: 'Components/Document list',
  component: 'ledger-document-list',
};

export const Empty = {
  ...backend('empty'),
  render: () => frame(),
};

/** The demo ticket: a handful of invoices. */
export const AFew = {
  ...backend('demo'),
  render: () => frame(),
};

/** Everything of one customer: every status an invoice or a quote can have. */
export const EveryStatus = {
  ...backend('demo'),
  render: () => frame({ ticket: false, customerId: demoIds.customers.acme }),
};

/** 10,000 documents, paged from the server as the list scrolls. */
export const Many = {
  // The many seed's core is built when the story first asks for it, not when the file loads.
  ...backend('many'),
  render: () => frame({ ticket: false, customerId: demoIds.customers.acme, pageSize: 200 }),
};

export const Loading = {
  ...backend('slow', { delayMs: 600_000 }),
  render: () => frame(),
};

export const LoadError = {
  ...backend('demo', { failing: { fail: ['listDocuments', 'documentSummary', 'getUnread'], hang: [] } }),
  render: () => frame(),
};

/** A light agent: the same list, no write actions, one line saying why. */
export const ReadOnly = {
  ...backend('readOnly'),
  render: () => frame({ user: users.lightAgent.id }),
};

/** Payments recorded in the billing app arrive live: the sent invoice turns partially paid, then paid. */
export const LiveUpdate = (() => {
  const live = backend('demo');
  const admin = () => live.api.as('admin');
  const sent = () => admin().getDocument({ params: { id: demoIds.invoices.sent } });
  const pay = async (part: (balance: number) => number) => {
    const { balance } = await sent();
    await admin().recordPayment({ params: { id: demoIds.invoices.sent }, body: { amount: part(balance), date: todayIso(), method: 'card' } });
  };
  return {
    ...live,
    render: (_args: unknown, { abortSignal }: { abortSignal?: AbortSignal } = {}) => {
      later(abortSignal, 1200, () => pay((balance) => Math.floor(balance / 2)));
      later(abortSignal, 4500, () => pay((balance) => balance));
      later(abortSignal, 8500, () =>
        admin().createDocument({
          body: {
            kind: 'invoice',
            customerId: demoIds.customers.acme,
            ticketId: demoIds.ticketId,
            currency: 'USD',
            issueDate: todayIso(),
            lines: [{ description: 'Follow-up call', quantity: 0.5, unitPrice: 12000 }],
          },
        }),
      );
      return frame();
    },
  };
})();

/** A row's action menu, open: what the person may do, and why the rest is unavailable. */
export const RowMenu = {
  ...backend('demo'),
  render: () => {
    void (async () => {
      for (let i = 0; i < 200; i++) {
        const list = document.querySelector('ledger-document-list');
        const trigger = list?.shadowRoot?.querySelector<HTMLButtonElement>(`[data-id="${demoIds.invoices.overdue}"] [aria-haspopup=menu]`);
        if (trigger) {
          trigger.focus();
          trigger.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true, composed: true }));
          return;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    return frame();
  },
};
