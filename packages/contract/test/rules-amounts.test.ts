/** The largest amount (issue 15): one bound for the money rules, the server's billed sum and the form. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { exceedsMaxAmount, MAX_AMOUNT } from '../src/rules/amounts.js';
import { documentTotals, MAX_QUANTITY, MAX_UNIT_PRICE, MoneyError } from '../src/money.js';

const near = fc.bigInt({ min: BigInt(MAX_AMOUNT) - 1000n, max: BigInt(MAX_AMOUNT) + 1000n });

describe('MAX_AMOUNT', () => {
  it('is the largest exact JSON number', () => {
    assert.equal(MAX_AMOUNT, Number.MAX_SAFE_INTEGER);
    assert.equal(exceedsMaxAmount(MAX_AMOUNT), false);
    assert.equal(exceedsMaxAmount(BigInt(MAX_AMOUNT) + 1n), true);
    assert.equal(exceedsMaxAmount(Number.POSITIVE_INFINITY), true);
    assert.equal(exceedsMaxAmount(Number.NaN), true);
  });

  it('a sum exceeds it exactly when it is past it, either sign, as BigInt or as a safe number', () => {
    fc.assert(
      fc.property(near, fc.boolean(), (n, negative) => {
        const v = negative ? -n : n;
        assert.equal(exceedsMaxAmount(v), n > BigInt(MAX_AMOUNT));
        if (n <= BigInt(MAX_AMOUNT)) assert.equal(exceedsMaxAmount(Number(v)), false);
      }),
      { seed: 1515 },
    );
  });

  it('a document can be totalled exactly when its total stays within it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: MAX_QUANTITY }), { minLength: 1, maxLength: 12 }), (quantities) => {
        const lines = quantities.map((quantity) => ({ quantity, unitPrice: MAX_UNIT_PRICE }));
        const exact = quantities.reduce((sum, q) => sum + BigInt(q) * BigInt(MAX_UNIT_PRICE), 0n);
        if (exceedsMaxAmount(exact)) assert.throws(() => documentTotals(lines), (e) => e instanceof MoneyError && e.code === 'out_of_range');
        else assert.equal(documentTotals(lines).total, Number(exact));
      }),
      { seed: 1516 },
    );
  });
});
