// The mocks as a wire to the server core: the service worker hands each `/v1` request to the
// core on in-memory PGlite in this tab, so what a component sees is what the server does.
import { expect } from '@open-wc/testing';
import { demoIds, tokenFor } from '@ledgerside/mocks';
import { createCoreScenario, type CoreScenario } from '@ledgerside/mocks/core';
import { startMockWorker, type MockWorker } from '@ledgerside/mocks/browser';
import { fetchedFontSource } from '@ledgerside/server/core';

const fonts = fetchedFontSource(new URL('/__fonts/', location.href));

describe('mocks over the server core, in the browser', () => {
  let scenario: CoreScenario;
  let stop: MockWorker;
  before(async function () {
    this.timeout(60_000);
    scenario = await createCoreScenario({ fonts });
    stop = await startMockWorker(scenario.handlers, { quiet: true });
  });
  after(async () => {
    stop();
    await scenario.close();
  });

  const headers = { Authorization: `Bearer ${tokenFor(demoIds.users.agent)}` };

  it('answers as the server: the session, and a rule only the server had (a time entry in another currency)', async () => {
    const session = await (await fetch('/v1/session', { headers })).json();
    expect(session.user.id).to.equal(demoIds.users.agent);
    // The Czech customer's invoice cannot bill the ticket's USD time: the server's 422.
    const created = await fetch('/v1/documents', {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json', 'Idempotency-Key': 'core-worker-czk' },
      body: JSON.stringify({
        kind: 'invoice',
        customerId: demoIds.customers.hradec,
        currency: 'CZK',
        issueDate: new Date().toISOString().slice(0, 10),
        lines: [{ description: 'Diagnosed the sync failure', quantity: 1.5, unitPrice: 12_000, timeEntryIds: [demoIds.timeEntries.billable[0]] }],
      }),
    });
    expect(created.status).to.equal(422);
    expect(((await created.json()) as { error: { reason: string } }).error.reason).to.equal('currency_mismatch');
  });

  it('streams the core’s own live events through the service worker', async function () {
    this.timeout(20_000);
    const controller = new AbortController();
    const response = await fetch('/v1/events', { headers, signal: controller.signal });
    expect(response.headers.get('Content-Type')).to.match(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const doc = await scenario.fetch(new Request(`http://x/v1/documents/${demoIds.invoices.sent}`, { headers: { Authorization: `Bearer ${tokenFor(demoIds.users.admin)}` } }));
    expect(doc.status).to.equal(200);
    const paid = await scenario.fetch(
      new Request(`http://x/v1/documents/${demoIds.invoices.sent}/payments`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokenFor(demoIds.users.admin)}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'core-worker-pay' },
        body: JSON.stringify({ amount: 100, date: new Date().toISOString().slice(0, 10), method: 'bank_transfer' }),
      }),
    );
    expect(paid.status).to.equal(201);
    let text = '';
    while (!text.includes('event: payment.recorded')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    controller.abort();
    expect(text).to.contain('event: payment.recorded');
  });
});
