// Zoho CRM's adapter against a stand-in for `window.ZOHO` (the embedded-app SDK comes only from
// Zoho's CDN) offering exactly the calls the field notes name — `embeddedApp.on('PageLoad')`,
// `embeddedApp.init()`, `CRM.CONFIG.getCurrentUser()`, `CRM.UI.Resize()` — plus
// `CRM.API.getRecord()`, which reads the record PageLoad names (its fields are not in the event).
import { expect, waitUntil } from '@open-wc/testing';
import type { HostApp } from '../host-app.js';
import { agentToken, mountPoint, offered, recorder, startBackend, textOf } from '../testing/backend.js';
import { startZohoCrmApp, ZOHO_CRM_HEIGHT } from './zoho-crm.js';
import type { ZohoCrmPageLoad, ZohoCrmSdk } from './sdk.js';

const ZOHO_CRM_CALLS = ['CRM.API.getRecord', 'CRM.CONFIG.getCurrentUser', 'CRM.UI.Resize', 'embeddedApp.init', 'embeddedApp.on'];

function standIn(page: ZohoCrmPageLoad) {
  const { record, calls, paths } = recorder();
  let onPageLoad: ((data: ZohoCrmPageLoad) => void) | undefined;
  const records: Record<string, Record<string, unknown>> = {
    'Deals/5001': { id: '5001', Deal_Name: 'Acme expansion', Contact_Name: { id: '6001', name: 'Ana Smith' } },
    'Contacts/6001': { id: '6001', First_Name: 'Ana', Last_Name: 'Smith', Email: 'billing@acme.test', Secondary_Email: 'ap@acme.test', Phone: '+1 555 0100', Account_Name: { id: '1', name: 'Acme Corp' } },
  };
  const sdk: ZohoCrmSdk = {
    embeddedApp: {
      on: record('embeddedApp.on', (_event: 'PageLoad', handler: (data: ZohoCrmPageLoad) => void) => void (onPageLoad = handler)),
      init: record('embeddedApp.init', async () => {
        setTimeout(() => onPageLoad?.(page), 0);
        return true;
      }),
    },
    CRM: {
      CONFIG: { getCurrentUser: record('CRM.CONFIG.getCurrentUser', async () => ({ users: [{ id: '1', full_name: 'Alex Agent', email: 'alex@northwind.test', locale: 'cs_CZ' }] })) },
      UI: { Resize: record('CRM.UI.Resize', async (_size: { height?: number }) => ({})) },
      API: { getRecord: record('CRM.API.getRecord', async ({ Entity, RecordID }: { Entity: string; RecordID: string }) => ({ data: records[`${Entity}/${RecordID}`] ? [records[`${Entity}/${RecordID}`]!] : [] })) },
    },
  };
  return { sdk, calls, paths };
}

describe('Zoho CRM adapter', function () {
  this.timeout(40_000);
  let stop: () => void;
  let app: HostApp | undefined;
  before(async function () {
    this.timeout(60_000);
    stop = await startBackend();
  });
  after(() => stop());
  afterEach(() => app?.destroy());

  it('a deal’s PageLoad gives the deal and its contact (both emails); the widget resizes within its limits', async () => {
    const { sdk, calls, paths } = standIn({ Entity: 'Deals', EntityId: ['5001'] });
    expect(offered(sdk)).to.deep.equal(ZOHO_CRM_CALLS);
    app = await startZohoCrmApp({ sdk, getToken: agentToken, root: mountPoint() });
    await waitUntil(() => app!.provider.dealId === 'zoho-crm-deal-5001', 'the deal');
    expect(app.provider.contact).to.deep.equal({
      id: 'zoho-crm-contact-6001', name: 'Ana Smith', firstName: 'Ana', lastName: 'Smith', email: 'billing@acme.test', secondaryEmail: 'ap@acme.test', company: 'Acme Corp', phone: '+1 555 0100',
    });
    expect(app.provider.locale).to.equal('cs-CZ');
    await waitUntil(() => textOf(app!.frame).includes('K tomuto obchodu zatím nejsou'), 'the sidebar shows the deal (in Czech)', { timeout: 20_000 });
    const heights = calls.filter((c) => c.path === 'CRM.UI.Resize').map((c) => (c.args[0] as { height: number }).height);
    expect(heights.length).to.be.greaterThan(0);
    for (const h of heights) expect(h).to.be.within(ZOHO_CRM_HEIGHT.min, ZOHO_CRM_HEIGHT.max);
    expect(paths()).to.deep.equal(ZOHO_CRM_CALLS);
    await expect(app.frame).to.be.accessible();
  });

  it('a record it does not serve (an account) says so in words', async () => {
    const { sdk } = standIn({ Entity: 'Accounts', EntityId: '1' });
    app = await startZohoCrmApp({ sdk, getToken: agentToken, root: mountPoint() });
    await waitUntil(() => app!.frame.reason === 'unsupported-place', 'refused');
    app.setLocale('en');
    await waitUntil(() => textOf(app!.frame.shadowRoot!).includes('Not available here'), 'words', { timeout: 5000 });
    await expect(app.frame).to.be.accessible();
  });
});
