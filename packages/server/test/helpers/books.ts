/** A server's books against the QuickBooks simulator: its settings, and connecting through its consent page. */
import assert from 'node:assert/strict';
import type { RunningSim } from '@ledgerside/quickbooks-sim';
import type { BooksConfig } from '../../src/books/config.js';
import { expectStatus, type Client } from './http.js';

export const SECRET_KEY = 'test-secret-key-0123456789abcdefghijklmnop';
export const REALM = '9130350000000042';

export function booksConfig(sim: RunningSim, extra: Partial<BooksConfig> = {}): BooksConfig {
  return {
    secretKey: SECRET_KEY,
    quickbooks: {
      clientId: sim.sim.options.clientId,
      clientSecret: sim.sim.options.clientSecret,
      webhookVerifier: sim.sim.options.webhookVerifier,
      apiUrl: sim.apiUrl,
      authUrl: sim.authUrl,
      tokenUrl: sim.tokenUrl,
      revokeUrl: `${sim.url}/oauth2/v1/tokens/revoke`,
      appUrl: sim.appUrl,
    },
    ...extra,
  };
}

/** Connects the demo organization as its admin, through the simulator's consent page. */
export async function connectThroughConsent(api: Client, adminToken: string, realmId: string, returnTo?: string): Promise<Response> {
  const reply = await api.post('/v1/books/connect', { token: adminToken, body: { provider: 'quickbooks', ...(returnTo ? { returnTo } : {}) } });
  expectStatus(reply, 200, 'connect');
  const consentUrl = new URL(reply.body.authorizationUrl);
  const consent = await fetch(consentUrl);
  assert.equal(consent.status, 200);
  assert.match(await consent.text(), /Simulator<\/strong> — this is Ledgerside’s local QuickBooks Online simulator, not Intuit/);
  const form = new URLSearchParams(consentUrl.searchParams);
  form.set('realmId', realmId);
  form.set('decision', 'allow');
  const approved = await fetch(consentUrl, { method: 'POST', body: form, redirect: 'manual' });
  assert.equal(approved.status, 302);
  return fetch(approved.headers.get('location')!, { redirect: 'manual' });
}


/** Polls until `probe` gives something (or throws, saying what it waited for, after `timeout`). */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeout = 20_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The simulated company a connected test organization books into. */
export const TAX_CODES = [
  { id: 'NON', name: 'Exempt', ratePercent: '0' },
  { id: '5', name: 'Sales tax 10%', ratePercent: '10' },
  { id: '6', name: 'Reduced 21%', ratePercent: '21' },
];
