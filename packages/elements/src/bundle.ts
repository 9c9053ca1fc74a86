/**
 * The script-tag entry: `<script type="module" src="…/ledgerside.js">` registers every tag and
 * exposes one global, `window.Ledgerside`, to configure the embedding:
 *
 *   Ledgerside.configure({
 *     apiBase: 'https://billing.example.com',
 *     getToken: () => fetch('/my-backend/ledgerside-token').then((r) => r.text()),
 *     locale: 'es',
 *     theme: 'auto',
 *   });
 */
import type { GetToken } from '@ledgerside/client';
import { pageRuntime } from './bundle-root.js';
import { darkTokens } from './styles/tokens.js';
import './define.js';

export type ThemeTokens = Partial<Record<`--ledger-${string}`, string>>;

export interface LedgersideOptions {
  /** The Ledgerside API's origin (before `/v1`). */
  apiBase?: string;
  /** Your backend's short-lived token for the signed-in person; called again when it expires. */
  getToken?: GetToken;
  /** BCP 47 tag: `en`, `es`, `cs` (others fall back to English text, with their own number formats). */
  locale?: string;
  /** `light`, `dark`, `auto` (follows the system), or token values to match your page. */
  theme?: 'light' | 'dark' | 'auto' | ThemeTokens;
}

export interface LedgersideGlobal {
  readonly version: string;
  configure(options: LedgersideOptions): void;
}

let themeQuery: MediaQueryList | undefined;
let applied: string[] = [];

function applyTokens(tokens: Readonly<Record<string, string>>) {
  const style = document.documentElement.style;
  applied.forEach((name) => style.removeProperty(name));
  applied = Object.keys(tokens).filter((name) => name.startsWith('--ledger-'));
  applied.forEach((name) => style.setProperty(name, tokens[name]!));
}

function applyTheme(theme: NonNullable<LedgersideOptions['theme']>) {
  themeQuery?.removeEventListener('change', onSystemTheme);
  themeQuery = undefined;
  if (typeof theme === 'object') return applyTokens(theme as Record<string, string>);
  if (theme === 'auto') {
    themeQuery = matchMedia('(prefers-color-scheme: dark)');
    themeQuery.addEventListener('change', onSystemTheme);
    return onSystemTheme();
  }
  applyTokens(theme === 'dark' ? darkTokens : {});
}

function onSystemTheme() {
  applyTokens(themeQuery?.matches ? darkTokens : {});
}

const Ledgerside: LedgersideGlobal = {
  version: '0.1.0',
  configure(options) {
    // One provider at the document's root: context requests from every component, also
    // inside other elements' shadow roots, bubble up to it.
    pageRuntime.configure({
      ...(options.getToken ? { apiBase: options.apiBase ?? '', getToken: options.getToken } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
    });
    if (options.theme) applyTheme(options.theme);
  },
};

declare global {
  interface Window {
    Ledgerside: LedgersideGlobal;
  }
}

// A second copy of the script on the page keeps the first one's state.
window.Ledgerside ??= Ledgerside;
