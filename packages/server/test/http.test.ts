/**
 * The HTTP edge: error shapes for every kind of bad request (never a 500), CORS per
 * organization, rate limiting, openapi.json, the demo-only routes and the example pages.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildOpenApi } from '@ledgerside/contract/openapi';
import { routeNames, routes, type RouteDef } from '@ledgerside/contract';
import { createApp, demoIds, EventHub, nodeFontSource } from '../src/index.js';
import { client, expectError, expectStatus, invoiceBody, type Client, type Json } from './helpers/http.js';
import { backends, startTestServer, type TestServer } from './helpers/server.js';

const ACME = demoIds.customers.acme;

for (const backend of backends()) {
  describe(`HTTP edge on ${backend.name}`, { skip: backend.skip }, () => {
    let server: TestServer;
    let api: Client;
    let agent: string;
    let examples: string;

    before(async () => {
      examples = mkdtempSync(join(tmpdir(), 'ledgerside-examples-'));
      mkdirSync(join(examples, 'helpdesk'));
      writeFileSync(join(examples, 'helpdesk', 'index.html'), '<!doctype html><title>Helpdesk</title>');
      writeFileSync(join(examples, 'secret.txt'), 'outside');
      server = await startTestServer(backend.name, { examplesDir: join(examples, 'helpdesk', '..'), bodyLimit: 64 * 1024 });
      api = client(server.url);
      agent = await server.token('agent');
    });
    after(async () => {
      await server?.destroy();
      rmSync(examples, { recursive: true, force: true });
    });

    const post = (body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>) =>
      api.post('/v1/customers', { token: agent, rawBody: body, headers });

    it('broken JSON → 400, wrong content type → 415, too large → 413', async () => {
      expectError(await post('{"displayName": ', { 'content-type': 'application/json' }), 400, 'bad_request');
      expectError(await post('displayName=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
      expectError(await post('{}', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
      const big = JSON.stringify({ displayName: 'x'.repeat(100 * 1024) });
      expectError(await post(big, { 'content-type': 'application/json' }), 413, 'payload_too_large');
      // Chunked, so no Content-Length to trust: still cut off while reading.
      const chunked = new ReadableStream({
        start(c) {
          for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode(' '.repeat(8 * 1024)));
          c.close();
        },
      });
      const reply = await fetch(`${server.url}/v1/customers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' },
        body: chunked,
        duplex: 'half',
      } as RequestInit);
      assert.equal(reply.status, 413);
      // Invalid UTF-8 and odd JSON values are input errors too.
      expectError(await post(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), { 'content-type': 'application/json' }), 400, 'bad_request');
      expectError(await post('[1,2]', { 'content-type': 'application/json' }), 400, 'bad_request');
      expectError(await post('null', { 'content-type': 'application/json; charset=utf-8' }), 400, 'bad_request');
      expectError(await api.post('/v1/customers', { token: agent }), 400, 'bad_request');
    });

    it('validation errors list every issue with its path', async () => {
      const reply = await api.post('/v1/customers', { token: agent, body: { displayName: '', email: 'nope', currency: 'usd', language: 'English', timeZone: 'Mars/Base' } });
      expectError(reply, 400, 'bad_request');
      const paths = reply.body.error.issues.map((i: Json) => i.path.join('.')).sort();
      assert.deepEqual(paths, ['currency', 'displayName', 'email', 'language', 'timeZone']);
      const query = await api.get('/v1/documents?kind=receipt&limit=abc', { token: agent });
      expectError(query, 400, 'bad_request');
      assert.deepEqual(query.body.error.issues.map((i: Json) => i.path[0]), ['query', 'query']);
      expectError(await api.get('/v1/documents/bad%20id!', { token: agent }), 400, 'bad_request');
      expectError(await api.patch(`/v1/documents/x`, { token: agent, body: {}, ifMatch: 'soon' }), 400, 'bad_request');
      expectError(await api.post('/v1/documents', { token: agent, body: invoiceBody('x'), idempotencyKey: 'k'.repeat(300) }), 400, 'bad_request');
    });

    it('If-Match and Idempotency-Key follow the contract\'s syntax', async () => {
      const created = await api.post('/v1/customers', { token: agent, body: { displayName: 'Header Syntax Ltd', email: 'headers@syntax.test', currency: 'USD', language: 'en', timeZone: 'UTC' } });
      expectStatus(created, 201);
      const path = `/v1/customers/${created.body.id}`;
      let version = created.body.version as number;
      for (const ifMatch of [`"${version}"`, `W/"${version + 1}"`, ` ${version + 2} `, '*']) {
        const reply = await api.patch(path, { token: agent, body: { phone: `+1 ${version}` }, ifMatch });
        expectStatus(reply, 200, `If-Match: ${ifMatch}`);
        version = reply.body.version;
      }
      // Half a pair of quotes, W/ without quotes, a list, ten digits: not a version.
      for (const ifMatch of [`"${version}`, `${version}"`, `W/${version}`, `"${version}", "${version + 1}"`, '1234567890']) {
        const reply = await api.patch(path, { token: agent, body: { phone: '+1 0' }, ifMatch });
        expectError(reply, 400, 'bad_request');
        assert.deepEqual(reply.body.error.issues[0].path, ['If-Match'], ifMatch);
      }
      expectError(await api.patch(path, { token: agent, body: { phone: '+1 0' }, ifMatch: '' }), 428, 'precondition_required');

      const body = { displayName: 'Keyed Ltd', email: 'keyed@syntax.test', currency: 'USD', language: 'en', timeZone: 'UTC' };
      for (const idempotencyKey of ['has space', 'tab\there', 'k'.repeat(256)]) {
        const reply = await api.post('/v1/customers', { token: agent, body, idempotencyKey });
        expectError(reply, 400, 'bad_request');
        assert.deepEqual(reply.body.error.issues[0].path, ['Idempotency-Key'], idempotencyKey);
      }
      const keyed = await api.post('/v1/customers', { token: agent, body, idempotencyKey: `~!${'k'.repeat(253)}` });
      expectStatus(keyed, 201, 'a 255-character key');
    });

    it('never answers 500 to anything a client sends (every route, odd inputs)', async () => {
      const admin = await server.token('admin');
      const deep: Json = {};
      let at = deep;
      for (let i = 0; i < 200; i++) at = at.x = {};
      const bodies: unknown[] = [[], 'text', 12, null, true, {}, deep, { lines: 'x' }, { lines: [{}] },
        { amount: 1e308, date: '2026-02-30' }, { quantity: -1, unitPrice: 1.5 }, { customerId: 'x'.repeat(500) },
        { recipientIds: Array(100).fill('u-agent'), body: 'x' }, { messageId: '../../etc' }, { state: 'deleted' },
        { contact: { id: 'c', email: 'not-an-email' }, customerId: ACME }, { transactionType: '__proto__', transactionId: 'x' },
        { __proto__: { polluted: true }, constructor: { prototype: {} } }];
      const queries = ['?limit=-5', '?limit=1e3', '?cursor=%FF%FE', '?cursor=eyJ4IjoxfQ', '?email=%00', '?q=%25%5F%5C',
        '?ticketId=a&ticketId=b', '?transactionType=invoice&transactionId=' + 'x'.repeat(100), '?kind=invoice&status=overdue&limit=2'];
      const ids = ['doc-inv-paid', 'x'.repeat(65), '%F0%9F%98%80', 'a%2Fb'];
      for (const name of routeNames) {
        const route: RouteDef = routes[name];
        if (route.responseKind === 'sse') continue;
        for (const id of ids) {
          const path = `/v1${route.path.replace(/:[A-Za-z]+/g, id)}`;
          for (const query of queries) {
            const reply = await api.call(route.method, path + query, { token: admin, ...(route.body ? { body: {} } : {}), ifMatch: 1 });
            assert.ok(reply.status < 500, `${name} ${path}${query} → ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`);
          }
          if (!route.body || id !== ids[0]) continue;
          for (const body of bodies) {
            const reply = await api.call(route.method, path, { token: admin, body, ifMatch: 'W/"1"', idempotencyKey: `fuzz-${name}-${JSON.stringify(body).length}` });
            assert.ok(reply.status < 500, `${name} ${JSON.stringify(body).slice(0, 80)} → ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`);
          }
        }
      }
      // The integration may have been deleted by the odd inputs above: put it back.
      await api.put('/v1/integration', { token: admin, body: { state: 'enabled' } });
    });

    it('unknown endpoints and methods → 404 with the error shape', async () => {
      expectError(await api.get('/v1/nothing', { token: agent }), 404, 'not_found');
      expectError(await api.call('PATCH', '/v1/session', { token: agent, body: {} }), 404, 'not_found');
      expectError(await api.get('/nowhere'), 404, 'not_found');
    });

    it('serves openapi.json without a token, equal to the contract’s', async () => {
      const reply = await api.get('/v1/openapi.json');
      expectStatus(reply, 200);
      assert.deepEqual(reply.body, JSON.parse(JSON.stringify(buildOpenApi())));
    });

    it('session: user, organization, permissions and integration', async () => {
      const reply = await api.get('/v1/session', { token: await server.token('lightAgent') });
      expectStatus(reply, 200);
      assert.equal(reply.body.user.role, 'light_agent');
      assert.equal(reply.body.organization.id, demoIds.organizationId);
      assert.ok(!reply.body.permissions.includes('documents.write'));
      assert.equal(reply.body.integration.state, 'enabled');
    });

    it('CORS only for the organization’s allowed origins', async () => {
      const port = new URL(server.url).port;
      const allowed = `http://localhost:${port}`;
      const preflight = await fetch(`${server.url}/v1/documents`, {
        method: 'OPTIONS',
        headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, idempotency-key' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), allowed);
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/);

      const evil = await fetch(`${server.url}/v1/documents`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      assert.equal(evil.headers.get('access-control-allow-origin'), null);

      const own = await api.get('/v1/session', { token: agent, headers: { origin: allowed } });
      assert.equal(own.headers.get('access-control-allow-origin'), allowed);
      // Globex allows no origins: its users' responses do not open up to Northwind's pages.
      const other = await api.get('/v1/session', { token: await server.token('secondAgent'), headers: { origin: allowed } });
      expectStatus(other, 200);
      assert.equal(other.headers.get('access-control-allow-origin'), null);
      const stranger = await api.get('/v1/session', { token: agent, headers: { origin: 'https://evil.example' } });
      assert.equal(stranger.headers.get('access-control-allow-origin'), null);
    });

    it('rate limits a caller with 429 and Retry-After', async () => {
      const hub = new EventHub(server.db);
      const app = createApp({ db: server.db, hub, fonts: nodeFontSource, publicUrl: () => server.url, rateLimit: { capacity: 3, perSecond: 0.2 } });
      const headers = { authorization: `Bearer ${agent}` };
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await app.request('/v1/session', { headers })).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const limited = await app.request('/v1/session', { headers });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.equal(((await limited.json()) as Json).error.code, 'rate_limited');
      // Another caller has its own bucket.
      assert.equal((await app.request('/v1/session', { headers: { authorization: `Bearer ${await server.token('admin')}` } })).status, 200);
    });

    it('demo routes exist only in demo mode', async () => {
      const users = await api.get('/dev/users');
      expectStatus(users, 200);
      const roles = users.body.items.filter((u: Json) => u.organization.id === demoIds.organizationId).map((u: Json) => u.role);
      assert.deepEqual(roles, ['admin', 'agent', 'light_agent', 'client', 'client']);
      assert.equal(users.body.items[0].organization.id, demoIds.organizationId);
      assert.ok(!JSON.stringify(users.body).includes('secret'));
      const token = await api.get(`/dev/token?user=${demoIds.users.client}`);
      expectStatus(token, 200);
      const session = await api.get('/v1/session', { token: token.body.token });
      assert.equal(session.body.user.customerId, demoIds.customers.acme);
      expectStatus(await api.get('/dev/token?user=nobody'), 404);

      const production = createApp({ db: server.db, hub: new EventHub(server.db), fonts: nodeFontSource, publicUrl: () => server.url });
      assert.equal((await production.request('/dev/users')).status, 404);
      assert.equal((await production.request('/dev/token?user=u-admin')).status, 404);
      assert.equal((await production.request('/dev/mailbox')).status, 404);
    });

    it('demo mailbox: what the server sent, without SMTP', async () => {
      const doc = (await api.post('/v1/documents', { token: agent, body: invoiceBody(demoIds.customers.acme, { notes: '<b>not html</b>' }) })).body;
      expectStatus(await api.post(`/v1/documents/${doc.id}/email`, { token: agent, body: { message: '<script>x</script>' } }), 200);
      let item: Json;
      for (let i = 0; i < 100 && item?.status !== 'mailbox'; i++) {
        item = (await api.get('/dev/mailbox.json')).body.items.find((m: Json) => m.documentId === doc.id);
        if (item?.status !== 'mailbox') await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(item.status, 'mailbox');
      assert.deepEqual(item.to, ['billing@acme.test']);
      const page = await fetch(`${server.url}/dev/mailbox`);
      const html = await page.text();
      assert.ok(html.includes(doc.number));
      assert.ok(html.includes('&lt;script&gt;x&lt;/script&gt;') && !html.includes('<script>x'), 'escaped');
    });

    it('serves the example pages, with / redirecting to them', async () => {
      const root = await fetch(`${server.url}/`, { redirect: 'manual' });
      assert.equal(root.status, 302);
      assert.equal(root.headers.get('location'), '/examples/');
      const index = await fetch(`${server.url}/examples/`);
      assert.equal(index.status, 200);
      assert.match(await index.text(), /href="\/examples\/helpdesk\/"/);
      const page = await fetch(`${server.url}/examples/helpdesk/`);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.match(await page.text(), /Helpdesk/);
      assert.equal((await fetch(`${server.url}/examples/helpdesk`, { redirect: 'manual' })).status, 301);
      assert.equal((await fetch(`${server.url}/examples/../package.json`)).status, 404);
      assert.equal((await fetch(`${server.url}/examples/%2e%2e/%2e%2e/package.json`)).status, 404);
      assert.equal((await fetch(`${server.url}/examples/nothing.html`)).status, 404);
    });
  });
}
