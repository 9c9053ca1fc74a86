import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { demoIds } from '@ledgerside/mocks';
import { MockApi, testClient } from '../testing/backend.js';
import { darkTokens } from './tokens.js';
import '../provider/define.js';
import '../contact-mapper/define.js';
import '../document-list/define.js';
import '../document-form/define.js';
import '../conversation/define.js';
import '../unread-badge/define.js';
import '../sidebar/define.js';

setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

// ------------------------------------------------------------ WCAG contrast from computed colours

type Rgba = [number, number, number, number];

function parseColor(value: string): Rgba {
  // Chromium computes colours as rgb()/rgba(), or color(srgb …) after color-mix().
  const rgb = /^rgba?\(([^)]+)\)$/.exec(value);
  if (rgb) {
    const [r, g, b, a = '1'] = rgb[1]!.split(/[\s,/]+/).filter(Boolean);
    return [Number(r), Number(g), Number(b), Number(a)];
  }
  const srgb = /^color\(srgb ([^)]+)\)$/.exec(value);
  if (srgb) {
    const [r, g, b, a = '1'] = srgb[1]!.split(/[\s/]+/).filter(Boolean);
    return [Number(r) * 255, Number(g) * 255, Number(b) * 255, Number(a)];
  }
  throw new Error(`unexpected colour ${value}`);
}

const over = (top: Rgba, below: Rgba): Rgba => {
  const a = top[3] + below[3] * (1 - top[3]);
  if (a === 0) return [0, 0, 0, 0];
  const mix = (i: 0 | 1 | 2) => (top[i] * top[3] + below[i] * below[3] * (1 - top[3])) / a;
  return [mix(0), mix(1), mix(2), a];
};

function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The parent in the flattened tree: through slots and out of shadow roots. */
function parentOf(el: Element): Element | null {
  if (el.assignedSlot) return el.assignedSlot;
  if (el.parentElement) return el.parentElement;
  const root = el.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/** What is painted under `el`: the backgrounds of it and its ancestors, composited down to the page. */
function paintedBackground(el: Element): Rgba {
  const layers: Rgba[] = [];
  for (let node: Element | null = el; node; node = parentOf(node)) {
    const layer = parseColor(getComputedStyle(node).backgroundColor);
    if (layer[3] > 0) layers.push(layer);
    if (layer[3] === 1) break;
  }
  return layers.reduceRight<Rgba>((below, top) => over(top, below), [255, 255, 255, 1]);
}

function textContrast(el: Element): number {
  const text = parseColor(getComputedStyle(el).color);
  const background = paintedBackground(el);
  return contrast(over(text, background), background);
}

/** The visible headings in a component's shadow root, and in the shadow roots inside it. */
function headings(root: ShadowRoot): Element[] {
  const found: Element[] = [];
  for (const el of root.querySelectorAll('*')) {
    if (/^H[1-6]$/.test(el.tagName) && !el.classList.contains('visually-hidden') && el.getClientRects().length > 0) found.push(el);
    if (el.shadowRoot) found.push(...headings(el.shadowRoot));
  }
  return found;
}

// ------------------------------------------------------------ the components on a white host card

describe('each component paints its own surface', () => {
  const api = new MockApi();
  before(async function () {
    // The first start builds the demo's core in this tab.
    this.timeout(60_000);
    await api.start();
  });
  beforeEach(() => api.reset());
  after(() => api.stop());

  const client = () => testClient(demoIds.users.agent);
  const contact = { id: demoIds.contacts.mapped, name: 'Ana Smith', email: 'billing@acme.test', company: 'Acme Corp' };

  /** A host page without a dark mode: white cards, dark text, the components themed dark. */
  async function onWhiteCard(theme: 'dark' | 'light') {
    const root = await fixture<HTMLElement>(html`<div style="background:#ffffff;color:#172b4d;padding:16px;display:grid;gap:16px;width:480px">
      <ledger-provider .client=${client()} .contact=${contact} deal-id=${demoIds.dealId} theme=${theme} locale="es">
        <section style="background:#fff"><ledger-contact-mapper></ledger-contact-mapper></section>
        <section style="background:#fff"><ledger-document-list deal-id=${demoIds.dealId}></ledger-document-list></section>
        <section style="background:#fff"><ledger-document-form kind="quote"></ledger-document-form></section>
        <section style="background:#fff"><ledger-conversation transaction-type="invoice" transaction-id=${demoIds.invoices.sent}></ledger-conversation></section>
        <section style="background:#fff"><ledger-sidebar deal-id=${demoIds.dealId}></ledger-sidebar></section>
        <section style="background:#fff">Mensajes <ledger-unread-badge></ledger-unread-badge></section>
      </ledger-provider>
    </div>`);
    const get = (tag: string) => root.querySelector(tag)!;
    const loaded: Record<string, () => unknown> = {
      'ledger-contact-mapper': () => get('ledger-contact-mapper').shadowRoot!.querySelector('#customer-name'),
      'ledger-document-list': () => get('ledger-document-list').shadowRoot!.querySelector('[role=listitem]'),
      'ledger-document-form': () => get('ledger-document-form').shadowRoot!.querySelector('#lines-heading'),
      'ledger-conversation': () => get('ledger-conversation').shadowRoot!.querySelector('[role=log]'),
      'ledger-sidebar': () => get('ledger-sidebar').shadowRoot!.querySelector('ledger-document-list')?.shadowRoot?.querySelector('h2'),
      'ledger-unread-badge': () => get('ledger-unread-badge').shadowRoot!.querySelector('[part=badge]'),
    };
    for (const [tag, probe] of Object.entries(loaded)) await waitUntil(probe, `${tag} renders its content`, { timeout: 8000 });
    return get;
  }

  for (const theme of ['dark', 'light'] as const) {
    it(`${theme} theme on a white host card: every heading has contrast ≥ 4.5 against what the component paints`, async () => {
      const get = await onWhiteCard(theme);
      for (const tag of ['ledger-contact-mapper', 'ledger-document-list', 'ledger-document-form', 'ledger-conversation', 'ledger-sidebar']) {
        const list = headings(get(tag).shadowRoot!);
        expect(list.length, `${tag} has headings`).to.be.greaterThan(0);
        for (const heading of list) {
          const ratio = textContrast(heading);
          expect(ratio, `${tag} "${heading.textContent?.trim()}": ${getComputedStyle(heading).color} on ${paintedBackground(heading).join(',')}`).to.be.at.least(4.5);
        }
      }
      // The badge is a bubble of its own colours, readable on the white header card.
      const bubble = get('ledger-unread-badge').shadowRoot!.querySelector('[part=badge]')!;
      expect(textContrast(bubble), 'the unread badge').to.be.at.least(4.5);
    });
  }

  it('in dark theme the component itself is dark, not the host card showing through', async () => {
    const get = await onWhiteCard('dark');
    const surface = parseColor(getComputedStyle(document.body.appendChild(Object.assign(document.createElement('i'), { style: `color:${darkTokens['--ledger-color-surface']}` }))).color);
    for (const tag of ['ledger-contact-mapper', 'ledger-document-list', 'ledger-document-form', 'ledger-conversation', 'ledger-sidebar']) {
      expect(paintedBackground(get(tag)).slice(0, 3), tag).to.deep.equal(surface.slice(0, 3));
    }
  });
});
