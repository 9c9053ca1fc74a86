// Drift detection is pure logic: these run without a component (in Chromium, like every
// test beside the elements).
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { CustomerUpdate, type Address, type HostContact } from '@ledgerside/contract';
import { detectDrift, driftUpdate, matchedEmail, sameAddress } from './drift.js';

const address: Address = { line1: '1 Acme Way', line2: 'Suite 100', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };
const customer = { email: 'billing@acme.test', billingAddress: address, taxId: 'US-12-3456789' };
const contact: HostContact = { id: 'c1', email: 'billing@acme.test', address, taxId: 'US-12-3456789' };

describe('detectDrift', () => {
  it('finds nothing when the contact matches the customer', () => {
    expect(detectDrift(contact, customer)).to.deep.equal([]);
  });

  it('reports a changed email, address and tax id with both values', () => {
    const moved = { ...address, line2: 'Suite 200' };
    const drift = detectDrift({ ...contact, email: 'ap@acme.test', address: moved, taxId: 'US-99-0000000' }, customer);
    expect(drift.map((d) => d.field)).to.deep.equal(['email', 'billingAddress', 'taxId']);
    expect(drift[0]).to.deep.equal({ field: 'email', contact: 'ap@acme.test', customer: 'billing@acme.test' });
    expect(drift[1]).to.deep.include({ field: 'billingAddress', customer: address });
    expect((drift[1]!.contact as Address).line2).to.equal('Suite 200');
    expect(drift[2]).to.deep.equal({ field: 'taxId', contact: 'US-99-0000000', customer: 'US-12-3456789' });
  });

  it('ignores case and spacing the way a person would', () => {
    const same = detectDrift(
      {
        ...contact,
        email: '  Billing@ACME.test ',
        address: { ...address, line1: '1  acme way', city: 'SPRINGFIELD ', country: 'us', line2: 'suite 100' },
        taxId: 'us 12 3456789',
      },
      customer,
    );
    expect(same).to.deep.equal([]);
  });

  it('folds case the same in every engine and locale, "ß" and "SS" included', () => {
    const street = { ...address, line1: 'Hauptstraße 5', city: 'Köln', country: 'DE' };
    const same = detectDrift({ ...contact, address: { ...street, line1: 'HAUPTSTRASSE 5', city: 'KÖLN' } }, { ...customer, billingAddress: street });
    expect(same).to.deep.equal([]);
  });

  it('keeps accents significant: they print on the invoice', () => {
    const drift = detectDrift({ ...contact, address: { ...address, city: 'Springfíeld' } }, customer);
    expect(drift.map((d) => d.field)).to.deep.equal(['billingAddress']);
  });

  it('never asks to erase what the host does not know', () => {
    expect(detectDrift({ id: 'c1' }, customer)).to.deep.equal([]);
    expect(detectDrift({ id: 'c1', email: '', taxId: ' ', address: { line1: '', city: '', postalCode: '', country: '' } }, customer)).to.deep.equal([]);
  });

  it('offers the host address when the customer has none', () => {
    const drift = detectDrift(contact, { ...customer, billingAddress: null });
    expect(drift).to.have.length(1);
    expect(drift[0]).to.deep.include({ field: 'billingAddress', customer: null });
  });

  it("never proposes overwriting the primary email with the customer's secondary one (Jana at Hradec)", () => {
    const hradec = { email: 'fakturace@hradec.test', secondaryEmail: 'jana@hradec.test', billingAddress: null, taxId: 'CZ12345678' };
    const jana: HostContact = { id: 'contact-jana', email: 'Jana@Hradec.test' };
    expect(detectDrift(jana, hradec)).to.deep.equal([]);
    expect(matchedEmail(jana, hradec)).to.equal('secondaryEmail');
    expect(matchedEmail({ id: 'x', email: 'fakturace@hradec.test' }, hradec)).to.equal('email');
    expect(matchedEmail({ id: 'x', email: 'other@hradec.test' }, hradec)).to.equal(undefined);
    // The contact's own secondary email being the customer's primary one is a match too.
    expect(detectDrift({ id: 'x', email: 'new@hradec.test', secondaryEmail: 'fakturace@hradec.test' }, hradec)).to.deep.equal([]);
    // An email that is neither of the customer's still differs.
    expect(detectDrift({ id: 'x', email: 'other@hradec.test' }, hradec).map((d) => d.field)).to.deep.equal(['email']);
  });

  it('an email that is one of the customer\'s never yields an email difference (property)', () => {
    const email = fc.emailAddress();
    fc.assert(
      fc.property(email, email, fc.boolean(), fc.boolean(), (primary, secondary, useSecondary, upper) => {
        const customerEmails = { email: primary, secondaryEmail: secondary, billingAddress: null, taxId: '' };
        const chosen = useSecondary ? secondary : primary;
        const host: HostContact = { id: 'c', email: upper ? chosen.toUpperCase() : chosen };
        expect(detectDrift(host, customerEmails).some((d) => d.field === 'email')).to.equal(false);
        expect(matchedEmail(host, customerEmails)).to.not.equal(undefined);
      }),
      { numRuns: 200 },
    );
  });

  it('treats a missing optional line like an empty one', () => {
    const { line2: _l, region: _r, ...short } = address;
    expect(sameAddress(short, { ...short, line2: '', region: ' ' })).to.equal(true);
  });
});

describe('driftUpdate', () => {
  it('sends only the chosen fields, in the contract shape', () => {
    const drift = detectDrift({ ...contact, email: 'ap@acme.test', address: { ...address, country: 'us', line2: ' ' }, taxId: 'X1' }, customer);
    const all = driftUpdate(drift);
    expect(all).to.deep.equal({
      email: 'ap@acme.test',
      billingAddress: { line1: '1 Acme Way', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
      taxId: 'X1',
    });
    expect(CustomerUpdate.safeParse(all).success).to.equal(true);
    expect(driftUpdate(drift, new Set(['taxId']))).to.deep.equal({ taxId: 'X1' });
  });

  it('leaves no drift once applied (property)', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ]{0,12}$/);
    const addr = fc.record({ line1: word, city: word, postalCode: word, country: fc.constantFrom('US', 'CZ', 'gb', '') });
    const email = fc.emailAddress();
    fc.assert(
      fc.property(
        fc.record({ email: fc.option(email, { nil: undefined }), address: fc.option(addr, { nil: undefined }), taxId: fc.option(word, { nil: undefined }) }),
        fc.record({ email, billingAddress: fc.option(addr, { nil: null }), taxId: word }),
        (host, billing) => {
          const hostContact: HostContact = { id: 'c', ...host };
          const update = driftUpdate(detectDrift(hostContact, billing));
          const after = { ...billing, ...update };
          expect(detectDrift(hostContact, after)).to.deep.equal([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
