/**
 * The two example pages as a user meets them, in real Chromium against the real server:
 *
 * - every request the components fire does its thing in both examples (the helpdesk's sidebar
 *   switches tabs; the CRM page opens documents and conversations in its own cards);
 * - the helpdesk page fits a 320 px phone, and "Signed in as" names every demo user;
 * - in the dark theme the CRM page's standalone components stay readable on its white cards.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { describeProblems, launchChromium, newIdempotencyKey, startDemoServer, watchedContext, type DemoServer, type Json, type Problems } from './helpers/e2e.js';

let server: DemoServer;
let browser: Browser;
const opened: { problems: Problems; close: () => Promise<void> }[] = [];

before(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
});

after(async () => {
  for (const o of opened) await o.close();
  await browser?.close();
  await server?.close();
});

/** A page in a context of its own. */
async function open(url: string, { width = 1280, height = 1000 } = {}): Promise<{ page: Page; problems: Problems }> {
  const { context, problems } = await watchedContext(browser, { viewport: { width, height } });
  opened.push({ problems, close: () => context.close() });
  const page = await context.newPage();
  const response = await page.goto(`${server.url}${url}`);
  assert.equal(response?.status(), 200);
  return { page, problems };
}

function assertClean(problems: Problems): void {
  assert.deepEqual(problems.pageErrors, [], describeProblems(problems));
  assert.deepEqual(problems.consoleErrors, [], describeProblems(problems));
  assert.deepEqual(problems.cspViolations, [], describeProblems(problems));
}

const row = (page: Page, id: string) => page.locator(`ledger-document-list [role=listitem][data-id="${id}"]`);

