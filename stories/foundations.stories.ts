import { html } from 'lit';
import { displayStatuses } from '@ledgerside/contract';
import { LedgerElement, statusBadge, errorBanner, emptyState, skeleton } from '@ledgerside/elements';
import { LedgerApiError } from '@ledgerside/client';
import '@ledgerside/elements/define.js';

/** Renders shared UI parts inside a Ledgerside element so they get its styles. */
class LedgerFoundationsDemo extends LedgerElement {
  override render() {
    return html`<div style="display:grid;gap:12px">
      <div style="display:flex;flex-wrap:wrap;gap:6px">${displayStatuses.map((s) => statusBadge(s))}</div>
      ${errorBanner(new LedgerApiError({ kind: 'network', message: 'offline' }), () => undefined)}
      ${emptyState('No invoices for this ticket yet.', html`<button class="btn primary">Create invoice</button>`)}
      ${skeleton(3)}
      <div style="display:flex;gap:8px;flex-wrap:wrap">
        <button class="btn primary">Save</button><button class="btn">Cancel</button><button class="btn danger">Void</button><button class="btn" disabled>Disabled</button>
      </div>
      <div class="field"><label for="q">Quantity</label><input id="q" value="1.25" aria-invalid="true" /><span class="error">At most 4 decimals</span></div>
    </div>`;
  }
}
LedgerFoundationsDemo.define('ledger-foundations-demo');

export default { title: 'Foundations' };
export const Foundations = { render: () => html`<ledger-provider><ledger-foundations-demo></ledger-foundations-demo></ledger-provider>` };
