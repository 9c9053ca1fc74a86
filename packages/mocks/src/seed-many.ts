/**
 * `many`: 10,000 documents on the demo ticket and deal, and a thread of 5,000 messages. Built
 * through the store's own operations (totals computed once per document, statuses moved by
 * the contract's rules), quickly enough to start a story or a test: well under a second.
 */
import { addDays } from './dates.js';
import { customers, deal, HOURLY_RATE, products, ticket, users } from './fixtures.js';
import { seedBase } from './seed-base.js';
import type { MockStore } from './store.js';
import type { SeedDocument, SeedStep } from './store.js';

export const manyIds = {
  documents: 10_000,
  messages: 5_000,
  /** The thread with 5,000 messages, on an invoice. */
  conversationId: 'conv-many',
  conversationDocumentId: 'doc-m-09999',
  /** `doc-m-00001` … `doc-m-10000`; every fifth is a quote. */
  documentId: (n: number) => `doc-m-${String(n).padStart(5, '0')}`,
} as const;

const DAY = 86_400_000;

export function seedMany(store: MockStore): void {
  seedBase(store);
  const today = store.today();
  const end = Date.parse(`${today}T09:00:00Z`);
  const { documents } = manyIds;
  const issued = (n: number) => Math.floor((documents - n) / 15); // about 15 a day, the last today

  store.addDocumentsUnchecked(
    (function* (): Generator<SeedDocument> {
      for (let n = 1; n <= documents; n++) {
        const kind = n % 5 === 0 ? 'quote' : 'invoice';
        const days = issued(n);
        yield {
          id: manyIds.documentId(n),
          at: new Date(end - days * DAY + n * 1000),
          input: {
            kind,
            customerId: customers.acme.id,
            ...(kind === 'quote' ? { dealId: deal.id } : { ticketId: ticket.id }),
            currency: 'USD',
            issueDate: addDays(today, -days),
            lines: [
              line(`Support hours #${n}`, 0.25 * ((n % 12) + 1), HOURLY_RATE, customers.acme.taxRatePercent),
              line(products.hosting.name, (n % 3) + 1, products.hosting.unitPrice, products.hosting.taxRatePercent, products.hosting.id),
            ],
          },
          steps: kind === 'quote' ? quoteSteps[(n / 5) % 5]! : invoiceSteps(n % 10, addDays(today, -days)),
        };
      }
    })(),
  );

  seedThread(store, end);
}

/** Quotes in turn: draft, sent, accepted, declined, expired. */
const quoteSteps: readonly SeedStep[][] = [
  [],
  ['mark_sent'],
  ['mark_sent', { status: 'accepted' }],
  ['mark_sent', { status: 'declined' }],
  ['mark_sent', { status: 'expired' }],
];

/** Invoices in turn: draft, paid, partly paid, void, or sent (overdue once past due). */
function invoiceSteps(step: number, date: string): SeedStep[] {
  if (step === 1) return [];
  if (step === 2 || step === 3) return ['mark_sent', { pay: (balance) => balance, date }];
  if (step === 4) return ['mark_sent', { pay: (balance) => Math.floor(balance / 2), date }];
  if (step === 6) return ['mark_sent', 'void'];
  return ['mark_sent'];
}

function line(description: string, quantity: number, unitPrice: number, taxRatePercent: number, productId: string | null = null) {
  return { description, quantity, unitPrice, discountPercent: 0, taxRatePercent, timeEntryIds: [], productId };
}

function seedThread(store: MockStore, end: number): void {
  const { conversationId, conversationDocumentId, messages } = manyIds;
  store.pinClock(new Date(end - messages * 600_000));
  store.addConversation(conversationId, 'invoice', conversationDocumentId);
  for (let n = 1; n <= messages; n++) {
    store.pinClock(new Date(end - (messages - n) * 600_000)); // one every ten minutes
    // The agent and the client take turns; the client wrote the last ten, unread by the agent.
    const fromAgent = n % 2 === 0 && n <= messages - 10;
    store.addMessage(
      conversationId,
      fromAgent ? users.agent.id : users.client.id,
      [fromAgent ? users.client.id : users.agent.id],
      `Message ${n} of ${messages}`,
      `msg-many-${String(n).padStart(4, '0')}`,
    );
  }
}