async function chooseFromRowMenu(page: Page, id: string, number: string, item: string): Promise<void> {
  await row(page, id).getByRole('button', { name: `Actions for ${number}` }).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

/** A message to `to` from `from` about a document, so that `to` has an unread thread on it. */
async function messageAbout(doc: { kind: string; id: string }, from: string, to: string, body: string): Promise<void> {
  const token = await server.token(from);
  const conversation = await server.api('POST', '/v1/conversations', { token, body: { transactionType: doc.kind, transactionId: doc.id }, expect: 200 });
  await server.api('POST', `/v1/conversations/${conversation.id}/messages`, { token, body: { recipientIds: [to], body }, idempotencyKey: newIdempotencyKey() });
}

/** The seeded documents of the CRM deal, by id. */
const QUOTE_SENT = { id: 'doc-qt-sent', number: 'QT-000005', kind: 'quote' };
const QUOTE_ACCEPTED = { id: 'doc-qt-accepted', number: 'QT-000004', kind: 'quote' };
const INVOICE_PARTIAL = { id: 'doc-inv-partial', number: 'INV-000004', kind: 'invoice' };

// ---------------------------------------------------------------- CRM

describe('CRM example: each request of the components opens what it asks for', () => {
  const crm = (user = 'u-agent') => open(`/examples/crm-record/?user=${user}`);
  const formCard = (page: Page) => page.locator('#document-card');
  const formTitle = (page: Page) => formCard(page).locator('ledger-document-form [part=header] h2');
  const conversationCard = (page: Page) => page.locator('#conversation-card');

  test('a row’s number opens that document in the form card', async () => {
    const { page, problems } = await crm();
    await row(page, QUOTE_SENT.id).locator('[part=row-open]').click();
    await formTitle(page).filter({ hasText: QUOTE_SENT.number }).waitFor();
    assert.equal(await formCard(page).getAttribute('aria-label'), `Quote ${QUOTE_SENT.number}`);
    // Focus moved to the card, so a keyboard user is where the document opened.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'document-card');
    // "New quote" brings the new quote back.
    await formCard(page).getByRole('button', { name: 'New quote' }).click();
    await formTitle(page).filter({ hasText: 'New quote' }).waitFor();
    assert.equal(await formCard(page).locator('#document-tools').isVisible(), false);
    assertClean(problems);
  });

  test('“Open” in a row’s menu opens the document in the form card', async () => {
    const { page, problems } = await crm();
    await chooseFromRowMenu(page, INVOICE_PARTIAL.id, INVOICE_PARTIAL.number, 'Open');
    await formTitle(page).filter({ hasText: INVOICE_PARTIAL.number }).waitFor();
    assertClean(problems);
  });

  test('“Edit” in a row’s menu opens the document in the form card, in its fields at once', async () => {
    const { page, problems } = await crm();
    await chooseFromRowMenu(page, QUOTE_SENT.id, QUOTE_SENT.number, 'Edit');
    // Straight into edit mode, not a view that needs a second Edit (item 12).
    await formTitle(page).filter({ hasText: `Edit quote ${QUOTE_SENT.number}` }).waitFor();
    assertClean(problems);
  });

  test('a row’s unread badge opens the conversation about that document', async () => {
    await messageAbout(QUOTE_ACCEPTED, 'u-admin', 'u-agent', 'Ana accepted this one — shall I invoice it?');
    const { page, problems } = await crm();
    await row(page, QUOTE_ACCEPTED.id).locator('[part=unread]').click();
    await conversationCard(page).waitFor();
    assert.equal(await conversationCard(page).locator('ledger-conversation').getAttribute('transaction-id'), QUOTE_ACCEPTED.id);
    await conversationCard(page).getByText(`About quote ${QUOTE_ACCEPTED.number}`).waitFor();
    await conversationCard(page).locator('ledger-conversation').getByText('Ana accepted this one').waitFor();
    // From the conversation, its document opens in the form card.
    await conversationCard(page).getByRole('button', { name: 'Show document' }).click();
    await formTitle(page).filter({ hasText: QUOTE_ACCEPTED.number }).waitFor();
    assertClean(problems);
  });

  test('the header’s Messages opens the conversation with unread messages', async () => {
    // The seed leaves the agent three unread messages on the sent invoice (of ticket #1001, not this deal).
    const token = await server.token('u-agent');
    const unread = await server.api('GET', '/v1/unread', { token });
    const first = unread.byTransaction.find((t: Json) => t.count > 0);
    assert.ok(first, 'the agent has an unread thread');
    const { page, problems } = await crm();
    await page.locator('#inbox ledger-unread-badge [part=badge]').waitFor();
    await page.getByRole('button', { name: /^Messages/ }).click();
    await conversationCard(page).waitFor();
    assert.equal(await conversationCard(page).locator('ledger-conversation').getAttribute('transaction-id'), first.transactionId);
    const doc = await server.api('GET', `/v1/documents/${first.transactionId}`, { token });
    await conversationCard(page).getByText(`About ${doc.kind} ${doc.number}`).waitFor();
    await conversationCard(page).locator('ledger-conversation [part=message]').first().waitFor();
    // Close hands focus back to the header button.
    await conversationCard(page).getByRole('button', { name: 'Close' }).click();
    assert.equal(await conversationCard(page).isVisible(), false);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'inbox');
    assertClean(problems);
  });

  test('an open document’s Conversation opens the thread about it', async () => {
    const { page, problems } = await crm();
    await row(page, INVOICE_PARTIAL.id).locator('[part=row-open]').click();
    await formTitle(page).filter({ hasText: INVOICE_PARTIAL.number }).waitFor();
    await formCard(page).getByRole('button', { name: 'Conversation' }).click();
    await conversationCard(page).getByText(`About invoice ${INVOICE_PARTIAL.number}`).waitFor();
    assert.equal(await conversationCard(page).locator('ledger-conversation').getAttribute('transaction-id'), INVOICE_PARTIAL.id);
    assertClean(problems);
  });

  test('a clone made from a row’s menu opens in the form card and lands in the activity', async () => {
    const { page, problems } = await crm();
    await chooseFromRowMenu(page, QUOTE_ACCEPTED.id, QUOTE_ACCEPTED.number, 'Clone');
    const activity = page.locator('#timeline li').filter({ hasText: /Quote QT-\d+ created/ });
    await activity.waitFor();
    const number = (await activity.textContent())!.match(/QT-\d+/)![0];
    assert.notEqual(number, QUOTE_ACCEPTED.number);
    await formTitle(page).filter({ hasText: number }).waitFor();
    assertClean(problems);
  });

  test('an empty list’s “Create invoice” opens a new invoice in the form card', async () => {
    // Globex has no documents on this deal: its agent sees the empty list.
    const { page, problems } = await crm('u-globex-agent');
    await page.locator('ledger-document-list').getByRole('button', { name: 'Create invoice' }).click();
    await formCard(page).locator('ledger-document-form[kind=invoice]').waitFor();
    assert.equal(await formCard(page).getAttribute('aria-label'), 'New invoice');
    assertClean(problems);
  });
});

