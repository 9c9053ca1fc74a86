import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  currencyExponent,
  divRound,
  documentTotals,
  formatMoney,
  lineAmounts,
  parseMajor,
  supportedCurrencies,
  toMajorString,
  toScaled,
  type LineMoneyInput,
} from '../src/money.js';
import { DocumentCreate } from '../src/schemas.js';

const currencies = supportedCurrencies();

/** A decimal with at most `decimals` places, as a JS number (what JSON carries). */
const decimalArb = (decimals: number, max: number) =>
  fc.integer({ min: 0, max: max * 10 ** decimals }).map((n) => n / 10 ** decimals);

const lineArb: fc.Arbitrary<LineMoneyInput> = fc.record({
  quantity: decimalArb(4, 10_000),
  unitPrice: fc.integer({ min: 0, max: 100_000_000 }),
  discountPercent: decimalArb(2, 100),
  taxRatePercent: decimalArb(3, 100),
});

const documentArb = fc.record({
  currency: fc.constantFrom(...currencies),
  lines: fc.array(lineArb, { minLength: 1, maxLength: 20 }),
});

/** An independent oracle: the same rule in exact rationals via strings, not the scaled path. */
function oracleLine(line: LineMoneyInput) {
  const rational = (n: number) => {
    const [whole, fraction = ''] = String(n).split('.');
    return { num: BigInt(whole! + fraction), den: 10n ** BigInt(fraction.length) };
  };
  const round = (num: bigint, den: bigint) => {
    const q = num / den;
    const r = num % den;
    return r * 2n >= den ? q + 1n : q; // all non-negative here: half up = half away from zero
  };
  const q = rational(Number(line.quantity));
  const d = rational(Number(line.discountPercent ?? 0));
  const t = rational(Number(line.taxRatePercent ?? 0));
  const gross = round(q.num * BigInt(line.unitPrice), q.den);
  const discount = round(gross * d.num, d.den * 100n);
  const tax = round((gross - discount) * t.num, t.den * 100n);
  return { gross, discount, tax, total: gross - discount + tax };
}

