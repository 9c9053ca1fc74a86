/**
 * The host apps in Chromium, inside the demo's host simulators (/examples/hosts/…), which are
 * loopback parent pages speaking each host's own protocol around the real app page
 * (/apps/<framework>/, from `pnpm build:apps`):
 * - Zendesk: the real `zendesk_app_framework_sdk` in the app. The simulator POSTs a signed JWT
 *   as Zendesk does and answers ZAF's handshake, gets, resizes and event subscriptions. The
 *   sidebar shows the requester's link and the ticket's invoices; a new requester is followed;
 *   resizes arrive as the content grows; a forged proof shows words, not a blank panel.
 * - Pipedrive: the real `@pipedrive/app-extensions-sdk`. The deal's products become the new
 *   invoice's lines with their quantities; GET_SIGNED_TOKEN is traded for a session; a forged
 *   token shows words.
 * - Chatwoot: `appContext` maps the contact; held back, the app asks again with
 *   `chatwoot-dashboard-app:fetch-info` and says it waits.
 * - Every app page at the hosts' sidebar width (the simulators' 320 px column): no console
 *   error, no Content-Security-Policy violation, axe finds nothing; screenshots are written to
 *   $LEDGERSIDE_HOST_SHOTS (default /tmp/ledgerside-host-shots).
 * The exchanges' 401s for forged, expired and other-installation proofs are proven over HTTP in
 * packages/server/test/host-sessions.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { describeProblems, launchChromium, newIdempotencyKey, root, startDemoServer, todayIso, watchedContext, WAIT, type DemoServer, type Json, type Problems } from './helpers/e2e.js';

const shots = process.env.LEDGERSIDE_HOST_SHOTS ?? '/tmp/ledgerside-host-shots';
let server: DemoServer;
let browser: Browser;
let agentToken: string;
let axeSource: string;

function axePath(): string {
  let require = createRequire(path.join(root, 'package.json'));
  for (const hop of ['@open-wc/testing', 'chai-a11y-axe']) require = createRequire(require.resolve(hop));
  return require.resolve('axe-core/axe.min.js');
}

before(async () => {
  if (!existsSync(path.join(root, 'apps/dist/site/zendesk/index.html'))) throw new Error('apps/dist is missing: run `pnpm build:apps` before the end-to-end tests');
  server = await startDemoServer();
  browser = await launchChromium();
  agentToken = await server.token('u-agent');
  axeSource = await readFile(axePath(), 'utf8');
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(url: string): Promise<{ page: Page; problems: Problems; requests: string[] }> {
  const { context, problems } = await watchedContext(browser, { viewport: { width: 1100, height: 900 } });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(`${request.method()} ${request.url().replace(server.url, '')}`));
  const page = await context.newPage();
  await page.goto(`${server.url}${url}`);
  return { page, problems, requests };
}

const app = (page: Page): FrameLocator => page.frameLocator('iframe.app');
const appFrame = (page: Page): Frame => page.frames().find((f) => f.url().includes('/apps/'))!;

function assertClean(problems: Problems): void {
  assert.deepEqual(problems.pageErrors, [], describeProblems(problems));
  assert.deepEqual(problems.consoleErrors, [], describeProblems(problems));
  assert.deepEqual(problems.cspViolations, [], describeProblems(problems));
}

/** axe over the app's own document (the iframe), as a host's sidebar shows it. */
async function assertAccessible(frame: Frame, what: string): Promise<void> {
  // Evaluated over the debugging protocol, which a page's CSP does not govern (a script tag would be refused).
  await frame.evaluate(axeSource);
  const violations = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe;
    // A sidebar app is a fragment of the host's page, not a page: no landmarks or h1 of its own.
    const result = await axe.run(document, { resultTypes: ['violations'], rules: { region: { enabled: false }, 'page-has-heading-one': { enabled: false }, 'landmark-one-main': { enabled: false } } });
    return result.violations.map((v) => `${v.id}: ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target).slice(0, 3))}`);
  });
  assert.deepEqual(violations, [], `${what}: axe`);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.locator('iframe.app').screenshot({ path: path.join(shots, `${name}.png`) });
}

/** A draft invoice of Acme for a host's ticket or deal, made through the API as the demo agent. */
async function invoiceFor(scope: { ticketId?: string; dealId?: string }): Promise<Json> {
  return server.api('POST', '/v1/documents', {
    token: agentToken,
    idempotencyKey: newIdempotencyKey(),
    body: { kind: 'invoice', customerId: 'cus-acme', currency: 'USD', issueDate: todayIso(), ...scope, lines: [{ description: 'Host app check', quantity: 1, unitPrice: 12345 }] },
  });
}

