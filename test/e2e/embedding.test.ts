/**
 * Embedding anywhere, in real Chromium against the real server:
 * - two copies of the script tag on one page do not throw and the components work (the same
 *   bundle under a second URL, and a whole second copy of the bundle with its own chunks);
 * - the components work inside another element's shadow root;
 * - the CRM example (ES modules) loads and shows the deal's quotes, without console errors.
 *
 * The made-up pages are answered by `page.route` under the server's origin (so they call the
 * API same-origin, like the helpdesk example) and carry the helpdesk example's strict policy.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { describeProblems, examplesDist, launchChromium, startDemoServer, watchedContext, type DemoServer, type Json, type Problems } from './helpers/e2e.js';

const POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

/** The host's code: configure the script tag with a token from the demo's stand-in backend. */
const HOST_JS = `
const user = new URLSearchParams(location.search).get('user') ?? 'u-agent';
window.Ledgerside.configure({
  apiBase: '',
  getToken: async () => (await (await fetch('/dev/token?user=' + encodeURIComponent(user))).json()).token,
  locale: 'en',
  theme: 'light',
});
`;

/** A host custom element with its own (open) shadow root, the sidebar inside it. */
const SHADOW_HOST_JS = `
class BillingPanel extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const heading = document.createElement('h2');
    heading.textContent = 'Billing (inside a shadow root)';
    const sidebar = document.createElement('ledger-sidebar');
    sidebar.id = 'sidebar';
    sidebar.setAttribute('ticket-id', 'ticket-1001');
    sidebar.setAttribute('contact-id', 'contact-ana');
    sidebar.setAttribute('contact-email', 'billing@acme.test');
    sidebar.setAttribute('contact-name', 'Ana Smith');
    sidebar.setAttribute('contact-company', 'Acme Corp');
    root.append(heading, sidebar);
  }
}
customElements.define('billing-panel', BillingPanel);
`;

const SIDEBAR = `<ledger-sidebar id="sidebar" ticket-id="ticket-1001" contact-id="contact-ana" contact-email="billing@acme.test" contact-name="Ana Smith" contact-company="Acme Corp"></ledger-sidebar>`;

