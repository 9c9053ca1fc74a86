import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  actionState,
  canTransition,
  checkPayment,
  displayStatus,
  documentActions,
  documentStatuses,
  invoiceStatuses,
  quoteStatuses,
  transitionReasons,
  type DocumentStatus,
} from '../src/status.js';
import { can, permissionsOf, roles, rolesWith } from '../src/permissions.js';
import { allowsConversation, transactionTypes } from '../src/eligibility.js';
import { routes, routeNames, findRoute, buildPath, rolesAllowed, isRetrySafe, type RouteDef } from '../src/routes.js';
import { routeMeta } from '../src/route-meta.js';

/** The whole machine, written out: every allowed (from → to) move; everything else is refused. */
const allowedInvoice = new Set([
  'draft→sent',
  'draft→void',
  'sent→void',
  'partially_paid→void',
  'draft→deleted',
  'sent→deleted',
  // by payment only:
  'draft→partially_paid*',
  'draft→paid*',
  'sent→partially_paid*',
  'sent→paid*',
  'partially_paid→partially_paid*',
  'partially_paid→paid*',
]);
const allowedQuote = new Set([
  'draft→sent',
  'sent→accepted',
  'sent→declined',
  'sent→expired',
  'draft→invoiced',
  'sent→invoiced',
  'accepted→invoiced',
  'draft→deleted',
  'sent→deleted',
  'accepted→deleted',
  'declined→deleted',
  'expired→deleted',
]);

describe('document status machine (every pair)', () => {
  for (const kind of ['invoice', 'quote'] as const) {
    const allowed = kind === 'invoice' ? allowedInvoice : allowedQuote;
    for (const from of documentStatuses) {
      for (const to of documentStatuses) {
        for (const viaPayment of [false, true]) {
          const pair = `${from}→${to}`;
          const key = `${pair}${viaPayment ? '*' : ''}`;
          // A payment can make every move a plain change can, plus the starred ones.
          const expected = allowed.has(pair) || (viaPayment && allowed.has(`${pair}*`));
          it(`${kind}: ${key} is ${expected ? 'allowed' : 'refused'}`, () => {
            const result = canTransition(kind, from, to, viaPayment);
            assert.equal(result.ok, expected);
            if (!result.ok) {
              assert.ok(result.reason in transitionReasons, `named reason: ${result.reason}`);
              assert.equal(result.message, transitionReasons[result.reason]);
            }
          });
        }
      }
    }
  }

  it('void and deleted are final, with their own reasons', () => {
    for (const to of invoiceStatuses) {
      const fromVoid = canTransition('invoice', 'void', to, true);
      assert.ok(!fromVoid.ok && fromVoid.reason === 'void_is_final');
      const fromDeleted = canTransition('invoice', 'deleted', to, true);
      assert.ok(!fromDeleted.ok && fromDeleted.reason === 'deleted_is_final');
    }
    const paid = canTransition('invoice', 'paid', 'void');
    assert.ok(!paid.ok && paid.reason === 'paid_cannot_be_voided');
  });

  it('statuses of the other kind are refused as such', () => {
    const r = canTransition('quote', 'draft', 'paid', true);
    assert.ok(!r.ok && r.reason === 'not_a_status_of_kind');
    assert.ok(!(quoteStatuses as readonly string[]).includes('void'));
  });
});

describe('payments and overdue', () => {
  it('a payment moves to partially_paid or paid, never beyond the balance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: -10, max: 2e9 }), fc.constantFrom<DocumentStatus>(...invoiceStatuses), (balance, amount, status) => {
        const r = checkPayment({ kind: 'invoice', status, dueDate: null, balance }, amount);
        if (amount <= 0) return assert.ok(!r.ok && r.reason === 'amount_not_positive');
        if (amount > balance) return assert.ok(!r.ok && r.reason === 'overpayment');
        if (status === 'void' || status === 'deleted' || status === 'paid') return assert.equal(r.ok, false);
        assert.ok(r.ok);
        assert.equal(r.to, amount === balance ? 'paid' : 'partially_paid');
      }),
      { seed: 5 },
    );
  });

  it('overdue is derived: sent or partly paid, balance left, past the due date', () => {
    const base = { kind: 'invoice' as const, dueDate: '2026-11-01', balance: 100 };
    assert.equal(displayStatus({ ...base, status: 'sent' }, '2026-11-23'), 'overdue');
    assert.equal(displayStatus({ ...base, status: 'partially_paid' }, '2026-11-23'), 'overdue');
    assert.equal(displayStatus({ ...base, status: 'sent' }, '2026-11-01'), 'sent'); // due today is not late
    assert.equal(displayStatus({ ...base, status: 'sent', balance: 0 }, '2026-11-23'), 'sent');
    assert.equal(displayStatus({ ...base, status: 'draft' }, '2026-11-23'), 'draft');
    assert.equal(displayStatus({ ...base, status: 'sent', dueDate: null }, '2026-11-23'), 'sent');
    assert.equal(displayStatus({ ...base, kind: 'quote', status: 'sent' }, '2026-11-23'), 'sent');
  });
});

