/**
 * The demo: `pnpm start` on a fresh checkout (no data directory, not even its parents) seeds
 * and serves; a restart keeps the data and does not seed again; two processes starting at once
 * on one PostgreSQL seed once.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { demoIds, mintToken, rotateSecret, startServer } from '../src/index.js';
import { client, expectStatus, invoiceBody, type Json } from './helpers/http.js';
import { backends, freshDataDir, freshPostgresDatabase, startTestServer } from './helpers/server.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('demo on PGlite', () => {
  it('matches the mocks’ demo scenario: ids, numbers, statuses, unread', async () => {
    const server = await startTestServer('pglite');
    try {
      const api = client(server.url);
      const token = await server.token('agent');
      const expected: [string, string, string][] = [
        [demoIds.invoices.paid, 'INV-000001', 'paid'],
        [demoIds.invoices.overdue, 'INV-000002', 'overdue'],
        [demoIds.invoices.void, 'INV-000003', 'void'],
        [demoIds.invoices.partiallyPaid, 'INV-000004', 'partially_paid'],
        [demoIds.invoices.sent, 'INV-000005', 'sent'],
        [demoIds.invoices.deleted, 'INV-000006', 'deleted'],
        [demoIds.invoices.otherCurrency, 'INV-000007', 'sent'],
        [demoIds.invoices.draft, 'INV-000008', 'draft'],
        [demoIds.quotes.expired, 'QT-000001', 'expired'],
        [demoIds.quotes.invoiced, 'QT-000002', 'invoiced'],
        [demoIds.quotes.declined, 'QT-000003', 'declined'],
        [demoIds.quotes.accepted, 'QT-000004', 'accepted'],
        [demoIds.quotes.sent, 'QT-000005', 'sent'],
        [demoIds.quotes.draft, 'QT-000006', 'draft'],
      ];
      for (const [id, number, status] of expected) {
        const doc = (await api.get(`/v1/documents/${id}`, { token })).body;
        assert.deepEqual([doc.number, doc.displayStatus], [number, status], id);
      }
      const entries = (await api.get(`/v1/time-entries?ticketId=${demoIds.ticketId}`, { token })).body.items;
      assert.deepEqual(
        entries.map((e: Json) => [e.hostId, e.billable, e.invoicedBy?.documentId ?? null]),
        [['te-4', true, demoIds.invoices.paid], ['te-1', true, null], ['te-2', true, null], ['te-3', false, null]],
      );
      const unread = (await api.get('/v1/unread', { token })).body;
      assert.deepEqual(unread.byTransaction, [
        { transactionType: 'invoice', transactionId: demoIds.invoices.sent, conversationId: demoIds.conversationId, count: 3 },
      ]);
      const messages = (await api.get(`/v1/conversations/${demoIds.conversationId}/messages`, { token })).body.items;
      assert.deepEqual(messages.map((m: Json) => m.id), demoIds.messages);
      const link = (await api.get(`/v1/contact-links/${demoIds.contacts.mapped}`, { token })).body.link;
      assert.equal(link.customerId, demoIds.customers.acme);
      assert.equal((await api.get(`/v1/contact-links/${demoIds.contacts.unmatched}`, { token })).body.link, null);
    } finally {
      await server.destroy();
    }
  });

  it('shows the client user Ana Smith only what was sent to Acme (issue 14, item 1)', async () => {
    const server = await startTestServer('pglite');
    try {
      const api = client(server.url);
      const agent = await server.token('agent');
      // Drafts as the CRM page makes them.
      for (const kind of ['invoice', 'quote'] as const) {
        expectStatus(await api.post('/v1/documents', { token: agent, body: invoiceBody(demoIds.customers.acme, { kind, dealId: 'deal-1' }) }), 201);
      }
      const ana = await server.token('client');
      const session = (await api.get('/v1/session', { token: ana })).body;
      assert.equal(session.user.name, 'Ana Smith');
      const items: Json[] = (await api.get('/v1/documents?limit=200', { token: ana })).body.items;
      const numbers = items.map((d) => d.number);
      for (const hidden of ['INV-000006', 'INV-000008', 'INV-000009', 'QT-000006', 'QT-000007']) assert.ok(!numbers.includes(hidden), `${hidden} in ${numbers.join(', ')}`);
      assert.ok(numbers.includes('INV-000005'), 'a sent invoice stays');
      assert.ok(items.every((d) => d.status !== 'draft' && d.status !== 'deleted'));
    } finally {
      await server.destroy();
    }
  });

  it('survives a restart with its data, without seeding again', async () => {
    const first = await startTestServer('pglite');
    const dataDir = first.storage.dataDir!;
    const api = client(first.url);
    const agent = await first.token('agent');
    const created = await api.post('/v1/documents', { token: agent, body: invoiceBody(demoIds.customers.acme, { notes: 'before restart' }) });
    expectStatus(created, 201);
    const [{ n: before }] = (await first.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents')) as [{ n: number }];
    const [{ max: lastEvent }] = (await first.db.query<{ max: number }>('SELECT max(seq) AS max FROM events')) as [{ max: number }];
    await first.close();

    const second = await startServer({ port: 0, dataDir, demo: true, examplesDir: null });
    try {
      const api2 = client(second.url);
      const token = (await api2.get(`/dev/token?user=${demoIds.users.agent}`)).body.token;
      const read = await api2.get(`/v1/documents/${created.body.id}`, { token });
      expectStatus(read, 200);
      assert.equal(read.body.notes, 'before restart');
      assert.equal(read.body.number, created.body.number);
      const [{ n: afterRestart }] = (await second.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents')) as [{ n: number }];
      assert.equal(Number(afterRestart), Number(before), 'not seeded twice');
      const next = await api2.post('/v1/documents', { token, body: invoiceBody(demoIds.customers.acme) });
      assert.equal(Number(next.body.number.slice(4)), Number(created.body.number.slice(4)) + 1, 'numbering continues');
      const [{ max }] = (await second.db.query<{ max: number }>('SELECT max(seq) AS max FROM events')) as [{ max: number }];
      assert.ok(Number(max) > Number(lastEvent), 'event ids continue');
    } finally {
      await second.close();
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    }
  });

  it('`pnpm start` works on a fresh checkout: creates the data directory, seeds, serves, prints the URL', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'ledgerside-start-'));
    after(() => rmSync(parent, { recursive: true, force: true }));
    const child = spawn('pnpm', ['start'], {
      cwd: packageDir,
      env: { ...process.env, PORT: '0', LEDGERSIDE_DATA: join(parent, 'not', 'yet', 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so stopping it stops pnpm and the server under it.
      detached: true,
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`pnpm start did not print a URL: ${output}`)), 90_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        };
        child.stdout!.on('data', onData);
        child.stderr!.on('data', onData);
        child.once('exit', (code) => reject(new Error(`pnpm start exited (${code}): ${output}`)));
      });
      const root = await fetch(`${url}/`, { redirect: 'manual' });
      assert.equal(root.status, 302);
      assert.equal((await fetch(`${url}/examples/`)).status, 200);
      const users = (await (await fetch(`${url}/dev/users`)).json()) as { items: { role: string }[] };
      assert.deepEqual(new Set(users.items.map((u) => u.role)), new Set(['admin', 'agent', 'light_agent', 'client']));
      const { token } = (await (await fetch(`${url}/dev/token?user=${demoIds.users.lightAgent}`)).json()) as { token: string };
      const docs = (await (await fetch(`${url}/v1/documents?limit=200`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        items: { kind: string; displayStatus: string }[];
      };
      const statuses = new Set(docs.items.map((d) => `${d.kind}:${d.displayStatus}`));
      for (const s of ['draft', 'sent', 'partially_paid', 'paid', 'overdue', 'void', 'deleted']) assert.ok(statuses.has(`invoice:${s}`), s);
      for (const s of ['draft', 'sent', 'accepted', 'declined', 'expired', 'invoiced']) assert.ok(statuses.has(`quote:${s}`), s);
      const unread = (await (await fetch(`${url}/v1/unread`, { headers: { authorization: `Bearer ${token}` } })).json()) as { total: number };
      assert.ok(unread.total > 0, 'a conversation with unread messages');
    } finally {
      if (child.exitCode === null) {
        const exited = once(child, 'exit');
        process.kill(-child.pid!, 'SIGTERM');
        await exited;
      }
    }
  });
});

describe('provisioning a host organization', () => {
  it('the CLI creates it; its backend’s tokens work; rotating the secret retires them', async () => {
    const data = await freshDataDir();
    after(() => data.remove());
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(packageDir, 'src/cli.ts'), 'create-organization', '--id', 'org-host', '--name', 'Host Desk', '--currency', 'EUR', '--origin', 'https://help.host.example/app'],
      { env: { ...process.env, LEDGERSIDE_DATA: data.dir, DATABASE_URL: '' }, encoding: 'utf8' },
    );
    assert.equal(cli.status, 0, cli.stderr);
    const { id, secret } = JSON.parse(cli.stdout.trim()) as { id: string; secret: string };
    assert.equal(id, 'org-host');

    const server = await startServer({ port: 0, dataDir: data.dir, examplesDir: null });
    try {
      const token = await mintToken({ organizationId: id, userId: 'agent-7', name: 'Agent Seven', email: 'seven@host.example', role: 'agent', secret });
      const api = client(server.url);
      const session = await api.get('/v1/session', { token, headers: { origin: 'https://help.host.example' } });
      expectStatus(session, 200);
      assert.equal(session.body.organization.name, 'Host Desk');
      assert.equal(session.headers.get('access-control-allow-origin'), 'https://help.host.example');
      // Host users exist once they have called: the recipients list knows them.
      const [user] = await server.db.query<{ name: string }>('SELECT name FROM users WHERE organization_id = $1 AND id = $2', [id, 'agent-7']);
      assert.equal(user?.name, 'Agent Seven');
      expectStatus(await api.get('/dev/users'), 404);

      await rotateSecret(server.db, id);
      await new Promise((r) => setTimeout(r, 2100)); // the organization cache
      expectStatus(await api.get('/v1/session', { token }), 401);
    } finally {
      await server.close();
    }
  });
});

describe('demo on PostgreSQL', { skip: backends()[1]!.skip }, () => {
  it('two processes starting at once seed once', async () => {
    const database = await freshPostgresDatabase();
    try {
      const servers = await Promise.all([0, 1].map(() => startServer({ port: 0, databaseUrl: database.url, demo: true, examplesDir: null })));
      const [{ n }] = (await servers[0]!.db.query<{ n: number }>('SELECT count(*)::int AS n FROM organizations')) as [{ n: number }];
      assert.equal(Number(n), 2);
      const numbers = await servers[0]!.db.query<{ number: string }>(
        `SELECT number FROM documents WHERE organization_id = $1 AND kind = 'invoice' ORDER BY number`,
        [demoIds.organizationId],
      );
      assert.equal(new Set(numbers.map((r) => r.number)).size, numbers.length);
      await Promise.all(servers.map((s) => s.close()));
    } finally {
      await database.drop();
    }
  });
});
