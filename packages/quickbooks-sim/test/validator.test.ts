/**
 * The simulator's request validation: JSON Schema derived from Intuit's XSDs accepts the
 * bodies QuickBooks documents and refuses wrong ones — over HTTP too, where a refused body
 * changes nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { entitySchema, validateEntity } from '../src/index.js';
import { invoiceBody, simWithCompany, type Json } from './helpers.js';

describe('JSON Schema derived from Finance.xsd, IntuitBaseTypes.xsd and IntuitNamesTypes.xsd', () => {
  test('has Customer, Invoice, Estimate, Payment and their Line types, strict about unknown fields', () => {
    const defs = (entitySchema() as { $defs: Record<string, Json> }).$defs;
    for (const name of ['Customer', 'Invoice', 'Estimate', 'Payment', 'Line', 'SalesItemLineDetail', 'TxnTaxDetail', 'LinkedTxn', 'ReferenceType', 'PhysicalAddress', 'EmailAddress']) {
      assert.ok(defs[name], `${name} is defined`);
    }
    assert.equal(defs.Invoice.additionalProperties, false);
    assert.equal(defs.Line.properties.LinkedTxn.type, 'array', 'maxOccurs="unbounded" becomes an array');
    assert.deepEqual(defs.EmailStatusEnum.enum, ['NotSet', 'NeedToSend', 'EmailSent']);
  });

  test('accepts what the documentation shows for each entity', () => {
    assert.deepEqual(validateEntity('Invoice', invoiceBody('1')), []);
    assert.deepEqual(validateEntity('Estimate', { ...invoiceBody('1'), TxnStatus: 'Pending', ExpirationDate: '2026-03-01' }), []);
    assert.deepEqual(
      validateEntity('Customer', {
        DisplayName: 'Acme Corp',
        GivenName: 'Ana',
        FamilyName: 'Smith',
        CompanyName: 'Acme Corp',
        PrimaryEmailAddr: { Address: 'ana@acme.test' },
        BillAddr: { Line1: '1 Main St', City: 'Springfield', PostalCode: '12345', Country: 'US' },
        PrimaryTaxIdentifier: 'US-123',
        CurrencyRef: { value: 'USD' },
        OtherContactInfo: [{ Type: 'EmailAddress', Email: { Address: 'billing@acme.test' } }],
      }),
      [],
    );
    assert.deepEqual(
      validateEntity('Payment', {
        CustomerRef: { value: '1' },
        TotalAmt: 150,
        TxnDate: '2026-01-20',
        Line: [{ Amount: 150, LinkedTxn: [{ TxnId: '3', TxnType: 'Invoice' }] }],
      }),
      [],
    );
    assert.deepEqual(validateEntity('Invoice', { Id: '3', SyncToken: '2', sparse: true, EmailStatus: 'EmailSent' }), []);
  });

  test('refuses a wrong body, saying where', () => {
    const wrong: [string, Json, RegExp][] = [
      ['an invented field', { ...invoiceBody('1'), Status: 'Paid' }, /additional properties: Status/],
      ['an amount as text', invoiceBody('1', { Line: [{ DetailType: 'SalesItemLineDetail', Amount: '150.00', SalesItemLineDetail: {} }] }), /\/Line\/0\/Amount: must be number/],
      ['an unknown EmailStatus', { ...invoiceBody('1'), EmailStatus: 'Sent' }, /\/EmailStatus: must be equal to one of the allowed values/],
      ['a line with two details', invoiceBody('1', { Line: [{ DetailType: 'SalesItemLineDetail', Amount: 1, SalesItemLineDetail: {}, DiscountLineDetail: {} }] }), /\/Line\/0: must NOT be valid/],
      ['Line as one object', { ...invoiceBody('1'), Line: { DetailType: 'SalesItemLineDetail', Amount: 1 } }, /\/Line: must be array/],
      ['a reference with a stray field', { ...invoiceBody('1'), CustomerRef: { value: '1', id: '1' } }, /\/CustomerRef: must NOT have additional properties: id/],
      ['a boolean as text', { ...invoiceBody('1'), AllowOnlineCreditCardPayment: 'yes' }, /must be boolean/],
      ['a date that is not one', { ...invoiceBody('1'), TxnDate: '15/01/2026' }, /\/TxnDate: must match format "date"/],
    ];
    for (const [what, body, expected] of wrong) {
      const issues = validateEntity('Invoice', body);
      assert.ok(issues.length > 0, `${what} is refused`);
      assert.match(issues.map((i) => `${i.path}: ${i.message}`).join('\n'), expected, what);
    }
    assert.ok(validateEntity('Customer', { DisplayName: 'X', PrimaryEmailAddr: 'x@y.test' }).length, 'an email as a bare string');
    assert.ok(validateEntity('Payment', { CustomerRef: { value: '1' }, TotalAmt: 1, Line: [{ Amount: 1, LinkedTxn: { TxnId: '3', TxnType: 'Invoice' } }] }).length);
  });
});

describe('the simulator validates every request body', () => {
  let running: Awaited<ReturnType<typeof simWithCompany>>;
  before(async () => {
    running = await simWithCompany();
  });
  after(() => running.close());

  test('a wrong body is 400 with code 2010 and nothing is created; the right one is created', async () => {
    const customer = await running.api('POST', '/customer', { DisplayName: 'Acme Corp', PrimaryEmailAddr: { Address: 'ana@acme.test' } });
    assert.equal(customer.status, 200, customer.text);
    const before = running.sim.company(running.sim.companies.keys().next().value!).count('Invoice');
    const wrong = await running.api('POST', '/invoice', { ...invoiceBody(customer.body.Customer.Id), Status: 'Paid' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.Fault.type, 'ValidationFault');
    assert.equal(wrong.body.Fault.Error[0].code, '2010');
    assert.match(wrong.body.Fault.Error[0].Detail, /Status/);
    assert.equal(running.sim.company(running.sim.companies.keys().next().value!).count('Invoice'), before, 'nothing was created');
    const right = await running.api('POST', '/invoice', invoiceBody(customer.body.Customer.Id));
    assert.equal(right.status, 200, right.text);
    assert.equal(running.sim.company(running.sim.companies.keys().next().value!).count('Invoice'), before + 1);
  });
});
