import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { todayIso, type Document } from '@ledgerside/contract';
import { demoIds } from '@ledgerside/mocks';
import { MockApi, testClient } from '../testing/backend.js';
import { LedgerElement } from '../base/ledger-element.js';
import type { LedgerProvider } from '../provider/ledger-provider.js';
import { DocumentActionsController, type ActionResult } from './document-actions.js';
import '../provider/define.js';

class ActionsHost extends LedgerElement {
  results: ActionResult[] = [];
  actions = new DocumentActionsController(this, { onResult: (r) => this.results.push(r) });
  override render() {
    return this.actions.renderDialogs();
  }
}
ActionsHost.define('ledger-test-actions-host');

const api = new MockApi();
const requests = () => api.requests.map((r) => `${r.method} ${r.path}`);

async function setup(userId: string = demoIds.users.agent, locale = 'en-US') {
  const provider = await fixture<LedgerProvider>(html`<ledger-provider locale=${locale}
    .client=${testClient(userId)}
    ><ledger-test-actions-host></ledger-test-actions-host
  ></ledger-provider>`);
  const host = provider.querySelector<ActionsHost>('ledger-test-actions-host')!;
  await waitUntil(() => provider.runtime.session.status === 'ready', 'session');
  return host;
}

function dialogButton(host: Element, tag: string, label: RegExp): HTMLButtonElement {
  const dialog = host.shadowRoot!.querySelector(tag)!;
  const button = [...dialog.shadowRoot!.querySelectorAll('button')].find((b) => label.test(b.textContent!));
  if (!button) throw new Error(`no button ${label} in ${tag}`);
  return button;
}

async function openDialog(host: Element, tag: string): Promise<ShadowRoot> {
  const el = host.shadowRoot!.querySelector(tag)!;
  await waitUntil(() => el.shadowRoot?.querySelector('dialog')?.open, `${tag} opens`);
  return el.shadowRoot!;
}

/** What the server sent, newest first: its outbox, as the demo's mailbox lists it. */
async function outbox(): Promise<{ to: string[]; subject: string; documentId: string | null }[]> {
  const response = await api.scenario.fetch(new Request('http://core.invalid/dev/mailbox.json'));
  return ((await response.json()) as { items: { to: string[]; subject: string; documentId: string | null }[] }).items;
}

