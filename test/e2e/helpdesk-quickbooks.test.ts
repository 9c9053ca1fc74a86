/**
 * The helpdesk flow on the `quickbooks` adapter, in real Chromium against the demo server and
 * its QuickBooks simulator (the same flow on `builtin` is helpdesk.test.ts):
 *
 * the admin connects the demo organization to the simulator from /dev/books (its consent page
 * and back) → the agent links Noah by creating the customer → invoices the ticket's billable
 * time: the row says "Saving to QuickBooks…" until QuickBooks has it → marks it sent → a
 * payment recorded on the simulator's own page (as in QuickBooks) turns the row Paid live →
 * "Open in QuickBooks" opens the invoice in the simulator.
 *
 * Throughout, no console error, no uncaught error and no CSP violation on the helpdesk page.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeProblems, launchChromium, startDemoServer, watchedContext, type DemoServer, type Json, type Problems } from './helpers/e2e.js';

const TICKET = 'ticket-1001';
const NOAH = { contactId: 'contact-noah', email: 'noah@newco.test' };
const BILLABLE_TOTAL = 27_000;

let server: DemoServer;
let browser: Browser;
let agent: { context: BrowserContext; problems: Problems; page: Page };
const story: { invoice?: Json; adminToken?: string } = {};

let failed: string | undefined;
function step(name: string, fn: (t: TestContext) => Promise<void>) {
  test(name, async (t) => {
    if (failed) {
      t.skip(`an earlier step failed: ${failed}`);
      return;
    }
    try {
      await fn(t);
    } catch (error) {
      failed = name;
      throw error;
    }
  });
}

const sidebar = (page: Page) => page.locator('ledger-sidebar#sidebar');
const tab = (page: Page, name: string) => sidebar(page).locator('[role=tab]').filter({ hasText: name });
const row = (page: Page, id: string) => sidebar(page).locator(`ledger-document-list [role=listitem][data-id="${id}"]`);
const rowStatus = (page: Page, id: string) => row(page, id).locator('[part=status-badge]');

async function openTab(page: Page, name: string) {
  await tab(page, name).click();
  await tab(page, name).and(page.locator('[aria-selected=true]')).waitFor();
  const id = await tab(page, name).getAttribute('aria-controls');
  return sidebar(page).locator(`[role=tabpanel]#${id}`);
}

describe('helpdesk example on QuickBooks (the simulator)', () => {
  before(async () => {
    server = await startDemoServer({ quickbooks: true });
    browser = await launchChromium();
    const { context, problems } = await watchedContext(browser, { viewport: { width: 1280, height: 900 } });
    agent = { context, problems, page: await context.newPage() };
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  step('the admin connects the demo organization to the QuickBooks simulator from /dev/books', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/dev/books`);
    await page.getByText('Ledgerside’s local simulator').waitFor();
    await page.getByRole('button', { name: 'Connect to the QuickBooks simulator' }).click();
    // The simulator's consent page says what it is.
    await page.getByText('not Intuit').first().waitFor();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByText('Connected.').waitFor();
    await page.getByText('Northwind Traders (QuickBooks simulator)').waitFor();
    await context.close();
    story.adminToken = await server.token('u-admin');
    const books = await server.api('GET', '/v1/books', { token: story.adminToken });
    assert.equal(books.connection.companyName, 'Northwind Traders (QuickBooks simulator)');
  });

  step('the agent links Noah by creating the customer (in QuickBooks too)', async () => {
    const page = agent.page;
    await page.goto(`${server.url}/examples/helpdesk-ticket/?user=u-agent&contact=noah`);
    const panel = await openTab(page, 'Customer');
    const mapper = panel.locator('ledger-contact-mapper');
    await mapper.getByRole('button', { name: 'Create customer' }).click();
    await mapper.getByRole('button', { name: 'Create and link' }).click();
    await mapper.getByText('Linked', { exact: true }).waitFor();
    const { link } = await server.api('GET', `/v1/contact-links/${NOAH.contactId}`, { token: story.adminToken });
    assert.equal(link.customer.email, NOAH.email);
  });

  step('an invoice from the billable time: “Saving to QuickBooks…”, then in QuickBooks', async () => {
    const page = agent.page;
    const panel = await openTab(page, 'New');
    const form = panel.locator('ledger-document-form');
    await form.locator('[data-total=total]').filter({ hasText: '$270.00' }).waitFor();
    const created = page.evaluate(
      () => new Promise<Json>((resolve) => document.addEventListener('ledger-document-created', (e) => resolve((e as CustomEvent).detail.document), { once: true })),
    );
    await form.getByRole('button', { name: 'Create invoice' }).click();
    const invoice = await created;
    assert.equal(invoice.books.state, 'pending');
    assert.equal(invoice.totals.total, BILLABLE_TOTAL);
    assert.equal(invoice.ticketId, TICKET);
    await openTab(page, 'Invoices');
    await row(page, invoice.id).getByText(invoice.number).waitFor();
    // Until QuickBooks confirmed: the words; then they go, and the document has QuickBooks' id.
    // (The demo's simulator answers in 600 ms, as QuickBooks often does.)
    await row(page, invoice.id).locator('[part=books-note][data-state=pending]').filter({ hasText: 'Saving to QuickBooks…' }).waitFor();
    await row(page, invoice.id).locator('[part=books-note]').waitFor({ state: 'detached' });
    story.invoice = await server.api('GET', `/v1/documents/${invoice.id}`, { token: story.adminToken });
    assert.equal(story.invoice.books.state, 'synced');
    assert.ok(story.invoice.books.vendorId);
    await sidebar(page).getByText(/Last synced/).first().waitFor();
  });

  step('mark as sent from the row menu', async () => {
    const page = agent.page;
    const invoice = story.invoice!;
    await row(page, invoice.id).getByRole('button', { name: `Actions for ${invoice.number}` }).click();
    await sidebar(page).getByRole('menuitem', { name: 'Mark as sent' }).click();
    await rowStatus(page, invoice.id).and(page.locator('[data-status=sent]')).waitFor();
  });

  step('a payment recorded in QuickBooks (the simulator’s page) turns the row Paid live; “Open in QuickBooks” opens it there', async () => {
    const page = agent.page;
    const invoice = story.invoice!;
    await page.evaluate(() => ((window as unknown as { __e2eSamePage: boolean }).__e2eSamePage = true));
    await row(page, invoice.id).getByRole('button', { name: `Actions for ${invoice.number}` }).click();
    const popup = agent.context.waitForEvent('page');
    await sidebar(page).getByRole('menuitem', { name: 'Open in QuickBooks' }).click();
    const simulator = await popup;
    await simulator.waitForLoadState();
    assert.match(simulator.url(), new RegExp(`/app/invoice\\?txnId=${invoice.books.vendorId}$`));
    await simulator.getByText('QuickBooks simulator').first().waitFor();
    await simulator.getByText(`Invoice ${invoice.number}`).waitFor();
    await simulator.getByRole('button', { name: 'Record payment' }).click();
    await simulator.getByText('Payment recorded.').waitFor();
    await simulator.close();

    await rowStatus(page, invoice.id).and(page.locator('[data-status=paid]')).waitFor();
    await row(page, invoice.id).getByText('Balance $0.00').waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { __e2eSamePage?: boolean }).__e2eSamePage), true, 'live, not a reload');
    const stored = await server.api('GET', `/v1/documents/${invoice.id}`, { token: story.adminToken });
    assert.equal(stored.status, 'paid');
    assert.equal(stored.amountPaid, BILLABLE_TOTAL);
  });

  step('no console error, uncaught error or CSP violation on the helpdesk page', async () => {
    const { consoleErrors, pageErrors, cspViolations } = agent.problems;
    assert.equal(consoleErrors.length + pageErrors.length + cspViolations.length, 0, describeProblems(agent.problems));
  });
});
