/** Document numbering (issue 15): one copy of `INV-000012` / `QT-000045`, its parser and guard. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { documentNumber, isDocumentNumber, parseDocumentNumber } from '../src/rules/numbering.js';
import { documentKinds, type DocumentKind } from '../src/status.js';

const kind = fc.constantFrom<DocumentKind>(...documentKinds);
const counter = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });

describe('documentNumber', () => {
  it('the spelling people know: a prefix per kind, six digits', () => {
    assert.equal(documentNumber('invoice', 12), 'INV-000012');
    assert.equal(documentNumber('quote', 45), 'QT-000045');
    assert.equal(documentNumber('invoice', 1_000_000), 'INV-1000000');
    assert.throws(() => documentNumber('invoice', 0), RangeError);
    assert.throws(() => documentNumber('quote', 1.5), RangeError);
  });

  it('parses back to the kind and counter it was made from', () => {
    fc.assert(
      fc.property(kind, counter, (k, n) => {
        assert.deepEqual(parseDocumentNumber(documentNumber(k, n)), { kind: k, n });
        assert.ok(isDocumentNumber(documentNumber(k, n), k));
        assert.ok(!isDocumentNumber(documentNumber(k, n), k === 'invoice' ? 'quote' : 'invoice'));
      }),
      { seed: 1501 },
    );
  });

  it('numbers sort as their counters do within a kind while they have six digits', () => {
    fc.assert(
      fc.property(kind, fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1, max: 999_999 }), (k, a, b) => {
        const [x, y] = [documentNumber(k, a), documentNumber(k, b)];
        assert.equal(Math.sign(x < y ? -1 : x > y ? 1 : 0), Math.sign(a - b));
      }),
      { seed: 1502 },
    );
  });

  it('parses only what it makes: anything else is null', () => {
    for (const text of ['INV-12', 'INV-0000012', 'inv-000012', 'QT000045', 'INV-000000', 'CN-000001', ' INV-000012', 'INV-000012 ', '']) {
      assert.equal(parseDocumentNumber(text), null, text);
    }
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseDocumentNumber(text);
        if (parsed) assert.equal(documentNumber(parsed.kind, parsed.n), text);
      }),
      { seed: 1503 },
    );
  });
});
