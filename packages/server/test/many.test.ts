// The `many` scenario on the server core: 10,000 documents and a 5,000-message thread, bulk
// seeded, read back over HTTP exactly as the server's own rules would have made them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  displayStatus,
  documentNumber,
  documentTotals,
  lineAmounts,
  routes,
  summarizeDocuments,
  todayIso,
  type Document,
  type DocumentStatus,
  type Message,
} from '@ledgerside/contract';
import { createCore, customers, deal, demoIds, HOURLY_RATE, manyIds, products, seedMany, ticket, type Core } from '../src/core.js';
import { nodeFontSource } from '../src/pdf/fonts-node.js';
import { safeParse } from '../src/schema.js';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The mocks' cycle: quotes draft, sent, accepted, declined, expired; invoices by n % 10. */
function expectedStatus(n: number): DocumentStatus {
  if (n % 5 === 0) return (['draft', 'sent', 'accepted', 'declined', 'expired'] as const)[(n / 5) % 5]!;
  return ({ 1: 'draft', 2: 'paid', 3: 'paid', 4: 'partially_paid', 6: 'void' } as Record<number, DocumentStatus>)[n % 10] ?? 'sent';
}

describe('the many scenario on the server core', () => {
  let core: Core;
  let token: string;
  let seedMs = 0;
  const call = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    if (init.body) headers.set('content-type', 'application/json');
    return core.fetch(new Request(`http://core.test/v1${path}`, { ...init, headers }));
  };
  const json = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await call(path, init);
    assert.equal(response.status, 200, `${path}: ${response.status} ${await response.clone().text()}`);
    return (await response.json()) as T;
  };
  const all = async (query: string): Promise<Document[]> => {
    const items: Document[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Document> = await json(`/documents?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  before(async () => {
    core = await createCore({
      demo: true,
      seed: async (db) => {
        const started = performance.now();
        await seedMany(db);
        seedMs = performance.now() - started;
      },
      fonts: nodeFontSource,
      maintenance: false,
      checkResponses: true,
    });
    token = ((await (await core.fetch(new Request('http://core.test/dev/token?user=u-agent'))).json()) as { token: string }).token;
  });
  after(() => core?.close());

  it('seeds in a few seconds', (t) => {
    t.diagnostic(`seedMany took ${seedMs.toFixed(0)} ms`);
    // Generous: the machine is shared. Building takes under two seconds when it is not busy.
    assert.ok(seedMs < 20_000, `seedMany took ${seedMs.toFixed(0)} ms`);
  });

  let everything: Document[] = [];

  it('pages through the 10,000 documents of the ticket and the deal, newest first, each once', async () => {
    everything = await all(`customerId=${customers.acme.id}`);
    assert.equal(everything.length, manyIds.documents);
    assert.deepEqual(
      everything.map((d) => d.id),
      Array.from({ length: manyIds.documents }, (_, i) => manyIds.documentId(manyIds.documents - i)),
    );
    const onTicket = await all(`ticketId=${ticket.id}`);
    const onDeal = await all(`dealId=${deal.id}`);
    assert.equal(onTicket.length, 8_000);
    assert.equal(onDeal.length, 2_000);
    assert.ok(onTicket.every((d) => d.kind === 'invoice' && d.ticketId === ticket.id && d.dealId === null));
    assert.ok(onDeal.every((d) => d.kind === 'quote' && d.dealId === deal.id && d.ticketId === null));
    assert.equal(new Set([...onTicket, ...onDeal].map((d) => d.id)).size, manyIds.documents);

    const counts = { invoice: 0, quote: 0 };
    const today = todayIso();
    for (const doc of [...everything].reverse()) {
      const n = Number(doc.id.slice(-5));
      assert.equal(doc.number, documentNumber(doc.kind, ++counts[doc.kind]), doc.id);
      assert.equal(doc.status, expectedStatus(n), doc.id);
      assert.equal(doc.displayStatus, displayStatus(doc, today), doc.id);
      assert.equal(doc.balance, doc.totals.total - doc.amountPaid, doc.id);
      assert.equal(doc.sentAt === null, doc.status === 'draft', doc.id);
    }
    assert.deepEqual(counts, { invoice: 8_000, quote: 2_000 });
    // Overdue ones exist (sent long ago, 30 days' terms) and the filter finds exactly them.
    const overdue = await all(`customerId=${customers.acme.id}&status=overdue`);
    assert.ok(overdue.length > 0);
    assert.deepEqual(
      overdue.map((d) => d.id),
      everything.filter((d) => d.displayStatus === 'overdue').map((d) => d.id),
    );
  });

  it("a document's totals are the contract's, and it validates against the response schema", async () => {
    // Document 4: the fourth invoice, half paid.
    const n = 4;
    const response = await call(`/documents/${manyIds.documentId(n)}`);
    assert.equal(response.status, 200); // checkResponses: the server validated it, or answered 500
    const doc = (await response.json()) as Document;
    assert.equal(safeParse(routes.getDocument.response, doc).success, true);
    const inputs = [
      { description: `Support hours #${n}`, quantity: 0.25 * ((n % 12) + 1), unitPrice: HOURLY_RATE, discountPercent: 0, taxRatePercent: customers.acme.taxRatePercent },
      { description: products.hosting.name, quantity: (n % 3) + 1, unitPrice: products.hosting.unitPrice, discountPercent: 0, taxRatePercent: products.hosting.taxRatePercent },
    ];
    assert.deepEqual(doc.totals, documentTotals(inputs));
    assert.deepEqual(
      doc.lines.map((l) => l.amounts),
      inputs.map((l) => lineAmounts(l)),
    );
    assert.equal(doc.lines[1]!.productId, products.hosting.id);
    assert.equal(doc.number, 'INV-000004');
    assert.equal(doc.status, 'partially_paid');
    assert.equal(doc.amountPaid, Math.floor(doc.totals.total / 2));
    assert.equal(doc.balance, doc.totals.total - doc.amountPaid);
    assert.equal(doc.paymentTermsDays, customers.acme.paymentTermsDays);
    assert.equal(response.headers.get('etag'), `"${doc.version}"`);
    assert.equal(doc.version, 3); // created, sent, paid

    const paid = await json<Document>(`/documents/${manyIds.documentId(2)}`);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.balance, 0);
    const quote = await json<Document>(`/documents/${manyIds.documentId(manyIds.documents)}`);
    assert.equal(quote.kind, 'quote');
    assert.equal(quote.number, 'QT-002000');
    assert.equal(quote.issueDate, todayIso());
  });

  it('GET /documents/summary agrees with the contract over the listed documents', async () => {
    for (const scope of [`customerId=${customers.acme.id}`, `ticketId=${ticket.id}`]) {
      const summary = await json<{ currencies: unknown[] }>(`/documents/summary?${scope}`);
      const docs = scope.startsWith('ticket') ? everything.filter((d) => d.ticketId === ticket.id) : everything;
      assert.deepEqual(summary, summarizeDocuments(docs));
    }
    const [usd] = (await json<{ currencies: { count: number; overdue: number; outstanding: number }[] }>(`/documents/summary?customerId=${customers.acme.id}`))
      .currencies;
    assert.equal(usd!.count, 6_000); // 3,000 sent, 2,000 paid, 1,000 partly paid
    assert.ok(usd!.overdue > 0 && usd!.overdue <= usd!.outstanding);
  });

  it('the thread has 5,000 messages in order, and the agent has the last ten to read', async () => {
    const { conversation } = await json<{ conversation: { id: string; unread: number; lastReadMessageId: string | null } | null }>(
      `/conversations?transactionType=invoice&transactionId=${manyIds.conversationDocumentId}`,
    );
    assert.equal(conversation?.id, manyIds.conversationId);
    assert.equal(conversation.unread, 10);
    assert.equal(conversation.lastReadMessageId, 'msg-many-4990');

    const messages: Message[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Message> = await json(`/conversations/${manyIds.conversationId}/messages?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      messages.unshift(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(messages.length, manyIds.messages);
    const end = Date.parse(`${todayIso()}T09:00:00Z`);
    messages.forEach((m, i) => {
      const n = i + 1;
      assert.equal(m.id, `msg-many-${String(n).padStart(4, '0')}`);
      assert.equal(m.body, `Message ${n} of ${manyIds.messages}`);
      assert.equal(Date.parse(m.createdAt), end - (manyIds.messages - n) * 600_000);
      const fromAgent = n % 2 === 0 && n <= manyIds.messages - 10;
      assert.equal(m.author.id, fromAgent ? 'u-agent' : 'u-client', m.id);
      assert.equal(m.author.side, fromAgent ? 'firm' : 'client', m.id);
      assert.deepEqual(
        m.recipients.map((r) => r.id),
        [fromAgent ? 'u-client' : 'u-agent'],
      );
    });

    const unread = await json<{ total: number; byTransaction: { conversationId: string; count: number }[] }>('/unread');
    assert.equal(unread.total, 10);
    assert.deepEqual(
      unread.byTransaction.map((t) => [t.conversationId, t.count]),
      [[manyIds.conversationId, 10]],
    );
  });

  it('a new invoice and a new quote get the numbers after the highest', async () => {
    for (const [kind, number, links] of [
      ['invoice', 'INV-008001', { ticketId: ticket.id }],
      ['quote', 'QT-002001', { dealId: deal.id }],
    ] as const) {
      const response = await call('/documents', {
        method: 'POST',
        headers: { 'idempotency-key': `many-${kind}` },
        body: JSON.stringify({
          kind,
          customerId: demoIds.customers.acme,
          currency: 'USD',
          issueDate: todayIso(),
          ...links,
          lines: [{ description: 'After the many', quantity: 1, unitPrice: 100 }],
        }),
      });
      assert.equal(response.status, 201, await response.clone().text());
      const created = (await response.json()) as Document;
      assert.equal(created.number, number);
      const [newest] = (await json<Page<Document>>(`/documents?customerId=${customers.acme.id}&limit=1`)).items;
      assert.equal(newest!.id, created.id);
    }
  });
});