describe('actions per status and role', () => {
  it('a light agent and a client can only read, whatever the status', () => {
    for (const role of ['light_agent', 'client'] as const) {
      for (const status of invoiceStatuses) {
        for (const action of documentActions) {
          const state = actionState({ kind: 'invoice', status, dueDate: null, balance: 10 }, action, permissionsOf(role));
          if (['open', 'pdf', 'open_external'].includes(action)) continue;
          assert.equal(state.allowed, false, `${role} ${action} on ${status}`);
          assert.ok(!state.allowed && state.reason === 'forbidden');
        }
      }
    }
  });

  it('an agent’s actions follow the machine', () => {
    const agent = permissionsOf('agent');
    const on = (status: DocumentStatus, kind: 'invoice' | 'quote' = 'invoice', balance = 100) =>
      Object.fromEntries(documentActions.map((a) => [a, actionState({ kind, status, dueDate: null, balance }, a, agent).allowed]));
    assert.deepEqual(on('draft'), { open: true, edit: true, clone: true, void: true, mark_sent: true, email: true, delete: true, pdf: true, open_external: true, convert: false, record_payment: true });
    assert.deepEqual(on('paid', 'invoice', 0), { open: true, edit: false, clone: true, void: false, mark_sent: false, email: true, delete: false, pdf: true, open_external: true, convert: false, record_payment: false });
    assert.deepEqual(on('void'), { open: true, edit: false, clone: true, void: false, mark_sent: false, email: false, delete: false, pdf: true, open_external: true, convert: false, record_payment: false });
    assert.deepEqual(on('deleted'), { open: true, edit: false, clone: false, void: false, mark_sent: false, email: false, delete: false, pdf: false, open_external: false, convert: false, record_payment: false });
    assert.deepEqual(on('accepted', 'quote'), { open: true, edit: false, clone: true, void: false, mark_sent: false, email: true, delete: true, pdf: true, open_external: true, convert: true, record_payment: false });
  });
});

describe('permissions and eligibility', () => {
  it('roles: admin manages settings, agent works, light agent reads and comments, client talks', () => {
    assert.ok(can('admin', 'integration.manage'));
    assert.ok(!can('agent', 'integration.manage') && can('agent', 'documents.write'));
    assert.deepEqual(
      permissionsOf('light_agent').filter((p) => !p.endsWith('.read')),
      ['messages.post'],
    );
    assert.ok(can('client', 'messages.post') && !can('client', 'customers.read'));
    assert.deepEqual(rolesWith('documents.write'), ['admin', 'agent']);
    assert.equal(roles.length, 4);
  });

  it('conversations: allowed on posting transactions, refused on the rest (seed 004)', () => {
    const allowed = transactionTypes.filter(allowsConversation);
    assert.deepEqual(allowed, ['invoice', 'quote', 'customer_payment', 'vendor_check', 'credit_card_transaction']);
    for (const t of ['sales_receipt', 'expense', 'billable_expense', 'delayed_charge', 'credit_memo', 'paycheck', 'nonsense']) {
      assert.equal(allowsConversation(t), false, t);
    }
  });
});

