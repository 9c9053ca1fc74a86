/** Talking to a running simulator as an app would: a token from the code flow, then the API. */
import { startQuickBooksSim, type RunningSim, type SimOptions } from '../src/index.js';

export const REALM = '9130350000000001';

export async function simWithCompany(options: SimOptions = {}, company: Parameters<RunningSim['sim']['addCompany']>[0] = { realmId: REALM }) {
  const running = await startQuickBooksSim({ rateLimit: false, ...options });
  running.sim.addCompany(company);
  const tokens = await exchange(running, company.realmId);
  return { ...running, tokens, api: api(running, company.realmId, () => tokens.access_token) };
}

export async function exchange(running: RunningSim, realmId: string) {
  const redirectUri = 'http://127.0.0.1:1/callback';
  const code = running.sim.issueCode(realmId, redirectUri);
  const response = await fetch(running.tokenUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${btoa(`${running.sim.options.clientId}:${running.sim.options.clientSecret}`)}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }),
  });
  if (!response.ok) throw new Error(`token exchange: ${response.status}`);
  return (await response.json()) as { access_token: string; refresh_token: string; expires_in: number };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function api(running: RunningSim, realmId: string, token: () => string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json; text: string; headers: Headers }> => {
    const response = await fetch(`${running.apiUrl}/v3/company/${realmId}${path}`, {
      method,
      headers: { authorization: `Bearer ${token()}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Json = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // a PDF or an empty answer
    }
    return { status: response.status, body: parsed, text, headers: response.headers };
  };
}

/** An invoice body as Ledgerside's connector sends one. */
export function invoiceBody(customerId: string, extra: Json = {}) {
  return {
    CustomerRef: { value: customerId },
    DocNumber: 'INV-000001',
    TxnDate: '2026-01-15',
    DueDate: '2026-02-14',
    CurrencyRef: { value: 'USD' },
    GlobalTaxCalculation: 'TaxExcluded',
    Line: [
      {
        DetailType: 'SalesItemLineDetail',
        Description: 'Support, 1.5 h',
        Amount: 150.0,
        SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 1.5, UnitPrice: 100, TaxCodeRef: { value: 'NON' } },
      },
    ],
    ...extra,
  };
}
