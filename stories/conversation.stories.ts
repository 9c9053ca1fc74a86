import { html, type TemplateResult } from 'lit';
import { http, type HttpHandler } from 'msw';
import { createLedgerClient } from '@ledgerside/client';
import { demoIds, manyIds, users } from '@ledgerside/mocks';
import { backend, type StoryApi } from './backend.js';
import '@ledgerside/elements/define.js';
import '@ledgerside/elements/conversation/define.js';
import '@ledgerside/elements/unread-badge/define.js';

const client = (userId: string) => createLedgerClient({ baseUrl: '', getToken: () => `mock:${userId}` });

interface Frame {
  user?: string;
  type?: string;
  id?: string;
  height?: string;
}

/** A sidebar-like frame: the provider with the caller's client, the conversation inside. */
function frame(f: Frame): TemplateResult {
  return html`<ledger-provider .client=${client(f.user ?? users.agent.id)} locale="en-US">
    <ledger-conversation
      style=${f.height ? `--ledger-conversation-height:${f.height}` : ''}
      transaction-type=${f.type ?? 'invoice'}
      transaction-id=${f.id ?? demoIds.invoices.sent}
    ></ledger-conversation>
  </ledger-provider>`;
}

/** A demo scenario, changed by `setup` (over HTTP) before the story renders; `before` handlers answer first. */
const demo = (setup?: (api: StoryApi) => Promise<unknown>, before: HttpHandler[] = []) => backend('demo', {}, setup, before);

/** Each story starts with an empty outbox unless it fills one. */
function freshOutbox(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('ledgerside:outbox:')) localStorage.removeItem(key);
}

export default {
  title: 'Components/Conversation',
  component: 'ledger-conversation',
};

/** An invoice nobody has written about yet: one sentence and the one action. */
export const Empty = {
  ...demo(async () => freshOutbox()),
  render: () => frame({ id: demoIds.invoices.overdue, height: '26rem' }),
};

/** 5,000 messages (the `many` scenario), virtualized; older pages load while scrolling up. */
export const LongThread = {
  // The many seed's core is built when the story is first opened, not when the file loads.
  ...backend('many', {}, async () => freshOutbox()),
  render: () => frame({ id: manyIds.conversationDocumentId }),
};

/** The agent has four unread messages (the seed's three and Ana's reply): opened at the first, marked read as they are seen. */
export const Unread = {
  ...demo(async (api) => {
    freshOutbox();
    // Ana answers the agent: one more unread message for them.
    await api.as(users.client.id).postMessage({
      params: { id: demoIds.conversationId },
      body: {
        recipientIds: [users.agent.id],
        body: 'The card details are in the portal now. Receipt: https://billing.example.com/receipts/8812 — thanks!\nAna',
      },
    });
  }),
  render: () => html`<div style="display:grid;gap:8px">
    <p style="margin:0">Unread here: <ledger-provider .client=${client(users.agent.id)}><ledger-unread-badge transaction-type="invoice" transaction-id=${demoIds.invoices.sent}></ledger-unread-badge></ledger-provider></p>
    ${frame({ height: '30rem' })}
  </div>`,
};

const outboxKey = `ledgerside:outbox:v1:/v1|${users.agent.id}|invoice:${demoIds.invoices.sent}`;
const clientRecipient = { id: users.client.id, name: users.client.name, email: users.client.email, kind: 'customer_contact' as const };

/** One message still sending (the server is slow to answer), one refused and waiting for Retry. */
export const PendingAndFailed = {
  ...demo(
    async (api) => {
      await api.as(users.agent.id).markRead({ params: { id: demoIds.conversationId }, body: { messageId: demoIds.messages[3] } });
      freshOutbox();
      localStorage.setItem(
        outboxKey,
        JSON.stringify({
          draft: { body: 'Also attaching the timesheet', recipientIds: [users.client.id] },
          entries: [
            {
              key: 'story-failed',
              body: 'Could you confirm the new billing address?',
              recipientIds: [users.client.id],
              recipients: [clientRecipient],
              createdAt: new Date().toISOString(),
              status: 'failed',
              error: 'The billing service had a problem. Please try again.',
            },
            {
              key: 'story-pending',
              body: 'Card payments are fine — the link is on the invoice.',
              recipientIds: [users.client.id],
              recipients: [clientRecipient],
              createdAt: new Date().toISOString(),
              status: 'pending',
            },
          ],
        }),
      );
    },
    // Holds every post open, so the pending message stays "Sending…".
    [http.post('*/v1/conversations/:id/messages', () => new Promise<undefined>(() => undefined))],
  ),
  render: () => frame({ height: '32rem' }),
};

/** A credit memo cannot carry a conversation: it says so, and offers nothing to post. */
export const IneligibleTransaction = {
  ...demo(),
  render: () => frame({ type: 'credit_memo', id: 'cm-1001' }),
};

/** Ana, on the client side, sees her own invoice's thread and answers the firm. */
export const ClientView = {
  ...demo(async () => freshOutbox()),
  render: () => frame({ user: users.client.id, height: '30rem' }),
};

/** A light agent reads everything else but may comment here. */
export const LightAgent = {
  ...demo(async () => freshOutbox()),
  render: () => frame({ user: users.lightAgent.id, height: '30rem' }),
};

/** The billing integration is turned off: the thread reads, the composer gives way to one line why. */
export const IntegrationDisabled = {
  ...demo((api) => api.as('admin').updateIntegration({ body: { state: 'disabled' } })),
  render: () => frame({ height: '24rem' }),
};

/** Badges for one transaction and for all, as a host would put them on its buttons. */
export const UnreadBadges = {
  ...demo(),
  render: () => html`<ledger-provider .client=${client(users.agent.id)} locale="en-US">
    <div style="display:flex;gap:12px;align-items:center;flex-wrap:wrap">
      <button type="button">Conversation <ledger-unread-badge transaction-type="invoice" transaction-id=${demoIds.invoices.sent}></ledger-unread-badge></button>
      <button type="button">All messages <ledger-unread-badge></ledger-unread-badge></button>
    </div>
  </ledger-provider>`,
};
