// The browser rig end to end: a trivial Lit element fetches through the typed client from
// MSW's `demo` scenario — the reference server's core in this tab — in real Chromium.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement, html as litHtml } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createLedgerClient, type LedgerClient } from '@ledgerside/client';
import type { Session } from '@ledgerside/contract';
import { createScenario, organization, users } from '@ledgerside/mocks';
import { startMockWorker } from '@ledgerside/mocks/browser';

@customElement('rig-session-card')
class RigSessionCard extends LitElement {
  @property({ attribute: false }) client?: LedgerClient;
  @state() private session?: Session;
  @state() private error?: string;

  override async connectedCallback() {
    super.connectedCallback();
    try {
      this.session = await this.client!.getSession();
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  override render() {
    if (this.error) return litHtml`<p role="alert">${this.error}</p>`;
    if (!this.session) return litHtml`<p>Loading…</p>`;
    return litHtml`<p>${this.session.user.name} · ${this.session.user.role} · ${this.session.organization.name}</p>`;
  }
}

describe('browser rig', () => {
  let stop: () => void;
  before(async function () {
    this.timeout(60_000);
    const scenario = createScenario('demo');
    // The first start builds the core (migrations, the demo seed).
    await scenario.ready();
    stop = await startMockWorker(scenario.handlers, { quiet: true });
  });
  after(() => stop());

  it('renders an element that fetched the session through the client from the demo scenario', async () => {
    const client = createLedgerClient({ baseUrl: '', getToken: () => 'mock-token' });
    const el = await fixture<RigSessionCard>(html`<rig-session-card .client=${client}></rig-session-card>`);
    await waitUntil(() => !el.shadowRoot!.textContent!.includes('Loading'), 'the session arrives');
    const text = el.shadowRoot!.textContent!;
    expect(text).to.match(/ · (admin|agent|light_agent|client) · /);
    // A token that names no demo user is the scenario's session user, as the seed has them.
    expect(text.trim()).to.equal(`${users.agent.name} · agent · ${organization.name}`);
    expect(el.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('runs in the engine the run names, not a simulation', () => {
    const engine = (window as { LEDGERSIDE_ENGINE?: string }).LEDGERSIDE_ENGINE;
    const agent = navigator.userAgent;
    if (engine === 'firefox') expect(agent).to.match(/ Gecko\/\d+ Firefox\/\d+/);
    else if (engine === 'webkit') expect(agent).to.contain('AppleWebKit/').and.not.contain('Chrome/').and.not.contain('Firefox/');
    else {
      expect(engine).to.equal('chromium');
      expect(agent).to.contain('Chrome/');
    }
    expect(typeof customElements.get('rig-session-card')).to.equal('function');
  });
});
