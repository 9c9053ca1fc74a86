/**
 * Ledgerside as a Zoho CRM widget on a deal or a case (a button, a related list or a web tab
 * opened on the record), through the embedded-app SDK (./sdk.ts):
 * - `ZOHO.embeddedApp.on('PageLoad', d => …)` names the record (`d.Entity`, `d.EntityId`),
 *   then `ZOHO.embeddedApp.init()`; `ZOHO.CRM.API.getRecord` reads it and its contact;
 * - `ZOHO.CRM.CONFIG.getCurrentUser()` gives the agent's language;
 * - `ZOHO.CRM.UI.Resize({ height })` on every layout change.
 * Zoho CRM signs nothing about the user: the token comes from your backend (`getToken`), which
 * knows its user by its own sign-in.
 */
import type { GetToken } from '@ledgerside/client';
import { hostContact } from '../contact.js';
import { HostApp, type HostAppOptions } from '../host-app.js';
import { HostSignInError } from '../session.js';
import { zohoCrmSdk, type ZohoCrmSdk } from './sdk.js';

/** Zoho documents no limit for widget heights; these keep a runaway layout in bounds. */
export const ZOHO_CRM_HEIGHT = { min: 100, max: 2400 } as const;

type Field = Record<string, unknown>;
const nameOf = (lookup: unknown): string | undefined => (lookup && typeof lookup === 'object' ? ((lookup as { name?: string }).name ?? undefined) : undefined);
const idOfLookup = (lookup: unknown): string | undefined => (lookup && typeof lookup === 'object' ? ((lookup as { id?: string }).id ?? undefined) : undefined);

export function zohoCrmContact(record: Field | undefined) {
  if (!record) return undefined;
  return hostContact({
    id: `zoho-crm-contact-${record.id}`,
    firstName: record.First_Name,
    lastName: record.Last_Name,
    name: record.Full_Name,
    emails: [record.Email, record.Secondary_Email],
    company: nameOf(record.Account_Name),
    phone: record.Phone ?? record.Mobile,
  });
}

export interface ZohoCrmAppOptions extends Omit<HostAppOptions, 'host' | 'resize'> {
  /** Default `window.ZOHO`. */
  sdk?: ZohoCrmSdk | null;
  /** Your backend's Ledgerside token for the signed-in user. */
  getToken: GetToken;
}

export async function startZohoCrmApp(options: ZohoCrmAppOptions): Promise<HostApp> {
  const sdk = options.sdk === undefined ? zohoCrmSdk() : options.sdk;
  const app = new HostApp({
    ...options,
    host: 'Zoho CRM',
    ...(sdk ? { resize: { limits: ZOHO_CRM_HEIGHT, report: (height: number) => sdk.CRM.UI.Resize({ height }) } } : {}),
  });
  if (!sdk) {
    app.deny('outside-host');
    return app;
  }
  app.setAuth(() => async (tokenOptions) => {
    try {
      return await options.getToken(tokenOptions);
    } catch (error) {
      throw new HostSignInError('no-token', `Your backend gave no Ledgerside token: ${String(error)}`, { cause: error });
    }
  });
  app.wait('connecting');
  const record = async (Entity: string, RecordID: string) => (await sdk.CRM.API.getRecord({ Entity, RecordID })).data?.[0];

  sdk.embeddedApp.on('PageLoad', (data) => {
    const entity = data?.Entity ?? '';
    const id = Array.isArray(data?.EntityId) ? data.EntityId[0] : data?.EntityId;
    if (!id || !['Deals', 'Cases'].includes(entity)) {
      app.deny('unsupported-place');
      return;
    }
    app.wait('no-contact');
    void (async () => {
      const main = await record(entity, String(id));
      const contactId = idOfLookup(main?.Contact_Name);
      const contact = contactId ? zohoCrmContact(await record('Contacts', contactId)) : undefined;
      app.setRecord(entity === 'Deals' ? { dealId: `zoho-crm-deal-${id}`, contact } : { ticketId: `zoho-crm-case-${id}`, contact });
    })().catch((error: unknown) => {
      console.warn('Ledgerside: could not read the record from Zoho CRM', error);
      app.setRecord(entity === 'Deals' ? { dealId: `zoho-crm-deal-${id}` } : { ticketId: `zoho-crm-case-${id}` });
    });
  });
  await sdk.embeddedApp.init();
  const user = (await sdk.CRM.CONFIG.getCurrentUser().catch(() => ({}) as { users?: { locale?: string }[] })).users?.[0];
  app.setLocale(user?.locale?.replace('_', '-'));
  return app;
}
