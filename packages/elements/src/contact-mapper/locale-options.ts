/**
 * The choices of the customer's locale, from the runtime's own data (no lists shipped): every
 * ISO 4217 currency the contract supports, the languages and countries `Intl.DisplayNames`
 * can name, and `Intl.supportedValuesOf('timeZone')`; names in the person's locale.
 */
import { LanguageTag, supportedCurrencies } from '@ledgerside/contract';

export interface Option {
  value: string;
  label: string;
}

const cache = new Map<string, Option[]>();
function cached(key: string, make: () => Option[]): Option[] {
  let value = cache.get(key);
  if (!value) cache.set(key, (value = make()));
  return value;
}

function names(locale: string, type: Intl.DisplayNamesType): Intl.DisplayNames {
  try {
    return new Intl.DisplayNames([locale, 'en'], { type, fallback: 'none' });
  } catch {
    return new Intl.DisplayNames(['en'], { type, fallback: 'none' });
  }
}

const byLabel = (locale: string) => {
  const collator = new Intl.Collator(locale);
  return (a: Option, b: Option) => collator.compare(a.label, b.label);
};

/** "EUR — Euro", by code (people look currencies up by code). */
export function currencyOptions(locale: string): Option[] {
  return cached(`currency|${locale}`, () => {
    const dn = names(locale, 'currency');
    return supportedCurrencies().map((code) => {
      const name = dn.of(code);
      return { value: code, label: name && name !== code ? `${code} — ${name}` : code };
    });
  });
}

const letters = Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i));
const pairs = letters.flatMap((a) => letters.map((b) => a + b));

/** A language tag's name in `locale`, or the tag itself. */
export function languageName(tag: string, locale: string): string {
  try {
    return names(locale, 'language').of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** Every two-letter language the runtime can name, plus the given tags (e.g. the browser's `en-US`). */
export function languageOptions(locale: string, extra: readonly string[] = []): Option[] {
  const base = cached(`language|${locale}`, () => {
    const dn = names(locale, 'language');
    const out: Option[] = [];
    for (const code of pairs) {
      // Deprecated codes (iw, in, …) canonicalize to another tag: skip them.
      if (Intl.getCanonicalLocales(code)[0] !== code) continue;
      const name = dn.of(code);
      if (name && name !== code) out.push({ value: code, label: name });
    }
    return out.sort(byLabel(locale));
  });
  const known = new Set(base.map((o) => o.value));
  const added = [...new Set(extra)].filter((tag) => tag && !known.has(tag) && LanguageTag.safeParse(tag).success).sort();
  if (!added.length) return base;
  // The same list object for the same extras, so a template can skip re-rendering it.
  return cached(`language|${locale}|${added.join(',')}`, () =>
    [...base, ...added.map((tag) => ({ value: tag, label: languageName(tag, locale) }))].sort(byLabel(locale)),
  );
}

// Codes that are not countries: user-assigned (AA, QM–QZ, XA–XZ but Kosovo, ZZ) and
// exceptionally reserved ones (the EU, the UN, Ascension, Canary Islands…).
const notCountries = new Set(['AA', 'ZZ', 'EU', 'EZ', 'UN', 'AC', 'CP', 'CQ', 'DG', 'EA', 'IC', 'TA']);
const isUserAssigned = (c: string) => (c[0] === 'Q' && c[1]! >= 'M') || (c[0] === 'X' && c !== 'XK');

/** ISO 3166-1 alpha-2 countries the runtime can name, by name. */
export function countryOptions(locale: string): Option[] {
  return cached(`region|${locale}`, () => {
    const dn = names(locale, 'region');
    const out: Option[] = [];
    for (const lower of pairs) {
      const code = lower.toUpperCase();
      if (notCountries.has(code) || isUserAssigned(code)) continue;
      // Deprecated codes (UK, ZR, AN…) canonicalize to another region: skip them.
      if (Intl.getCanonicalLocales(`und-${code}`)[0] !== `und-${code}`) continue;
      const name = dn.of(code);
      if (name && name !== code) out.push({ value: code, label: name });
    }
    return out.sort(byLabel(locale));
  });
}

/** IANA time zones, as the runtime lists them (with `UTC`, which some runtimes leave out). */
export function timeZoneOptions(extra: readonly string[] = []): Option[] {
  const base = cached('timeZone', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    return [...new Set(['UTC', ...zones])].map((z) => ({ value: z, label: z.replace(/_/g, ' ') }));
  });
  const missing = [...new Set(extra)].filter((z) => z && !base.some((o) => o.value === z)).sort();
  if (!missing.length) return base;
  return cached(`timeZone|${missing.join(',')}`, () => [...missing.map((z) => ({ value: z, label: z.replace(/_/g, ' ') })), ...base]);
}

/** The browser's language (as a contract `LanguageTag`) and time zone. */
export function browserLocale(): { language: string; timeZone: string } {
  let language = 'en';
  try {
    const tag = typeof navigator === 'undefined' ? undefined : Intl.getCanonicalLocales(navigator.language)[0];
    // The contract wants a lower-case language subtag: "en-US" passes, "EN" does not.
    if (tag && LanguageTag.safeParse(tag).success) language = tag;
  } catch {
    // not a valid tag: keep the default
  }
  let timeZone = 'UTC';
  try {
    timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    // keep UTC
  }
  return { language, timeZone };
}
