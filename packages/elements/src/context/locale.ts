import { formatMoney } from '@ledgerside/contract';

/** Formatting in the active locale, shared by every component through context. */
export interface LedgerLocale {
  readonly locale: string;
  /** Minor units in a currency: `money(125050, 'EUR')` → "1.250,50 €" in es. */
  money(minor: number, currency: string): string;
  /** An ISO date (YYYY-MM-DD) as the locale writes it. */
  date(isoDate: string): string;
  /** An ISO date-time, absolute. */
  dateTime(iso: string): string;
  /** An ISO date-time relative to now ("5 min ago") when recent, else absolute. */
  relative(iso: string, now?: number): string;
  number(value: number): string;
}

const cache = new Map<string, LedgerLocale>();

export function createLocale(requested?: string): LedgerLocale {
  const locale = resolveLocale(requested);
  let value = cache.get(locale);
  if (value) return value;
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  const numberFormat = new Intl.NumberFormat(locale);
  value = {
    locale,
    money: (minor, currency) => {
      try {
        return formatMoney(minor, currency, locale);
      } catch {
        return `${numberFormat.format(minor)} ${currency}`;
      }
    },
    date: (iso) => {
      const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
    },
    dateTime: (iso) => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d);
    },
    relative: (iso, now = Date.now()) => {
      const d = new Date(iso);
      if (Number.isNaN(d.getTime())) return iso;
      const seconds = Math.round((d.getTime() - now) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 45) return rtf.format(0, 'second');
      if (abs < 45 * 60) return rtf.format(Math.round(seconds / 60), 'minute');
      if (abs < 22 * 3600) return rtf.format(Math.round(seconds / 3600), 'hour');
      if (abs < 6 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
      return dateTimeFormat.format(d);
    },
    number: (n) => numberFormat.format(n),
  };
  cache.set(locale, value);
  return value;
}

function resolveLocale(requested?: string): string {
  const candidates = [requested, typeof navigator !== 'undefined' ? navigator.language : undefined, 'en'];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      return Intl.getCanonicalLocales(candidate)[0] ?? 'en';
    } catch {
      // not a valid tag: try the next
    }
  }
  return 'en';
}