async function link(contactId: string, customerId = 'cus-acme'): Promise<void> {
  await server.api('PUT', `/v1/contact-links/${contactId}`, { token: agentToken, body: { contact: { id: contactId }, customerId }, expect: 200 });
}

describe('Zendesk: the real ZAF SDK against a loopback parent page speaking ZAF', () => {
  test('the sidebar shows the requester’s link and the ticket’s invoices, follows a new requester, and resizes as it grows', async () => {
    await link('zendesk-user-501'); // Ana, the first requester of the simulator
    const invoice = await invoiceFor({ ticketId: 'zendesk-1001' });
    const { page, problems, requests } = await open('/examples/hosts/zendesk/');
    const sidebar = app(page).locator('ledger-sidebar');

    await sidebar.getByText(invoice.number).waitFor({ timeout: WAIT });
    assert.ok(requests.some((r) => r === 'POST /v1/host-sessions/zendesk'), 'the signed JWT was traded for a session');
    assert.ok(requests.some((r) => r.startsWith('POST /apps/zendesk/?origin=')), 'the app page came by a signed POST, as Zendesk sends it');

    // Resizes arrive as the content grows: the list's rows came after the first measure.
    const resizes = await page.evaluate(() => (window as unknown as { zaf: { resizes: number[] } }).zaf.resizes);
    assert.ok(resizes.length >= 2, `several resizes (${resizes.join(', ')})`);
    assert.ok(Math.max(...resizes) > resizes[0]!, `it grew (${resizes.join(', ')})`);
    const contentHeight = await appFrame(page).evaluate(() => Math.ceil(document.querySelector('ledger-host-frame')!.getBoundingClientRect().height));
    await page.waitForFunction((h) => Math.abs(parseInt((document.querySelector('iframe.app') as HTMLIFrameElement).style.height, 10) - h) <= 1, contentHeight);

    await sidebar.locator('[role=tab]').filter({ hasText: 'Customer' }).click();
    const mapper = sidebar.locator('ledger-contact-mapper');
    await mapper.getByText('Linked', { exact: true }).waitFor();
    await mapper.getByText('Acme Corp').first().waitFor();

    // Zendesk says the requester changed: the mapper follows (Jana matches Hradec by her secondary email).
    const grewBefore = resizes.length;
    await page.locator('#requester').selectOption({ label: 'Jana Novakova <jana@hradec.test>' });
    await mapper.getByText('Hradec Software').first().waitFor();
    await page.waitForFunction((n) => (window as unknown as { zaf: { resizes: number[] } }).zaf.resizes.length > n, grewBefore);

    await assertAccessible(appFrame(page), 'Zendesk app');
    await shoot(page, 'zendesk-320');
    assertClean(problems);
    await page.context().close();
  });

  test('a forged proof is refused (401) and the app says so in words', async () => {
    const { context, problems } = await watchedContext(browser, { viewport: { width: 1100, height: 900 } }, { ignore: (text) => /status of 401/.test(text) });
    await context.route(`${server.url}/dev/hosts/zendesk/jwt**`, async (route) => {
      const real = (await (await route.fetch()).json()) as { token: string; user: object };
      const [header, payload] = real.token.split('.');
      await route.fulfill({ json: { ...real, token: `${header}.${payload}.${Buffer.from('forged').toString('base64url')}` } });
    });
    const page = await context.newPage();
    const exchange = page.waitForResponse((r) => r.url().endsWith('/v1/host-sessions/zendesk'));
    await page.goto(`${server.url}/examples/hosts/zendesk/`);
    assert.equal((await exchange).status(), 401);
    await app(page).getByText('Zendesk could not sign you in').waitFor();
    await app(page).getByRole('button', { name: 'Try again' }).waitFor();
    await assertAccessible(appFrame(page), 'Zendesk app, refused');
    await shoot(page, 'zendesk-refused-320');
    assert.deepEqual(problems.cspViolations, []);
    assert.deepEqual(problems.pageErrors.filter((e) => !/unauthorized|invalid, expired/i.test(e)), []);
    await context.close();
  });
});

