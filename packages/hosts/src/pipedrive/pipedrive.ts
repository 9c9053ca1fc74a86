/**
 * Ledgerside in a Pipedrive deal's custom panel, through `@pipedrive/app-extensions-sdk`:
 * - the panel URL names the deal (`selectedIds`, `resource=deal`), the user and the company;
 * - `RESIZE` (100–750 px, Pipedrive's limits) on every layout change;
 * - the user's theme (the URL's `theme`, then `user_settings_change`);
 * - signing in: `GET_SIGNED_TOKEN` (a JWT Pipedrive signs with the panel's secret, 5 min) for a
 *   session, asked again whenever the session needs renewing;
 * - what Pipedrive's SDK does not give — the user's name and address, the deal's person and its
 *   products with their quantities — comes from the app's own backend, which reads Pipedrive's
 *   API with the app's OAuth token (`pipedriveBackend()`; the signed token goes with each call
 *   so the backend can check who asks).
 */
import type { HostDealLine, HostSession, Product } from '@ledgerside/contract';
import { currencyExponent, DISCOUNT_DECIMALS, isSupportedCurrency, QUANTITY_DECIMALS, TAX_RATE_DECIMALS, toScaled } from '@ledgerside/contract';
import { hostContact, idOf } from '../contact.js';
import { HostApp, type HostAppOptions } from '../host-app.js';
import { HostSignInError, hostSessionTokens, sessionClient, toSignInError } from '../session.js';

/** The part of the SDK this adapter uses (an `AppExtensionsSDK`, not yet initialized). */
export interface PipedriveSdk {
  initialize(options?: { size?: { height?: number } }): Promise<unknown>;
  execute(command: string, args?: unknown): Promise<unknown>;
  listen(event: string, handler: (payload: { data?: unknown; error?: string }) => void): () => void;
  userSettings?: { theme?: string };
}

/** The SDK's command and event names this adapter sends and hears (its `Command` and `Event` enums). */
const Command = { RESIZE: 'resize', GET_SIGNED_TOKEN: 'get_signed_token' } as const;
const SdkEvent = { USER_SETTINGS_CHANGE: 'user_settings_change' } as const;

/** Pipedrive's custom panel heights (its Developer Hub's limits). */
export const PIPEDRIVE_HEIGHT = { min: 100, max: 750 } as const;

/** A deal product as Pipedrive's API lists it (`GET /api/v2/deals/{id}/products`). */
export interface PipedriveDealProduct {
  product_id: number | string;
  name: string;
  item_price: number;
  quantity: number;
  discount?: number | null;
  discount_type?: 'percentage' | 'amount' | null;
  tax?: number | null;
  currency: string;
  comments?: string | null;
}

/** A person as Pipedrive's API gives it: `emails`/`phones` in v2, `email`/`phone` (with `value`) in v1. */
export interface PipedrivePerson {
  id: number | string;
  name?: string;
  first_name?: string;
  last_name?: string;
  emails?: { value?: string; primary?: boolean }[];
  email?: { value?: string; primary?: boolean }[];
  phones?: { value?: string; primary?: boolean }[];
  phone?: { value?: string; primary?: boolean }[];
  org_name?: string;
}

export interface PipedriveDeal {
  person: PipedrivePerson | null;
  products: PipedriveDealProduct[];
}

/** What the app's backend answers for the panel. */
export interface PipedriveBackend {
  user(userId: string, signedToken: string): Promise<{ name?: string; email: string }>;
  deal(dealId: string, signedToken: string): Promise<PipedriveDeal>;
}

/**
 * The app's backend at `base`, forwarding Pipedrive's API: `GET {base}/users/{id}` (v1 user),
 * `GET {base}/deals/{id}/person` (v2 person, or `data: null`) and `GET {base}/deals/{id}/products`
 * (v2 deal products), each as Pipedrive answers (`{ success, data }`), with the panel's
 * signed token as `Authorization: Bearer`.
 */
