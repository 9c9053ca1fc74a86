/**
 * The end-to-end flows in all three engines (Chromium, Firefox ESR, WebKitGTK), each on a
 * fresh demo server: the helpdesk story (link → invoice from billable time → mark sent → a
 * payment turns the row paid live), the sidebar inside another element's shadow root, and the
 * CRM example's ES modules. `LEDGERSIDE_ENGINES=firefox,webkit` runs some of them. The deeper
 * Playwright checks of the same pages (CSP reports, phones, every user, contrast) are the
 * Chromium-only files beside this one.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, missing } from '../../scripts/engines.mjs';
import { newIdempotencyKey, startDemoServer, todayIso, type DemoServer, type Json } from './helpers/e2e.js';
import { engineName, launchEngine, until, type Engine, type EngineBrowser, type EnginePage } from './helpers/engines.js';

const engines = (process.env.LEDGERSIDE_ENGINES ? process.env.LEDGERSIDE_ENGINES.split(',') : ENGINES) as Engine[];
const NOAH = { contactId: 'contact-noah', email: 'noah@newco.test' };
const TICKET = 'ticket-1001';

/** Problems the page reported: uncaught errors and console errors, collected in the page. */
const WATCH = `
  if (!window.__e2eProblems) {
    window.__e2eProblems = [];
    // The virtualizer's ResizeObserver notice is benign (benchmarks.md), as in the browser tests.
    window.addEventListener('error', (e) => String(e.message).startsWith('ResizeObserver loop') || window.__e2eProblems.push('uncaught: ' + e.message));
    window.addEventListener('unhandledrejection', (e) => window.__e2eProblems.push('unhandled: ' + String(e.reason)));
    const error = console.error.bind(console);
    console.error = (...args) => { window.__e2eProblems.push('console: ' + args.map(String).join(' ')); error(...args); };
  }
  return true;
`;
const problems = (page: EnginePage) => page.run<string[]>('return window.__e2eProblems ?? [];');

/** Opens `url` in a page of its own, runs `flow`, and fails on any error the page reported meanwhile. */
async function onPage(browser: EngineBrowser, url: string, flow: (page: EnginePage) => Promise<void>): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.run(WATCH);
    await flow(page);
    assert.deepEqual(await problems(page), []);
  } finally {
    await page.close();
  }
}

