// The host frame's states: words for every reason in each language, the sidebar hidden until
// ready, a Try again where trying again can help; and the resize reporter's limits.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setUiLocale } from '@ledgerside/elements';
import './define.js';
import { hostFrameReasons, type LedgerHostFrame } from './ledger-host-frame.js';
import { clampHeight, followHeight } from '../resize.js';

const words = (frame: LedgerHostFrame) => frame.shadowRoot!.querySelector('[part="status"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('<ledger-host-frame>', function () {
  this.timeout(20_000);
  after(() => setUiLocale('en'));

  for (const locale of ['en', 'es', 'cs'] as const) {
    it(`says something for every reason, in ${locale}, and keeps the sidebar hidden until ready`, async () => {
      await setUiLocale(locale);
      const frame = await fixture<LedgerHostFrame>(html`<ledger-host-frame host="Zendesk"><p id="sidebar">the sidebar</p></ledger-host-frame>`);
      const seen = new Set<string>();
      for (const reason of hostFrameReasons) {
        frame.state = ['outside-host', 'unsupported-place', 'not-registered', 'session-ended', 'no-token'].includes(reason) ? 'denied' : 'waiting';
        frame.reason = reason;
        await frame.updateComplete;
        const text = words(frame);
        expect(text.length, reason).to.be.greaterThan(20);
        expect(seen.has(text), `${reason} has words of its own`).to.equal(false);
        seen.add(text);
        expect(frame.shadowRoot!.querySelector('slot')!.hidden).to.equal(true);
        const retry = frame.shadowRoot!.querySelector('button');
        expect(!!retry, `${reason}: Try again`).to.equal(reason === 'no-token' || reason === 'not-registered');
        await expect(frame).to.be.accessible();
      }
      frame.state = 'ready';
      await frame.updateComplete;
      expect(words(frame)).to.equal('');
      expect(frame.shadowRoot!.querySelector('slot')!.hidden).to.equal(false);
    });
  }

  it('Try again tells the app', async () => {
    await setUiLocale('en');
    const frame = await fixture<LedgerHostFrame>(html`<ledger-host-frame host="Freshdesk" state="denied" reason="no-token"></ledger-host-frame>`);
    let retried = 0;
    frame.addEventListener('ledger-host-retry', () => retried++);
    frame.shadowRoot!.querySelector('button')!.click();
    expect(retried).to.equal(1);
  });
});

describe('followHeight', () => {
  it('reports the content’s height within the host’s limits, again on every change, once per change', async () => {
    const box = document.createElement('div');
    box.style.height = '50px';
    document.body.append(box);
    const reported: number[] = [];
    const stop = followHeight(box, { min: 100, max: 750 }, (h) => reported.push(h));
    await waitUntil(() => reported.length === 1);
    expect(reported).to.deep.equal([100]);
    box.style.height = '300px';
    await waitUntil(() => reported.length === 2);
    box.style.height = '2000px';
    await waitUntil(() => reported.length === 3);
    box.style.height = '1900px'; // still past the limit: nothing new to say
    await new Promise((r) => setTimeout(r, 100));
    expect(reported).to.deep.equal([100, 300, 750]);
    stop();
    box.remove();
    expect(clampHeight(99.2, { min: 0, max: 10 })).to.equal(10);
  });
});
