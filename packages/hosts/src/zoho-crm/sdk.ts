/**
 * Zoho CRM's widget SDK comes only from Zoho's CDN (`ZohoEmbededAppSDK.min.js` sets
 * `window.ZOHO`): the adapter reaches it through this one module, and a test stands in for
 * the global. The calls Ledgerside makes are these, and only these.
 */
export interface ZohoCrmPageLoad {
  /** The module of the record the widget sits on (Contacts, Deals, Leads…). */
  Entity?: string;
  /** The record's id (an array in a related list or button, a string elsewhere). */
  EntityId?: string | string[];
}

export interface ZohoCrmSdk {
  embeddedApp: {
    on(event: 'PageLoad', handler: (data: ZohoCrmPageLoad) => void): void;
    init(): Promise<unknown>;
  };
  CRM: {
    CONFIG: { getCurrentUser(): Promise<{ users?: { id?: string; full_name?: string; email?: string; locale?: string }[] }> };
    UI: { Resize(size: { height?: number; width?: number }): Promise<unknown> };
    /** Reading the record the page names (its fields are not in the PageLoad event). */
    API: { getRecord(options: { Entity: string; RecordID: string }): Promise<{ data?: Record<string, unknown>[] }> };
  };
}

export function zohoCrmSdk(): ZohoCrmSdk | null {
  return ((globalThis as { ZOHO?: ZohoCrmSdk }).ZOHO ?? null);
}
