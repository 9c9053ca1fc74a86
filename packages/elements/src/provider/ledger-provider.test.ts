import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { demoIds } from '@ledgerside/mocks';
import { MockApi, testClient, today } from '../testing/backend.js';
import { LedgerElement } from '../base/ledger-element.js';
import { defineElement } from '../base/define.js';
import { LiveEventsController } from '../controllers/live-events.js';
import { provideLedger } from '../context/runtime.js';
import { LedgerProvider } from './ledger-provider.js';
import './define.js';

/** A component that shows what it received from the provider. */
class ProbeElement extends LedgerElement {
  events: string[] = [];
  live = new LiveEventsController(this, ['payment.recorded'], (event) => {
    this.events = [...this.events, `${event.type}:${event.data.document.number}`];
    this.requestUpdate();
  });

  override render() {
    const s = this.sessionState;
    return html`<p>
      <span id="status">${s.status}</span>
      <span id="user">${s.session?.user.name ?? ''}</span>
      <span id="write">${this.can('documents.write') ? 'can write' : 'read only'}</span>
      <span id="money">${this.fmt.money(125050, 'EUR')}</span>
      <span id="client">${this.client ? 'client' : 'no client'}</span>
      <span id="contact">${this.hostContext.contact?.name ?? ''}</span>
      <span id="live">${this.events.join(',')}</span>
    </p>`;
  }
}
ProbeElement.define('ledger-test-probe');

const text = (el: Element, id: string) => el.shadowRoot?.getElementById(id)?.textContent?.trim() ?? '';
const client = (userId: string) => testClient(userId);

describe('shared element pieces', () => {
  const api = new MockApi();
  before(async function () {
    // The first start builds the demo's core in this tab.
    this.timeout(60_000);
    await api.start();
  });
  after(() => api.stop());
  // A fresh demo per test, and no handler a test added.
  beforeEach(() => api.reset());

  it('a second registration of a tag never throws', () => {
    expect(() => LedgerProvider.define('ledger-provider')).not.to.throw();
    expect(() => defineElement('ledger-provider', class extends HTMLElement {})).not.to.throw();
    expect(customElements.get('ledger-provider')).to.equal(LedgerProvider);
  });

  it('the provider shares the client, the session, the host context and the locale', async () => {
    const el = await fixture<LedgerProvider>(html`<ledger-provider
      .client=${client(demoIds.users.agent)}
      locale="de-DE"
      .contact=${{ id: 'c1', name: 'Ana Smith' }}
      ><ledger-test-probe></ledger-test-probe
    ></ledger-provider>`);
    const probe = el.querySelector('ledger-test-probe')!;
    await waitUntil(() => text(probe, 'status') === 'ready', 'the session loads');
    expect(text(probe, 'user')).to.equal('Alex Agent');
    expect(text(probe, 'write')).to.equal('can write');
    expect(text(probe, 'client')).to.equal('client');
    expect(text(probe, 'contact')).to.equal('Ana Smith');
    expect(text(probe, 'money').replace(/\s/g, ' ')).to.equal('1.250,50 €');
  });

  it('a light agent’s session is read-only', async () => {
    const el = await fixture<LedgerProvider>(html`<ledger-provider .client=${client(demoIds.users.lightAgent)}
      ><ledger-test-probe></ledger-test-probe
    ></ledger-provider>`);
    const probe = el.querySelector('ledger-test-probe')!;
    await waitUntil(() => text(probe, 'status') === 'ready');
    expect(text(probe, 'write')).to.equal('read only');
  });

  it('a refused token fires ledger-error for the host and leaves the session in error', async () => {
    api.worker.use(http.get('/v1/session', () => HttpResponse.json({ error: { code: 'unauthorized', message: 'expired' } }, { status: 401 })));
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const heard = oneEvent(wrapper, 'ledger-error');
    const provider = document.createElement('ledger-provider');
    provider.append(document.createElement('ledger-test-probe'));
    provider.client = client(demoIds.users.agent);
    wrapper.append(provider);
    const event = await heard;
    expect(event.detail.operation).to.equal('session');
    expect((event.detail.error as { status?: number }).status).to.equal(401);
    await waitUntil(() => text(provider.querySelector('ledger-test-probe')!, 'status') === 'error');
  });

  it('provideLedger shares the same contexts from any element, also into shadow roots', async () => {
    const root = await fixture<HTMLDivElement>(html`<div><section></section></div>`);
    const runtime = provideLedger(root, { client: client(demoIds.users.admin), locale: 'en-US' });
    const outer = document.createElement('div');
    const shadow = outer.attachShadow({ mode: 'open' });
    const probe = document.createElement('ledger-test-probe');
    shadow.append(probe);
    root.querySelector('section')!.append(outer);
    await waitUntil(() => text(probe, 'status') === 'ready');
    expect(text(probe, 'user')).to.equal('Ada Admin');
    expect(text(probe, 'money')).to.equal('€1,250.50');
    runtime.dispose();
  });

  it('live events reach components through one shared connection', async () => {
    const el = await fixture<LedgerProvider>(html`<ledger-provider .client=${client(demoIds.users.agent)}
      ><ledger-test-probe></ledger-test-probe><ledger-test-probe></ledger-test-probe
    ></ledger-provider>`);
    const [a, b] = [...el.querySelectorAll('ledger-test-probe')];
    await waitUntil(() => text(a!, 'status') === 'ready');
    await waitUntil(() => el.runtime.session.status === 'ready' && el.runtime.client !== undefined);
    // Give the stream a moment to open, then something happens elsewhere.
    await new Promise((r) => setTimeout(r, 300));
    const doc = await api.as('admin').recordPayment({ params: { id: demoIds.invoices.sent }, body: { amount: 100, date: today(), method: 'card' } });
    await waitUntil(() => text(a!, 'live').includes('payment.recorded'), 'the event arrives', { timeout: 5000 });
    expect(text(a!, 'live')).to.contain(doc.document.number);
    expect(text(b!, 'live')).to.equal(text(a!, 'live'));
  });

  it('the dark theme reaches the components through inherited tokens', async () => {
    const el = await fixture<LedgerProvider>(html`<ledger-provider theme="dark"><ledger-test-probe></ledger-test-probe></ledger-provider>`);
    const probe = el.querySelector('ledger-test-probe')!;
    const surface = getComputedStyle(probe).getPropertyValue('--ledger-color-surface').trim();
    expect(surface).to.equal('#151b23');
    el.theme = 'light';
    await el.updateComplete;
    expect(getComputedStyle(probe).getPropertyValue('--ledger-color-surface').trim()).to.equal('');
  });
});

declare global {
  interface HTMLElementTagNameMap {
    'ledger-test-probe': ProbeElement;
  }
}
