/**
 * The demo: a ticket with billable and non-billable time, a deal with products, documents in
 * every status (each reached through the store's own operations, so the contract's status
 * machine and money rules made them), and a conversation with unread messages.
 */
import { addDays, atTime } from './dates.js';
import { customers, deal, HOURLY_RATE, products, ticket, users } from './fixtures.js';
import { seedBase, timeEntryIds } from './seed-base.js';
import type { MockStore } from './store.js';

export const demoIds = {
  organizationId: 'org-northwind',
  users: { admin: users.admin.id, agent: users.agent.id, lightAgent: users.lightAgent.id, client: users.client.id, otherClient: users.otherClient.id },
  customers: { acme: customers.acme.id, hradec: customers.hradec.id, umbrella: customers.umbrella.id },
  contacts: { mapped: 'contact-ana', secondaryEmailMatch: 'contact-jana', unmatched: 'contact-noah' },
  ticketId: ticket.id,
  dealId: deal.id,
  timeEntries: timeEntryIds,
  invoices: {
    paid: 'doc-inv-paid',
    overdue: 'doc-inv-overdue',
    void: 'doc-inv-void',
    partiallyPaid: 'doc-inv-partial',
    sent: 'doc-inv-sent',
    deleted: 'doc-inv-deleted',
    otherCurrency: 'doc-inv-czk',
    draft: 'doc-inv-draft',
  },
  quotes: {
    expired: 'doc-qt-expired',
    invoiced: 'doc-qt-invoiced',
    declined: 'doc-qt-declined',
    accepted: 'doc-qt-accepted',
    sent: 'doc-qt-sent',
    draft: 'doc-qt-draft',
  },
  conversationId: 'conv-inv-sent',
  messages: ['msg-demo-1', 'msg-demo-2', 'msg-demo-3', 'msg-demo-4'],
} as const;

type Line = { description: string; quantity: number; unitPrice: number; taxRatePercent?: number; timeEntryIds?: string[]; productId?: string };

const product = (p: (typeof products)[keyof typeof products], quantity: number): Line => ({
  description: p.name,
  quantity,
  unitPrice: p.unitPrice,
  taxRatePercent: p.taxRatePercent,
  productId: p.id,
});
const hours = (description: string, quantity: number, timeEntryIds: string[] = []): Line => ({
  description,
  quantity,
  unitPrice: HOURLY_RATE,
  taxRatePercent: customers.acme.taxRatePercent,
  timeEntryIds,
});

export function seedDemo(store: MockStore): void {
  const today = store.today();
  const admin = users.admin.id;
  const any = { ifMatch: '*' };
  const I = demoIds.invoices;
  const Q = demoIds.quotes;
  const at = (days: number, minutes = 0) => store.pinClock(atTime(addDays(today, days), minutes));
  const create = (id: string, kind: 'invoice' | 'quote', days: number, lines: Line[], customer: { id: string; currency: string } = customers.acme) => {
    at(days);
    const links = kind === 'quote' || id === I.partiallyPaid ? { dealId: deal.id } : customer === customers.acme ? { ticketId: ticket.id } : {};
    store.addDocument(id, { kind, customerId: customer.id, currency: customer.currency, issueDate: addDays(today, days), ...links, lines });
  };
  const send = (id: string, days: number) => {
    at(days, 5);
    store.markDocumentSent(admin, id, any);
  };
  const answer = (id: string, days: number, to: 'accepted' | 'declined' | 'expired') => {
    at(days, 10);
    store.setDocumentStatus(admin, id, to);
  };

  seedBase(store);

  create(I.paid, 'invoice', -60, [hours('Initial setup call', 1, [timeEntryIds.invoiced]), product(products.hosting, 1)]);
  send(I.paid, -60);
  at(-40);
  const paid = store.getDocument(admin, I.paid);
  store.recordPayment(admin, I.paid, { amount: paid.balance, date: addDays(today, -40), method: 'card', reference: 'ch_demo_1' });

  create(Q.expired, 'quote', -50, [product(products.training, 3)]);
  send(Q.expired, -50);
  answer(Q.expired, -20, 'expired');

  create(I.overdue, 'invoice', -45, [hours('Emergency support call', 2)]);
  send(I.overdue, -45);

  create(I.void, 'invoice', -35, [{ description: 'March retainer (issued twice)', quantity: 1, unitPrice: 50000 }]);
  send(I.void, -35);
  at(-34);
  store.voidDocument(admin, I.void, any);

  create(Q.invoiced, 'quote', -20, [product(products.setup, 1), product(products.seat, 10)]);
  send(Q.invoiced, -19);

  create(Q.declined, 'quote', -18, [product(products.support, 12)]);
  send(Q.declined, -18);
  answer(Q.declined, -10, 'declined');

  create(Q.accepted, 'quote', -15, deal.products.map((p) => product(Object.values(products).find((x) => x.id === p.productId)!, p.quantity)));
  send(Q.accepted, -15);
  answer(Q.accepted, -8, 'accepted');

  at(-12);
  store.addConversion(Q.invoiced, I.partiallyPaid);
  send(I.partiallyPaid, -12);
  at(-5);
  store.recordPayment(admin, I.partiallyPaid, { amount: 30000, date: addDays(today, -5), method: 'bank_transfer', reference: 'Wire 4471' });

  create(I.sent, 'invoice', -6, [hours('Configuration work', 3)]);
  send(I.sent, -5);

  create(I.deleted, 'invoice', -4, [{ description: 'Test invoice', quantity: 1, unitPrice: 100 }]);
  at(-4, 30);
  store.deleteDocument(admin, I.deleted, any);

  create(I.otherCurrency, 'invoice', -3, [{ description: 'Ledger Pro licence', quantity: 10, unitPrice: 125000, taxRatePercent: 21 }], customers.hradec);
  send(I.otherCurrency, -3);

  create(Q.sent, 'quote', -2, [product(products.seat, 20), product(products.support, 1)]);
  send(Q.sent, -1);

  create(I.draft, 'invoice', -1, [hours('Follow-up consultation', 1.5)]);
  create(Q.draft, 'quote', 0, [product(products.training, 1)]);

  seedConversation(store, today);
}

function seedConversation(store: MockStore, today: string): void {
  const [m1, m2, m3, m4] = demoIds.messages;
  const at = (days: number, minutes: number) => store.pinClock(atTime(addDays(today, days), minutes));
  at(-5, 30);
  store.addConversation(demoIds.conversationId, 'invoice', demoIds.invoices.sent);
  store.addMessage(demoIds.conversationId, users.agent.id, [users.client.id], "Hi Ana, here is the invoice for last week's configuration work.", m1);
  at(-4, 60);
  store.addMessage(demoIds.conversationId, users.client.id, [users.agent.id], 'Thanks! Could you split the hours by day?', m2);
  at(-4, 90);
  store.addMessage(demoIds.conversationId, users.admin.id, [users.agent.id], 'I can re-issue it with a daily breakdown if she needs it.', m3);
  at(-1, 120);
  store.addMessage(demoIds.conversationId, users.client.id, [users.agent.id, users.admin.id], 'Also, can we pay by card?', m4);
}
