/**
 * Spanish and Czech, end to end: the sidebar over the mocks' demo scenario, every tab open,
 * every string a person (or a screen reader) meets collected from the composed tree, and none
 * of it English. Two independent checks find English:
 *
 * - the catalogue: every English message of the XLIFF (`<source>`, placeholders as wildcards)
 *   that appears as a whole text or attribute is an untranslated message;
 * - the words: English words that are no Spanish or Czech word, after the demo's own data
 *   (names, descriptions, messages, numbers, emails) is taken out — this catches strings that
 *   never reached the catalogue (not wrapped in msg(), or not extracted yet).
 *
 * Money and dates are compared with what Intl makes of the same amounts and days in the locale.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Document as LedgerDocument } from '@ledgerside/contract';
import { contacts, customers, deal, demoIds, organization, products, ticket, users } from '@ledgerside/mocks';
import { MockApi, testClient } from '../testing/backend.js';
import type { LedgerProvider } from '../provider/ledger-provider.js';
import { sidebarTabs, type LedgerSidebar, type SidebarTab } from '../sidebar/ledger-sidebar.js';
import { templates as esTemplates } from '../locales/es.js';
import { templates as csTemplates } from '../locales/cs.js';
import { getUiLocale } from './localization.js';
import '../define.js';

type Lang = 'es' | 'cs';
const langs: readonly Lang[] = ['es', 'cs'];
const generated: Record<Lang, Record<string, unknown>> = { es: esTemplates, cs: csTemplates };

// ---------------------------------------------------------------------------------------------
// The catalogue, read from the XLIFF files the translations live in.

interface Unit {
  id: string;
  /** The English text, placeholders as `{}`. */
  source: string;
  /** The translation, placeholders as `{}`; null when missing. */
  target: string | null;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function pieces(el: Element | null): string | null {
  if (!el) return null;
  let out = '';
  for (const node of el.childNodes) out += node.nodeType === Node.TEXT_NODE ? node.textContent : '{}';
  return squash(out);
}

const catalogues = new Map<Lang, Promise<Unit[]>>();
function catalogue(lang: Lang): Promise<Unit[]> {
  let units = catalogues.get(lang);
  if (!units) {
    units = fetch(`/packages/elements/xliff/${lang}.xlf`)
      .then((r) => r.text())
      .then((xml) =>
        [...new DOMParser().parseFromString(xml, 'application/xml').getElementsByTagName('trans-unit')].map((u) => ({
          id: u.getAttribute('id')!,
          source: pieces(u.getElementsByTagName('source')[0]!)!,
          target: pieces(u.getElementsByTagName('target')[0] ?? null),
        })),
      );
    catalogues.set(lang, units);
  }
  return units;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A whole-string pattern of a message: literal text, any text for each placeholder. */
const patternOf = (text: string) => new RegExp(`^${text.split('{}').map(escapeRe).join('.+?')}$`, 's');

interface Matcher {
  english: { unit: Unit; re: RegExp }[];
  translated: RegExp[];
}

/**
 * English messages to look for, and the locale's own messages (a text that reads as one of
 * these is translated, even when an English pattern would also match it). A message whose
 * translation is the English text itself (a symbol, "{} × {}") says nothing either way.
 */
async function matcher(lang: Lang): Promise<Matcher> {
  const units = await catalogue(lang);
  return {
    english: units
      .filter((u) => u.target !== u.source && /[A-Za-z]{2}/.test(u.source.replaceAll('{}', '')))
      .map((unit) => ({ unit, re: patternOf(unit.source) })),
    translated: units.filter((u) => u.target).map((u) => patternOf(u.target!)),
  };
}

function untranslated(texts: Iterable<string>, m: Matcher): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    if (m.translated.some((re) => re.test(text))) continue;
    const hit = m.english.find(({ re }) => re.test(text));
    if (hit) found.add(`${JSON.stringify(text)} (message ${hit.unit.id}: ${JSON.stringify(hit.unit.source)})`);
  }
  return [...found];
}

// ---------------------------------------------------------------------------------------------
// What a person meets: visible text and the attributes read out or shown on hover.

const readAttributes = ['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-roledescription'];

/** The composed tree below `root`: light children, open shadow roots, slotted content once. */
function* composed(root: Node): Generator<Node> {
  yield root;
  if (root instanceof Element && root.shadowRoot) yield* composed(root.shadowRoot);
  for (const child of root.childNodes) yield* composed(child);
}