for (const engine of engines) {
  describe(`${engineName(engine)}: the end-to-end flows`, () => {
    let server: DemoServer;
    let browser: EngineBrowser;
    before(async () => {
      const problem = missing(engine);
      if (problem) throw new Error(problem);
      server = await startDemoServer();
      browser = await launchEngine(engine);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    test('helpdesk: link Noah, invoice the ticket’s billable time, mark it sent, and a payment turns the row paid live', async () => {
      await onPage(browser, `${server.url}/examples/helpdesk-ticket/?user=u-agent&contact=noah`, async (page) => {
        await until(page, 'the ticket’s documents are listed', `return all('[role=listitem][data-id]').length > 0;`);

        // Customer tab: Create customer, prefilled from the host's contact, then Create and link.
        const tabBody = `const sb = one('ledger-sidebar#sidebar'); const tab = all('[role=tab]', sb).find((t) => text(t).startsWith(arg)); tab.click();
          return tab.getAttribute('aria-selected') === 'true' || null;`;
        await until(page, 'the Customer tab is open', tabBody, 'Customer');
        await until(page, 'Noah is not linked', `return text(one('ledger-contact-mapper')).includes('No billing customer uses ' + arg + '.');`, NOAH.email);
        await page.run(`button(one('ledger-contact-mapper'), 'Create customer').click();`);
        const email = await until<string>(page, 'the create form, prefilled', `return one('input[name=email]', one('ledger-contact-mapper'))?.value;`);
        assert.equal(email, NOAH.email);
        await page.run(`button(one('ledger-contact-mapper'), 'Create and link').click();`);
        await until(page, 'Noah is linked', `return / Linked /.test(' ' + text(one('ledger-contact-mapper')) + ' ');`);

        // New tab: both open billable entries are picked ($270.00); Create invoice.
        await until(page, 'the New tab is open', tabBody, 'New');
        await until(page, 'the billable time totals $270.00', `return text(one('[data-total=total]', one('ledger-document-form'))).includes('$270.00');`);
        const invoice = await until<Json>(
          page,
          'the invoice is created',
          `if (!window.__e2eCreate) {
             window.__e2eCreate = true;
             document.addEventListener('ledger-document-created', (e) => (window.__e2eCreated = e.detail.document), { once: true });
             button(one('ledger-document-form'), 'Create invoice').click();
           }
           return window.__e2eCreated ?? null;`,
        );
        assert.equal(invoice.status, 'draft');
        assert.equal(invoice.ticketId, TICKET);
        assert.equal(invoice.totals.total, 27_000);

        // Invoices tab: the draft is listed; its menu marks it sent.
        await until(page, 'the Invoices tab is open', tabBody, 'Invoices');
        const status = `return one('[part=status-badge]', one('[role=listitem][data-id="' + arg.id + '"]'))?.getAttribute('data-status') === arg.status;`;
        await until(page, 'the new invoice is listed as a draft', status, { id: invoice.id, status: 'draft' });
        await page.run(`button(one('[role=listitem][data-id="' + arg.id + '"]'), 'Actions for ' + arg.number).click();`, invoice);
        await until(page, 'Mark as sent is chosen', `const item = all('[role=menuitem]').find((m) => text(m) === 'Mark as sent'); item?.click(); return !!item;`);
        await until(page, 'the row says Sent', status, { id: invoice.id, status: 'sent' });

        // A payment recorded elsewhere arrives as a live event: the row turns paid, no reload.
        await page.run('window.__e2eSamePage = true;');
        const token = await server.token('u-admin');
        const stored = await server.api('GET', `/v1/documents/${invoice.id}`, { token });
        const paid = await server.api('POST', `/v1/documents/${invoice.id}/payments`, {
          token,
          idempotencyKey: newIdempotencyKey(),
          body: { amount: stored.balance, date: todayIso(), method: 'bank_transfer', reference: `E2E ${engine}` },
        });
        assert.equal(paid.document.status, 'paid');
        await until(page, 'the row says Paid', status, { id: invoice.id, status: 'paid' });
        await until(page, 'the row’s balance is $0.00', `return text(one('[role=listitem][data-id="' + arg + '"]')).includes('Balance $0.00');`, invoice.id);
        assert.equal(await page.run('return window.__e2eSamePage === true;'), true, 'the same page, not a reload');
      });
    });

    test('the sidebar inside another element’s shadow root gets its context and works', async () => {
      await onPage(browser, `${server.url}/examples/helpdesk-ticket/?user=u-agent&contact=ana`, async (page) => {
        // The helpdesk page's script tag has configured Ledgerside; its sidebar moves into a panel's shadow root.
        await until(page, 'the page’s sidebar works', `return all('[role=listitem][data-id]').length > 0;`);
        await page.run(`
          const original = one('ledger-sidebar#sidebar');
          const host = document.createElement('billing-panel');
          const shadow = host.attachShadow({ mode: 'open' });
          const sidebar = document.createElement('ledger-sidebar');
          sidebar.id = 'shadowed';
          sidebar.setAttribute('ticket-id', original.getAttribute('ticket-id'));
          sidebar.contact = original.contact;
          original.remove();
          shadow.append(sidebar);
          document.body.append(host);
          return true;
        `);
        assert.equal(await page.run(`return document.querySelector('ledger-sidebar') === null && !!document.querySelector('billing-panel').shadowRoot.querySelector('ledger-sidebar');`), true);
        await until(page, 'the shadowed sidebar lists the ticket’s documents', `const sb = one('ledger-sidebar#shadowed'); sb.scrollIntoView(); return all('[role=listitem][data-id]', sb).length > 0;`);
        await until(page, 'its Customer tab shows Ana linked to Acme', `const sb = one('ledger-sidebar#shadowed'); all('[role=tab]', sb).find((t) => text(t).startsWith('Customer')).click();
          const mapper = one('ledger-contact-mapper', sb); return / Linked /.test(' ' + text(mapper) + ' ') && text(mapper).includes('Acme Corp');`);
      });
    });

    test('CRM example (ES modules): the deal’s quotes are listed, Ana is linked, the quote form offers the deal’s products', async () => {
      const token = await server.token('u-agent');
      const quotes = ((await server.api('GET', '/v1/documents?dealId=deal-2001&limit=100', { token })).items as Json[]).filter((d) => d.kind === 'quote' && d.status !== 'deleted');
      assert.ok(quotes.length >= 3, 'the seed has quotes on deal-2001');
      await onPage(browser, `${server.url}/examples/crm-record/?user=u-agent`, async (page) => {
        assert.equal(await page.run(`return 'Ledgerside' in window;`), false, 'ES modules, not the script-tag bundle');
        await until(page, 'every quote of the deal is listed', `const list = one('ledger-document-list'); list.scrollIntoView(); return arg.every((q) => text(one('[role=listitem][data-id="' + q.id + '"]', list)).includes(q.number));`, quotes);
        await until(page, 'Ana is linked', `return / Linked /.test(' ' + text(one('ledger-contact-mapper')) + ' ');`);
        await until(page, 'the quote form offers the deal’s products', `const form = text(one('ledger-document-form')); return form.includes('New quote') && form.includes('Training day');`);
      });
    });
  });
}
