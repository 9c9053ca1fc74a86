/**
 * Freshworks' app client comes from the host page (`{{{appclient}}}` in the FDK's
 * index.html sets `window.app`): the adapter reaches it through this one module, and a test
 * stands in for the global. The calls Ledgerside makes are these, and only these.
 */
export interface FreshdeskClient {
  data: { get(name: 'ticket' | 'requester' | 'loggedInUser' | 'time_entry'): Promise<Record<string, unknown>> };
  instance: { resize(size: { height: string | number }): unknown };
  events: { on(event: string, handler: (event?: unknown) => void): void };
  request: { invokeTemplate(name: string, options: { context?: Record<string, unknown>; body?: string }): Promise<{ status?: number; response?: string }> };
  /** The installation parameters (config/iparams.json): the hourly rate and currency of time entries. */
  iparams: { get(): Promise<Record<string, unknown>> };
}

export interface FreshworksApp {
  initialized(): Promise<FreshdeskClient>;
}

export function freshworksApp(): FreshworksApp | null {
  const app = (globalThis as { app?: unknown }).app;
  return app && typeof (app as FreshworksApp).initialized === 'function' ? (app as FreshworksApp) : null;
}