function shown(el: Element): boolean {
  if (el.closest('template, style, script')) return false;
  // An option has no box of its own; it shows when its select does.
  if (el instanceof HTMLOptionElement || el instanceof HTMLOptGroupElement) return !!el.closest('select')?.checkVisibility();
  // Visually hidden text (clipped) is read out, so it counts; display:none / hidden does not.
  return el.checkVisibility({ visibilityProperty: true } as CheckVisibilityOptions);
}

/** Every visible text (each element's own text, and each text node) and read-out attribute. */
function visibleStrings(root: Element): string[] {
  const out = new Set<string>();
  for (const node of composed(root)) {
    if (node instanceof Element) {
      if (!shown(node)) continue;
      for (const name of readAttributes) {
        const value = node.getAttribute(name);
        if (value?.trim()) out.add(squash(value));
      }
      // What it is described or labelled by is read out, even from a hidden element.
      for (const name of ['aria-describedby', 'aria-labelledby']) {
        for (const id of node.getAttribute(name)?.split(/\s+/) ?? []) {
          const text = squash((node.getRootNode() as Document | ShadowRoot).getElementById?.(id)?.textContent ?? '');
          if (text) out.add(text);
        }
      }
      // The element's own text: its direct text nodes together (Lit splits text around bindings).
      const own = squash([...node.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(' '));
      if (own) out.add(own);
      // And its whole text when it is a small leaf-ish element (a label with an inner span).
      if (node.childElementCount > 0 && node.childElementCount < 4 && !node.shadowRoot) {
        const all = squash(node.textContent ?? '');
        if (all && all.length < 200) out.add(all);
      }
    } else if (node.nodeType === Node.TEXT_NODE) {
      const parent = node.parentElement;
      const text = squash(node.textContent ?? '');
      if (text && (!parent || shown(parent))) out.add(text);
    }
  }
  return [...out];
}

// ---------------------------------------------------------------------------------------------
// English words that are neither Spanish nor Czech words (no "no", "to", "on", "total"…).

const englishWords = new Set(
  `the and of is are was were not yet this that these with for your you been has have will can could from
   at an or any more new open edit delete save cancel loading load earlier invoice invoices quote quotes
   customer customers paid sent draft due unread message messages conversation conversations document
   documents link linked unlink billing payment payments amount search create add remove retry refresh
   issued expires overdue void deleted accepted declined expired invoiced partially none other cash check date
   method subject line lines price tax discount notes details currency kind about firm sending
   waiting choose recipients show filters matching found changed elsewhere please try again something
   went wrong allow allowed only first last name company phone street address city country
   language time zone copy preferences optional terms template marked required shown prefilled record
   convert clone download app dismiss reload keep discard changes unsaved restored continue editing select
   selected billable entries entry product products catalogue qty description move up down mark email
   valid until days today receipt specific issue`.split(/\s+/),
);

/** What the server holds for the demo, as the admin reads it: documents, thread, time entries, catalogue, settings. */
async function serverData(api: MockApi): Promise<unknown[]> {
  const admin = api.as('admin');
  return Promise.all([
    admin.getSession(),
    admin.getIntegration(),
    admin.listDocuments({ query: { limit: 200 } }),
    admin.listMessages({ params: { id: demoIds.conversationId }, query: { limit: 200 } }),
    admin.listTimeEntries({ query: { ticketId: demoIds.ticketId } }),
    admin.searchProducts({ query: { limit: 200 } }),
    admin.listRecipients({ query: { transactionType: 'invoice', transactionId: demoIds.invoices.sent } }),
    ...Object.values(demoIds.customers).map((id) => admin.getCustomer({ params: { id } })),
  ]);
}

/** Every string of the scenario's data: what the demo's users typed, not the UI. */
function dataStrings(data: unknown): string[] {
  const out = new Set<string>();
  const seen = new WeakSet<object>();
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      // Enum values ("paid", "invoice") are not data a person sees as such.
      if (!/^[a-z_]+$/.test(value) && value.length > 1) out.add(squash(value));
      return;
    }
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (value instanceof Map) for (const [k, v] of value) (walk(k), walk(v));
    else if (value instanceof Set || Array.isArray(value)) for (const v of value) walk(v);
    else for (const v of Object.values(value)) walk(v);
  };
  walk(data);
  // The seed's fixtures: the people, customers, products, the ticket and the deal (and the host's contacts).
  walk([organization, users, customers, contacts, products, ticket, deal]);
  return [...out].sort((a, b) => b.length - a.length);
}