// ---------------------------------------------------------------- helpdesk

describe('helpdesk example: each request of the components opens what it asks for', () => {
  const TICKET_SENT = { id: 'doc-inv-sent', number: 'INV-000005' };
  const helpdesk = (user = 'u-agent') => open(`/examples/helpdesk-ticket/?user=${user}`);
  const sidebar = (page: Page) => page.locator('ledger-sidebar#sidebar');
  const selectedTab = (page: Page) => sidebar(page).locator('[role=tab][aria-selected=true]');
  const formTitle = (page: Page) => sidebar(page).locator('ledger-document-form [part=header] h2');
  let number: string;

  before(async () => {
    const token = await server.token('u-agent');
    number = (await server.api('GET', `/v1/documents/${TICKET_SENT.id}`, { token })).number;
  });

  test('a row’s number opens the document in the Document tab', async () => {
    const { page, problems } = await helpdesk();
    await row(page, TICKET_SENT.id).locator('[part=row-open]').click();
    await formTitle(page).filter({ hasText: number }).waitFor();
    assert.match((await selectedTab(page).textContent()) ?? '', /Document/);
    assertClean(problems);
  });

  test('“Open” and “Edit” in a row’s menu open the document in the Document tab', async () => {
    const { page, problems } = await helpdesk();
    await chooseFromRowMenu(page, TICKET_SENT.id, number, 'Open');
    await formTitle(page).filter({ hasText: number }).waitFor();
    await sidebar(page).locator('[role=tab]').filter({ hasText: 'Invoices' }).click();
    await chooseFromRowMenu(page, TICKET_SENT.id, number, 'Edit');
    await sidebar(page).locator('ledger-document-form').getByText(number).first().waitFor();
    assert.match((await selectedTab(page).textContent()) ?? '', /Document/);
    assertClean(problems);
  });

  test('a row’s unread badge opens its conversation in the Conversation tab', async () => {
    const { page, problems } = await helpdesk();
    await row(page, TICKET_SENT.id).locator('[part=unread]').click();
    await sidebar(page).locator(`ledger-conversation[transaction-id="${TICKET_SENT.id}"]`).waitFor();
    assert.match((await selectedTab(page).textContent()) ?? '', /Conversation/);
    assertClean(problems);
  });

  test('an empty list’s “Create invoice” opens a new invoice in the New tab', async () => {
    // Globex has no documents on this ticket.
    const { page, problems } = await helpdesk('u-globex-agent');
    await sidebar(page).locator('ledger-document-list').getByRole('button', { name: 'Create invoice' }).click();
    await sidebar(page).locator('ledger-document-form[kind=invoice]').waitFor();
    assert.match((await selectedTab(page).textContent()) ?? '', /New/);
    assertClean(problems);
  });
});

// ---------------------------------------------------------------- phones, users, themes

