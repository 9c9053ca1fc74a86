/**
 * The helpdesk story end to end, in real Chromium against the real server and the built
 * helpdesk example (one script tag, strict Content-Security-Policy):
 *
 * the agent opens ticket #1001 whose requester (Noah) is new to billing → links him by
 * creating the customer → creates an invoice from the ticket's billable time → sees it in the
 * Invoices tab → marks it sent from the row menu → a payment recorded through the API turns
 * the row Paid live → posts a message to Ada Admin → Ada, in her own browser, sees the unread
 * count, and the notification email (with a link to the invoice) is in the demo mailbox.
 *
 * Throughout, no console error, no uncaught error and no CSP violation.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  WAIT,
  describeProblems,
  eventually,
  launchChromium,
  newIdempotencyKey,
  startDemoServer,
  todayIso,
  watchedContext,
  type DemoServer,
  type Json,
  type Problems,
} from './helpers/e2e.js';

const TICKET = 'ticket-1001';
const NOAH = { contactId: 'contact-noah', name: 'Noah Newman', email: 'noah@newco.test', company: 'NewCo' };
const ADA = { id: 'u-admin', name: 'Ada Admin', email: 'ada@northwind.test' };
/** The ticket's open billable time in the seed: te-1 (1.5 h) and te-2 (0.75 h) at $120/h. */
const BILLABLE = { ids: ['te-1', 'te-2'], total: 27_000 };
const MESSAGE = `Ada, Noah's invoice for ticket #1001 is out — can you watch for the payment? ${Date.now().toString(36)}`;

let server: DemoServer;
let browser: Browser;
let agent: { context: BrowserContext; problems: Problems; page: Page };
let admin: { context: BrowserContext; problems: Problems; page: Page } | undefined;

/** State the steps hand on. */
const story: { customerId?: string; invoice?: Json; adminToken?: string } = {};

// The steps depend on each other: after a failure the rest are skipped, not failed again.
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
const row = (page: Page, documentId: string) => sidebar(page).locator(`ledger-document-list [role=listitem][data-id="${documentId}"]`);
const rowStatus = (page: Page, documentId: string) => row(page, documentId).locator('[part=status-badge]');

async function openTab(page: Page, name: string): Promise<Locator> {
  await tab(page, name).click();
  await assertSelected(page, name);
  const id = await tab(page, name).getAttribute('aria-controls');
  return sidebar(page).locator(`[role=tabpanel]#${id}`);
}

async function assertSelected(page: Page, name: string) {
  await tab(page, name).and(page.locator('[aria-selected=true]')).waitFor();
}

