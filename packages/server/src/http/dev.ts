/**
 * Demo-only routes (`LEDGERSIDE_DEMO=1`; never mounted otherwise): the seeded users, tokens
 * for them — standing in for a host backend — the host side of the demo data, and a mailbox
 * of what the server sent.
 */
import { Hono } from 'hono';
import { formatMoney, type Document, type Role } from '@ledgerside/contract';
import { mintToken } from '../auth.js';
import type { Db } from '../db/types.js';
import { iso } from '../services/common.js';
import { demoIds } from '../seed/demo.js';
import { fixtures } from '../seed/fixtures.js';
import { escapeHtml } from './html.js';
import { devHostRoutes } from './dev-hosts.js';

interface UserRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  customer_id: string | null;
  organization_id: string;
  organization_name: string;
  jwt_secret: string;
}

interface MailRow {
  id: string;
  organization_id: string;
  kind: string;
  recipients: string[];
  subject: string;
  body: string;
  document_id: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Date;
}

const TOKEN_SECONDS = 3600;

export function devRoutes(db: Db): Hono {
  const app = new Hono();

  const users = () =>
    db.query<UserRow>(
      `SELECT u.*, o.name AS organization_name, o.jwt_secret FROM users u JOIN organizations o ON o.id = u.organization_id
       ORDER BY o.id <> $1, o.created_at, o.id, CASE u.role WHEN 'admin' THEN 0 WHEN 'agent' THEN 1 WHEN 'light_agent' THEN 2 ELSE 3 END, u.id`,
      [demoIds.organizationId],
    );

  // What a host page knows that the backend does not store (its contacts, ticket and deal),
  // straight from the seed, so the example pages hold no copy of the demo data.
  app.get('/fixtures', (c) => c.json(fixtures));

  // The hosts' signing side and the Pipedrive app's backend, for the host simulators.
  app.route('/hosts', devHostRoutes());

  app.get('/users', async (c) =>
    c.json({
      items: (await users()).map((u) => ({
        id: u.id,
        name: u.name,
        email: u.email,
        role: u.role,
        customerId: u.customer_id,
        organization: { id: u.organization_id, name: u.organization_name },
      })),
    }),
  );

  app.get('/token', async (c) => {
    const id = c.req.query('user');
    const organization = c.req.query('organization');
    const matches = (await users()).filter((u) => u.id === id && (!organization || u.organization_id === organization));
    if (matches.length !== 1) {
      return c.json(
        { error: { code: matches.length ? 'bad_request' : 'not_found', message: matches.length ? 'Several organizations have that user; add ?organization=.' : 'No such demo user; see /dev/users.' } },
        matches.length ? 400 : 404,
      );
    }
    const u = matches[0]!;
    const token = await mintToken({
      organizationId: u.organization_id,
      userId: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      customerId: u.customer_id,
      secret: u.jwt_secret,
      expiresInSeconds: TOKEN_SECONDS,
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ token, expiresIn: TOKEN_SECONDS, user: { id: u.id, role: u.role, organizationId: u.organization_id } });
  });

  const mails = () => db.query<MailRow>('SELECT * FROM outbox ORDER BY created_at DESC, id DESC LIMIT 200');

  app.get('/mailbox.json', async (c) =>
    c.json({
      items: (await mails()).map((m) => ({
        id: m.id,
        organizationId: m.organization_id,
        kind: m.kind,
        to: m.recipients,
        subject: m.subject,
        body: m.body,
        documentId: m.document_id,
        status: m.status,
        attempts: m.attempts,
        lastError: m.last_error,
        sentAt: m.sent_at ? iso(m.sent_at) : null,
        createdAt: iso(m.created_at),
      })),
    }),
  );

  app.get('/mailbox', async (c) => {
    const rows = await mails();
    const items = rows
      .map(
        (m) => `<article>
  <h2>${escapeHtml(m.subject)}</h2>
  <p class="meta">To ${escapeHtml(m.recipients.join(', '))} · ${escapeHtml(iso(m.created_at))} · <strong>${escapeHtml(m.status)}</strong>${
    m.last_error ? ` · ${escapeHtml(m.last_error)}` : ''
  }${m.document_id ? ` · attachment: PDF of <code>${escapeHtml(m.document_id)}</code>` : ''}</p>
  <pre>${escapeHtml(m.body).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')}</pre>
</article>`,
      )
      .join('\n');
    return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mailbox · Ledgerside demo</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}
article{border-top:1px solid #ccc;padding:.5rem 0}.meta{color:#555;font-size:13px}pre{white-space:pre-wrap;font:inherit}</style></head>
<body><h1>Mailbox</h1><p>Emails queued by the demo server, newest first${
      rows.length ? '' : ': none yet. Email an invoice or post a message'
    }.</p>
${items}</body></html>`);
  });

  // The demo's stand-in billing app: the demo organization's billingAppUrl points here, so the
  // components' "Open in billing app" has somewhere to go. It reads the document through the API
  // as the organization's admin would, and shows it read-only.
  app.get('/billing/', async (c) => {
    const id = c.req.query('id') ?? '';
    const admin = (await users()).find((u) => u.id === demoIds.users.admin && u.organization_id === demoIds.organizationId);
    if (!admin) return c.text('The demo organization is not seeded.', 404);
    const token = await mintToken({
      organizationId: admin.organization_id, userId: admin.id, name: admin.name, email: admin.email, role: admin.role,
      customerId: null, secret: admin.jwt_secret, expiresInSeconds: 60,
    });
    const response = await fetch(new URL(`/v1/documents/${encodeURIComponent(id)}`, c.req.url), { headers: { authorization: `Bearer ${token}` } });
    const page = (title: string, body: string, status: 200 | 404 = 200) =>
      c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Billing app (demo)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse;width:100%}th,td{padding:.35rem .5rem;border-bottom:1px solid #ddd;text-align:left}
.num{text-align:right;font-variant-numeric:tabular-nums}.meta{color:#555}tfoot th,tfoot td{border:0}</style></head>
<body><p class="meta">Billing app · demo (read-only)</p>${body}</body></html>`, status);
    if (!response.ok) return page('Not found', `<h1>No such document</h1><p>${escapeHtml(id || 'No document id given.')}</p>`, 404);
    const doc = (await response.json()) as Document;
    const money = (minor: number) => escapeHtml(formatMoney(minor, doc.currency, 'en'));
    const lines = doc.lines
      .map((l) => `<tr><td>${escapeHtml(l.description)}</td><td class="num">${escapeHtml(String(l.quantity))}</td><td class="num">${money(l.unitPrice)}</td><td class="num">${money(l.amounts.total)}</td></tr>`)
      .join('');
    const totals = (
      [['Subtotal', doc.totals.subtotal], ['Discount', -doc.totals.discount], ['Tax', doc.totals.tax], ['Total', doc.totals.total], ['Paid', doc.amountPaid], ['Balance', doc.balance]] as const
    )
      .map(([label, value]) => `<tr><td colspan="2"></td><th scope="row">${label}</th><td class="num" data-total="${label.toLowerCase()}">${money(value)}</td></tr>`)
      .join('');
    return page(doc.number, `<h1>${doc.kind === 'quote' ? 'Quote' : 'Invoice'} <span id="number">${escapeHtml(doc.number)}</span></h1>
<p>Customer: <strong>${escapeHtml(doc.customerName)}</strong> · Status: <strong id="status">${escapeHtml(doc.displayStatus)}</strong></p>
<table><thead><tr><th>Description</th><th class="num">Quantity</th><th class="num">Unit price</th><th class="num">Amount</th></tr></thead>
<tbody>${lines}</tbody><tfoot>${totals}</tfoot></table>`);
  });

  return app;
}