describe('Pipedrive: the real app extensions SDK against a loopback parent page', () => {
  test('GET_SIGNED_TOKEN buys a session; the deal’s products become the new invoice’s lines with their quantities', async () => {
    await link('pipedrive-person-301'); // Ana, the deal's person
    const { page, problems, requests } = await open('/examples/hosts/pipedrive/');
    const sidebar = app(page).locator('ledger-sidebar');
    await sidebar.getByText('No invoices or quotes for this deal yet.').waitFor();
    assert.ok(requests.includes('POST /v1/host-sessions/pipedrive'));
    const commands = await page.evaluate(() => (window as unknown as { pipedrive: { commands: string[] } }).pipedrive.commands);
    assert.ok(commands.includes('initialize') && commands.includes('get_signed_token') && commands.includes('resize'), commands.join(', '));

    await sidebar.locator('[role=tab]').filter({ hasText: 'New' }).click();
    const form = sidebar.locator('ledger-document-form');
    for (const name of ['Onboarding setup', 'Seat licence (monthly)', 'Training day']) await form.locator('ledger-document-line').filter({ has: page.locator(`input[value="${name}"]`) }).waitFor().catch(() => undefined);
    await form.getByRole('button', { name: /Create invoice|Save/ }).first().click();
    const created = await waitFor(async () => {
      const list: Json = await server.api('GET', '/v1/documents?dealId=pipedrive-deal-2001&limit=10', { token: agentToken });
      return list.items[0];
    });
    assert.deepEqual(
      created.lines.map((l: Json) => [l.description, l.quantity, l.unitPrice, l.discountPercent]),
      [
        ['Onboarding setup', 1, 50000, 0],
        ['Seat licence (monthly)', 10, 2900, 0],
        ['Training day', 2, 80000, 10],
      ],
    );
    await assertAccessible(appFrame(page), 'Pipedrive app');
    await shoot(page, 'pipedrive-320');
    assertClean(problems);
    await page.context().close();
  });

  test('a forged signed token is refused (401) and the panel says so in words', async () => {
    const { context, problems } = await watchedContext(browser, { viewport: { width: 1100, height: 900 } }, { ignore: (text) => /status of 401/.test(text) });
    await context.route(`${server.url}/dev/hosts/pipedrive/jwt**`, async (route) => {
      const real = (await (await route.fetch()).json()) as { token: string };
      const [header, payload] = real.token.split('.');
      await route.fulfill({ json: { token: `${header}.${payload}.${Buffer.from('forged').toString('base64url')}` } });
    });
    const page = await context.newPage();
    const exchange = page.waitForResponse((r) => r.url().endsWith('/v1/host-sessions/pipedrive'));
    await page.goto(`${server.url}/examples/hosts/pipedrive/`);
    assert.equal((await exchange).status(), 401);
    await app(page).getByText('Pipedrive could not sign you in').waitFor();
    assert.deepEqual(problems.cspViolations, []);
    await context.close();
  });
});

describe('Chatwoot: the dashboard app protocol', () => {
  test('without context the app asks again and says it waits; appContext then maps the contact', async () => {
    const { page, problems } = await open('/examples/hosts/chatwoot/?late=3000');
    await app(page).getByText('Waiting for Chatwoot to share the contact…').waitFor();
    await assertAccessible(appFrame(page), 'Chatwoot app, waiting');
    await shoot(page, 'chatwoot-waiting-320');
    await page.waitForFunction(() => (window as unknown as { chatwoot: { asks: number } }).chatwoot.asks >= 2);

    const sidebar = app(page).locator('ledger-sidebar');
    await sidebar.getByText('Invoices and quotes').waitFor();
    await sidebar.locator('[role=tab]').filter({ hasText: 'Customer' }).click();
    // Ana's address matches Acme: the mapper offers it for the conversation's contact.
    await sidebar.locator('ledger-contact-mapper').getByText('Acme Corp').first().waitFor();
    await assertAccessible(appFrame(page), 'Chatwoot app');
    await shoot(page, 'chatwoot-320');
    assertClean(problems);
    await page.context().close();
  });
});

