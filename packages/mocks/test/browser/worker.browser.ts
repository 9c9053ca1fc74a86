// The worker path in Chromium: `startMockWorker` over a scenario, the SSE stream flowing
// through the service worker, and the PDF as a blob. Run with
// `WTR_FILES=packages/mocks/test/browser/worker.browser.ts pnpm test:browser`.
import { expect } from '@open-wc/testing';
import { createScenario, demoIds, tokenFor } from '@ledgerside/mocks/legacy';
import { startMockWorker, type MockWorker } from '@ledgerside/mocks/browser';

describe('mocks in the browser', () => {
  const scenario = createScenario('demo');
  let stop: MockWorker;
  before(async () => {
    stop = await startMockWorker(scenario, { quiet: true });
  });
  after(() => stop());

  const headers = { Authorization: `Bearer ${tokenFor(demoIds.users.agent)}` };

  it('answers the session and the PDF', async () => {
    const session = await (await fetch('/v1/session', { headers })).json();
    expect(session.user.id).to.equal(demoIds.users.agent);
    const pdf = await fetch(`/v1/documents/${demoIds.invoices.sent}/pdf`, { headers });
    expect(pdf.headers.get('Content-Type')).to.equal('application/pdf');
    expect(await (await pdf.blob()).text()).to.match(/^%PDF-1\.4/);
  });

  it('streams live events through the service worker', async () => {
    const controller = new AbortController();
    const response = await fetch('/v1/events', { headers, signal: controller.signal });
    expect(response.headers.get('Content-Type')).to.equal('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    stop.store!.recordPayment(demoIds.users.admin, demoIds.invoices.sent, { amount: 100, date: '2026-01-02' });
    let text = '';
    while (!text.includes('event: payment.recorded')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    controller.abort();
    expect(text).to.contain('event: document.changed');
    expect(text).to.contain('event: payment.recorded');
  });
});
