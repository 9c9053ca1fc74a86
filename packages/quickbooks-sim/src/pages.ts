/**
 * The simulator's own small pages, where "Open in QuickBooks" lands in the demo: the simulated
 * company's invoices and, for each, a form to record a payment as someone would in QuickBooks
 * — which sends the signed webhook, so a Ledgerside sidebar turns the row paid. Every page says
 * plainly that this is a simulator.
 */
import type { Hono } from 'hono';
import { LosslessNumber } from 'lossless-json';
import { currencyDecimals, toScaled, toText } from './decimal.js';
import { QboFault, refValue, isVoided, type Json } from './company.js';
import type { QuickBooksSim } from './sim.js';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(title)} — QuickBooks simulator</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:1.5rem auto;padding:0 1rem;color:#1b1b1b}
.sim{background:#fff4ce;border:1px solid #e0b400;padding:.5rem .75rem;border-radius:6px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}
.n{text-align:right;font-variant-numeric:tabular-nums}form{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
input{font:inherit;width:8rem}button{font:inherit;padding:.3rem .8rem}.ok{color:#0a6b2d}.err{color:#a00}</style></head>
<body><p class="sim" role="note"><strong>QuickBooks simulator</strong> — Ledgerside’s local stand-in for QuickBooks Online, for the demo and tests. Not Intuit; no real books.</p>
${body}</body></html>`;
}

function statusOf(invoice: Json): string {
  if (isVoided(invoice)) return 'Voided';
  const balance = toScaled(invoice.Balance) ?? 0n;
  const total = toScaled(invoice.TotalAmt) ?? 0n;
  if (total > 0n && balance === 0n) return 'Paid';
  if (balance < total) return 'Partially paid';
  return invoice.EmailStatus === 'EmailSent' ? 'Sent' : 'Not sent';
}

export function pageRoutes(app: Hono, sim: QuickBooksSim): void {
  const company = (realm: string | undefined) => (realm ? sim.companies.get(realm) : [...sim.companies.values()][0]);

  app.get('/app', (c) => {
    const co = company(c.req.query('realm'));
    if (!co) return c.html(layout('No company', '<p>No simulated company yet.</p>'), 404);
    const rows = co
      .all('Invoice')
      .sort((a, b) => Number(b.Id) - Number(a.Id))
      .map((i) => {
        const currency = refValue(i.CurrencyRef) ?? co.homeCurrency;
        const customer = co.all('Customer').find((x) => x.Id === refValue(i.CustomerRef));
        return `<tr><td><a href="app/invoice?txnId=${esc(i.Id)}&amp;realm=${esc(co.realmId)}">${esc(i.DocNumber ?? i.Id)}</a></td><td>${esc(customer?.DisplayName)}</td>
<td class="n">${esc(i.TotalAmt)} ${esc(currency)}</td><td class="n">${esc(i.Balance)}</td><td>${esc(statusOf(i))}</td></tr>`;
      })
      .join('');
    return c.html(
      layout(
        `${co.name} invoices`,
        `<h1>${esc(co.name)}</h1><p>Invoices in the simulated company. Open one to record a payment as you would in QuickBooks.</p>
<table><thead><tr><th>No.</th><th>Customer</th><th class="n">Total</th><th class="n">Balance</th><th>Status</th></tr></thead><tbody>${rows || '<tr><td colspan="5">No invoices yet: create one in Ledgerside.</td></tr>'}</tbody></table>`,
      ),
    );
  });

  app.get('/app/invoice', (c) => {
    const co = company(c.req.query('realm'));
    const id = c.req.query('txnId') ?? '';
    const invoice = co?.all('Invoice').find((i) => i.Id === id);
    if (!co || !invoice) return c.html(layout('Not found', `<p>The simulator has no invoice ${esc(id)}. <a href="../app">All invoices</a></p>`), 404);
    const currency = refValue(invoice.CurrencyRef) ?? co.homeCurrency;
    const balance = toScaled(invoice.Balance) ?? 0n;
    const message = c.req.query('recorded') ? `<p class="ok" role="status">Payment recorded. QuickBooks tells Ledgerside by webhook.</p>` : c.req.query('error') ? `<p class="err" role="alert">${esc(c.req.query('error'))}</p>` : '';
    const form =
      balance > 0n
        ? `<form method="post" action="invoice/payment"><input type="hidden" name="txnId" value="${esc(id)}"><input type="hidden" name="realm" value="${esc(co.realmId)}">
<label>Amount (${esc(currency)}) <input name="amount" inputmode="decimal" value="${esc(toText(balance, currencyDecimals(currency)))}" required></label>
<button type="submit">Record payment</button></form>`
        : '<p>Nothing is due on this invoice.</p>';
    return c.html(
      layout(
        `Invoice ${String(invoice.DocNumber ?? id)}`,
        `<p><a href="../app?realm=${esc(co.realmId)}">All invoices</a></p><h1>Invoice ${esc(invoice.DocNumber ?? id)}</h1>${message}
<p>Total <strong>${esc(invoice.TotalAmt)} ${esc(currency)}</strong> · Balance <strong>${esc(invoice.Balance)}</strong> · ${esc(statusOf(invoice))}</p>${form}`,
      ),
    );
  });

  app.post('/app/invoice/payment', async (c) => {
    const form = await c.req.parseBody();
    const co = company(String(form.realm ?? ''));
    const id = String(form.txnId ?? '');
    const back = (query: string) => c.redirect(`../invoice?txnId=${encodeURIComponent(id)}&realm=${encodeURIComponent(co?.realmId ?? '')}&${query}`, 303);
    const invoice = co?.all('Invoice').find((i) => i.Id === id);
    if (!co || !invoice) return c.text('No such invoice', 404);
    const amount = String(form.amount ?? '').trim().replace(',', '.');
    if (toScaled(amount) === null || (toScaled(amount) ?? 0n) <= 0n) return back(`error=${encodeURIComponent('Enter an amount above zero.')}`);
    try {
      co.savePayment({
        CustomerRef: { value: refValue(invoice.CustomerRef) },
        TotalAmt: new LosslessNumber(amount),
        Line: [{ Amount: new LosslessNumber(amount), LinkedTxn: [{ TxnId: id, TxnType: 'Invoice' }] }],
      });
    } catch (error) {
      if (error instanceof QboFault) return back(`error=${encodeURIComponent(error.errors[0]?.Detail ?? error.message)}`);
      throw error;
    }
    return back('recorded=1');
  });
}
