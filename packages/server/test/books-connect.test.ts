/**
 * Connecting an organization to QuickBooks (the simulator on loopback): an admin gets the
 * authorization URL, consents on the simulator's page, the callback stores the tokens sealed
 * with LEDGERSIDE_SECRET_KEY; access tokens are refreshed before they expire and when refused,
 * one refresh at a time across server processes, keeping the newest refresh token; the server
 * refuses to start with a connected organization and no key; disconnecting.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startQuickBooksSim, type RunningSim } from '@ledgerside/quickbooks-sim';
import { demoIds, startServer } from '../src/index.js';
import { accessToken, loadConnection } from '../src/books/connections.js';
import { SecretBox } from '../src/books/crypto.js';
import { readCompany } from '../src/books/connect.js';
import { booksConfig, connectThroughConsent, REALM, SECRET_KEY } from './helpers/books.js';
import { client, expectError, expectStatus, type Client } from './helpers/http.js';
import { backends, startTestServer, type TestServer } from './helpers/server.js';

for (const backend of backends()) {
  describe(`connecting QuickBooks on ${backend.name}`, { skip: backend.skip }, () => {
    let sim: RunningSim;
    let server: TestServer;
    let api: Client;
    let admin: string;

    before(async () => {
      sim = await startQuickBooksSim({ rateLimit: false });
      sim.sim.addCompany({
        realmId: REALM,
        name: 'Northwind Books (simulated)',
        homeCurrency: 'USD',
        currencies: ['EUR'],
        taxCodes: [
          { id: 'NON', name: 'Exempt', ratePercent: '0' },
          { id: '5', name: 'Sales tax 10%', ratePercent: '10' },
        ],
      });
      server = await startTestServer(backend.name, { books: booksConfig(sim) });
      api = client(server.url);
      admin = await server.token('admin');
    });
    after(async () => {
      await server?.destroy();
      await sim?.close();
    });

    it('an admin gets the authorization URL with a state; other roles may not', async () => {
      const reply = await api.post('/v1/books/connect', { token: admin, body: { provider: 'quickbooks' } });
      expectStatus(reply, 200);
      const url = new URL(reply.body.authorizationUrl);
      assert.equal(url.origin + url.pathname, sim.authUrl);
      assert.equal(url.searchParams.get('client_id'), 'sim-client');
      assert.equal(url.searchParams.get('response_type'), 'code');
      assert.equal(url.searchParams.get('scope'), 'com.intuit.quickbooks.accounting');
      assert.equal(url.searchParams.get('redirect_uri'), `${server.url}/v1/books/callback`);
      assert.ok((url.searchParams.get('state') ?? '').length >= 40);
      expectError(await api.post('/v1/books/connect', { token: await server.token('agent'), body: { provider: 'quickbooks' } }), 403, 'forbidden');
      const elsewhere = await api.post('/v1/books/connect', { token: admin, body: { provider: 'quickbooks', returnTo: 'https://evil.example/steal' } });
      expectError(elsewhere, 422, 'unprocessable');
      assert.deepEqual(elsewhere.body.error.issues[0].path, ['returnTo']);
    });

    it('consenting connects: the callback stores the tokens sealed and reads the company', async () => {
      const landed = await connectThroughConsent(api, admin, REALM);
      const text = await landed.text();
      assert.equal(landed.status, 200, text);
      assert.match(text, /Connected to QuickBooks[\s\S]*Northwind Books \(simulated\)/);

      const state = await api.get('/v1/books', { token: admin });
      expectStatus(state, 200);
      const connection = state.body.connection;
      assert.equal(connection.provider, 'quickbooks');
      assert.equal(connection.providerName, 'QuickBooks');
      assert.equal(connection.companyName, 'Northwind Books (simulated)');
      assert.equal(connection.companyId, REALM);
      assert.equal(connection.homeCurrency, 'USD');
      assert.deepEqual(connection.currencies.sort(), ['EUR', 'USD']);
      assert.deepEqual(connection.connectedBy, { id: demoIds.users.admin, name: 'Ada Admin' });
      assert.equal(connection.reachable, true);
      assert.deepEqual(connection.taxCodes.find((c: { id: string }) => c.id === '5'), { id: '5', name: 'Sales tax 10%', ratePercent: 10 });
      assert.deepEqual(state.body.providers, [{ provider: 'quickbooks', providerName: 'QuickBooks', configured: true }]);

      // Agents see it too (read-only), and every session names the provider.
      expectStatus(await api.get('/v1/books', { token: await server.token('agent') }), 200);
      const session = await api.get('/v1/session', { token: await server.token('agent') });
      assert.equal(session.body.books.providerName, 'QuickBooks');
      assert.equal(session.body.books.companyName, 'Northwind Books (simulated)');

      // At rest: a JWE, with no token in clear; the key opens it.
      const row = (await loadConnection(server.db, demoIds.organizationId))!;
      assert.equal(row.tokens.split('.').length, 5);
      assert.doesNotMatch(row.tokens, /at-|rt-/);
      const sealed = await (await SecretBox.fromSecret(SECRET_KEY)).open<{ accessToken: string; refreshToken: string }>(row.tokens);
      assert.match(sealed.accessToken, /^at-/);
      assert.match(sealed.refreshToken, /^rt-/);
      await assert.rejects((await SecretBox.fromSecret(`${SECRET_KEY}-other`)).open(row.tokens));
    });

    it('a state works once; an unknown one changes nothing', async () => {
      const reply = await api.post('/v1/books/connect', { token: admin, body: { provider: 'quickbooks' } });
      const url = new URL(reply.body.authorizationUrl);
      const state = url.searchParams.get('state')!;
      const code = sim.sim.issueCode(REALM, `${server.url}/v1/books/callback`);
      const first = await fetch(`${server.url}/v1/books/callback?state=${state}&code=${code}&realmId=${REALM}`);
      assert.equal(first.status, 200);
      const again = await fetch(`${server.url}/v1/books/callback?state=${state}&code=${code}&realmId=${REALM}`);
      assert.equal(again.status, 400);
      assert.match(await again.text(), /expired or was already used/);
      const forged = await fetch(`${server.url}/v1/books/callback?state=forged&code=x&realmId=${REALM}`);
      assert.equal(forged.status, 400);
      const denied = await api.post('/v1/books/connect', { token: admin, body: { provider: 'quickbooks', returnTo: `${server.url}/examples/` } });
      const deniedState = new URL(denied.body.authorizationUrl).searchParams.get('state')!;
      const back = await fetch(`${server.url}/v1/books/callback?state=${deniedState}&error=access_denied`, { redirect: 'manual' });
      assert.equal(back.status, 302);
      const location = new URL(back.headers.get('location')!);
      assert.equal(location.searchParams.get('books'), 'error');
      assert.match(location.searchParams.get('message')!, /cancelled/);
      assert.equal((await api.get('/v1/books', { token: admin })).body.connection.companyId, REALM, 'still connected');
    });

    it('an expired access token is refreshed once, the rotated refresh token kept', async () => {
      const box = await SecretBox.fromSecret(SECRET_KEY);
      const before = await box.open<{ refreshToken: string }>((await loadConnection(server.db, demoIds.organizationId))!.tokens);
      const refreshes = sim.sim.counters.get(REALM)!.refreshes;
      sim.sim.expireAccessTokens();
      // Four callers at once: QuickBooks sees one refresh, and all of them go on.
      await Promise.all([1, 2, 3, 4].map(() => readCompany(server.books.runtime, demoIds.organizationId)));
      assert.equal(sim.sim.counters.get(REALM)!.refreshes, refreshes + 1);
      const afterRefresh = await box.open<{ refreshToken: string }>((await loadConnection(server.db, demoIds.organizationId))!.tokens);
      assert.notEqual(afterRefresh.refreshToken, before.refreshToken, 'the newest refresh token is stored');
    });

    it('refuses to start with a connected organization and no LEDGERSIDE_SECRET_KEY', async () => {
      const started = startServer({ ...server.storage, port: 0, examplesDir: null, books: { quickbooks: booksConfig(sim).quickbooks } });
      await assert.rejects(started, /Organization org-northwind is connected to its books, but LEDGERSIDE_SECRET_KEY is not set/);
      await started.then((s) => s.close()).catch(() => {});
    });

    it('disconnecting forgets the tokens', async () => {
      expectError(await api.del('/v1/books', { token: await server.token('agent') }), 403, 'forbidden');
      expectStatus(await api.del('/v1/books', { token: admin }), 204);
      assert.equal((await api.get('/v1/books', { token: admin })).body.connection, null);
      assert.equal((await api.get('/v1/session', { token: admin })).body.books, null);
    });
  });
}

describe('a refresh token rotated by another server process (PostgreSQL)', { skip: backends()[1]!.skip }, () => {
  let sim: RunningSim;
  let first: TestServer;
  let second: Awaited<ReturnType<typeof startServer>>;

  before(async () => {
    sim = await startQuickBooksSim({ rateLimit: false });
    sim.sim.addCompany({ realmId: REALM });
    first = await startTestServer('postgres', { books: booksConfig(sim) });
    second = await startServer({ ...first.storage, port: 0, examplesDir: null, rateLimit: false, books: booksConfig(sim) });
    const landed = await connectThroughConsent(client(first.url), await first.token('admin'), REALM);
    assert.equal(landed.status, 200);
  });
  after(async () => {
    await second?.close();
    await first?.destroy();
    await sim?.close();
  });

  it('both processes refresh at once: QuickBooks sees one refresh, both get the new token', async () => {
    const box = await SecretBox.fromSecret(SECRET_KEY);
    const row = (await loadConnection(first.db, demoIds.organizationId))!;
    const old = await box.open<{ accessToken: string }>(row.tokens);
    const refreshes = sim.sim.counters.get(REALM)!.refreshes;
    const config = booksConfig(sim);
    // Both hold the same token, which QuickBooks just refused.
    const [a, b] = await Promise.all([
      accessToken(first.db, box, config.quickbooks!, config, demoIds.organizationId, old.accessToken),
      accessToken(second.db, box, config.quickbooks!, config, demoIds.organizationId, old.accessToken),
    ]);
    assert.equal(a, b);
    assert.notEqual(a, old.accessToken);
    assert.equal(sim.sim.counters.get(REALM)!.refreshes, refreshes + 1);
    // And the API works from either process with it.
    await readCompany(first.books.runtime, demoIds.organizationId);
    await readCompany(second.books.runtime, demoIds.organizationId);
  });
});
