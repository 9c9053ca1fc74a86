// The mocks as a wire to the server core: the service worker hands each `/v1` request to the
// core on in-memory PGlite in this tab, so what a component sees is what the server does. In
// WebKit, whose worker cannot stream a response to the page, msw's interceptor of the page's
// fetch does (`@ledgerside/mocks/page`), as in the component tests.
import { expect } from '@open-wc/testing';
import { todayIso } from '@ledgerside/contract';
import { createScenario, demoIds, tokenFor, type Scenario } from '@ledgerside/mocks';
import { startMockWorker, streamsReachThePage, type MockWorker } from '@ledgerside/mocks/browser';
import { startMockInterceptor } from '@ledgerside/mocks/page';

const auth = (user: string) => ({ Authorization: `Bearer ${tokenFor(user)}` });
const json = { 'Content-Type': 'application/json' };

/** Reads an event stream until `until` shows up or the stream has been quiet for `quietMs` (a read left waiting is kept for the next call). */
const pending = new WeakMap<ReadableStreamDefaultReader<string>, Promise<ReadableStreamReadResult<string>>>();
async function readEvents(reader: ReadableStreamDefaultReader<string>, until: RegExp, quietMs = 1500): Promise<string> {
  let text = '';
  while (!until.test(text)) {
    const read = pending.get(reader) ?? reader.read();
    pending.set(reader, read);
    const next = await Promise.race([read, new Promise<null>((r) => setTimeout(() => r(null), quietMs))]);
    if (!next) break;
    pending.delete(reader);
    if (next.done) break;
    text += next.value;
  }
  return text;
}

describe('mocks over the server core, in the browser', () => {
  let scenario: Scenario;
  let stop: MockWorker;
  before(async function () {
    this.timeout(60_000);
    scenario = createScenario('demo');
    await scenario.ready();
    stop = streamsReachThePage() ? await startMockWorker(scenario, { quiet: true }) : startMockInterceptor(scenario);
  });
  after(() => stop());
  beforeEach(async () => {
    scenario = createScenario('demo');
    stop.worker.resetHandlers(...scenario.handlers);
    await scenario.ready();
  });

  it('answers as the server: the session, and a rule only the server had (a time entry in another currency)', async () => {
    const session = await (await fetch('/v1/session', { headers: auth(demoIds.users.agent) })).json();
    expect(session.user.id).to.equal(demoIds.users.agent);
    // The Czech customer's invoice cannot bill the ticket's USD time: the server's 422.
    const created = await fetch('/v1/documents', {
      method: 'POST',
      headers: { ...auth(demoIds.users.agent), ...json, 'Idempotency-Key': 'core-worker-czk' },
      body: JSON.stringify({
        kind: 'invoice',
        customerId: demoIds.customers.hradec,
        currency: 'CZK',
        issueDate: todayIso(),
        lines: [{ description: 'Diagnosed the sync failure', quantity: 1.5, unitPrice: 12_000, timeEntryIds: [demoIds.timeEntries.billable[0]] }],
      }),
    });
    expect(created.status).to.equal(422);
    expect(((await created.json()) as { error: { reason: string } }).error.reason).to.equal('currency_mismatch');
  });

  it('renders the server’s PDF, its fonts fetched beside the page', async function () {
    this.timeout(20_000);
    const pdf = await fetch(`/v1/documents/${demoIds.invoices.sent}/pdf`, { headers: auth(demoIds.users.agent) });
    expect(pdf.status).to.equal(200);
    expect(pdf.headers.get('Content-Type')).to.equal('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).to.equal('%PDF-');
    // The typeface is embedded (subset): a PDF without it is a fraction of this.
    expect(bytes.length).to.be.greaterThan(10_000);
  });

  it('a new scenario starts from the seeded rows: what the last one wrote is gone', async () => {
    const del = await fetch(`/v1/documents/${demoIds.invoices.draft}`, { method: 'DELETE', headers: { ...auth('admin'), 'If-Match': '"1"' } });
    expect(del.status).to.be.lessThan(300);
    expect(((await (await fetch(`/v1/documents/${demoIds.invoices.draft}`, { headers: auth('admin') })).json()) as { status: string }).status).to.equal('deleted');
    scenario = createScenario('demo');
    stop.worker.resetHandlers(...scenario.handlers);
    const again = await fetch(`/v1/documents/${demoIds.invoices.draft}`, { headers: auth('admin') });
    expect(again.status).to.equal(200);
    expect(((await again.json()) as { status: string }).status).to.equal('draft');
  });

  it('takes the service worker wherever it can stream a response to the page: everywhere but WebKit (bug 215485)', () => {
    const engine = (window as { LEDGERSIDE_ENGINE?: string }).LEDGERSIDE_ENGINE;
    expect(streamsReachThePage()).to.equal(engine !== 'webkit');
    expect(stop.transport).to.equal(engine === 'webkit' ? 'page' : 'worker');
  });

  it('streams the core’s own live events through the wire, and holds back a quiet change’s', async function () {
    this.timeout(20_000);
    const controller = new AbortController();
    const response = await fetch('/v1/events', { headers: auth(demoIds.users.agent), signal: controller.signal });
    expect(response.headers.get('Content-Type')).to.match(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const pay = (key: string) =>
      scenario.fetch(
        new Request(`http://x/v1/documents/${demoIds.invoices.sent}/payments`, {
          method: 'POST',
          headers: { ...auth('admin'), ...json, 'Idempotency-Key': key },
          body: JSON.stringify({ amount: 100, date: todayIso(), method: 'bank_transfer' }),
        }),
      );
    // Changed elsewhere, its event lost: no stream sees it.
    expect((await scenario.quietly(() => pay('core-worker-quiet'))).status).to.equal(201);
    expect(await readEvents(reader, /event: payment\.recorded/)).not.to.contain('event: payment.recorded');
    // The next change is heard again.
    expect((await pay('core-worker-pay')).status).to.equal(201);
    const text = await readEvents(reader, /event: payment\.recorded/, 10_000);
    controller.abort();
    expect(text).to.contain('event: payment.recorded');
  });
});
