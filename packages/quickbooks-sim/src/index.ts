/**
 * @ledgerside/quickbooks-sim: a stateful QuickBooks Online simulator on loopback, for the
 * contract tests, the benchmarks and the demo. `startQuickBooksSim()` listens and answers:
 * `apiUrl` (QUICKBOOKS_API_URL, the base before /v3), `authUrl` (QUICKBOOKS_AUTH_URL), `tokenUrl`
 * (QUICKBOOKS_TOKEN_URL) and `appUrl` (where "Open in QuickBooks" goes).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { QuickBooksSim, type SimOptions } from './sim.js';

export { QuickBooksSim, type SimOptions, type Counters } from './sim.js';
export { Company, QboFault, type CompanyOptions, type Change, type Json } from './company.js';
export { validateEntity, entitySchema, validatedEntities, type SchemaIssue, type ValidatedEntity } from './schema.js';
export { toScaled, toText, currencyDecimals } from './decimal.js';

export interface RunningSim {
  sim: QuickBooksSim;
  url: string;
  apiUrl: string;
  authUrl: string;
  tokenUrl: string;
  appUrl: string;
  close(): Promise<void>;
}

export async function startQuickBooksSim(options: SimOptions & { port?: number; host?: string } = {}): Promise<RunningSim> {
  const host = options.host ?? '127.0.0.1';
  let url = '';
  const sim = new QuickBooksSim({ publicUrl: () => url, ...options });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: sim.app.fetch, port: options.port ?? 0, hostname: host }) as Server;
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    sim,
    url,
    apiUrl: url,
    authUrl: `${url}/connect`,
    tokenUrl: `${url}/oauth2/v1/tokens/bearer`,
    appUrl: `${url}/app`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