describe('helpdesk example: the whole story under a strict CSP', () => {
  before(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
    const { context, problems } = await watchedContext(browser, { viewport: { width: 1280, height: 900 } });
    agent = { context, problems, page: await context.newPage() };
  });

  after(async () => {
    for (const who of [agent, admin]) if (who?.problems.warnings.length) console.info('console warnings:', who.problems.warnings);
    await browser?.close();
    await server?.close();
  });

  step('the page loads with its policy and the sidebar renders as the agent', async () => {
    const page = agent.page;
    const response = await page.goto(`${server.url}/examples/helpdesk-ticket/?user=u-agent&contact=noah`);
    assert.equal(response?.status(), 200);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(policy ?? '', /script-src 'self';/);
    assert.match(policy ?? '', /style-src 'self';/);
    assert.doesNotMatch(policy ?? '', /unsafe-inline|unsafe-eval/);
    // One script tag: the bundle, then the host's own configuration code.
    const scripts = await page.locator('script').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).src.replace(location.origin, '')));
    assert.deepEqual(scripts, ['/examples/elements/ledgerside.js', '/examples/helpdesk-ticket/host.js']);
    await assertSelected(page, 'Invoices');
    // The ticket's documents load (the seed links Acme's invoices to ticket-1001).
    await sidebar(page).locator('ledger-document-list [role=listitem]').first().waitFor();
  });

  step('Customer tab: Noah is not linked; Create customer → submit links him', async () => {
    const page = agent.page;
    const panel = await openTab(page, 'Customer');
    const mapper = panel.locator('ledger-contact-mapper');
    await mapper.getByText('Not linked', { exact: true }).waitFor();
    await mapper.getByText(`No billing customer uses ${NOAH.email}.`).waitFor();
    await mapper.getByRole('button', { name: 'Create customer' }).click();
    // Prefilled from the host's contact.
    await assert.doesNotReject(mapper.locator('input[name=email]').waitFor());
    assert.equal(await mapper.locator('input[name=email]').inputValue(), NOAH.email);
    assert.equal(await mapper.locator('input[name=firstName]').inputValue(), 'Noah');
    const mapped = page.evaluate(
      () =>
        new Promise<Json>((resolve) =>
          document.addEventListener('ledger-contact-mapped', (e) => resolve((e as CustomEvent).detail.link), { once: true }),
        ),
    );
    await mapper.getByRole('button', { name: 'Create and link' }).click();
    await mapper.getByText('Linked', { exact: true }).waitFor();
    const link = await mapped;
    assert.equal(link.contactId, NOAH.contactId);
    story.customerId = link.customer.id;

    // The server agrees: the contact is linked to a new customer with Noah's email.
    story.adminToken = await server.token(ADA.id);
    const { link: stored } = await server.api('GET', `/v1/contact-links/${NOAH.contactId}`, { token: story.adminToken });
    assert.equal(stored?.customer.id, story.customerId);
    assert.equal(stored?.customer.email, NOAH.email);
  });

  step('New tab: an invoice from the ticket’s billable time is created', async () => {
    const page = agent.page;
    const panel = await openTab(page, 'New');
    const form = panel.locator('ledger-document-form');
    await form.getByText('New invoice').first().waitFor();
    // Both open billable entries are picked; the non-billable and the invoiced ones are not.
    for (const id of BILLABLE.ids) await form.locator(`input#te-${id}`).and(page.locator(':checked')).waitFor();
    assert.equal(await form.locator('input#te-te-3').isChecked(), false);
    assert.equal(await form.locator('input#te-te-4').isChecked(), false);
    await form.locator('[data-total=total]').filter({ hasText: '$270.00' }).waitFor();

    const created = page.evaluate(
      () =>
        new Promise<Json>((resolve) =>
          document.addEventListener('ledger-document-created', (e) => resolve((e as CustomEvent).detail.document), { once: true }),
        ),
    );
    await form.getByRole('button', { name: 'Create invoice' }).click();
    const invoice = await created;
    assert.equal(invoice.kind, 'invoice');
    assert.equal(invoice.status, 'draft');
    assert.equal(invoice.customerId, story.customerId);
    assert.equal(invoice.ticketId, TICKET);
    assert.equal(invoice.totals.total, BILLABLE.total);
    story.invoice = invoice;

    // The time entries are now locked to it on the server.
    const entries = await server.api('GET', `/v1/time-entries?ticketId=${TICKET}`, { token: story.adminToken });
    for (const id of BILLABLE.ids) {
      const entry = entries.items.find((e: Json) => e.hostId === id);
      assert.equal(entry?.invoicedBy?.documentId, invoice.id, `time entry ${id} is invoiced on the new invoice: ${JSON.stringify(entry)}`);
    }
  });

  step('Invoices tab: the new invoice is listed as a draft', async () => {
    const page = agent.page;
    await openTab(page, 'Invoices');
    const invoice = story.invoice!;
    await row(page, invoice.id).getByText(invoice.number).waitFor();
    await rowStatus(page, invoice.id).and(page.locator('[data-status=draft]')).waitFor();
    await row(page, invoice.id).getByText('$270.00').first().waitFor();
  });

  step('row menu: Mark as sent makes it Sent', async () => {
    const page = agent.page;
    const invoice = story.invoice!;
    await row(page, invoice.id).getByRole('button', { name: `Actions for ${invoice.number}` }).click();
    await sidebar(page).getByRole('menuitem', { name: 'Mark as sent' }).click();
    await rowStatus(page, invoice.id).and(page.locator('[data-status=sent]')).waitFor();
    const stored = await server.api('GET', `/v1/documents/${invoice.id}`, { token: story.adminToken });
    assert.equal(stored.status, 'sent');
    story.invoice = stored;
  });

  step('a payment recorded through the API turns the row Paid live, without a reload', async () => {
    const page = agent.page;
    const invoice = story.invoice!;
    let navigations = 0;
    const countNavigation = (frame: { parentFrame(): unknown }) => {
      if (!frame.parentFrame()) navigations++;
    };
    page.on('framenavigated', countNavigation);
    await page.evaluate(() => ((window as unknown as { __e2eSamePage: boolean }).__e2eSamePage = true));

    const result = await server.api('POST', `/v1/documents/${invoice.id}/payments`, {
      token: story.adminToken,
      idempotencyKey: newIdempotencyKey(),
      body: { amount: invoice.balance, date: todayIso(), method: 'bank_transfer', reference: 'E2E wire' },
    });
    assert.equal(result.document.status, 'paid');

    await rowStatus(page, invoice.id).and(page.locator('[data-status=paid]')).waitFor();
    await row(page, invoice.id).getByText('Balance $0.00').waitFor();
    page.off('framenavigated', countNavigation);
    assert.equal(navigations, 0, 'the page did not navigate');
    assert.equal(await page.evaluate(() => (window as unknown as { __e2eSamePage?: boolean }).__e2eSamePage), true, 'the same document, not a reload');
  });

  step('Conversation tab: a message about the invoice to Ada Admin is posted', async () => {
    const page = agent.page;
    const invoice = story.invoice!;
    const panel = await openTab(page, 'Conversation');
    // The ticket has several documents: pick ours (the seed's INV-000005 has unread messages and comes first).
    const about = panel.locator('select#transaction');
    await about.locator(`option[value="${invoice.id}"]`).waitFor({ state: 'attached' });
    await about.selectOption(invoice.id);
    const conversation = panel.locator(`ledger-conversation[transaction-id="${invoice.id}"]`);
    await conversation.getByText('No messages about this transaction yet.').waitFor();

    await conversation.getByRole('button', { name: /^To:/ }).click();
    await conversation.getByRole('checkbox', { name: new RegExp(ADA.name) }).check();
    await conversation.getByRole('button', { name: /^To:/ }).filter({ hasText: ADA.name }).waitFor();
    await conversation.locator('textarea#body').fill(MESSAGE);
    const posted = page.evaluate(
      () =>
        new Promise<Json>((resolve) =>
          document.addEventListener('ledger-message-posted', (e) => resolve((e as CustomEvent).detail.message), { once: true }),
        ),
    );
    await conversation.getByRole('button', { name: 'Post', exact: true }).click();
    const message = await posted;
    assert.equal(message.body, MESSAGE);
    assert.ok(message.recipients.some((r: Json) => r.id === ADA.id), `Ada is a recipient: ${JSON.stringify(message)}`);
    await conversation.locator('[role=log]').getByText(MESSAGE).waitFor();
  });

  step('Ada, in her own browser, sees the unread count on the Conversation tab and the message', async () => {
    const invoice = story.invoice!;
    // What the server says Ada has unread on this ticket's documents.
    const documents = await server.api('GET', `/v1/documents?ticketId=${TICKET}&limit=100`, { token: story.adminToken });
    const ticketDocuments = new Set(documents.items.filter((d: Json) => d.status !== 'deleted').map((d: Json) => d.id));
    const unread = await server.api('GET', '/v1/unread', { token: story.adminToken });
    const ours = unread.byTransaction.find((t: Json) => t.transactionId === invoice.id);
    assert.equal(ours?.count, 1, `Ada has the one new message unread: ${JSON.stringify(unread)}`);
    const expected = unread.byTransaction.filter((t: Json) => ticketDocuments.has(t.transactionId)).reduce((sum: number, t: Json) => sum + t.count, 0);

    const { context, problems } = await watchedContext(browser, { viewport: { width: 1280, height: 900 } });
    admin = { context, problems, page: await context.newPage() };
    const page = admin.page;
    await page.goto(`${server.url}/examples/helpdesk-ticket/?user=${ADA.id}&contact=noah`);
    const count = tab(page, 'Conversation').locator('.count');
    await count.filter({ hasText: new RegExp(`^${expected}$`) }).waitFor();
    assert.equal(await count.getAttribute('aria-label'), `${expected} unread ${expected === 1 ? 'message' : 'messages'}`);

    // Her Conversation tab opens by itself on our invoice, the newest thread with unread messages,
    // and shows the message. Seeing it reads it, so the picker's "1 unread" lasts only until the
    // thread is in view (the sidebar's own test checks that label); what stays is the count going down.
    const panel = await openTab(page, 'Conversation');
    const picker = panel.locator('select#transaction');
    await picker.locator(`option[value="${invoice.id}"]`).waitFor({ state: 'attached' });
    assert.equal(await picker.inputValue(), invoice.id, 'the thread with the unread message is the one open');
    const conversation = panel.locator(`ledger-conversation[transaction-id="${invoice.id}"]`);
    await conversation.locator('[role=log]').getByText(MESSAGE).waitFor();
    const left = expected - 1;
    if (left > 0) await count.filter({ hasText: new RegExp(`^${left}$`) }).waitFor();
    else await count.waitFor({ state: 'detached' });
    assert.equal(await picker.inputValue(), invoice.id, 'reading the thread does not move the picker to another document');
    // The read marker is posted a moment after the message is seen.
    await eventually('the server has the message read', async () => {
      const after = await server.api('GET', '/v1/unread', { token: story.adminToken });
      return (after.byTransaction.find((t: Json) => t.transactionId === invoice.id)?.count ?? 0) === 0 ? true : undefined;
    });
  });

  step('the demo mailbox has the notification email to Ada with a link to the invoice', async () => {
    const invoice = story.invoice!;
    const mail = await eventually('the notification email in /dev/mailbox.json', async () => {
      const response = await fetch(`${server.url}/dev/mailbox.json`);
      const { items } = (await response.json()) as { items: Json[] };
      return items.find((m) => m.to.includes(ADA.email) && m.body.includes(MESSAGE.slice(0, 40)));
    });
    assert.notEqual(mail.kind, 'document', `a message notification, not an invoice email: ${JSON.stringify(mail)}`);
    assert.ok(mail.body.includes(MESSAGE), `the email quotes the message: ${mail.body}`);
    const links: string[] = mail.body.match(/https?:\/\/\S+/g) ?? [];
    assert.ok(links.some((link) => link.includes(invoice.id)), `the email links to the invoice ${invoice.id}: ${mail.body}`);
    // Without SMTP the demo's outbox worker "delivers" to its mailbox page.
    await eventually('the email delivered to the demo mailbox', async () => {
      const { items } = (await (await fetch(`${server.url}/dev/mailbox.json`)).json()) as { items: Json[] };
      return items.find((m) => m.id === mail.id && m.status === 'mailbox');
    });
  });

  step('no console error, page error or CSP violation in either browser', async () => {
    for (const [who, { problems }] of [['agent', agent], ['admin', admin!]] as const) {
      assert.deepEqual(problems.cspViolations, [], `${who}: ${describeProblems(problems)}`);
      assert.deepEqual(problems.pageErrors, [], `${who}: ${describeProblems(problems)}`);
      assert.deepEqual(problems.consoleErrors, [], `${who}: ${describeProblems(problems)}`);
    }
  });

  step('the violation listener works: an inline style on this page is reported', async () => {
    // A control for the check above: the page's policy blocks inline styles, and the probe hears it.
    const page = agent.page;
    const before = agent.problems.cspViolations.length;
    await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.innerHTML = '<span style="color: red">inline</span>';
      document.body.append(probe);
    });
    await eventually('the probe’s violation', async () => (agent.problems.cspViolations.length > before ? true : undefined), WAIT);
    assert.match(agent.problems.cspViolations.at(-1) ?? '', /style-src/);
  });
});
