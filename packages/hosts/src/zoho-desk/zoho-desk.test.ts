// Zoho Desk's adapter against a stand-in for `window.ZOHODESK` (Zoho's SDK comes only from its
// CDN) that offers exactly the calls the field notes name — `extension.onload()`, `get(…)` —
// and the Request API the token comes through. It records what the adapter called.
import { expect, waitUntil } from '@open-wc/testing';
import type { HostApp } from '../host-app.js';
import { agentToken, mountPoint, offered, recorder, startBackend, textOf } from '../testing/backend.js';
import { startZohoDeskApp, ZOHO_DESK_KEY_PLACEHOLDER } from './zoho-desk.js';
import type { ZohoDeskSdk } from './sdk.js';

/** The calls a Zoho Desk right-panel widget may make here, and nothing else. */
const ZOHO_DESK_CALLS = ['extension.onload', 'get', 'request'];

function standIn(data: Record<string, unknown>, token: () => Promise<unknown>) {
  const { record, calls, paths } = recorder();
  const sdk: ZohoDeskSdk = {
    extension: { onload: record('extension.onload', async () => ({ locale: 'es' })) },
    get: record('get', async (key: string) => (key in data ? { status: 'success', [key]: data[key] } : { status: 'failure' })),
    request: record('request', async () => token()),
  };
  return { sdk, calls, paths };
}

describe('Zoho Desk adapter', function () {
  this.timeout(40_000);
  let stop: () => void;
  let app: HostApp | undefined;
  before(async function () {
    this.timeout(60_000);
    stop = await startBackend();
  });
  after(() => stop());
  afterEach(() => app?.destroy());

  it('reads the ticket, its contact and the agent, and signs in through the Request API', async () => {
    const { sdk, calls, paths } = standIn(
      { 'ticket.id': '7001', 'ticket.email': 'billing@acme.test', 'ticket.contactId': '9911', user: { id: '1', email: 'alex@northwind.test', firstName: 'Alex', lastName: 'Agent' } },
      async () => ({ response: JSON.stringify({ token: await agentToken() }) }),
    );
    expect(offered(sdk)).to.deep.equal(ZOHO_DESK_CALLS);
    app = await startZohoDeskApp({ sdk, tokenUrl: 'https://desk-backend.example/ledgerside-token', root: mountPoint() });
    expect(app.provider.ticketId).to.equal('zoho-desk-7001');
    expect(app.provider.contact).to.deep.equal({ id: 'zoho-desk-contact-9911', email: 'billing@acme.test' });
    expect(app.provider.locale).to.equal('es');
    await waitUntil(() => textOf(app!.frame).includes('Este ticket aún no tiene facturas'), 'the sidebar shows the ticket (in Spanish)', { timeout: 20_000 }).catch((error: Error) => {
      throw new Error(`${error.message}: ${app!.frame.state}/${app!.frame.reason}: ${textOf(app!.frame).slice(0, 400)}`);
    });
    const request = calls.find((c) => c.path === 'request')!.args[0] as { url: string; headers: Record<string, string>; postBody: { agent: { email: string } } };
    expect(request.url).to.equal('https://desk-backend.example/ledgerside-token');
    expect(request.headers['X-Ledgerside-Key']).to.equal(ZOHO_DESK_KEY_PLACEHOLDER);
    expect(request.postBody.agent.email).to.equal('alex@northwind.test');
    expect(paths()).to.deep.equal(ZOHO_DESK_CALLS);
    await expect(app.frame).to.be.accessible();
  });

  it('says in words when the backend gives no token, and tries again', async () => {
    let answer: unknown = { response: '{"error":"no"}' };
    const { sdk } = standIn({ 'ticket.id': '7002', 'ticket.email': 'noah@newco.test' }, async () => answer);
    app = await startZohoDeskApp({ sdk, tokenUrl: 'https://desk-backend.example/t', root: mountPoint() });
    await waitUntil(() => app!.frame.state === 'denied', 'refused');
    expect(app.frame.reason).to.equal('no-token');
    await waitUntil(() => textOf(app!.frame.shadowRoot!).includes('No se pudo iniciar tu sesión'), `words: ${textOf(app.frame.shadowRoot!)}`, { timeout: 5000 });
    await expect(app.frame).to.be.accessible();
    answer = { response: JSON.stringify({ token: await agentToken() }) };
    app.frame.shadowRoot!.querySelector<HTMLButtonElement>('button')!.click();
    await waitUntil(() => app!.frame.state === 'ready', 'ready after Try again', { timeout: 20_000 });
  });

  it('outside Zoho Desk (no SDK) it says where it belongs', async () => {
    app = await startZohoDeskApp({ sdk: null, tokenUrl: 'https://x.example/t', root: mountPoint() });
    app.setLocale('en');
    expect(app.frame.state).to.equal('denied');
    await waitUntil(() => textOf(app!.frame.shadowRoot!).includes('Open this app from Zoho Desk'), `words: ${textOf(app.frame.shadowRoot!)}`, { timeout: 5000 });
  });
});