function pageHtml(title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <meta http-equiv="Content-Security-Policy" content="${POLICY}" />
    ${head}
  </head>
  <body>
    <main><h1>${title}</h1>${body}</main>
  </body>
</html>`;
}

let server: DemoServer;
let browser: Browser;

/** The seeded documents of ticket-1001 as the API lists them (what the sidebar must show). */
let ticketDocuments: Json[];

before(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
  const token = await server.token('u-agent');
  ticketDocuments = (await server.api('GET', '/v1/documents?ticketId=ticket-1001&limit=100', { token })).items;
  assert.ok(ticketDocuments.length > 0, 'the seed links documents to ticket-1001');
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A page in its own watched context whose made-up URLs under /e2e/ are answered from `files`. */
async function open(files: Record<string, { type: string; body: string | Buffer }>, url: string): Promise<{ page: Page; problems: Problems; requested: string[] }> {
  const { context, problems } = await watchedContext(browser, { viewport: { width: 1280, height: 1000 } });
  const requested: string[] = [];
  context.on('request', (request) => requested.push(request.url().replace(server.url, '')));
  await context.route(`${server.url}/e2e/**`, async (route: Route) => {
    const file = files[new URL(route.request().url()).pathname];
    if (!file) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, contentType: file.type, body: file.body });
  });
  const page = await context.newPage();
  const response = await page.goto(`${server.url}${url}`);
  assert.equal(response?.status(), 200);
  return { page, problems, requested };
}

/** The sidebar works: the ticket's documents are listed, and the Customer tab shows Ana linked to Acme. */
async function assertSidebarWorks(page: Page): Promise<void> {
  const sidebar = page.locator('ledger-sidebar#sidebar');
  for (const doc of ticketDocuments.slice(0, 3)) {
    await sidebar.locator(`ledger-document-list [role=listitem][data-id="${doc.id}"]`).getByText(doc.number).waitFor();
  }
  await sidebar.locator('[role=tab]').filter({ hasText: 'Customer' }).click();
  const mapper = sidebar.locator('ledger-contact-mapper');
  await mapper.getByText('Linked', { exact: true }).waitFor();
  await mapper.getByText('Acme Corp').first().waitFor();
}

function assertClean(problems: Problems): void {
  assert.deepEqual(problems.pageErrors, [], describeProblems(problems));
  assert.deepEqual(problems.consoleErrors, [], describeProblems(problems));
  assert.deepEqual(problems.cspViolations, [], describeProblems(problems));
}

const js = (body: string) => ({ type: 'text/javascript', body });
const htmlFile = (body: string) => ({ type: 'text/html', body });

describe('two copies of the script tag', () => {
  test('the same bundle twice (a second URL, so a second module instance) does not throw and the sidebar works', async () => {
    const { page, problems, requested } = await open(
      {
        '/e2e/two-copies.html': htmlFile(
          pageHtml(
            'Two copies of the script tag',
            `<script type="module" src="/examples/elements/ledgerside.js"></script>
    <script type="module" src="/examples/elements/ledgerside.js?copy=2"></script>
    <script type="module" src="/e2e/host.js"></script>`,
            SIDEBAR,
          ),
        ),
        '/e2e/host.js': js(HOST_JS),
      },
      '/e2e/two-copies.html',
    );
    await assertSidebarWorks(page);
    // Both copies were fetched and ran; the first one's global stays.
    assert.ok(requested.includes('/examples/elements/ledgerside.js'), requested.join('\n'));
    assert.ok(requested.includes('/examples/elements/ledgerside.js?copy=2'), requested.join('\n'));
    const state = await page.evaluate(() => ({
      version: window.Ledgerside?.version,
      sidebar: customElements.get('ledger-sidebar')?.name,
      globals: Object.keys(window).filter((k) => /ledger/i.test(k)),
    }));
    assert.equal(typeof state.version, 'string');
    assert.ok(state.sidebar, 'ledger-sidebar is defined');
    assert.deepEqual(state.globals, ['Ledgerside'], 'one global');
    assertClean(problems);
  });

  test('two whole copies of the bundle (each with its own chunks, as two vendors would ship) do not throw and the sidebar works', async () => {
    // /e2e/copy2/… serves the built bundle and its chunks again under another path.
    const dir = path.join(examplesDist, 'elements');
    const files: Record<string, { type: string; body: string | Buffer }> = {
      '/e2e/whole-copies.html': htmlFile(
        pageHtml(
          'Two whole copies of the bundle',
          `<script type="module" src="/examples/elements/ledgerside.js"></script>
    <script type="module" src="/e2e/copy2/ledgerside.js"></script>
    <script type="module" src="/e2e/host.js"></script>`,
          SIDEBAR,
        ),
      ),
      '/e2e/host.js': js(HOST_JS),
      '/e2e/copy2/ledgerside.js': js(await readFile(path.join(dir, 'ledgerside.js'), 'utf8')),
    };
    for (const name of await readdir(path.join(dir, 'chunks'))) {
      if (name.endsWith('.js')) files[`/e2e/copy2/chunks/${name}`] = js(await readFile(path.join(dir, 'chunks', name), 'utf8'));
    }
    const { page, problems, requested } = await open(files, '/e2e/whole-copies.html');
    await assertSidebarWorks(page);
    assert.ok(
      requested.some((url) => url.startsWith('/e2e/copy2/chunks/')),
      `the second copy loaded its own chunks: ${requested.join('\n')}`,
    );
    assertClean(problems);
  });
});

describe('inside another element’s shadow root', () => {
  test('the sidebar in a host element’s open shadow root gets its context and works', async () => {
    const { page, problems } = await open(
      {
        '/e2e/shadow.html': htmlFile(
          pageHtml(
            'Sidebar in a shadow root',
            `<script type="module" src="/examples/elements/ledgerside.js"></script>
    <script type="module" src="/e2e/host.js"></script>
    <script type="module" src="/e2e/shadow-host.js"></script>`,
            '<billing-panel></billing-panel>',
          ),
        ),
        '/e2e/host.js': js(HOST_JS),
        '/e2e/shadow-host.js': js(SHADOW_HOST_JS),
      },
      '/e2e/shadow.html',
    );
    // The sidebar really is in the panel's shadow root, not in the document.
    await page.locator('billing-panel ledger-sidebar').waitFor();
    assert.equal(await page.evaluate(() => document.querySelector('ledger-sidebar')), null);
    assert.equal(await page.evaluate(() => !!document.querySelector('billing-panel')?.shadowRoot?.querySelector('ledger-sidebar')?.shadowRoot), true);
    await assertSidebarWorks(page);
    assertClean(problems);
  });
});

describe('CRM example (ES modules)', () => {
  test('the deal page loads, lists the deal’s quotes and logs no console error', async () => {
    const token = await server.token('u-agent');
    const deal = (await server.api('GET', '/v1/documents?dealId=deal-2001&limit=100', { token })).items as Json[];
    const quotes = deal.filter((d) => d.kind === 'quote' && d.status !== 'deleted');
    assert.ok(quotes.length >= 3, `the seed has quotes on deal-2001: ${deal.map((d) => d.number).join(', ')}`);

    const { page, problems, requested } = await open({}, '/examples/crm-record/?user=u-agent');
    // ES modules: Vite's built module graph, no script-tag bundle and no window.Ledgerside.
    assert.ok(!requested.some((url) => url.includes('ledgerside.js')), requested.join('\n'));
    assert.equal(await page.evaluate(() => 'Ledgerside' in window), false);

    const list = page.locator('ledger-provider ledger-document-list');
    for (const quote of quotes) {
      await list.locator(`[role=listitem][data-id="${quote.id}"]`).getByText(quote.number).waitFor();
    }
    // The other components of the page work too: Ana is linked, the quote form offers the deal's products.
    await page.locator('ledger-provider ledger-contact-mapper').getByText('Linked', { exact: true }).waitFor();
    const form = page.locator('ledger-provider ledger-document-form');
    await form.getByText('New quote').first().waitFor();
    await form.getByText('Training day').first().waitFor();
    assertClean(problems);
  });
});
