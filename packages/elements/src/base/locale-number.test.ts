// Locale number input: format → parse round trips exactly, in every locale and currency
// exponent, with and without the locale's own grouping; ambiguous separators are refused.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { formatMoneyInput, parseDecimalInput, parseMoneyInput } from './locale-number.js';

const locales = ['en', 'es', 'cs', 'de', 'fr'];
const currencies = ['JPY', 'USD', 'KWD']; // 0, 2 and 3 decimals

describe('locale number input', () => {
  it('reads what it writes, for every locale and currency exponent', () => {
    fc.assert(
      fc.property(fc.constantFrom(...locales), fc.constantFrom(...currencies), fc.integer({ min: -1e15, max: 1e15 }), (locale, currency, minor) => {
        expect(parseMoneyInput(formatMoneyInput(minor, currency, locale), currency, locale)).to.equal(minor);
      }),
    );
  });

  it('reads Intl’s own grouped writing of an amount back to the same minor units', () => {
    fc.assert(
      fc.property(fc.constantFrom(...locales), fc.constantFrom(...currencies), fc.integer({ min: 0, max: 1e12 }), (locale, currency, minor) => {
        const major = formatMoneyInput(minor, currency, 'en');
        const digits = major.split('.')[1]?.length ?? 0;
        const shown = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(major as unknown as number);
        expect(parseMoneyInput(shown, currency, locale), shown).to.equal(minor);
      }),
    );
  });

  it('parses es and cs input exactly, without float drift', () => {
    for (const locale of ['es', 'cs']) {
      expect(parseMoneyInput('1.234,56', 'USD', locale)).to.equal(123456);
      expect(parseMoneyInput('1234,56', 'USD', locale)).to.equal(123456);
      expect(parseMoneyInput('1 234,56', 'USD', locale)).to.equal(123456);
      expect(parseMoneyInput('1,005', 'KWD', locale)).to.equal(1005);
      expect(parseMoneyInput('0,1', 'USD', locale)! * 3).to.equal(30);
      expect(formatMoneyInput(50000, 'USD', locale)).to.equal('500,00');
    }
    expect(parseMoneyInput('1.005', 'USD', 'en'), 'too many decimals: refused, not rounded').to.equal(null);
  });

  it('refuses a separator that could mean two things', () => {
    expect(parseDecimalInput('12.50', 'es')).to.deep.equal({ ok: false, problem: 'separator' });
    expect(parseDecimalInput('1,5', 'en')).to.deep.equal({ ok: false, problem: 'separator' });
    expect(parseDecimalInput('1,234.5', 'es')).to.deep.equal({ ok: false, problem: 'separator' });
    expect(parseDecimalInput('abc', 'cs')).to.deep.equal({ ok: false, problem: 'not_a_number' });
    expect(parseDecimalInput('-1,25', 'cs')).to.deep.equal({ ok: true, value: '-1.25' });
  });
});
