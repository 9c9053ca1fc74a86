// Locale date input: format → parse round trips to the same ISO date in every locale; ISO
// typing is read everywhere; dates that do not exist are refused.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { formatDateInput, parseDateInput } from './locale-date.js';

const locales = ['en', 'es', 'cs', 'de', 'fr'];
const isoDate = fc
  .date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('locale date input', () => {
  it('reads what it writes, in every locale', () => {
    fc.assert(
      fc.property(fc.constantFrom(...locales), isoDate, (locale, iso) => {
        expect(parseDateInput(formatDateInput(iso, locale), locale), formatDateInput(iso, locale)).to.equal(iso);
      }),
    );
  });

  it('reads ISO typing in every locale', () => {
    fc.assert(fc.property(fc.constantFrom(...locales), isoDate, (locale, iso) => {
      expect(parseDateInput(iso, locale)).to.equal(iso);
    }));
  });

  it('writes es as dd/mm/aaaa and cs as d. m. rrrr, day before month', () => {
    expect(formatDateInput('2026-03-12', 'es')).to.equal('12/03/2026');
    expect(formatDateInput('2026-03-12', 'cs')).to.equal('12. 3. 2026');
    expect(parseDateInput('12/03/2026', 'es')).to.equal('2026-03-12');
    expect(parseDateInput('12.3.2026', 'cs')).to.equal('2026-03-12');
    expect(parseDateInput('3/12/2026', 'en')).to.equal('2026-03-12');
  });

  it('refuses dates that do not exist and text that is no date', () => {
    for (const [text, locale] of [['31/02/2026', 'es'], ['2026-13-01', 'cs'], ['12/03/26', 'es'], ['soon', 'en'], ['1/2', 'cs']] as const) {
      expect(parseDateInput(text, locale), text).to.equal(null);
    }
  });
});
