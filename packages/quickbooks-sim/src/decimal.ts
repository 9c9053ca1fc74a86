/**
 * Exact decimals for the simulator's money: QuickBooks amounts are `xs:decimal`, so they are
 * read and written as decimal text (lossless-json keeps a number's digits) and computed as
 * BigInt scaled by 10^SCALE — never through floating point.
 */
import { LosslessNumber, isLosslessNumber } from 'lossless-json';

export const SCALE = 10;
const FACTOR = 10n ** BigInt(SCALE);
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** A JSON number (LosslessNumber, number) or numeric string → scaled BigInt; null when not one. */
export function toScaled(value: unknown): bigint | null {
  let text: string;
  if (isLosslessNumber(value)) text = (value as LosslessNumber).value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (typeof value === 'string') text = value.trim();
  else return null;
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  let digits = whole! + fraction;
  let point = fraction.length - Number(exponent);
  if (point < 0) {
    digits += '0'.repeat(-point);
    point = 0;
  }
  if (point > SCALE) {
    // More decimals than we keep: only trailing zeros may go.
    const extra = digits.slice(digits.length - (point - SCALE));
    if (/[^0]/.test(extra)) return null;
    digits = digits.slice(0, digits.length - (point - SCALE));
    point = SCALE;
  }
  const scaled = BigInt(digits || '0') * 10n ** BigInt(SCALE - point);
  return sign ? -scaled : scaled;
}

/** Rounds a scaled value to `decimals`, half away from zero (still scaled). */
export function roundTo(value: bigint, decimals: number): bigint {
  const unit = 10n ** BigInt(SCALE - decimals);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const rounded = ((abs * 2n + unit) / (unit * 2n)) * unit;
  return negative ? -rounded : rounded;
}

/** a × b for two scaled values, exact before rounding to `decimals`. */
export function multiply(a: bigint, b: bigint, decimals: number): bigint {
  const product = a * b; // scaled by FACTOR²
  const unit = FACTOR * 10n ** BigInt(SCALE - decimals);
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const q = ((abs * 2n + unit) / (unit * 2n)) * 10n ** BigInt(SCALE - decimals);
  return negative ? -q : q;
}

/** A scaled value × percent / 100, rounded to `decimals`. */
export function percentOf(value: bigint, percent: bigint, decimals: number): bigint {
  return multiply(value, percent / 100n, decimals);
}

/** Scaled → decimal text with at least `minDecimals` decimals (trailing zeros beyond trimmed). */
export function toText(value: bigint, minDecimals = 0): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(SCALE + 1, '0');
  let fraction = digits.slice(-SCALE).replace(/0+$/, '');
  if (fraction.length < minDecimals) fraction = fraction.padEnd(minDecimals, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -SCALE)}${fraction ? `.${fraction}` : ''}`;
}

/** Scaled → a JSON number that keeps every digit when stringified with lossless-json. */
export function toJsonNumber(value: bigint, minDecimals = 0): LosslessNumber {
  return new LosslessNumber(toText(value, minDecimals));
}

/** Digits after the point of a currency's minor unit (JPY 0, USD 2, KWD 3), as Intl knows it. */
export function currencyDecimals(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}
