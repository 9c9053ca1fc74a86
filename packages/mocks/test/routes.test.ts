import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPath, routeNames, routes, type RouteDef } from '@ledgerside/contract';
import { demoIds } from '@ledgerside/mocks/legacy';
import { as, call, serve } from './helpers.js';

const params = { id: demoIds.invoices.draft, contactId: demoIds.contacts.mapped };

describe('the route table', () => {
  it('every route has a handler that answers in the API\'s shape (never a passthrough or a 500)', async () => {
    // `listen('error')`: an unhandled request would reject the fetch.
    serve('demo');
    for (const name of routeNames) {
      const route: RouteDef = routes[name];
      if (route.responseKind === 'sse') continue; // streamed: see events.test.ts
      const path = buildPath(route.path, name === 'listMessages' || name === 'postMessage' || name === 'markRead' ? { id: demoIds.conversationId } : params);
      const { status, json } = await call(route.method, path, { token: as(demoIds.users.admin), body: route.body ? {} : undefined });
      assert.ok(status < 500, `${name}: ${status} ${JSON.stringify(json)}`);
      if (status >= 400) assert.equal(typeof json.error.code, 'string', name);
    }
  });

  it('serves the generated OpenAPI document without a token', async () => {
    serve('empty');
    const { status, json } = await call('GET', '/openapi.json', { token: null });
    assert.equal(status, 200);
    assert.equal(json.openapi, '3.1.0');
  });

  it('matches only under its base URL when given an absolute one', async () => {
    serve('demo', { baseUrl: 'http://ledger.test/v1' });
    assert.equal((await call('GET', '/session')).status, 200);
    await assert.rejects(fetch('http://elsewhere.test/v1/session'), 'unhandled, so the strict server refuses it');
  });
});
