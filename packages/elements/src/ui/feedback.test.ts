import { expect, fixture, html } from '@open-wc/testing';
import { LedgerApiError } from '@ledgerside/client';
import { errorBanner } from './feedback.js';

const banner = (error: unknown) => fixture<HTMLDivElement>(html`<div>${errorBanner(error, () => undefined)}</div>`);

describe('errorBanner', () => {
  it('offers Retry where trying again can help (network, 5xx)', async () => {
    for (const error of [
      new LedgerApiError({ kind: 'network', message: 'offline' }),
      new LedgerApiError({ kind: 'http', status: 503, code: 'unavailable', message: 'down' }),
    ]) {
      const el = await banner(error);
      expect(el.querySelector('[role=alert] button')?.textContent).to.equal('Retry');
    }
  });

  it('says a refusal of the role once, without a Retry that cannot help', async () => {
    const el = await banner(new LedgerApiError({ kind: 'http', status: 403, code: 'forbidden', message: 'Forbidden' }));
    expect(el.querySelector('[role=alert]')!.textContent).to.contain('Your role does not allow this.');
    expect(el.querySelector('[role=alert] button')).to.equal(null);
  });
});
