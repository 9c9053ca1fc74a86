/**
 * Currencies and how amounts in minor units are written: ISO 4217 codes and their exponents
 * (from Intl), and formatting in a locale. money.ts re-exports all of it with the arithmetic.
 */

export class MoneyError extends Error {
  constructor(
    readonly code: 'not_a_decimal' | 'too_many_decimals' | 'out_of_range' | 'unknown_currency',
    message: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

const exponentCache = new Map<string, number>();

/** Whether `code` is an ISO 4217 currency this runtime knows. */
export function isSupportedCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && supportedCurrencies().includes(code);
}

let currencyList: readonly string[] | undefined;
/** All ISO 4217 codes from `Intl.supportedValuesOf('currency')`. */
export function supportedCurrencies(): readonly string[] {
  currencyList ??= Intl.supportedValuesOf('currency');
  return currencyList;
}

/** Digits after the decimal point of a currency's minor unit: JPY 0, USD 2, KWD 3. */
export function currencyExponent(currency: string): number {
  let exponent = exponentCache.get(currency);
  if (exponent === undefined) {
    if (!isSupportedCurrency(currency)) {
      throw new MoneyError('unknown_currency', `Unknown currency: ${currency}`);
    }
    exponent = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
    exponentCache.set(currency, exponent);
  }
  return exponent;
}

/** Minor units as a plain decimal string in major units: (1250, USD) → "12.50". */
export function toMajorString(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = exponent ? digits.slice(0, -exponent) : digits;
  const fraction = exponent ? `.${digits.slice(-exponent)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

const formats = new Map<string, Intl.NumberFormat>();

/** Formats minor units in the active locale with `Intl.NumberFormat` (one formatter per locale and currency: making one costs far more than using it). */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const key = `${locale ?? ''}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    const exponent = currencyExponent(currency);
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    formats.set(key, format);
  }
  // Through a decimal string, so large amounts keep every digit.
  return format.format(toMajorString(minor, currency) as unknown as number);
}