describe('the examples on a phone; the helpdesk for every user', () => {
  for (const [name, url, id] of [
    ['helpdesk', '/examples/helpdesk-ticket/', 'doc-inv-sent'],
    ['CRM', '/examples/crm-record/', QUOTE_SENT.id],
  ] as const) {
    for (const locale of ['en', 'es', 'cs']) {
      test(`${name} page: no horizontal overflow at 320 px (${locale})`, async () => {
        const { page, problems } = await open(`${url}?user=u-agent&locale=${locale}`, { width: 320, height: 720 });
        // The list renders its rows once it is scrolled into view (it is virtualized).
        await page.locator('ledger-document-list').first().scrollIntoViewIfNeeded();
        await row(page, id).waitFor();
        await page.evaluate(() => window.scrollTo(0, 0));
        const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
        assert.ok(widths.page <= 320, `the page is ${widths.page} px wide in a 320 px viewport`);
        assert.ok(widths.body <= 320, `the body is ${widths.body} px wide`);
        assertClean(problems);
      });
    }
  }

  test('“Signed in as” names the signed-in user, for every demo user', async () => {
    const { items } = (await (await fetch(`${server.url}/dev/users`)).json()) as { items: { id: string; name: string; organization: { name: string } }[] };
    assert.ok(items.some((u) => u.organization.name !== items[0]!.organization.name), 'the demo has users of two organizations');
    const { page, problems } = await open('/examples/helpdesk-ticket/');
    for (const user of items) {
      await page.goto(`${server.url}/examples/helpdesk-ticket/?user=${user.id}`);
      const select = page.getByLabel('Signed in as');
      await select.locator('option').first().waitFor({ state: 'attached' });
      await page.waitForFunction((id) => (document.getElementById('user') as HTMLSelectElement).value === id, user.id);
      const shown = await select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
      assert.match(shown, new RegExp(`^${user.name} `), `signed in as ${user.id}: the select shows "${shown}"`);
    }
    assertClean(problems);
  });
});

describe('CRM example in the dark theme', () => {
  test('each component’s headings stay readable on the page’s white cards (contrast ≥ 4.5)', async () => {
    const { page, problems } = await open('/examples/crm-record/?user=u-agent&theme=dark&locale=es');
    await row(page, QUOTE_SENT.id).waitFor();
    await page.locator('ledger-document-form').getByText('Nueva cotización').first().waitFor();
    await page.locator('ledger-contact-mapper #customer-name').waitFor();
    const report = await page.evaluate(() => {
      const parse = (value: string): number[] => {
        const m = /\(([^)]+)\)/.exec(value)!;
        const parts = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
        return value.startsWith('color(') ? [parts[1]! * 255, parts[2]! * 255, parts[3]! * 255, parts[4] ?? 1] : [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
      };
      const parentOf = (el: Element): Element | null => el.assignedSlot ?? el.parentElement ?? ((el.getRootNode() as ShadowRoot).host || null);
      const background = (el: Element): number[] => {
        for (let n: Element | null = el; n; n = parentOf(n)) {
          const c = parse(getComputedStyle(n).backgroundColor);
          if (c[3] === 1) return c;
        }
        return [255, 255, 255, 1];
      };
      const lum = (c: number[]) => {
        const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(c[0]!) + 0.7152 * f(c[1]!) + 0.0722 * f(c[2]!);
      };
      const ratio = (a: number[], b: number[]) => {
        const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
        return (hi! + 0.05) / (lo! + 0.05);
      };
      return ['ledger-contact-mapper', 'ledger-document-list', 'ledger-document-form'].flatMap((tag) =>
        [...document.querySelector(tag)!.shadowRoot!.querySelectorAll('h2, h3')]
          .filter((h) => h.getClientRects().length > 0 && !h.classList.contains('visually-hidden'))
          .map((h) => ({ tag, text: h.textContent!.trim(), ratio: ratio(parse(getComputedStyle(h).color), background(h)) })),
      );
    });
    for (const tag of ['ledger-contact-mapper', 'ledger-document-list', 'ledger-document-form']) assert.ok(report.some((r) => r.tag === tag), `${tag} has headings`);
    for (const r of report) assert.ok(r.ratio >= 4.5, `${r.tag} "${r.text}": contrast ${r.ratio.toFixed(2)}`);
    assert.ok(report.some((r) => r.text === 'Facturas y cotizaciones'));
    assertClean(problems);
  });
});
