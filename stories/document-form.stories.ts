import { html, type TemplateResult } from 'lit';
import { delay, http, HttpResponse } from 'msw';
import { createLedgerClient } from '@ledgerside/client';
import { contacts, demoIds, products, users } from '@ledgerside/mocks';
import { backend } from './backend.js';
import type { LedgerDocumentForm } from '@ledgerside/elements/document-form/ledger-document-form.js';
import '@ledgerside/elements/define.js';
import '@ledgerside/elements/document-form/define.js';

const client = (userId: string = users.agent.id) => createLedgerClient({ baseUrl: '', getToken: () => `mock:${userId}` });
const dealProducts = [products.setup, products.seat, products.training];

interface Frame {
  user?: string;
  contact?: (typeof contacts)[keyof typeof contacts];
  ticket?: boolean;
  deal?: boolean;
  kind?: 'invoice' | 'quote';
  documentId?: string;
}

/** A sidebar-like frame: the provider with the host's context, the form inside. */
function frame(f: Frame): TemplateResult {
  return html`<ledger-provider
    .client=${client(f.user)}
    locale="en-US"
    .contact=${f.contact ?? contacts.ana}
    ticket-id=${f.ticket ? demoIds.ticketId : ''}
    deal-id=${f.deal ? demoIds.dealId : ''}
    .products=${f.deal ? dealProducts : undefined}
  >
    <ledger-document-form kind=${f.kind ?? 'invoice'} document-id=${f.documentId ?? ''}></ledger-document-form>
  </ledger-provider>`;
}

/** Waits for a control in the form (stories that show a state after a person's action). */
async function inForm(selector: string): Promise<HTMLElement> {
  for (let i = 0; i < 200; i++) {
    const form = document.querySelector<LedgerDocumentForm>('ledger-document-form');
    const el = form?.shadowRoot?.querySelector<HTMLElement>(selector);
    if (el) return el;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${selector} never appeared`);
}

/** Clears the drafts a previous story left, so each story starts as described. */
function freshDrafts(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('ledgerside:draft:')) localStorage.removeItem(key);
}

export default {
  title: 'Components/Document form',
  component: 'ledger-document-form',
};

export const NewInvoiceFromTime = {
  ...backend('demo', {}, async () => freshDrafts()),
  render: () => frame({ ticket: true }),
};

export const NewQuoteFromProducts = {
  ...backend('demo', {}, async () => freshDrafts()),
  render: () => frame({ deal: true, kind: 'quote' }),
};

/** 200 lines (a restored draft): typing in one re-renders that line only. */
export const ManyLines = {
  ...backend('demo', {}, async () => {
    freshDrafts();
    const lines = Array.from({ length: 200 }, (_, i) => ({
      key: `many-${i}`,
      description: `Support session ${i + 1}`,
      quantity: String(((i % 8) + 1) / 4),
      unitPrice: '120.00',
      discountPercent: i % 10 === 0 ? '10' : '',
      taxRatePercent: '8.25',
      timeEntryIds: [],
      productId: null,
    }));
    const value = {
      v: 1, kind: 'invoice', currency: 'USD', issueDate: new Date().toISOString().slice(0, 10), dueMode: 'terms',
      paymentTermsDays: '30', dueDate: '', template: 'standard', reference: '', notes: '', lines, saveKey: null, baseVersion: null,
    };
    localStorage.setItem(
      `ledgerside:draft:${demoIds.organizationId}:${users.agent.id}:new:invoice:contact:${contacts.ana.id}`,
      JSON.stringify({ value, savedAt: new Date().toISOString() }),
    );
  }),
  render: () => frame({}),
};

export const ContactNotMapped = {
  ...backend('demo'),
  render: () => frame({ contact: contacts.jana, ticket: true }),
};

export const ValidationErrors = {
  ...backend('demo', {}, async () => freshDrafts()),
  render: () => {
    void (async () => {
      (await inForm('#add-line')).click();
      const row = await inForm('li:nth-child(3) > ledger-document-line');
      await (row as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      const type = (id: string, value: string) => {
        const input = row.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!;
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      };
      type('quantity', '1.23456');
      type('unitPrice', '12.345');
      (await inForm('button[type=submit]')).click();
    })();
    return frame({ ticket: true });
  },
};

export const Saving = {
  ...backend('demo', {}, async () => freshDrafts(), [http.post('*/v1/documents', () => delay('infinite'))]),
  render: () => {
    void (async () => {
      await inForm('ledger-document-line');
      (await inForm('button[type=submit]')).click();
    })();
    return frame({ ticket: true });
  },
};

export const SaveFailed = {
  ...backend('demo', {}, async () => freshDrafts(), [http.post('*/v1/documents', () => HttpResponse.error())]),
  render: () => {
    void (async () => {
      await inForm('ledger-document-line');
      (await inForm('button[type=submit]')).click();
    })();
    return frame({ ticket: true });
  },
};

/** Someone else changed the draft invoice while it was being edited here. */
export const Conflict = (() => {
  const story = backend('demo', {}, async () => freshDrafts());
  const admin = () => story.api.as('admin');
  return {
    ...story,
    render: () => {
      void (async () => {
        (await inForm('#edit')).click();
        const reference = (await inForm('#reference')) as HTMLInputElement;
        reference.value = 'PO-1188';
        reference.dispatchEvent(new Event('input'));
        // Ada saves her change first (at the version she has, as the billing app would).
        const { version } = await admin().getDocument({ params: { id: demoIds.invoices.draft } });
        await admin().updateDocument({ params: { id: demoIds.invoices.draft }, body: { notes: 'Changed by Ada' }, ifMatch: version });
        (await inForm('button[type=submit]')).click();
      })();
      return frame({ ticket: true, documentId: demoIds.invoices.draft });
    },
  };
})();

const statusStory = (documentId: string, user?: string) => ({
  ...backend('demo'),
  render: () => frame({ ticket: true, documentId, ...(user ? { user } : {}) }),
});

export const InvoiceDraft = statusStory(demoIds.invoices.draft);
export const InvoiceSent = statusStory(demoIds.invoices.sent);
export const InvoicePartiallyPaid = statusStory(demoIds.invoices.partiallyPaid);
export const InvoicePaid = statusStory(demoIds.invoices.paid);
export const InvoiceOverdue = statusStory(demoIds.invoices.overdue);
export const InvoiceVoid = statusStory(demoIds.invoices.void);
export const InvoiceDeleted = statusStory(demoIds.invoices.deleted);
export const QuoteDraft = statusStory(demoIds.quotes.draft);
export const QuoteSent = statusStory(demoIds.quotes.sent);
export const QuoteAccepted = statusStory(demoIds.quotes.accepted);
export const QuoteDeclined = statusStory(demoIds.quotes.declined);
export const QuoteExpired = statusStory(demoIds.quotes.expired);
export const QuoteInvoiced = statusStory(demoIds.quotes.invoiced);

/** The "More" menu open on a paid invoice: unavailable actions disabled, the focused one's reason under the menu. */
export const ActionsMenu = {
  ...backend('demo'),
  render: () => {
    void (async () => (await inForm('[part=menu-button]')).click())();
    return frame({ ticket: true, documentId: demoIds.invoices.paid });
  },
};

export const ReadOnlyRole = statusStory(demoIds.invoices.sent, users.lightAgent.id);

export const ReadOnlyRoleNew = {
  ...backend('readOnly'),
  render: () => frame({ ticket: true, user: users.lightAgent.id }),
};

export const LoadFailed = {
  ...backend('failing'),
  render: () => frame({ ticket: true, documentId: demoIds.invoices.sent }),
};
