/**
 * "Open in billing app" in the demo: the demo organization's billing app URL points at the demo
 * server's read-only billing page, and the helpdesk's row menu opens it in a new tab showing the
 * same document — its number and total.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { formatMoney } from '@ledgerside/contract';
import { describeProblems, launchChromium, startDemoServer, watchedContext, type DemoServer, type Json } from './helpers/e2e.js';

let server: DemoServer;
let browser: Browser;

describe('the demo billing app', () => {
  before(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('Open in billing app opens the document in a new tab, with its number and total', async () => {
    const listed = await server.api('GET', '/v1/documents?ticketId=ticket-1001&limit=100', { token: await server.token('u-agent') });
    const doc: Json = listed.items.find((d: Json) => d.kind === 'invoice');
    assert.ok(doc?.externalUrl, `the demo sets a billing app URL: ${JSON.stringify(doc)}`);

    const { context, problems } = await watchedContext(browser, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/examples/helpdesk-ticket/?user=u-agent`);
    const sidebar = page.locator('ledger-sidebar#sidebar');
    await sidebar.locator('[role=tab]').filter({ hasText: 'Invoices' }).click();
    await sidebar.locator(`ledger-document-list [role=listitem][data-id="${doc.id}"]`).getByRole('button', { name: `Actions for ${doc.number}` }).click();
    const [billing] = await Promise.all([
      context.waitForEvent('page'),
      sidebar.getByRole('menuitem', { name: 'Open in billing app' }).click(),
    ]);
    await billing.waitForLoadState();
    assert.equal(await billing.locator('#number').textContent(), doc.number);
    assert.equal(await billing.locator('[data-total=total]').textContent(), formatMoney(doc.totals.total, doc.currency, 'en'));
    assert.match((await billing.locator('body').textContent()) ?? '', new RegExp(doc.customerName));
    assert.equal(problems.consoleErrors.length + problems.pageErrors.length + problems.cspViolations.length, 0, describeProblems(problems));
    await context.close();
  });
});
