/** The routes that still work while the integration is disabled or deleted (issue 15). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allowedWhileIntegrationOff, whileIntegrationOff } from '../src/rules/integration-gate.js';
import { routeMeta, routeNames } from '../src/route-meta.js';

describe('whileIntegrationOff', () => {
  it('classifies every route of the table, and nothing else', () => {
    assert.deepEqual(Object.keys(whileIntegrationOff).sort(), [...routeNames].sort());
  });

  it('the writes that stay allowed: turning the integration back on, deleting it, reading a thread, signing in from a host app, managing the books connection', () => {
    const writes = routeNames.filter((n) => routeMeta[n].method !== 'GET' && allowedWhileIntegrationOff(n));
    assert.deepEqual(writes.sort(), ['connectBooks', 'deleteIntegration', 'disconnectBooks', 'markRead', 'pipedriveHostSession', 'quickbooksWebhook', 'updateBooksSettings', 'updateIntegration', 'zendeskHostSession']);
  });

  it('a read is never refused; a refused route is always a write', () => {
    fc.assert(
      fc.property(fc.constantFrom(...routeNames), (name) => {
        if (routeMeta[name].method === 'GET') assert.equal(allowedWhileIntegrationOff(name), true, name);
        if (!allowedWhileIntegrationOff(name)) assert.notEqual(routeMeta[name].method, 'GET', name);
        assert.equal(allowedWhileIntegrationOff(name), whileIntegrationOff[name] === 'allowed');
      }),
      { seed: 1504 },
    );
  });

  it('every create, edit and action on billing data is refused', () => {
    for (const name of ['createCustomer', 'updateCustomer', 'putContactLink', 'deleteContactLink', 'putTimeEntries', 'createDocument',
      'updateDocument', 'deleteDocument', 'voidDocument', 'recordPayment', 'emailDocument', 'openConversation', 'postMessage'] as const) {
      assert.equal(allowedWhileIntegrationOff(name), false, name);
    }
  });
});