describe('money rules (property-based)', () => {
  it('10,000 random documents in random currencies: totals are the sums of their lines, in whole minor units', () => {
    fc.assert(
      fc.property(documentArb, ({ currency, lines }) => {
        assert.ok(currencyExponent(currency) >= 0 && currencyExponent(currency) <= 4);
        const totals = documentTotals(lines);
        const amounts = lines.map(lineAmounts);
        const sum = (k: 'gross' | 'discount' | 'tax' | 'total') => amounts.reduce((s, a) => s + a[k], 0);
        assert.equal(totals.subtotal, sum('gross'));
        assert.equal(totals.discount, sum('discount'));
        assert.equal(totals.tax, sum('tax'));
        assert.equal(totals.total, sum('total'));
        assert.equal(totals.total, totals.subtotal - totals.discount + totals.tax);
        for (const value of [...Object.values(totals), ...amounts.flatMap((a) => Object.values(a))]) {
          assert.ok(Number.isSafeInteger(value), `${value} is a whole number of minor units`);
        }
        amounts.forEach((a, i) => {
          const o = oracleLine(lines[i]!);
          assert.equal(BigInt(a.gross), o.gross);
          assert.equal(BigInt(a.discount), o.discount);
          assert.equal(BigInt(a.tax), o.tax);
          assert.equal(BigInt(a.total), o.total);
          assert.equal(a.net, a.gross - a.discount);
        });
      }),
      { numRuns: 10_000, seed: 20261123 },
    );
  });

  it('decimal quantities carry no float drift: 0.1 × 3, 1.005 × 100, 1.25 h', () => {
    // In floats 0.1 + 0.1 + 0.1 = 0.30000000000000004 and 1.005 × 100 = 100.49999999999999.
    const tenth = { quantity: 0.1, unitPrice: 3000 };
    assert.equal(documentTotals([tenth, tenth, tenth]).total, 900);
    assert.equal(lineAmounts({ quantity: 0.3, unitPrice: 3000 }).total, 900);
    assert.equal(lineAmounts({ quantity: 0.1, unitPrice: 3 }).gross, 0); // 0.3 → 0
    assert.equal(lineAmounts({ quantity: 1.005, unitPrice: 100 }).gross, 101); // exactly 100.5 → 101
    assert.equal(lineAmounts({ quantity: 1.25, unitPrice: 8000 }).gross, 10000);
    assert.equal(lineAmounts({ quantity: 3, unitPrice: 333, taxRatePercent: 21 }).tax, 210); // 209.79 → 210
    assert.equal(lineAmounts({ quantity: 1, unitPrice: 250, discountPercent: 10 }).discount, 25);
    assert.equal(lineAmounts({ quantity: 1, unitPrice: 5, discountPercent: 10 }).discount, 1); // 0.5 → 1
  });

  it('splitting a quantity across lines never loses more than one minor unit per line', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 1_000_000 }), (q, parts, price) => {
        const whole = lineAmounts({ quantity: (q * parts) / 10_000, unitPrice: price }).gross;
        const split = documentTotals(Array.from({ length: parts }, () => ({ quantity: q / 10_000, unitPrice: price }))).subtotal;
        assert.ok(Math.abs(whole - split) <= parts);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('divRound rounds half away from zero', () => {
    assert.equal(divRound(5n, 2n), 3n);
    assert.equal(divRound(-5n, 2n), -3n);
    assert.equal(divRound(4n, 3n), 1n);
    assert.equal(divRound(-4n, 3n), -1n);
    assert.equal(divRound(7n, -2n), -4n);
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 9n }), (n, d) => {
        const r = divRound(n, d);
        const err = n * 2n - r * 2n * d; // 2·(n − r·d)
        assert.ok(err <= d && err >= -d, 'within half a unit');
        assert.equal(divRound(-n, d), -r, 'symmetric');
      }),
      { seed: 3 },
    );
  });

  it('currency exponents come from Intl: JPY 0, USD 2, KWD 3', () => {
    assert.equal(currencyExponent('JPY'), 0);
    assert.equal(currencyExponent('USD'), 2);
    assert.equal(currencyExponent('KWD'), 3);
    assert.throws(() => currencyExponent('XYZ1'), /Unknown currency/);
  });

  it('exact decimal parsing refuses too many decimals and non-numbers', () => {
    assert.equal(toScaled(0.1, 4), 1000n);
    assert.equal(toScaled('12.5', 2), 1250n);
    assert.throws(() => toScaled(0.12345, 4), /at most 4/i);
    assert.throws(() => toScaled(Number.NaN, 4));
    assert.throws(() => toScaled('1e3', 4));
  });

  it('major-unit strings round-trip in every currency', () => {
    fc.assert(
      fc.property(fc.constantFrom(...currencies), fc.integer({ min: -1e12, max: 1e12 }), (currency, minor) => {
        assert.equal(parseMajor(toMajorString(minor, currency), currency), minor);
      }),
      { numRuns: 3000, seed: 11 },
    );
    assert.equal(parseMajor('12,50', 'EUR'), 1250);
    assert.equal(parseMajor('1 250.5', 'USD'), 125050);
    assert.equal(parseMajor('1.5', 'JPY'), null);
    assert.equal(parseMajor('abc', 'USD'), null);
    assert.equal(parseMajor('0.125', 'KWD'), 125);
  });

  it('formats with Intl in the active locale, every digit kept', () => {
    assert.equal(formatMoney(123456, 'USD', 'en-US'), '$1,234.56');
    assert.equal(formatMoney(1500, 'JPY', 'en-US'), '¥1,500');
    assert.match(formatMoney(123456, 'CZK', 'cs-CZ'), /1\s234,56\sKč/);
    assert.match(formatMoney(9_007_199_254_740_991, 'USD', 'en-US'), /90,071,992,547,409\.91/);
  });

  it('the document schema refuses a total beyond safe integers with a field message', () => {
    const result = DocumentCreate.safeParse({
      kind: 'invoice',
      customerId: 'c1',
      currency: 'USD',
      issueDate: '2026-11-23',
      lines: Array.from({ length: 10 }, () => ({ description: 'x', quantity: 1_000_000, unitPrice: 1_000_000_000_000 })),
    });
    assert.equal(result.success, false);
    assert.ok(result.error!.issues.some((i) => i.path[0] === 'lines' && /too large/.test(i.message)));
  });
});