async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The uploaded apps (their pages are served by Zoho's and Freshworks' hosting): the built page
 * from apps/dist at a made-up origin of its own, its vendor SDK's CDN URL answered by a
 * stand-in that plays the host with the calls the adapter makes, the API it was built for
 * (http://127.0.0.1:4100) answered by this test's server, and the token endpoint ("your
 * backend") by the demo's /dev/token with the CORS answer a real backend would give.
 */
const uploaded = [
  {
    framework: 'zoho-desk',
    page: 'app/widget.html',
    sdkUrl: 'https://js.zohostatic.com/support/developer_sdk/v1/js/ZohoDeskClientSDK.min.js',
    standIn: `window.ZOHODESK = {
      extension: { onload: async () => ({ locale: 'en' }) },
      get: async (key) => ({ status: 'success', [key]: { 'ticket.id': '7001', 'ticket.email': 'billing@acme.test', 'ticket.contactId': '9911', user: { id: '1', email: 'alex@northwind.test', firstName: 'Alex' } }[key] }),
      request: async (options) => ({ response: await (await fetch(TOKEN)).text() }),
    };`,
    expect: 'No invoices or quotes for this ticket yet.',
  },
  {
    framework: 'zoho-crm',
    page: 'app/widget.html',
    sdkUrl: 'https://live.zwidgets.com/js-sdk/1.2/ZohoEmbededAppSDK.min.js',
    standIn: `let onLoad;
    window.ZOHO = {
      embeddedApp: { on: (event, handler) => { onLoad = handler; }, init: async () => { setTimeout(() => onLoad({ Entity: 'Deals', EntityId: ['5001'] })); } },
      CRM: {
        CONFIG: { getCurrentUser: async () => ({ users: [{ locale: 'en_US' }] }) },
        UI: { Resize: async () => ({}) },
        API: { getRecord: async ({ Entity }) => ({ data: [Entity === 'Deals' ? { id: '5001', Contact_Name: { id: '6001' } } : { id: '6001', First_Name: 'Ana', Last_Name: 'Smith', Email: 'billing@acme.test' }] }) },
      },
    };`,
    expect: 'No invoices or quotes for this deal yet.',
  },
  {
    framework: 'freshdesk',
    page: 'app/index.html',
    sdkUrl: 'http://freshdesk.apps.test/app/%7B%7B%7Bappclient%7D%7D%7D',
    standIn: `const client = {
      data: { get: async (name) => ({ [name]: { ticket: { id: 4001 }, requester: { id: 77, name: 'Ana Smith', email: 'billing@acme.test' }, loggedInUser: { id: 5, contact: { name: 'Alex Agent', email: 'alex@northwind.test', language: 'en' } }, time_entry: [{ id: 1, billable: true, note: 'Patched', agent_id: 5, time_spent: '01:30', executed_at: '2026-11-20T10:00:00Z' }] }[name] }) },
      instance: { resize: () => undefined },
      events: { on: () => undefined },
      request: { invokeTemplate: async () => ({ status: 200, response: await (await fetch(TOKEN)).text() }) },
      iparams: { get: async () => ({ hourly_rate: '120.00', currency: 'USD' }) },
    };
    window.app = { initialized: async () => client };`,
    expect: 'No invoices or quotes for this ticket yet.',
  },
] as const;

describe('the uploaded apps’ pages (Zoho Desk, Zoho CRM, Freshdesk) at 320 px', () => {
  for (const app of uploaded) {
    test(`${app.framework}: the sidebar shows, with no console error, no CSP violation, nothing for axe`, async () => {
      const origin = `http://${app.framework}.apps.test`;
      await server.server.db.query(`UPDATE organizations SET allowed_origins = allowed_origins || $2::jsonb WHERE id = $1`, ['org-northwind', JSON.stringify([origin])]);
      const { context, problems } = await watchedContext(browser, { viewport: { width: 320, height: 700 } });
      const dir = path.join(root, 'apps/dist', app.framework);
      await context.route(`${origin}/**`, async (route) => {
        const url = new URL(route.request().url());
        if (url.href === app.sdkUrl) return route.fulfill({ contentType: 'text/javascript', body: `const TOKEN = 'http://127.0.0.1:4100/dev/token?user=u-agent';\n${app.standIn}` });
        const file = path.join(dir, decodeURIComponent(url.pathname));
        if (!file.startsWith(dir) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
        return route.fulfill({ path: file });
      });
      if (!app.sdkUrl.startsWith(origin)) {
        await context.route(app.sdkUrl, (route) => route.fulfill({ contentType: 'text/javascript', body: `const TOKEN = 'http://127.0.0.1:4100/dev/token?user=u-agent';\n${app.standIn}` }));
      }
      // The API the page was built for is this test's server; the token endpoint answers as your backend would (CORS for the app's origin).
      await context.route('http://127.0.0.1:4100/**', async (route) => {
        const url = new URL(route.request().url());
        const target = `${server.url}${url.pathname}${url.search}`;
        if (url.pathname === '/dev/token') {
          if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' } });
          const response = await route.fetch({ url: target });
          return route.fulfill({ response, headers: { ...response.headers(), 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' } });
        }
        return route.fulfill({ response: await route.fetch({ url: target }) });
      });
      const page = await context.newPage();
      await page.goto(`${origin}/${app.page}`);
      await page.locator('ledger-sidebar').getByText(app.expect).waitFor();
      const frame = page.mainFrame();
      await assertAccessible(frame, app.framework);
      await page.screenshot({ path: path.join(shots, `${app.framework}-320.png`), fullPage: true });
      assertClean(problems);
      // The live-event stream is still being fetched through the route: leave it behind.
      await context.unrouteAll({ behavior: 'ignoreErrors' });
      await context.close();
    });
  }
});
