/**
 * A notification email's link, followed in real Chromium on the demo server: each recipient's
 * link opens the helpdesk page signed in as that recipient, with that document's thread open and
 * the sidebar's "About" naming that document — for a firm user and for the customer's client user.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { describeProblems, eventually, launchChromium, startDemoServer, watchedContext, type DemoServer, type Json } from './helpers/e2e.js';

const AGENT = { id: 'u-agent', email: 'alex@northwind.test' };
const CLIENT = { id: 'u-client', email: 'billing@acme.test' };

let server: DemoServer;
let browser: Browser;

describe('notification links', () => {
  before(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('each recipient’s link opens the thread as that recipient, with its document named', async () => {
    const admin = await server.token('u-admin');
    // The oldest invoice the client can see: not the thread the sidebar would open by itself.
    const seen = await server.api('GET', '/v1/documents?ticketId=ticket-1001&limit=100', { token: await server.token(CLIENT.id) });
    const invoice: Json = seen.items.filter((d: Json) => d.kind === 'invoice').at(-1);
    assert.ok(invoice, 'the client sees an invoice on the ticket');
    // Get-or-create: 200 for a thread the seed already holds, 201 for a new one.
    const opened = await fetch(`${server.url}/v1/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ transactionType: 'invoice', transactionId: invoice.id }),
    });
    assert.ok(opened.ok, `open the thread: ${opened.status}`);
    const conversation = (await opened.json()) as Json;
    const body = `About ${invoice.number}: the PO number is on it now. ${Date.now().toString(36)}`;
    await server.api('POST', `/v1/conversations/${conversation.id}/messages`, { token: admin, body: { recipientIds: [AGENT.id, CLIENT.id], body } });

    for (const who of [AGENT, CLIENT]) {
      const mail = await eventually(`the notification to ${who.email}`, async () => {
        const { items } = (await (await fetch(`${server.url}/dev/mailbox.json`)).json()) as { items: Json[] };
        return items.find((m) => m.to.includes(who.email) && m.body.includes(body));
      });
      const link = (mail.body.match(/https?:\/\/\S+/g) ?? []).find((l: string) => l.includes(invoice.id));
      assert.ok(link, `a link to ${invoice.id} in ${mail.body}`);

      const { context, problems } = await watchedContext(browser, { viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(link);
      // Signed in as the recipient: the page's user control and the session agree.
      await page.locator('#user option').first().waitFor({ state: 'attached' });
      assert.equal(await page.locator('#user').inputValue(), who.id, `${who.email} is signed in`);
      const thread = page.locator('ledger-sidebar ledger-conversation');
      await thread.waitFor();
      assert.equal(await thread.getAttribute('transaction-id'), invoice.id, `${who.email} sees ${invoice.number}'s thread`);
      await page.locator('ledger-sidebar ledger-conversation').getByText(body).first().waitFor();
      const about = await eventually(`the About of ${who.email}`, async () => {
        const text = await page.evaluate(() => {
          const picker = document.querySelector('ledger-sidebar')?.shadowRoot?.querySelector('.picker');
          const select = picker?.querySelector('select');
          return select ? select.selectedOptions[0]?.textContent : picker?.textContent;
        });
        return text?.includes(invoice.number) ? text : undefined;
      });
      assert.ok(about.includes(invoice.number), about);
      assert.equal(problems.consoleErrors.length + problems.pageErrors.length + problems.cspViolations.length, 0, describeProblems(problems));
      await context.close();
    }
  });
});
