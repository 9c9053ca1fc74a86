/**
 * The script-tag entry: `<script type="module" src="…/ledgerside.js">` registers
 * `<ledger-provider>` and `<ledger-sidebar>` at once and every other tag on demand, and exposes
 * one global, `window.Ledgerside`, to configure the embedding:
 *
 *   Ledgerside.configure({
 *     apiBase: 'https://billing.example.com',
 *     getToken: () => fetch('/my-backend/ledgerside-token').then((r) => r.text()),
 *     locale: 'es',
 *     theme: 'auto',
 *   });
 *
 * On demand: a tag's module (its own chunk) is imported when such an element appears in the
 * page's light DOM (a scan at start, then a MutationObserver), or when the host calls
 * `Ledgerside.load('ledger-document-list')` (or `load()` for all) — needed for elements the
 * host creates inside its own shadow roots, which no document observer sees. The sidebar
 * loads its tabs' components itself (the build adds `modulepreload` hints for the first tab's
 * chunks: vite.config.ts). Tab components, the virtualizer, locales and the client's zod
 * schemas (loaded as the client is made, beside its first request) stay out of the initial
 * script; `pnpm bench` and test/node/bundle-size.test.ts measure it.
 */
import type { GetToken } from '@ledgerside/client';
import { pageRuntime } from './bundle-root.js';
import { darkTokens } from './styles/tokens.js';
import './provider/define.js';
import './sidebar/define.js';

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
  /**
   * Registers tags now (their modules load on demand): one tag, a list, or every tag when
   * called without one (or with `'all'`). Resolves when they are defined. Elements in the
   * page's light DOM are registered without this; elements in the host's own shadow roots
   * need it.
   */
  load(tags?: string | readonly string[]): Promise<void>;
}

/** Every tag registered on demand, and the module that registers it (one chunk each). */
const onDemand: Readonly<Record<string, () => Promise<unknown>>> = {
  'ledger-contact-mapper': () => import('./contact-mapper/define.js'),
  'ledger-document-list': () => import('./document-list/define.js'),
  'ledger-document-form': () => import('./document-form/define.js'),
  'ledger-document-line': () => import('./document-form/define.js'),
  'ledger-conversation': () => import('./conversation/define.js'),
  'ledger-unread-badge': () => import('./unread-badge/define.js'),
  'ledger-confirm-dialog': () => import('./confirm-dialog/define.js'),
  'ledger-email-dialog': () => import('./document-actions/define.js'),
  'ledger-payment-dialog': () => import('./document-actions/define.js'),
};
/** Registered by this module itself. */
const eager = new Set(['ledger-provider', 'ledger-sidebar']);
const loading = new Map<string, Promise<void>>();

function loadTag(tag: string): Promise<void> {
  const name = tag.toLowerCase();
  if (eager.has(name)) return Promise.resolve();
  const load = onDemand[name];
  if (!load) return Promise.reject(new TypeError(`Ledgerside.load: unknown tag <${tag}>`));
  let pending = loading.get(name);
  if (!pending) {
    pending = load().then(
      () => undefined,
      (error: unknown) => {
        loading.delete(name); // a later appearance or call tries again (e.g. after a network error)
        throw error;
      },
    );
    loading.set(name, pending);
  }
  return pending;
}

const selector = Object.keys(onDemand).join(',');

/** Loads what the light DOM under `root` (included) uses; a failed load is reported, not thrown. */
function scan(root: Element | Document): void {
  const found = new Set<string>();
  if (root instanceof Element && root.matches(selector)) found.add(root.localName);
  root.querySelectorAll(selector).forEach((el) => found.add(el.localName));
  for (const tag of found) {
    if (!customElements.get(tag)) loadTag(tag).catch((error: unknown) => console.error(`Ledgerside: could not load <${tag}>`, error));
  }
}

function watchLightDom(): void {
  scan(document);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      record.addedNodes.forEach((node) => {
        if (node.nodeType === Node.ELEMENT_NODE) scan(node as Element);
      });
    }
    // Everything registered: nothing left to watch for.
    if (Object.keys(onDemand).every((tag) => customElements.get(tag))) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
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
    pageRuntime?.configure({
      ...(options.getToken ? { apiBase: options.apiBase ?? '', getToken: options.getToken } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
    });
    if (options.theme) applyTheme(options.theme);
  },
  load(tags) {
    const list = tags === undefined || tags === 'all' ? Object.keys(onDemand) : typeof tags === 'string' ? [tags] : tags;
    return Promise.all(list.map(loadTag)).then(() => undefined);
  },
};

declare global {
  interface Window {
    Ledgerside: LedgersideGlobal;
  }
}

// A second copy of the script on the page keeps the first one's state, and registers nothing
// on demand: the first copy's classes answer the first copy's provider (contexts are keyed by
// each copy's own symbols).
if (!window.Ledgerside) {
  window.Ledgerside = Ledgerside;
  watchLightDom();
}
