/**
 * Zoho Desk's SDK comes only from Zoho's CDN (`ZohoDeskClientSDK.min.js` sets `window.ZOHODESK`):
 * the adapter reaches it through this one module, and a test stands in for the global. The
 * calls Ledgerside makes are these, and only these.
 */
export interface ZohoDeskSdk {
  extension: { onload(): Promise<{ locale?: string; instance?: unknown }> };
  /** `ZOHODESK.get('ticket.email')` → `{ status: 'success', 'ticket.email': '…' }`. */
  get(key: string): Promise<Record<string, unknown>>;
  /** The Request API: Zoho's server calls the URL, filling in the extension's secure config. */
  request(options: { url: string; type: 'GET' | 'POST'; headers?: Record<string, string>; postBody?: unknown; data?: unknown; responseType?: string; connectionLinkName?: string }): Promise<unknown>;
}

export function zohoDeskSdk(): ZohoDeskSdk | null {
  return ((globalThis as { ZOHODESK?: ZohoDeskSdk }).ZOHODESK ?? null);
}
