/** Conversation recipients (issue 15): the server's rule, pure, in one place. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { conversationRecipients, type RecipientCandidates } from '../src/rules/recipients.js';

// Few ids and addresses, so duplicates (across people, in other cases) are common.
const id = fc.constantFrom('u-1', 'u-2', 'u-3', 'c-1', 'c-2', 'cus-1');
const email = fc.constantFrom('ana@acme.test', 'ANA@acme.test', 'bo@acme.test', 'cy@firm.test', 'broken', 'dee@firm.test');
const person = fc.record({ id, name: fc.constantFrom('Ana', 'Bo', 'Cy'), email });
const candidates: fc.Arbitrary<RecipientCandidates> = fc.record({
  caller: fc.record({ id, email }),
  firmUsers: fc.array(person, { maxLength: 4 }),
  clientUsers: fc.array(person, { maxLength: 3 }),
  contacts: fc.array(
    fc.record({ id, contact: fc.record({ name: fc.option(fc.constantFrom('', 'Ana S.'), { nil: undefined }), firstName: fc.option(fc.constant('Bo'), { nil: undefined }), email: fc.option(email, { nil: undefined }) }) }),
    { maxLength: 3 },
  ),
  customer: fc.option(fc.record({ id: fc.constant('cus-1'), displayName: fc.constant('Acme'), email }), { nil: null }),
});

describe('conversationRecipients', () => {
  it('the firm first, then the customer\'s people; a mapped contact who is also a client user appears once', () => {
    const list = conversationRecipients({
      caller: { id: 'u-agent', email: 'agent@firm.test' },
      firmUsers: [{ id: 'u-agent', name: 'Agent', email: 'agent@firm.test' }, { id: 'u-admin', name: 'Admin', email: 'admin@firm.test' }],
      clientUsers: [{ id: 'u-client', name: 'Ana Smith', email: 'ana@acme.test' }],
      contacts: [{ id: 'contact-ana', contact: { firstName: 'Ana', lastName: 'Smith', email: 'ANA@acme.test' } }, { id: 'contact-bo', contact: { email: 'bo@acme.test' } }, { id: 'contact-x', contact: {} }],
      customer: { id: 'cus-acme', displayName: 'Acme', email: 'billing@acme.test' },
    });
    assert.deepEqual(list, [
      { id: 'u-admin', name: 'Admin', email: 'admin@firm.test', kind: 'firm_user' },
      { id: 'u-client', name: 'Ana Smith', email: 'ana@acme.test', kind: 'customer_contact' },
      { id: 'contact-bo', name: 'bo@acme.test', email: 'bo@acme.test', kind: 'customer_contact' },
    ]);
  });

  it('the customer\'s own address only when it has no client user or mapped contact with an address', () => {
    const base = { caller: { id: 'u-agent', email: 'agent@firm.test' }, firmUsers: [], customer: { id: 'cus-acme', displayName: 'Acme', email: 'billing@acme.test' } };
    assert.deepEqual(conversationRecipients({ ...base, clientUsers: [], contacts: [{ id: 'c', contact: {} }] }).map((r) => r.id), ['cus-acme']);
    assert.deepEqual(conversationRecipients({ ...base, clientUsers: [], contacts: [{ id: 'c', contact: { email: 'c@acme.test' } }] }).map((r) => r.id), ['c']);
  });

  it('each id and each address (any case) once, never the caller, every address with @', () => {
    fc.assert(
      fc.property(candidates, (c) => {
        const list = conversationRecipients(c);
        const ids = list.map((r) => r.id);
        const emails = list.map((r) => r.email.toLowerCase());
        assert.equal(new Set(ids).size, ids.length);
        assert.equal(new Set(emails).size, emails.length);
        assert.ok(!ids.includes(c.caller.id));
        assert.ok(!emails.includes(c.caller.email.toLowerCase()));
        assert.ok(list.every((r) => r.email.includes('@')));
      }),
      { seed: 1517 },
    );
  });

  it('keeps the candidates\' order and drops only duplicates, the caller and broken addresses', () => {
    fc.assert(
      fc.property(candidates, (c) => {
        const list = conversationRecipients(c);
        const firm = list.filter((r) => r.kind === 'firm_user');
        // The firm's users come first, in the order given.
        assert.deepEqual(list.slice(0, firm.length), firm);
        const order = c.firmUsers.map((u) => u.id);
        const positions = firm.map((r) => order.indexOf(r.id));
        assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
        // A firm user is left out only for a reason.
        for (const u of c.firmUsers) {
          if (ids(list).includes(u.id)) continue;
          const why = u.id === c.caller.id || u.email.toLowerCase() === c.caller.email.toLowerCase() || !u.email.includes('@') ||
            list.some((r) => r.id === u.id || r.email.toLowerCase() === u.email.toLowerCase()) ||
            c.firmUsers.slice(0, c.firmUsers.indexOf(u)).some((v) => v.id === u.id || v.email.toLowerCase() === u.email.toLowerCase());
          assert.ok(why, `${u.id} <${u.email}> dropped without a reason`);
        }
      }),
      { seed: 1518 },
    );
  });
});

const ids = (list: { id: string }[]) => list.map((r) => r.id);