describe('route table', () => {
  it('every route of api.md is there, once', () => {
    const seen = new Set(routeNames.map((n) => `${routes[n].method} ${routes[n].path}`));
    assert.equal(seen.size, routeNames.length);
    for (const line of [
      'GET /session', 'GET /customers', 'POST /customers', 'GET /customers/:id', 'PATCH /customers/:id',
      'GET /contact-links/:contactId', 'PUT /contact-links/:contactId', 'DELETE /contact-links/:contactId',
      'PUT /time-entries', 'GET /time-entries', 'GET /products', 'GET /documents', 'GET /documents/summary',
      'POST /documents', 'GET /documents/:id', 'PATCH /documents/:id', 'DELETE /documents/:id',
      'POST /documents/:id/clone', 'POST /documents/:id/void', 'POST /documents/:id/mark-sent',
      'POST /documents/:id/email', 'POST /documents/:id/convert', 'POST /documents/:id/payments',
      'GET /documents/:id/pdf', 'GET /conversations', 'GET /conversations/:id/messages',
      'POST /conversations/:id/messages', 'POST /conversations/:id/read', 'GET /unread', 'GET /recipients',
      'GET /integration', 'PUT /integration', 'DELETE /integration', 'GET /events', 'GET /openapi.json',
    ]) {
      assert.ok(seen.has(line), line);
    }
  });

  it('creates take idempotency keys and changes to versioned resources need If-Match', () => {
    for (const name of ['createCustomer', 'createDocument', 'postMessage', 'recordPayment'] as const) {
      assert.ok(routes[name].idempotencyKey, name);
      assert.ok(isRetrySafe(routes[name]));
    }
    for (const name of ['updateDocument', 'voidDocument', 'markDocumentSent', 'deleteDocument', 'updateCustomer'] as const) {
      assert.ok(routes[name].ifMatch, name);
    }
    assert.equal(isRetrySafe(routes.updateDocument), false);
    assert.deepEqual(rolesAllowed(routes.updateIntegration), ['admin']);
  });

  it('finds routes, static segments first', () => {
    assert.equal(findRoute('GET', '/documents/summary')?.name, 'documentSummary');
    assert.deepEqual(findRoute('GET', '/documents/d%201')?.params, { id: 'd 1' });
    assert.equal(findRoute('POST', '/documents/x/void')?.name, 'voidDocument');
    assert.equal(findRoute('PATCH', '/session'), null);
    assert.equal(buildPath('/documents/:id/pdf', { id: 'a/b' }), '/documents/a%2Fb/pdf');
  });

  it('the schema-free table the client calls from (route-meta) is the same table', () => {
    assert.deepEqual(Object.keys(routes), Object.keys(routeMeta));
    for (const name of routeNames) {
      const route: RouteDef = routes[name];
      for (const [key, value] of Object.entries(routeMeta[name])) assert.equal(route[key as keyof RouteDef], value, `${name}.${key}`);
      assert.equal(route.body !== undefined, route.hasBody, `${name}: a body schema iff hasBody`);
      assert.equal(route.response !== null, route.responseKind === 'json', `${name}: a response schema iff it answers JSON`);
    }
  });
});

describe('summary per currency', () => {
  it('counts issued invoices only, per currency, with overdue balances', async () => {
    const { summarizeDocuments } = await import('../src/summary.js');
    const doc = (currency: string, status: DocumentStatus, total: number, balance: number, dueDate: string | null = null, kind: 'invoice' | 'quote' = 'invoice') => ({
      kind, status, currency, dueDate, balance, totals: { total },
    });
    const summary = summarizeDocuments(
      [
        doc('EUR', 'sent', 1000, 1000, '2026-11-01'),
        doc('EUR', 'partially_paid', 500, 200),
        doc('EUR', 'paid', 300, 0),
        doc('EUR', 'draft', 9999, 9999),
        doc('EUR', 'void', 9999, 9999),
        doc('EUR', 'sent', 9999, 9999, null, 'quote'),
        doc('USD', 'sent', 700, 700, '2026-12-31'),
      ],
      '2026-11-23',
    );
    assert.deepEqual(summary.currencies, [
      { currency: 'EUR', count: 3, invoiced: 1800, outstanding: 1200, overdue: 1000 },
      { currency: 'USD', count: 1, invoiced: 700, outstanding: 700, overdue: 0 },
    ]);
  });

  it('groups the rule cannot tell apart add up to the same summary as their documents (how the server sums in SQL)', async () => {
    const { summarizeDocuments } = await import('../src/summary.js');
    const today = '2026-11-23';
    const document = fc.record({
      currency: fc.constantFrom('EUR', 'USD', 'CZK'),
      status: fc.constantFrom<DocumentStatus>(...invoiceStatuses),
      dueDate: fc.option(fc.constantFrom('2026-11-01', '2026-11-22', '2026-11-23', '2026-12-31'), { nil: null }),
      total: fc.integer({ min: 0, max: 1_000_000 }),
      paid: fc.integer({ min: 0, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(document, { maxLength: 40 }), (docs) => {
        const facts = docs.map((d) => ({ kind: 'invoice' as const, status: d.status, currency: d.currency, dueDate: d.dueDate, balance: d.total - Math.min(d.paid, d.total), totals: { total: d.total } }));
        // As documentSummary's GROUP BY: currency, status, due date and the balance's sign.
        const groups = new Map<string, (typeof facts)[number] & { count: number }>();
        for (const f of facts) {
          const key = JSON.stringify([f.currency, f.status, f.dueDate, Math.sign(f.balance)]);
          const g = groups.get(key);
          if (g) Object.assign(g, { count: g.count + 1, balance: g.balance + f.balance, totals: { total: g.totals.total + f.totals.total } });
          else groups.set(key, { ...f, count: 1 });
        }
        assert.deepEqual(summarizeDocuments(groups.values(), today), summarizeDocuments(facts, today));
      }),
      { seed: 2101 },
    );
  });
});