describe('document actions', () => {
  const doc = (id: string): Promise<Document> => api.as('admin').getDocument({ params: { id } });

  // The first start builds the core (migrations and seed): more than mocha's default on a busy machine.
  before(async function () {
    this.timeout(60_000);
    await api.start();
  });
  beforeEach(() => api.reset());
  after(() => api.stop());

  it('voids a draft after the person confirms, and does nothing when they cancel', async () => {
    const host = await setup();
    const draft = await doc(demoIds.invoices.draft);

    const cancelled = host.actions.run(draft, 'void');
    await openDialog(host, 'ledger-confirm-dialog');
    dialogButton(host, 'ledger-confirm-dialog', /Cancel/).click();
    expect((await cancelled).cancelled).to.equal(true);
    expect(requests().filter((r) => r.includes('/void'))).to.have.length(0);

    const voiding = host.actions.run(draft, 'void');
    const root = await openDialog(host, 'ledger-confirm-dialog');
    expect(root.textContent).to.contain(`Void ${draft.number}?`);
    await expect(host.shadowRoot!.querySelector('ledger-confirm-dialog')!).to.be.accessible();
    dialogButton(host, 'ledger-confirm-dialog', /^Void$/).click();
    const result = await voiding;
    expect(result.error).to.equal(undefined);
    expect(result.document!.status).to.equal('void');
    expect((await doc(draft.id)).status, 'the server has it void').to.equal('void');
  });

  it('a stale version comes back as "changed elsewhere" with the current document', async () => {
    const host = await setup();
    const sent = await doc(demoIds.invoices.draft);
    // Changed elsewhere, and the live event never arrived: the host still holds the old version.
    await api.quietly(() => api.as('admin').updateDocument({ params: { id: sent.id }, body: { notes: 'changed by someone else' }, ifMatch: sent.version }));
    const result = await host.actions.run(sent, 'mark_sent');
    expect(result.error!.status).to.equal(412);
    expect(result.message).to.match(/changed elsewhere/);
    expect(result.document!.version).to.equal(sent.version + 1);
    expect(result.document!.notes).to.equal('changed by someone else');
  });

  it('what the status machine refuses is disabled with its reason, and never sent', async () => {
    const host = await setup();
    const paid = await doc(demoIds.invoices.paid);
    const state = host.actions.state(paid, 'void');
    expect(state.allowed).to.equal(false);
    expect(!state.allowed && state.message).to.equal('A paid invoice cannot be voided.');
    const result = await host.actions.run(paid, 'void');
    expect(result.message).to.equal('A paid invoice cannot be voided.');
    expect(requests().filter((r) => r.includes('/void'))).to.have.length(0);
  });

  it('a light agent may open and download, nothing else', async () => {
    const host = await setup(demoIds.users.lightAgent);
    const draft = await doc(demoIds.invoices.draft);
    expect(host.actions.state(draft, 'pdf').allowed).to.equal(true);
    for (const action of ['edit', 'void', 'mark_sent', 'email', 'delete', 'clone', 'record_payment'] as const) {
      expect(host.actions.state(draft, action).allowed, action).to.equal(false);
    }
  });

  it('records a payment through the dialog: over the balance is refused at the field, a part makes it partially paid', async () => {
    const host = await setup();
    const sent = await doc(demoIds.invoices.sent);
    const running = host.actions.run(sent, 'record_payment');
    const root = await openDialog(host, 'ledger-payment-dialog');
    const amount = root.querySelector<HTMLInputElement>('#amount')!;
    expect(amount.value).to.equal((sent.balance / 100).toFixed(2));
    amount.value = String(sent.balance); // in major units: 100× the balance
    amount.dispatchEvent(new Event('input'));
    dialogButton(host, 'ledger-payment-dialog', /Record payment/).click();
    await waitUntil(() => root.querySelector('#amount-error')!.textContent!.trim() !== '');
    expect(root.querySelector('#amount-error')!.textContent).to.contain('More than the balance due');
    expect(amount.getAttribute('aria-invalid')).to.equal('true');
    amount.value = '1.00';
    amount.dispatchEvent(new Event('input'));
    dialogButton(host, 'ledger-payment-dialog', /Record payment/).click();
    const result = await running;
    expect(result.document!.status).to.equal('partially_paid');
    expect(result.document!.balance).to.equal(sent.balance - 100);
  });

  for (const locale of ['es', 'cs']) {
    it(`in ${locale} the payment amount shows and reads the decimal comma exactly`, async () => {
      const host = await setup(demoIds.users.agent, locale);
      const sent = await doc(demoIds.invoices.sent);
      const running = host.actions.run(sent, 'record_payment');
      const root = await openDialog(host, 'ledger-payment-dialog');
      const amount = root.querySelector<HTMLInputElement>('#amount')!;
      expect(amount.value).to.equal((sent.balance / 100).toFixed(2).replace('.', ','));
      amount.value = '1.00'; // a decimal point by habit: unclear in this locale, refused
      amount.dispatchEvent(new Event('input'));
      root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      await waitUntil(() => root.querySelector('#amount-error')!.textContent!.trim() !== '');
      expect(amount.getAttribute('aria-invalid')).to.equal('true');
      amount.value = '1,25';
      amount.dispatchEvent(new Event('input'));
      const date = root.querySelector<HTMLInputElement>('#date')!;
      const [y, m, d] = todayIso().split('-');
      expect(date.value, 'the date in the locale’s form').to.equal(locale === 'es' ? `${d}/${m}/${y}` : `${Number(d)}. ${Number(m)}. ${y}`);
      date.value = `${Number(d)}.${Number(m)}.${y}`; // typed without zeros or spaces, still today
      date.dispatchEvent(new Event('input'));
      root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      const result = await running;
      expect(result.document!.balance).to.equal(sent.balance - 125);
    });
  }

  it('emails the customer with the address prefilled and the subject editable', async () => {
    const host = await setup();
    const sent = await doc(demoIds.invoices.sent);
    const running = host.actions.run(sent, 'email');
    const root = await openDialog(host, 'ledger-email-dialog');
    const to = root.querySelector<HTMLInputElement>('#to')!;
    await waitUntil(() => to.value !== '', 'the customer’s address arrives');
    expect(to.value).to.equal('billing@acme.test');
    // Nothing prefilled in the agent's language: the server writes the email in the customer's.
    const subject = root.querySelector<HTMLInputElement>('#subject')!;
    const message = root.querySelector<HTMLTextAreaElement>('#message')!;
    expect(subject.value).to.equal('');
    expect(message.value).to.equal('');
    await waitUntil(() => root.textContent!.includes('written in English'), 'the email’s language is named');
    subject.value = 'Your invoice';
    subject.dispatchEvent(new Event('input'));
    await expect(host.shadowRoot!.querySelector('ledger-email-dialog')!).to.be.accessible();
    dialogButton(host, 'ledger-email-dialog', /Send email/).click();
    const result = await running;
    expect(result.error).to.equal(undefined);
    const [email] = await outbox();
    expect(email!.to).to.deep.equal(['billing@acme.test']);
    expect(email!.subject).to.equal('Your invoice');
    expect(email!.documentId).to.equal(sent.id);
  });

  it('a disabled integration turns every write off, with the reason', async () => {
    const draft = await doc(demoIds.invoices.draft);
    await api.as('admin').updateIntegration({ body: { state: 'disabled' } });
    const host = await setup();
    const state = host.actions.state(draft, 'mark_sent');
    expect(state.allowed).to.equal(false);
    expect(!state.allowed && state.message).to.contain('turned off');
    expect(host.actions.state(draft, 'pdf').allowed).to.equal(true);
  });
});

declare global {
  interface HTMLElementTagNameMap {
    'ledger-test-actions-host': ActionsHost;
  }
}
