/**
 * /dev/books (demo only): connect the demo organization to the QuickBooks simulator as its
 * admin would — the same POST /v1/books/connect, the simulator's consent page, the callback —
 * see the connection, and disconnect. Labelled a simulator throughout.
 */
import { Hono } from 'hono';
import { connectBooks, disconnectBooks, getBooks, type BooksRuntime } from '../books/connect.js';
import { ApiError } from './errors.js';
import { actorOf } from '../services/common.js';
import { demoIds } from '../seed/demo.js';
import { escapeHtml as esc } from './html.js';

const admin = () =>
  actorOf({ organizationId: demoIds.organizationId, userId: demoIds.users.admin, name: 'Ada Admin', email: 'ada@northwind.test', role: 'admin', customerId: null });

export function devBooksRoutes(runtime: BooksRuntime): Hono {
  const app = new Hono();
  const page = (body: string, status: 200 | 409 | 422 = 200) =>
    new Response(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Books — Ledgerside demo</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:1.5rem auto;padding:0 1rem}.sim{background:#fff4ce;border:1px solid #e0b400;padding:.5rem .75rem;border-radius:6px}button{font:inherit;padding:.4rem 1rem}.err{color:#a00}</style></head><body>${body}</body></html>`,
      { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } },
    );

  app.get('/', async (c) => {
    const state = await getBooks(runtime.db, runtime, admin());
    const notice = c.req.query('books') === 'connected' ? '<p role="status">Connected.</p>' : c.req.query('books') === 'error' ? `<p class="err" role="alert">${esc(c.req.query('message') ?? 'Not connected.')}</p>` : '';
    const configured = state.providers[0]?.configured;
    const simulator = runtime.config.quickbooks?.appUrl;
    // Real Intuit endpoints (a sandbox company) or the local simulator: the page says which.
    const intuit = runtime.config.quickbooks?.authUrl.startsWith('https://appcenter.intuit.com') ?? false;
    const connection = state.connection;
    const body = connection
      ? `<p>The demo organization keeps its books in <strong>${esc(connection.companyName)}</strong>, connected by ${esc(connection.connectedBy.name)}.
Last synced ${esc(connection.lastSyncAt ?? 'never')}${connection.reachable ? '' : ' — QuickBooks cannot be reached right now'}.</p>
<ol><li>Open the <a href="/examples/helpdesk-ticket/">helpdesk example</a> and create an invoice: the sidebar says “Saving to QuickBooks…”, then it is in the simulator.</li>
<li>In the <a href="${esc(simulator ?? "")}" target="_blank" rel="noopener">QuickBooks simulator’s invoices</a>, record a payment on it and watch the sidebar row turn paid.</li></ol>
<form method="post" action="books/disconnect"><button type="submit">Disconnect</button></form>`
      : configured
        ? intuit
          ? `<p>The demo organization keeps its own books in Ledgerside. This server has Intuit credentials: connect it to a QuickBooks Online company (a sandbox company for trying).</p>
<form method="post" action="books/connect"><button type="submit">Connect to QuickBooks</button></form>`
          : `<p>The demo organization keeps its own books in Ledgerside. Connect it to the local <strong>QuickBooks simulator</strong> (not Intuit) to see Ledgerside work on “QuickBooks” books.</p>
<form method="post" action="books/connect"><button type="submit">Connect to the QuickBooks simulator</button></form>`
        : '<p>No QuickBooks is configured on this server (start the demo with <code>pnpm start</code> to get the simulator).</p>';
    const banner = intuit ? '' : '<p class="sim"><strong>Demo</strong> — “QuickBooks” here is Ledgerside’s local simulator.</p>';
    return page(`${banner}<h1>Books</h1>${notice}${body}`);
  });

  app.post('/connect', async (c) => {
    try {
      const { authorizationUrl } = await runtime.db.transaction((tx) =>
        connectBooks(tx, runtime, admin(), { provider: 'quickbooks', returnTo: `${runtime.publicUrl().replace(/\/+$/, '')}/dev/books` }),
      );
      return c.redirect(authorizationUrl, 303);
    } catch (error) {
      if (error instanceof ApiError) return page(`<p class="err" role="alert">${esc(error.message)}</p><p><a href="../books">Back</a></p>`, 422);
      throw error;
    }
  });

  app.post('/disconnect', async (c) => {
    try {
      await runtime.db.transaction((tx) => disconnectBooks(tx, runtime, admin()));
      return c.redirect('../books', 303);
    } catch (error) {
      if (error instanceof ApiError) return page(`<p class="err" role="alert">${esc(error.message)}</p><p><a href="../books">Back</a></p>`, 409);
      throw error;
    }
  });
  return app;
}
