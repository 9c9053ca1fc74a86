// Freshdesk's adapter against a stand-in for the Freshworks app client (`window.app`, loaded by
// the host page) offering exactly the calls the field notes name — `app.initialized()`,
// `client.data.get('ticket' | 'requester' | 'loggedInUser' | 'time_entry')`,
// `client.instance.resize()` — plus what a Freshdesk app uses for the rest: `client.events.on`
// (app.activated), `client.request.invokeTemplate` (the token) and `client.iparams.get` (the rate).
import { expect, waitUntil } from '@open-wc/testing';
import type { HostApp } from '../host-app.js';
import { agentToken, mountPoint, offered, recorder, startBackend, textOf } from '../testing/backend.js';
import { FRESHDESK_HEIGHT, FRESHDESK_TOKEN_TEMPLATE, minutesOf, startFreshdeskApp } from './freshdesk.js';
import type { FreshdeskClient, FreshworksApp } from './sdk.js';

const FRESHDESK_CALLS = ['data.get', 'events.on', 'instance.resize', 'iparams.get', 'request.invokeTemplate'];

function standIn() {
  const { record, calls, paths } = recorder();
  const handlers: Record<string, (() => void)[]> = {};
  let ticket = { id: 4001, subject: 'Printer' };
  const data: Record<string, () => unknown> = {
    ticket: () => ticket,
    requester: () => ({ id: 77, name: 'Ana Smith', email: 'billing@acme.test', other_emails: ['ap@acme.test'], phone: '+1 555 0100' }),
    loggedInUser: () => ({ id: 5, contact: { name: 'Alex Agent', email: 'alex@northwind.test', language: 'en' } }),
    time_entry: () => [
      { id: 1, billable: true, note: 'Patched the connector', agent_id: 5, time_spent: '01:30', executed_at: '2026-11-20T10:00:00Z' },
      { id: 2, billable: false, note: 'Handover', agent_id: 5, time_spent: '00:20', executed_at: '2026-11-21T10:00:00Z' },
      { id: 3, billable: true, note: 'Running timer', agent_id: 5, time_spent: '00:00', executed_at: '2026-11-21T11:00:00Z' },
    ],
  };
  const client: FreshdeskClient = {
    data: { get: record('data.get', async (name: string) => ({ [name]: data[name]!() })) },
    instance: { resize: record('instance.resize', (_size: { height: string | number }) => undefined) },
    events: { on: record('events.on', (event: string, handler: () => void) => void (handlers[event] ??= []).push(handler)) },
    request: { invokeTemplate: record('request.invokeTemplate', async (_name: string, _options: object) => ({ status: 200, response: JSON.stringify({ token: await agentToken() }) })) },
    iparams: { get: record('iparams.get', async () => ({ hourly_rate: '120.00', currency: 'USD', ledgerside_key: '(secure: never sent to the page)' })) },
  };
  const app: FreshworksApp = { initialized: async () => client };
  return { app, client, calls, paths, fire: (event: string) => handlers[event]?.forEach((h) => h()), switchTo: (id: number) => (ticket = { id, subject: 'Other' }) };
}

describe('Freshdesk adapter', function () {
  this.timeout(40_000);
  let stop: () => void;
  let host: HostApp | undefined;
  before(async function () {
    this.timeout(60_000);
    stop = await startBackend();
  });
  after(() => stop());
  afterEach(() => host?.destroy());

  it('reads the ticket, the requester (both emails) and its time entries at the installation’s rate, and signs in through the request template', async () => {
    const standin = standIn();
    expect(offered(standin.client)).to.deep.equal(FRESHDESK_CALLS);
    host = await startFreshdeskApp({ app: standin.app, root: mountPoint() });
    expect(host.provider.ticketId).to.equal('freshdesk-4001');
    expect(host.provider.contact).to.deep.equal({ id: 'freshdesk-contact-77', name: 'Ana Smith', email: 'billing@acme.test', secondaryEmail: 'ap@acme.test', phone: '+1 555 0100' });
    expect(host.provider.timeEntries).to.deep.equal([
      { hostId: 'freshdesk-time-1', userId: 'freshdesk-agent-5', date: '2026-11-20', minutes: 90, description: 'Patched the connector', billable: true, hourlyRate: 12000, currency: 'USD' },
      { hostId: 'freshdesk-time-2', userId: 'freshdesk-agent-5', date: '2026-11-21', minutes: 20, description: 'Handover', billable: false, hourlyRate: 12000, currency: 'USD' },
    ]);
    await waitUntil(() => textOf(host!.frame).includes('No invoices or quotes for this ticket yet.'), 'the sidebar shows the ticket', { timeout: 20_000 });
    const template = standin.calls.find((c) => c.path === 'request.invokeTemplate')!;
    expect(template.args[0]).to.equal(FRESHDESK_TOKEN_TEMPLATE);
    const heights = standin.calls.filter((c) => c.path === 'instance.resize').map((c) => parseInt(String((c.args[0] as { height: string }).height), 10));
    expect(heights.length).to.be.greaterThan(0);
    for (const h of heights) expect(h).to.be.within(FRESHDESK_HEIGHT.min, FRESHDESK_HEIGHT.max);

    // The agent opens another ticket: Freshdesk activates the app again; it follows.
    standin.switchTo(4002);
    standin.fire('app.activated');
    await waitUntil(() => host!.provider.ticketId === 'freshdesk-4002', 'the new ticket');
    expect(standin.paths()).to.deep.equal(FRESHDESK_CALLS);
    await expect(host.frame).to.be.accessible();
  });

  it('time spent is read as Freshdesk writes it', () => {
    expect([minutesOf('01:30'), minutesOf('00:05'), minutesOf('12:00'), minutesOf('1:7'), minutesOf(''), minutesOf(null)]).to.deep.equal([90, 5, 720, 0, 0, 0]);
  });
});
