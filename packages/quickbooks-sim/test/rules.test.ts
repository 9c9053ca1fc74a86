/**
 * The simulator keeps QuickBooks' documented rules over HTTP: SyncToken increments and a stale
 * one is refused, `requestid` makes a retry answer the first answer without a second write,
 * void and delete, EmailStatus, Balance after payments, exact decimal totals, the per-company
 * limits, rotating refresh tokens and signed webhooks.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exchange, invoiceBody, REALM, simWithCompany, type Json } from './helpers.js';

let running: Awaited<ReturnType<typeof simWithCompany>>;
let customerId: string;

before(async () => {
  running = await simWithCompany({}, {
    realmId: REALM,
    taxCodes: [
      { id: 'NON', name: 'Exempt', ratePercent: '0' },
      { id: '7', name: 'VAT 21%', ratePercent: '21' },
    ],
  });
  const customer = await running.api('POST', '/customer', { DisplayName: 'Acme Corp', PrimaryEmailAddr: { Address: 'ana@acme.test' } });
  customerId = customer.body.Customer.Id;
});
after(() => running.close());

const company = () => running.sim.company(REALM);

describe('QuickBooks rules in the simulator', () => {
  test('SyncToken starts at 0, increments with each update, and a stale one is refused without a change', async () => {
    const created = (await running.api('POST', '/invoice', invoiceBody(customerId))).body.Invoice;
    assert.equal(created.SyncToken, '0');
    const updated = await running.api('POST', '/invoice', { Id: created.Id, SyncToken: '0', sparse: true, CustomerMemo: { value: 'Thanks!' } });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.body.Invoice.SyncToken, '1');
    assert.equal(updated.body.Invoice.CustomerMemo.value, 'Thanks!');
    const stale = await running.api('POST', '/invoice', { Id: created.Id, SyncToken: '0', sparse: true, CustomerMemo: { value: 'Lost' } });
    assert.equal(stale.status, 400);
    assert.equal(stale.body.Fault.Error[0].code, '5010');
    const read = (await running.api('GET', `/invoice/${created.Id}`)).body.Invoice;
    assert.equal(read.SyncToken, '1');
    assert.equal(read.CustomerMemo.value, 'Thanks!');
  });

  test('a write retried with the same requestid answers the same and writes once', async () => {
    const before = company().count('Invoice');
    const first = await running.api('POST', '/invoice?requestid=req-1', invoiceBody(customerId, { DocNumber: 'INV-R1' }));
    const again = await running.api('POST', '/invoice?requestid=req-1', invoiceBody(customerId, { DocNumber: 'INV-R1' }));
    assert.equal(first.status, 200);
    assert.equal(again.text, first.text);
    assert.equal(company().count('Invoice'), before + 1);
    const other = await running.api('POST', '/invoice?requestid=req-2', invoiceBody(customerId, { DocNumber: 'INV-R2' }));
    assert.notEqual(other.body.Invoice.Id, first.body.Invoice.Id);
  });

  test('totals are computed exactly: Amount = Qty × UnitPrice, tax per rate, Balance = TotalAmt', async () => {
    const body = invoiceBody(customerId, {
      Line: [
        { DetailType: 'SalesItemLineDetail', Amount: 0.3, SalesItemLineDetail: { Qty: 3, UnitPrice: 0.1, TaxCodeRef: { value: '7' } } },
        { DetailType: 'SalesItemLineDetail', Amount: 1.25, SalesItemLineDetail: { Qty: 1.25, UnitPrice: 1, TaxCodeRef: { value: 'NON' } } },
      ],
    });
    const created = (await running.api('POST', '/invoice', body)).body.Invoice;
    assert.equal(created.TxnTaxDetail.TotalTax, 0.06); // 21 % of 0.30 = 0.063 → 0.06
    assert.equal(created.TotalAmt, 1.61);
    assert.equal(created.Balance, 1.61);
    const wrong = await running.api('POST', '/invoice', invoiceBody(customerId, {
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: 2, SalesItemLineDetail: { Qty: 3, UnitPrice: 0.7 } }],
    }));
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.Fault.Error[0].code, '6070');
    const missingTax = await running.api('POST', '/invoice', invoiceBody(customerId, {
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: 1, SalesItemLineDetail: { Qty: 1, UnitPrice: 1, TaxCodeRef: { value: '99' } } }],
    }));
    assert.equal(missingTax.status, 400);
    assert.equal(missingTax.body.Fault.Error[0].element, 'TaxCodeRef');
  });

  test('another currency is refused while multicurrency is off', async () => {
    const eur = await running.api('POST', '/customer', { DisplayName: 'Euro GmbH', CurrencyRef: { value: 'EUR' } });
    assert.equal(eur.status, 400);
    assert.equal(eur.body.Fault.Error[0].element, 'CurrencyRef');
    assert.match(eur.body.Fault.Error[0].Detail, /Multicurrency is not turned on/);
  });

  test('a payment lowers the Balance and links both ways; more than the balance is refused', async () => {
    const invoice = (await running.api('POST', '/invoice', invoiceBody(customerId))).body.Invoice;
    const pay = (amount: number) =>
      running.api('POST', '/payment', { CustomerRef: { value: customerId }, TotalAmt: amount, Line: [{ Amount: amount, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }] });
    const first = await pay(100);
    assert.equal(first.status, 200, first.text);
    let read = (await running.api('GET', `/invoice/${invoice.Id}`)).body.Invoice;
    assert.equal(read.Balance, 50);
    assert.equal(read.SyncToken, '1');
    assert.deepEqual(read.LinkedTxn, [{ TxnId: first.body.Payment.Id, TxnType: 'Payment' }]);
    assert.equal((await pay(60)).status, 400);
    assert.equal((await pay(50)).status, 200);
    read = (await running.api('GET', `/invoice/${invoice.Id}`)).body.Invoice;
    assert.equal(read.Balance, 0);
    const voidPaid = await running.api('POST', '/invoice?operation=void', { Id: invoice.Id, SyncToken: read.SyncToken });
    assert.equal(voidPaid.status, 400, 'an invoice with payments is not voided');
  });

  test('operation=void keeps zero amounts with a Voided note; operation=delete removes, and CDC says Deleted', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const a = (await running.api('POST', '/invoice', invoiceBody(customerId))).body.Invoice;
    const voided = await running.api('POST', '/invoice?operation=void', { Id: a.Id, SyncToken: a.SyncToken });
    assert.equal(voided.status, 200, voided.text);
    assert.equal(voided.body.Invoice.TotalAmt, 0);
    assert.equal(voided.body.Invoice.Balance, 0);
    assert.match(voided.body.Invoice.PrivateNote, /^Voided/);
    assert.equal(voided.body.Invoice.SyncToken, '1');
    const b = (await running.api('POST', '/invoice', invoiceBody(customerId))).body.Invoice;
    const staleDelete = await running.api('POST', '/invoice?operation=delete', { Id: b.Id, SyncToken: '7' });
    assert.equal(staleDelete.body.Fault.Error[0].code, '5010');
    const deleted = await running.api('POST', '/invoice?operation=delete', { Id: b.Id, SyncToken: b.SyncToken });
    assert.equal(deleted.body.Invoice.status, 'Deleted');
    assert.equal((await running.api('GET', `/invoice/${b.Id}`)).body.Fault.Error[0].code, '610');
    const cdc = await running.api('GET', `/cdc?entities=Invoice&changedSince=${encodeURIComponent(since)}`);
    const invoices: Json[] = cdc.body.CDCResponse[0].QueryResponse[0].Invoice;
    assert.ok(invoices.some((i) => i.Id === b.Id && i.status === 'Deleted'));
    assert.ok(invoices.some((i) => i.Id === a.Id && i.TotalAmt === 0));
  });

  test('sending sets EmailStatus EmailSent; the PDF is a PDF', async () => {
    const invoice = (await running.api('POST', '/invoice', invoiceBody(customerId))).body.Invoice;
    assert.equal(invoice.EmailStatus, 'NotSet');
    const sent = await running.api('POST', `/invoice/${invoice.Id}/send?sendTo=${encodeURIComponent('billing@acme.test')}`);
    assert.equal(sent.body.Invoice.EmailStatus, 'EmailSent');
    assert.equal(sent.body.Invoice.BillEmail.Address, 'billing@acme.test');
    const pdf = await running.api('GET', `/invoice/${invoice.Id}/pdf`);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.match(pdf.text, /^%PDF-1\.4/);
  });

  test('query finds customers by email and pages', async () => {
    const found = await running.api('GET', `/query?query=${encodeURIComponent("SELECT * FROM Customer WHERE PrimaryEmailAddr = 'ANA@acme.test'")}`);
    assert.equal(found.body.QueryResponse.Customer[0].Id, customerId);
    const page = await running.api('GET', `/query?query=${encodeURIComponent('SELECT * FROM Invoice STARTPOSITION 2 MAXRESULTS 2')}`);
    assert.equal(page.body.QueryResponse.Invoice.length, 2);
    assert.equal(page.body.QueryResponse.startPosition, 2);
  });
});

describe('limits, tokens and webhooks', () => {
  test('more than 10 requests in a second are 429 with Retry-After', async () => {
    const limited = await simWithCompany({ rateLimit: { perSecond: 10, perMinute: 500 } });
    try {
      const answers = await Promise.all(Array.from({ length: 12 }, () => limited.api('GET', '/companyinfo/x')));
      const throttled = answers.filter((a) => a.status === 429);
      assert.equal(throttled.length, 2);
      assert.equal(throttled[0]!.headers.get('retry-after'), '1');
      assert.equal(throttled[0]!.body.Fault.Error[0].code, '3001');
    } finally {
      await limited.close();
    }
  });

  test('a refresh token works once: refreshing rotates it', async () => {
    const refresh = (token: string) =>
      fetch(running.tokenUrl, {
        method: 'POST',
        headers: { authorization: `Basic ${btoa('sim-client:sim-secret')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token }),
      });
    const tokens = await exchange(running, REALM);
    const first = await refresh(tokens.refresh_token);
    assert.equal(first.status, 200);
    const rotated = (await first.json()) as { refresh_token: string };
    assert.notEqual(rotated.refresh_token, tokens.refresh_token);
    assert.equal((await refresh(tokens.refresh_token)).status, 400, 'the old refresh token is spent');
    running.sim.expireAccessTokens();
    assert.equal((await running.api('GET', '/companyinfo/x')).status, 401);
    running.tokens.access_token = (await exchange(running, REALM)).access_token;
  });

  test('changes are posted as webhooks signed over the raw body, classic and CloudEvents', async () => {
    const received: { body: string; signature: string }[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['intuit-signature']) });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      for (const format of ['classic', 'cloudevents'] as const) {
        const hooked = await simWithCompany({ webhookUrl: url, webhookFormat: format, webhookVerifier: 'verifier-1' });
        const customer = await hooked.api('POST', '/customer', { DisplayName: `Hooked ${format}` });
        await hooked.sim.idle();
        await new Promise((r) => setTimeout(r, 100));
        const last = received.at(-1)!;
        const { createHmac } = await import('node:crypto');
        assert.equal(last.signature, createHmac('sha256', 'verifier-1').update(last.body).digest('base64'));
        const payload = JSON.parse(last.body);
        if (format === 'classic') {
          assert.deepEqual(payload.eventNotifications[0].dataChangeEvent.entities.map((e: Json) => [e.name, e.id, e.operation]), [['Customer', customer.body.Customer.Id, 'Create']]);
        } else {
          assert.equal(payload[0].type, 'qbo.customer.created.v1');
          assert.equal(payload[0].intuitentityid, customer.body.Customer.Id);
          assert.equal(payload[0].intuitaccountid, REALM);
        }
        await hooked.close();
      }
    } finally {
      server.close();
    }
  });
});
