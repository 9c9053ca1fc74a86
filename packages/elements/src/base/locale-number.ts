/**
 * Numbers as a person types them in the active locale ("1.234,56" in es, "1 234,56" in cs),
 * read exactly into the contract's plain decimal text ("1234.56") — never through a float —
 * and written back for an input (no grouping, the locale's decimal sign).
 */
import { parseMajor, toMajorString } from '@ledgerside/contract';

export interface NumberSymbols {
  decimal: string;
  group: string;
}

const symbolCache = new Map<string, NumberSymbols>();

/** The locale's decimal and grouping signs, from Intl. */
export function numberSymbols(locale: string): NumberSymbols {
  let symbols = symbolCache.get(locale);
  if (!symbols) {
    const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567.5);
    symbols = {
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
      group: parts.find((p) => p.type === 'group')?.value ?? ',',
    };
    symbolCache.set(locale, symbols);
  }
  return symbols;
}

/** Why typed text is not a number: no number at all, or its separators could mean two things. */
export type DecimalProblem = 'not_a_number' | 'separator';
export type DecimalParse = { ok: true; value: string } | { ok: false; problem: DecimalProblem };

const SPACES = /[\s\u00a0\u202f]/g;

/**
 * Typed text to a plain decimal ("-1234.56"; '' when empty). The locale's decimal sign may
 * appear once; spaces, apostrophes and the other of "." / "," group thousands, in groups of
 * exactly three — so "12.50" in es (a decimal point by habit) is refused, not guessed.
 */
export function parseDecimalInput(text: string, locale: string): DecimalParse {
  const { decimal } = numberSymbols(locale);
  const other = decimal === ',' ? '.' : ',';
  let t = text.trim().replace(SPACES, ' ');
  if (t === '') return { ok: true, value: '' };
  let sign = '';
  if (t.startsWith('-') || t.startsWith('\u2212')) {
    sign = '-';
    t = t.slice(1).trim();
  }
  const allowed = new RegExp(`^[0-9 '\u2019${escape(decimal)}${escape(other)}]+$`);
  if (!allowed.test(t)) return { ok: false, problem: 'not_a_number' };
  const pieces = t.split(decimal);
  if (pieces.length > 2) return { ok: false, problem: 'separator' };
  const [wholeText = '', fraction = ''] = pieces;
  if (!/^\d*$/.test(fraction)) return { ok: false, problem: 'separator' };
  const groups = wholeText.split(/[ '\u2019.,]/);
  if (groups.length > 1) {
    const kinds = new Set(wholeText.replace(/\d/g, '').split('').map((c) => (c === ' ' ? ' ' : c)));
    if (kinds.size > 1) return { ok: false, problem: 'separator' };
    const [head = '', ...rest] = groups;
    if (!/^\d{1,3}$/.test(head) || rest.some((g) => !/^\d{3}$/.test(g))) return { ok: false, problem: 'separator' };
  }
  const digits = groups.join('');
  if (digits === '' && fraction === '') return { ok: false, problem: 'not_a_number' };
  const whole = digits.replace(/^0+(?=\d)/, '') || '0';
  const value = `${whole}${fraction ? `.${fraction}` : ''}`;
  return { ok: true, value: /^[0.]+$/.test(value) ? value : `${sign}${value}` };
}

/** A plain decimal ("1234.5") as an input shows it in the locale ("1234,5" in es and cs). */
export function formatDecimalInput(value: string, locale: string): string {
  return value.replace('.', numberSymbols(locale).decimal);
}

/** Typed money to minor units of `currency`, exactly; null when it is not such an amount. */
export function parseMoneyInput(text: string, currency: string, locale: string): number | null {
  const parsed = parseDecimalInput(text, locale);
  if (!parsed.ok || parsed.value === '') return null;
  return parseMajor(parsed.value, currency);
}

/** Minor units as a money input shows them: (50000, USD, es) → "500,00". */
export function formatMoneyInput(minor: number, currency: string, locale: string): string {
  return formatDecimalInput(toMajorString(minor, currency), locale);
}

function escape(c: string): string {
  return c.replace(/[\\\]^-]/g, '\\$&');
}
