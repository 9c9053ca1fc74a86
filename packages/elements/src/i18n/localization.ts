/**
 * Runtime localization (@lit/localize): English in the source, Spanish and Czech loaded on
 * demand. The locale is page-wide, like the document's language; money, dates and relative
 * times follow it through the provider's formatters (Intl).
 */
import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from '../locales/locale-codes.js';

export type UiLocale = typeof sourceLocale | (typeof targetLocales)[number];
export const uiLocales: readonly UiLocale[] = [sourceLocale, ...targetLocales];

const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  // Listed, not a template string, so every bundler splits them into their own chunks.
  loadLocale: (locale) => (locale === 'es' ? import('../locales/es.js') : import('../locales/cs.js')),
});

/** The UI language for a BCP 47 tag: es-MX → es, cs-CZ → cs, anything else → en. */
export function uiLocaleFor(tag: string | undefined): UiLocale {
  const language = (tag ?? '').toLowerCase().split('-')[0];
  return (uiLocales as readonly string[]).includes(language ?? '') ? (language as UiLocale) : sourceLocale;
}

let pending: Promise<void> = Promise.resolve();

/** Switches every Ledgerside component on the page to `tag`'s language. */
export function setUiLocale(tag: string | undefined): Promise<void> {
  const next = uiLocaleFor(tag);
  if (next === getLocale()) return pending;
  pending = setLocale(next);
  return pending;
}

export { getLocale as getUiLocale };
