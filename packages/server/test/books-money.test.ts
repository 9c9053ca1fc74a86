/**
 * Money crosses to QuickBooks and back exactly: random documents in random currencies (0-, 2-
 * and 3-decimal), with quantities of up to 4 decimals, discounts and tax rates, become
 * QuickBooks Invoice bodies (validated by the simulator against Intuit's schema), are created,
 * and read back into minor units identical to Ledgerside's own totals, line by line.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';
import { currencyExponent, documentTotals, lineAmounts, type Document } from '@ledgerside/contract';
import { startQuickBooksSim, type RunningSim } from '@ledgerside/quickbooks-sim';
import { fromAmount, toAmount, toTransaction, totalsOf } from '../src/books/quickbooks/mapping.js';

const REALM = '9130350000000099';
const CURRENCIES = ['USD', 'JPY', 'KWD', 'EUR', 'BHD', 'CZK', 'HUF', 'TND'] as const;
const RATES = [0, 5, 7.125, 10, 21] as const;
const TAX_CODES = RATES.map((rate, i) => ({ id: `T${i}`, name: `${rate} %`, ratePercent: String(rate) }));

type Json = Record<string, unknown>;

describe('money to QuickBooks and back', () => {
  let sim: RunningSim;
  let token: string;
  const customers = new Map<string, string>();

  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${sim.apiUrl}/v3/company/${REALM}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : stringifyLossless(body),
    });
    return { status: response.status, body: parseLossless(await response.text()) as Json };
  }

  before(async () => {
    sim = await startQuickBooksSim({ rateLimit: false });
    sim.sim.addCompany({ realmId: REALM, homeCurrency: 'USD', currencies: CURRENCIES.filter((c) => c !== 'USD'), taxCodes: TAX_CODES });
    const code = sim.sim.issueCode(REALM, 'http://127.0.0.1/cb');
    const response = await fetch(sim.tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa('sim-client:sim-secret')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1/cb' }),
    });
    token = ((await response.json()) as { access_token: string }).access_token;
    for (const currency of CURRENCIES) {
      const created = await api('POST', '/customer', { DisplayName: `Customer ${currency}`, CurrencyRef: { value: currency } });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      customers.set(currency, String((created.body.Customer as Json).Id));
    }
  });
  after(() => sim?.close());

  /** The simulated company's tax rate behind a tax code (what the connection reads at connect). */
  const rateIdOf = (code: string) => {
    const details = (sim.sim.company(REALM).get('TaxCode', code).SalesTaxRateList as Json).TaxRateDetail as Json[];
    return String((details[0]!.TaxRateRef as Json).value);
  };

  it('minor units → decimal text → minor units is the identity for every currency exponent', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CURRENCIES), fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (currency, minor) => {
        const text = toAmount(minor, currency).value;
        assert.equal(text.split('.')[1]?.length ?? 0, currencyExponent(currency));
        assert.equal(fromAmount(toAmount(minor, currency), currency), minor);
      }),
      { seed: 1601, numRuns: 2000 },
    );
  });

  it('random documents in random currencies: QuickBooks reads back the same totals, exactly', async () => {
    const line = fc.record({
      quantity: fc.integer({ min: 1, max: 99_999_999 }).map((n) => n / 10_000), // up to 4 decimals
      unitPrice: fc.integer({ min: 0, max: 5_000_000 }),
      discountPercent: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100)),
      taxRatePercent: fc.constantFrom(...RATES),
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CURRENCIES), fc.array(line, { minLength: 1, maxLength: 6 }), async (currency, lines) => {
        const built = lines.map((l, i) => ({ ...l, description: `Line ${i + 1}`, id: `ln_${i}`, timeEntryIds: [], productId: null, amounts: lineAmounts(l) }));
        const totals = documentTotals(lines);
        const doc = { kind: 'invoice', number: 'INV-P', currency, issueDate: '2026-01-15', dueDate: null, notes: '', reference: '', lines: built, totals, sentAt: null } as unknown as Document;
        const body = toTransaction(doc, {
          customerVendorId: customers.get(currency)!,
          taxMapping: RATES.map((rate, i) => ({ ratePercent: rate, taxCodeId: `T${i}` })),
          itemId: '1',
          taxRates: new Map(TAX_CODES.map((c) => [c.id, rateIdOf(c.id)])),
        });
        const created = await api('POST', '/invoice', body);
        assert.equal(created.status, 200, JSON.stringify(created.body).slice(0, 500));
        const read = await api('GET', `/invoice/${String((created.body.Invoice as Json).Id)}`);
        const back = totalsOf(read.body.Invoice as Json, currency);
        assert.deepEqual({ subtotal: back.subtotal, discount: back.discount, tax: back.tax, total: back.total }, totals);
        assert.equal(back.balance, totals.total);
        const vendorLines = ((read.body.Invoice as Json).Line as Json[]).filter((l) => l.DetailType === 'SalesItemLineDetail');
        vendorLines.forEach((l, i) => assert.equal(fromAmount(l.Amount, currency), built[i]!.amounts.gross, `line ${i + 1}`));
      }),
      { seed: 1602, numRuns: 150 },
    );
  });
});
