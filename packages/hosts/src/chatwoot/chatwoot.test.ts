// Chatwoot's adapter against its documented protocol (no SDK): the dashboard's `appContext`
// message, and the app's `chatwoot-dashboard-app:fetch-info` asking again until it has one.
// A blank iframe plays the dashboard window: it hears what the app posts to it, and its
// messages to the app carry it as their source.
import { expect, waitUntil } from '@open-wc/testing';
import type { HostApp } from '../host-app.js';
import { agentToken, mountPoint, startBackend, textOf } from '../testing/backend.js';
import { appContextOf, CHATWOOT_FETCH_INFO, startChatwootApp } from './chatwoot.js';

const context = (contact: object | null, conversationId = 1001) =>
  JSON.stringify({ event: 'appContext', data: { conversation: { id: conversationId }, contact, currentAgent: { id: 1, name: 'Alex Agent', email: 'alex@northwind.test' } } });

describe('Chatwoot adapter', function () {
  this.timeout(40_000);
  let stop: () => void;
  let app: HostApp | undefined;
  let dashboard: HTMLIFrameElement;
  let asked: unknown[];
  before(async function () {
    this.timeout(60_000);
    stop = await startBackend();
  });
  after(() => stop());
  beforeEach(async () => {
    asked = [];
    dashboard = document.createElement('iframe');
    document.body.append(dashboard);
    await new Promise((r) => setTimeout(r, 0));
    dashboard.contentWindow!.addEventListener('message', (event) => asked.push(event.data));
  });
  afterEach(() => {
    app?.destroy();
    dashboard.remove();
  });
  const post = (data: string) => window.dispatchEvent(new MessageEvent('message', { data, source: dashboard.contentWindow, origin: 'https://chat.example' }));

  it('waits with words and asks again until the dashboard answers; appContext then maps the contact', async () => {
    app = startChatwootApp({ getToken: agentToken, parent: dashboard.contentWindow!, askEveryMs: 100, root: mountPoint() });
    app.setLocale('en');
    expect(app.frame.state).to.equal('waiting');
    await waitUntil(() => textOf(app!.frame.shadowRoot!).includes('Waiting for Chatwoot to share the contact…'), 'the waiting words');
    await expect(app.frame).to.be.accessible();
    await waitUntil(() => asked.filter((m) => m === CHATWOOT_FETCH_INFO).length >= 2, 'asked again');

    post(context({ id: 41, name: 'Ana Smith', email: 'billing@acme.test', phone_number: '+1 555 0100', additional_attributes: { company_name: 'Acme Corp' } }));
    await waitUntil(() => app!.frame.state === 'ready', 'ready');
    expect(app.provider.ticketId).to.equal('chatwoot-1001');
    expect(app.provider.contact).to.deep.equal({ id: 'chatwoot-contact-41', name: 'Ana Smith', email: 'billing@acme.test', company: 'Acme Corp', phone: '+1 555 0100' });
    await new Promise((r) => setTimeout(r, 50)); // an ask posted just before the answer is still on its way
    const asks = asked.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(asked.length).to.equal(asks, 'no more asking once it has a context');
    await waitUntil(() => textOf(app!.frame).includes('No invoices or quotes for this ticket yet.'), 'the sidebar', { timeout: 20_000 });
  });

  it('ignores messages from other windows and other origins than the configured one', async () => {
    app = startChatwootApp({ getToken: agentToken, parent: dashboard.contentWindow!, chatwootOrigin: 'https://chat.example', askEveryMs: 100, root: mountPoint() });
    window.dispatchEvent(new MessageEvent('message', { data: context({ id: 1, email: 'x@evil.test' }), source: window, origin: 'https://chat.example' }));
    window.dispatchEvent(new MessageEvent('message', { data: context({ id: 2, email: 'y@evil.test' }), source: dashboard.contentWindow, origin: 'https://evil.example' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(app.frame.state).to.equal('waiting');
    expect(app.provider.contact).to.equal(undefined);
  });

  it('reads only appContext messages, as strings or objects', () => {
    expect(appContextOf('chatwoot-dashboard-app:fetch-info')).to.equal(null);
    expect(appContextOf('{"event":"other","data":{}}')).to.equal(null);
    expect(appContextOf({ event: 'appContext', data: { contact: { id: 1 } } })).to.deep.equal({ contact: { id: 1 } });
    expect(appContextOf(context(null))!.conversation).to.deep.equal({ id: 1001 });
  });
});