function englishLeft(texts: Iterable<string>, data: readonly string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    let rest = text;
    for (const d of data) if (rest.includes(d)) rest = rest.replaceAll(d, ' ');
    // Emails, links, and currency codes in capitals ("ALL · lek albanés").
    rest = rest.replace(/\S+@\S+/g, ' ').replace(/https?:\/\/\S+/g, ' ').replace(/\b[A-Z]{3}\b/g, ' ');
    const words = rest.toLowerCase().match(/\p{L}+/gu) ?? [];
    const english = words.filter((w) => englishWords.has(w));
    if (english.length) found.add(`${JSON.stringify(text)} (${english.join(', ')})`);
  }
  return [...found];
}

// ---------------------------------------------------------------------------------------------
// The sidebar.

const client = () => testClient(demoIds.users.agent);

async function mount(locale: string): Promise<{ provider: LedgerProvider; sidebar: LedgerSidebar }> {
  const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 360px">
    <ledger-provider .client=${client()} locale=${locale}
      ><ledger-sidebar ticket-id=${demoIds.ticketId} .contact=${contacts.ana}></ledger-sidebar
    ></ledger-provider>
  </div>`);
  const provider = wrapper.querySelector('ledger-provider')!;
  await waitUntil(() => provider.runtime.session.status === 'ready', 'session');
  return { provider, sidebar: provider.querySelector('ledger-sidebar')! };
}

const all = (root: Node) => [...composed(root)].filter((n): n is Element => n instanceof Element);
const composedText = (root: Node) =>
  [...composed(root)]
    .filter((n) => n.nodeType === Node.TEXT_NODE)
    .map((n) => n.textContent)
    .join(' ');

/** Nothing of the open panel is still loading. */
async function settled(sidebar: LedgerSidebar, tab: SidebarTab, ready: (text: string) => boolean) {
  const panel = () => sidebar.shadowRoot!.getElementById(`panel-${tab}`)!;
  const loading = () => all(panel()).filter((el) => el.matches('.skeleton-block, .spinner, [aria-busy=true]') && el.checkVisibility());
  try {
    await waitUntil(() => !loading().length && ready(squash(composedText(panel()))), `the ${tab} panel loads`, { timeout: 8000 });
  } catch (error) {
    const busy = loading().map((el) => el.outerHTML.slice(0, 120));
    throw new Error(`${String(error)}; still loading: ${busy.join(' | ')}; text: ${squash(composedText(panel())).slice(-1500)}`);
  }
}

const readiness: Record<SidebarTab, (text: string) => boolean> = {
  customer: (t) => t.includes('Acme Corp'),
  documents: (t) => /INV-\d+/.test(t),
  new: (t) => t.includes('Diagnosed the sync failure'),
  conversation: (t) => t.includes('Also, can we pay by card?'),
};

/** Opens every tab (and every row's action menu), collecting what each shows. */
async function collectAll(sidebar: LedgerSidebar): Promise<string[]> {
  const seen = new Set<string>();
  const take = () => visibleStrings(sidebar).forEach((s) => seen.add(s));
  for (const tab of sidebarTabs) {
    sidebar.select(tab);
    await sidebar.updateComplete;
    await settled(sidebar, tab, readiness[tab]);
    take();
    if (tab === 'documents') {
      // Every row's action menu: its items, and why some are unavailable (a document in each status).
      const list = sidebar.shadowRoot!.querySelector('ledger-document-list')!;
      const triggers = all(list.shadowRoot!).filter((el): el is HTMLElement => el.matches('.menu-cell button'));
      expect(triggers.length, 'row menus').to.be.greaterThan(2);
      const menuOpen = () => all(list.shadowRoot!).some((el) => el.matches('[role=menu]') && el.checkVisibility());
      for (const trigger of triggers) {
        trigger.click();
        await waitUntil(menuOpen, 'a row menu opens');
        take();
        trigger.click();
        await waitUntil(() => !menuOpen(), 'the row menu closes');
      }
    }
  }
  return [...seen];
}

const tabLabels = (sidebar: LedgerSidebar) =>
  [...sidebar.shadowRoot!.querySelectorAll('[role=tab] .label')].map((el) => squash(el.textContent ?? ''));

/** The translation of an English message (or of the message with `id`, where one text has two). */
async function translationOf(lang: Lang, english: string, id?: string): Promise<string> {
  const unit = (await catalogue(lang)).find((u) => (id ? u.id === id : u.source === english));
  if (!unit?.target) throw new Error(`no ${lang} translation of ${english}`);
  return unit.target;
}

describe('localization (es, cs)', () => {
  const api = new MockApi();
  let data: string[];
  before(async function () {
    // The first start builds the demo's core in this tab.
    this.timeout(60_000);
    await api.start();
  });
  beforeEach(async () => {
    await api.reset();
    data = dataStrings(await serverData(api));
  });
  after(() => api.stop());

  it('every message of the XLIFF has a Spanish and a Czech translation, built into the locale modules', async () => {
    for (const lang of langs) {
      const units = await catalogue(lang);
      expect(units.length, `${lang}.xlf has messages`).to.be.greaterThan(100);
      expect(units.filter((u) => !u.target).map((u) => `${u.id}: ${u.source}`), `${lang}.xlf units without a target`).to.deep.equal([]);
      // Placeholders survive translation: as many in the target as in the source.
      const count = (s: string) => s.split('{}').length - 1;
      expect(units.filter((u) => count(u.target!) !== count(u.source)).map((u) => u.id), `${lang} placeholders`).to.deep.equal([]);
      const built = Object.keys(generated[lang]);
      expect(units.map((u) => u.id).filter((id) => !built.includes(id)), `${lang} messages missing from locales/${lang}.ts`).to.deep.equal([]);
    }
  });

  for (const lang of langs) {
    it(`in ${lang}, no English string is left in the sidebar (every tab and row menu, text and read-out attributes)`, async () => {
      const { sidebar } = await mount(lang);
      await waitUntil(() => getUiLocale() === lang, `the UI switches to ${lang}`);
      const texts = await collectAll(sidebar);
      expect(texts.length).to.be.greaterThan(50);
      expect(untranslated(texts, await matcher(lang)), 'English messages on screen').to.deep.equal([]);
      expect(englishLeft(texts, data), 'English words on screen').to.deep.equal([]);
    });

    it(`in ${lang}, money and dates are formatted by the locale`, async () => {
      const { sidebar } = await mount(lang);
      sidebar.select('documents');
      await settled(sidebar, 'documents', readiness.documents);
      const text = squash(composedText(sidebar.shadowRoot!));
      const page = await client().listDocuments({ query: { ticketId: demoIds.ticketId, limit: 100 } });
      const shownDocs = page.items.filter((d: LedgerDocument) => text.includes(d.number));
      expect(shownDocs.length, 'documents listed').to.be.greaterThan(2);
      const money = (d: LedgerDocument, locale: string) =>
        squash(new Intl.NumberFormat(locale, { style: 'currency', currency: d.currency }).format(d.totals.total / 100));
      const day = (iso: string, locale: string) =>
        squash(new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`)));
      for (const d of shownDocs) {
        expect(text, `${d.number}'s total in ${lang}`).to.include(money(d, lang));
        expect(text, `${d.number}'s total is not in English format`).not.to.include(money(d, 'en'));
        expect(text, `${d.number}'s issue date in ${lang}`).to.include(day(d.issueDate, lang));
        expect(text, `${d.number}'s issue date is not in English format`).not.to.include(day(d.issueDate, 'en'));
      }
      // The locale's own marks: a decimal comma before the currency sign ("55,00 US$").
      expect(text).to.match(/\d,\d{2} US\$/);
    });
  }

  it('switching the provider’s locale at runtime re-renders the components in the new language', async () => {
    const { provider, sidebar } = await mount('es');
    sidebar.select('documents');
    await settled(sidebar, 'documents', readiness.documents);
    const english = ['Customer', 'Invoices', 'New', 'Conversation'];
    const tabIds = [undefined, undefined, 'sidebar-tab-new', undefined];
    const inSpanish = await Promise.all(english.map((e, i) => translationOf('es', e, tabIds[i])));
    await waitUntil(() => tabLabels(sidebar).join() === inSpanish.join(), 'Spanish tabs');

    const list = sidebar.shadowRoot!.querySelector('ledger-document-list')!;
    const heading = () => squash(list.shadowRoot!.querySelector('h2')?.textContent ?? '');
    expect(heading()).to.equal(await translationOf('es', 'Invoices and quotes'));

    provider.locale = 'cs-CZ';
    const inCzech = await Promise.all(english.map((e, i) => translationOf('cs', e, tabIds[i])));
    await waitUntil(() => tabLabels(sidebar).join() === inCzech.join(), 'Czech tabs');
    await waitUntil(async () => heading() === (await translationOf('cs', 'Invoices and quotes')), 'the list follows');
    // Money follows too: the totals re-format with Czech separators.
    await waitUntil(() => /\d,\d{2}\s?US\$/.test(squash(composedText(list.shadowRoot!))), 'Czech money');
    const texts = visibleStrings(sidebar);
    expect(untranslated(texts, await matcher('cs')), 'English after switching').to.deep.equal([]);

    provider.locale = 'en';
    await waitUntil(() => tabLabels(sidebar).join() === english.join(), 'back to English');
    expect(heading()).to.equal('Invoices and quotes');
  });
});