export function pipedriveBackend(base: string, fetcher: typeof fetch = (...args) => fetch(...args)): PipedriveBackend {
  const get = async <T>(path: string, token: string): Promise<T> => {
    const response = await fetcher(`${base.replace(/\/+$/, '')}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    if (!response.ok) throw new Error(`The app's backend answered ${response.status} for ${path}`);
    return ((await response.json()) as { data: T }).data;
  };
  return {
    user: (id, token) => get(`/users/${encodeURIComponent(id)}`, token),
    deal: async (id, token) => {
      const [person, products] = await Promise.all([
        get<PipedrivePerson | null>(`/deals/${encodeURIComponent(id)}/person`, token),
        get<PipedriveDealProduct[]>(`/deals/${encodeURIComponent(id)}/products`, token),
      ]);
      return { person, products: products ?? [] };
    },
  };
}

/** A number from Pipedrive (a float in major units) as an exact decimal string, or null when it has more decimals than allowed. */
function decimal(value: number | null | undefined, decimals: number): string | null {
  if (value === null || value === undefined || !Number.isFinite(value) || value < 0) return null;
  try {
    const scaled = toScaled(value, decimals);
    const scale = 10n ** BigInt(decimals);
    const fraction = (scaled % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
    return fraction ? `${scaled / scale}.${fraction}` : `${scaled / scale}`;
  } catch {
    return null;
  }
}

/**
 * The deal's products as the provider's `products` (priced exactly in minor units) and
 * `dealLines` (how many, at what discount). An amount discount becomes the percentage it is of
 * the line, to two decimals; a product whose price or currency Ledgerside cannot hold exactly
 * is left out (and reported), never rounded into a wrong invoice.
 */
export function pipedriveDealLines(items: readonly PipedriveDealProduct[]): { products: Product[]; dealLines: HostDealLine[]; skipped: string[] } {
  const products: Product[] = [];
  const dealLines: HostDealLine[] = [];
  const skipped: string[] = [];
  items.forEach((item, index) => {
    const id = idOf(`pipedrive-${item.product_id}-${index}`);
    const currency = String(item.currency ?? '').toUpperCase();
    const price = isSupportedCurrency(currency) ? decimal(item.item_price, currencyExponent(currency)) : null;
    const quantity = decimal(item.quantity, QUANTITY_DECIMALS);
    if (!id || price === null || quantity === null || Number(quantity) <= 0) {
      skipped.push(item.name);
      return;
    }
    const unitPrice = Number(toScaled(price, currencyExponent(currency)));
    const tax = decimal(item.tax ?? 0, TAX_RATE_DECIMALS) ?? '0';
    let discountPercent: number | undefined;
    if (item.discount && item.discount > 0) {
      if (item.discount_type === 'amount') {
        const gross = unitPrice * Number(quantity);
        const percent = gross > 0 ? (item.discount * 10 ** currencyExponent(currency) * 100) / gross : 0;
        discountPercent = Math.min(100, Math.round(percent * 100) / 100);
      } else {
        discountPercent = Number(decimal(Math.min(item.discount, 100), DISCOUNT_DECIMALS) ?? 0);
      }
    }
    products.push({ id, sku: String(item.product_id), name: item.name.trim().slice(0, 200) || String(item.product_id), description: (item.comments ?? '').slice(0, 2000), unitPrice, currency, taxRatePercent: Number(tax) });
    dealLines.push({ productId: id, quantity: Number(quantity), ...(discountPercent ? { discountPercent } : {}) });
  });
  return { products, dealLines, skipped };
}

export function pipedriveContact(person: PipedrivePerson | null | undefined) {
  if (!person) return undefined;
  const emails = [...(person.emails ?? person.email ?? [])].sort((a, b) => Number(!!b.primary) - Number(!!a.primary)).map((e) => e.value);
  const phones = [...(person.phones ?? person.phone ?? [])].sort((a, b) => Number(!!b.primary) - Number(!!a.primary));
  return hostContact({ id: `pipedrive-person-${person.id}`, name: person.name, firstName: person.first_name, lastName: person.last_name, emails, company: person.org_name, phone: phones[0]?.value });
}

export interface PipedriveAppOptions extends Omit<HostAppOptions, 'host' | 'resize'> {
  /** `new AppExtensionsSDK()`; null when it could not be made (no `id` in the URL: not opened by Pipedrive). */
  sdk: PipedriveSdk | null;
  backend: PipedriveBackend;
  /** The panel URL's query; default the page's. */
  search?: string;
}

export async function startPipedriveApp(options: PipedriveAppOptions): Promise<HostApp> {
  const { sdk, backend } = options;
  const params = new URLSearchParams(options.search ?? location.search);
  const app = new HostApp({
    ...options,
    host: 'Pipedrive',
    ...(sdk ? { resize: { limits: PIPEDRIVE_HEIGHT, report: (height: number) => sdk.execute(Command.RESIZE, { height }) } } : {}),
  });
  if (!sdk) {
    app.deny('outside-host');
    return app;
  }
  await sdk.initialize();
  app.setTheme(sdk.userSettings?.theme === 'dark' ? 'dark' : 'light');
  sdk.listen(SdkEvent.USER_SETTINGS_CHANGE, ({ data }) => app.setTheme((data as { theme?: string } | undefined)?.theme === 'dark' ? 'dark' : 'light'));

  const resource = params.get('resource') ?? 'deal';
  const dealId = params.get('selectedIds')?.split(',')[0] ?? '';
  const userId = params.get('userId') ?? '';
  if (resource !== 'deal' || !/^\d+$/.test(dealId)) {
    app.deny('unsupported-place');
    return app;
  }

  /** The URL's token first (it came with the page), then a fresh one from Pipedrive each time. */
  let urlToken = params.get('token');
  const signedToken = async (): Promise<string> => {
    const token = urlToken;
    urlToken = null;
    if (token) return token;
    const answer = (await sdk.execute(Command.GET_SIGNED_TOKEN)) as { token?: string } | undefined;
    if (!answer?.token) throw new HostSignInError('no-token', 'Pipedrive gave no signed token.');
    return answer.token;
  };
  const api = sessionClient(app.apiBase);
  let user: { name?: string; email: string } | undefined;
  const exchange = async (): Promise<HostSession> => {
    const token = await signedToken();
    try {
      user ??= await backend.user(userId, token);
    } catch (error) {
      throw new HostSignInError('no-token', `The app's backend did not say who is signed in: ${String(error)}`, { cause: error });
    }
    return api.pipedriveHostSession({ body: { token, user } }).catch((error: unknown) => {
      throw toSignInError(error, 'not-registered');
    });
  };
  app.setAuth(() => hostSessionTokens({ first: exchange, again: exchange }));

  app.wait('no-contact');
  try {
    const deal = await backend.deal(dealId, await signedToken());
    const { products, dealLines, skipped } = pipedriveDealLines(deal.products);
    if (skipped.length) console.warn(`Ledgerside: deal products left out (price or quantity not exact): ${skipped.join(', ')}`);
    app.setRecord({ dealId: `pipedrive-deal-${dealId}`, contact: pipedriveContact(deal.person), products, dealLines });
  } catch (error) {
    console.warn("Ledgerside: could not read the deal from the app's backend", error);
    app.setRecord({ dealId: `pipedrive-deal-${dealId}` });
  }
  return app;
}
