/**
 * Money rules. Amounts are integer minor units (cents, yen, fils); every computation runs on
 * BigInt so no float ever touches money.
 *
 * The one rounding rule: each line is computed in exact rational arithmetic and rounded
 * **half away from zero** to the minor unit at three points, in this order:
 *   gross    = round(quantity × unitPrice)
 *   discount = round(gross × discountPercent / 100)
 *   tax      = round((gross − discount) × taxRatePercent / 100)
 * A document's totals are plain sums of its rounded lines, so the lines always add up.
 */
import { currencyExponent, MoneyError } from './currency.js';
import { exceedsMaxAmount } from './rules/amounts.js';

// Currencies and formatting, in a module of their own: a page that only shows amounts
// (the script tag's initial load) needs them, not the arithmetic.
export { currencyExponent, formatMoney, isSupportedCurrency, MoneyError, supportedCurrencies, toMajorString } from './currency.js';

/** Quantities carry at most 4 decimals (1.25 h, 0.3333 units). */
export const QUANTITY_DECIMALS = 4;
/** Discount percentages carry at most 2 decimals (12.5 %). */
export const DISCOUNT_DECIMALS = 2;
/** Tax rates carry at most 3 decimals (7.125 %). */
export const TAX_RATE_DECIMALS = 3;
/** Largest quantity on one line. */
export const MAX_QUANTITY = 1_000_000;
/** Largest unit price in minor units (10 billion major units of a 2-decimal currency). */
export const MAX_UNIT_PRICE = 1_000_000_000_000;

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal given as a number or a string into an integer scaled by 10^decimals,
 * exactly: 0.1 becomes 1000n at 4 decimals, never 999.9999…
 */
export function toScaled(value: number | string, decimals: number): bigint {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new MoneyError('not_a_decimal', 'Not a finite number');
    // String(n) gives the shortest decimal that round-trips, e.g. "0.1"; exponent forms
    // ("1e-7", "1e+21") only appear far outside the ranges we accept.
    text = String(value);
  } else {
    text = value.trim();
  }
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyError('not_a_decimal', `Not a decimal number: ${text.slice(0, 40)}`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > decimals) {
    throw new MoneyError('too_many_decimals', `At most ${decimals} decimals`);
  }
  const digits = BigInt(whole + fraction.padEnd(decimals, '0'));
  return sign ? -digits : digits;
}

/** Integer division rounding half away from zero. */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('Division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  return negative ? -q : q;
}

/** The input a line's amounts depend on. */
export interface LineMoneyInput {
  quantity: number | string;
  unitPrice: number;
  discountPercent?: number | string | undefined;
  taxRatePercent?: number | string | undefined;
}

export interface LineAmounts {
  gross: number;
  discount: number;
  net: number;
  tax: number;
  total: number;
}

export interface DocumentTotals {
  /** Σ gross: quantity × unit price before discounts. */
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
}

function toSafe(value: bigint): number {
  if (exceedsMaxAmount(value)) throw new MoneyError('out_of_range', 'Amount too large');
  return Number(value);
}

function lineAmountsBig(line: LineMoneyInput) {
  if (!Number.isSafeInteger(line.unitPrice)) {
    throw new MoneyError('not_a_decimal', 'Unit price must be an integer number of minor units');
  }
  const q = toScaled(line.quantity, QUANTITY_DECIMALS);
  const discountScaled = toScaled(line.discountPercent ?? 0, DISCOUNT_DECIMALS);
  const taxScaled = toScaled(line.taxRatePercent ?? 0, TAX_RATE_DECIMALS);
  const gross = divRound(q * BigInt(line.unitPrice), 10n ** BigInt(QUANTITY_DECIMALS));
  const discount = divRound(gross * discountScaled, 100n * 10n ** BigInt(DISCOUNT_DECIMALS));
  const net = gross - discount;
  const tax = divRound(net * taxScaled, 100n * 10n ** BigInt(TAX_RATE_DECIMALS));
  return { gross, discount, net, tax, total: net + tax };
}

/** The rounded amounts of one line, in minor units. */
export function lineAmounts(line: LineMoneyInput): LineAmounts {
  const a = lineAmountsBig(line);
  return {
    gross: toSafe(a.gross),
    discount: toSafe(a.discount),
    net: toSafe(a.net),
    tax: toSafe(a.tax),
    total: toSafe(a.total),
  };
}

/** A document's totals: the sums of its rounded lines. */
export function documentTotals(lines: readonly LineMoneyInput[]): DocumentTotals {
  let subtotal = 0n;
  let discount = 0n;
  let tax = 0n;
  let total = 0n;
  for (const line of lines) {
    const a = lineAmountsBig(line);
    subtotal += a.gross;
    discount += a.discount;
    tax += a.tax;
    total += a.total;
  }
  return {
    subtotal: toSafe(subtotal),
    discount: toSafe(discount),
    tax: toSafe(tax),
    total: toSafe(total),
  };
}

/**
 * A typed amount in major units ("12.5", "1 250,00") to minor units, or null when it is not
 * an amount of this currency (too many decimals, letters).
 */
export function parseMajor(text: string, currency: string): number | null {
  const exponent = currencyExponent(currency);
  const cleaned = text.replace(/[\s\u00a0\u202f']/g, '');
  // Accept either "." or "," as the decimal separator: the last one followed by ≤ exponent digits.
  const m = /^(-?)([\d.,]*?)(?:[.,](\d*))?$/.exec(cleaned);
  if (!m || cleaned === '' || cleaned === '-') return null;
  const [, sign, wholeRaw = '', fraction = ''] = m;
  const whole = wholeRaw.replace(/[.,]/g, '');
  if (!/^\d*$/.test(whole) || (whole === '' && fraction === '')) return null;
  if (fraction.length > exponent) return null;
  try {
    const scaled = toScaled(`${sign}${whole || '0'}${fraction ? `.${fraction}` : ''}`, exponent);
    return toSafe(scaled);
  } catch {
    return null;
  }
}
