import { html, type TemplateResult } from 'lit';
import { createLedgerClient } from '@ledgerside/client';
import { createScenario, demoIds, tokenFor, users, type Scenario } from '@ledgerside/mocks/legacy';
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

/** Something happening elsewhere, a little later, on the story's own store. */
function later(ms: number, what: () => void): void {
  setTimeout(what, ms);
}

const scenarios = new Map<string, Scenario>();
/** One store per story, made when the story is first shown (the `many` seed takes a moment). */
function scenario(key: string, make: () => Scenario): Scenario {
  let s = scenarios.get(key);
  if (!s) scenarios.set(key, (s = make()));
  return s;
}

export default {
  title: 'Components/Document list',
  component: 'ledger-document-list',
};

export const Empty = {
  parameters: { msw: scenario('empty', () => createScenario('empty')).handlers },
  render: () => frame(),
};

/** The demo ticket: a handful of invoices. */
export const AFew = {
  parameters: { msw: scenario('few', () => createScenario('demo')).handlers },
  render: () => frame(),
};

/** Everything of one customer: every status an invoice or a quote can have. */
export const EveryStatus = {
  parameters: { msw: scenario('every', () => createScenario('demo')).handlers },
  render: () => frame({ ticket: false, customerId: demoIds.customers.acme }),
};

/** 10,000 documents, paged from the server as the list scrolls. */
export const Many = {
  parameters: { msw: scenario('many', () => createScenario('many')).handlers },
  render: () => frame({ ticket: false, customerId: demoIds.customers.acme, pageSize: 200 }),
};

export const Loading = {
  parameters: { msw: scenario('loading', () => createScenario('slow', { delayMs: 600_000 })).handlers },
  render: () => frame(),
};

export const LoadError = {
  parameters: { msw: scenario('error', () => createScenario('demo', { failing: { fail: ['listDocuments', 'documentSummary', 'getUnread'], hang: [] } })).handlers },
  render: () => frame(),
};

/** A light agent: the same list, no write actions, one line saying why. */
export const ReadOnly = {
  parameters: { msw: scenario('readOnly', () => createScenario('readOnly')).handlers },
  render: () => frame({ user: users.lightAgent.id }),
};

/** Payments recorded in the billing app arrive live: the sent invoice turns partially paid, then paid. */
export const LiveUpdate = {
  parameters: { msw: scenario('live', () => createScenario('demo')).handlers },
  render: () => {
    const { store } = scenario('live', () => createScenario('demo'));
    const admin = users.admin.id;
    const sent = () => store.getDocument(admin, demoIds.invoices.sent);
    later(1200, () => store.recordPayment(admin, demoIds.invoices.sent, { amount: Math.floor(sent().balance / 2), date: store.today() }));
    later(4500, () => store.recordPayment(admin, demoIds.invoices.sent, { amount: sent().balance, date: store.today() }));
    later(8500, () =>
      store.createDocument(admin, {
        kind: 'invoice',
        customerId: demoIds.customers.acme,
        ticketId: demoIds.ticketId,
        currency: 'USD',
        issueDate: store.today(),
        lines: [{ description: 'Follow-up call', quantity: 0.5, unitPrice: 12000 }],
      }),
    );
    return frame();
  },
};

/** A row's action menu, open: what the person may do, and why the rest is unavailable. */
export const RowMenu = {
  parameters: { msw: scenario('menu', () => createScenario('demo')).handlers },
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
