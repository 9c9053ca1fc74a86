/**
 * The demo's QuickBooks (Node runner, demo mode only): Ledgerside's local simulator, so
 * `pnpm start` can connect the demo organization to "QuickBooks" with no Intuit account. It is
 * labelled a simulator everywhere — its company's name, its pages, the demo's /dev/books.
 */
import type * as QuickBooksSimModule from '@ledgerside/quickbooks-sim';
import type { QuickBooksConfig } from './config.js';

export interface DemoSimulator {
  config: QuickBooksConfig;
  /** Where its pages are (invoices, record a payment). */
  url: string;
  /** Once Ledgerside listens: where the simulator sends its webhooks. */
  setWebhookUrl(url: string): void;
  close(): Promise<void>;
}

/** The demo's tax rates (seed fixtures) as the simulated company's tax codes. */
const TAX_CODES = [
  { id: 'EXEMPT', name: 'Exempt (0%)', ratePercent: '0' },
  { id: 'SALES', name: 'Sales tax (8.25%)', ratePercent: '8.25' },
  { id: 'VAT20', name: 'VAT (20%)', ratePercent: '20' },
  { id: 'VAT21', name: 'VAT (21%)', ratePercent: '21' },
];

export async function startDemoSimulator(port: number): Promise<DemoSimulator | null> {
  let module: typeof QuickBooksSimModule;
  try {
    module = await import('@ledgerside/quickbooks-sim');
  } catch {
    return null; // an install without the workspace's simulator: the demo runs on its own books
  }
  // As slow as QuickBooks often is, so "Saving to QuickBooks…" can be seen in the demo.
  const running = await module.startQuickBooksSim({ port, webhookVerifier: 'demo-verifier', clientId: 'demo-client', clientSecret: 'demo-secret', latencyMs: 600 });
  running.sim.addCompany({
    realmId: '4620816365000000001',
    name: 'Northwind Traders (QuickBooks simulator)',
    homeCurrency: 'USD',
    currencies: ['CZK', 'GBP', 'EUR'],
    taxCodes: TAX_CODES,
  });
  return {
    url: `${running.appUrl}`,
    config: {
      clientId: 'demo-client',
      clientSecret: 'demo-secret',
      webhookVerifier: 'demo-verifier',
      apiUrl: running.apiUrl,
      authUrl: running.authUrl,
      tokenUrl: running.tokenUrl,
      revokeUrl: `${running.url}/oauth2/v1/tokens/revoke`,
      appUrl: running.appUrl,
    },
    setWebhookUrl: (url) => {
      running.sim.options.webhookUrl = url;
    },
    close: running.close,
  };
}
