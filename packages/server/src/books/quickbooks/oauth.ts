/**
 * OAuth 2.0 with Intuit through oauth4webapi (panva's runtime-neutral client: fetch and
 * WebCrypto only, so the core keeps running in a browser tab): the authorization URL with
 * `state`, the code exchange, refreshes (refresh tokens rotate: the answer's is the one to keep)
 * and revocation.
 */
import * as oauth from 'oauth4webapi';
import type { BooksConfig, QuickBooksConfig } from '../config.js';

export const QUICKBOOKS_SCOPE = 'com.intuit.quickbooks.accounting';

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Seconds. */
  expiresIn: number;
  refreshExpiresIn: number | null;
}

export class OAuthError extends Error {
  constructor(
    /** `invalid_grant`: the refresh token is spent or revoked — an admin must connect again. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'OAuthError';
  }
}

function server(config: QuickBooksConfig): oauth.AuthorizationServer {
  return {
    issuer: 'https://oauth.platform.intuit.com/op/v1',
    authorization_endpoint: config.authUrl,
    token_endpoint: config.tokenUrl,
    ...(config.revokeUrl ? { revocation_endpoint: config.revokeUrl } : {}),
  };
}

function options(config: QuickBooksConfig, books: BooksConfig) {
  const insecure = [config.tokenUrl, config.revokeUrl].some((u) => u?.startsWith('http:'));
  return {
    ...(insecure ? { [oauth.allowInsecureRequests]: true } : {}),
    ...(books.fetch ? { [oauth.customFetch]: books.fetch } : {}),
    signal: AbortSignal.timeout(books.timeoutMs ?? 20_000),
  };
}

export function authorizationUrl(config: QuickBooksConfig, redirectUri: string, state: string): string {
  const url = new URL(config.authUrl);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', QUICKBOOKS_SCOPE);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  return url.toString();
}

function tokenSet(result: oauth.TokenEndpointResponse, previousRefresh?: string): TokenSet {
  const refresh = result.refresh_token ?? previousRefresh;
  if (!refresh) throw new OAuthError('no_refresh_token', 'QuickBooks answered without a refresh token.');
  const refreshExpires = (result as { x_refresh_token_expires_in?: unknown }).x_refresh_token_expires_in;
  return {
    accessToken: result.access_token,
    refreshToken: refresh,
    expiresIn: result.expires_in ?? 3600,
    refreshExpiresIn: typeof refreshExpires === 'number' ? refreshExpires : null,
  };
}

async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) throw new OAuthError(error.error, error.error_description ?? error.error);
    throw error;
  }
}

/** The callback's parameters → tokens (the `state` was checked by the caller). */
export async function exchangeCode(config: QuickBooksConfig, books: BooksConfig, callbackUrl: URL, redirectUri: string): Promise<TokenSet> {
  const as = server(config);
  const client: oauth.Client = { client_id: config.clientId };
  return guard(async () => {
    const params = oauth.validateAuthResponse(as, client, callbackUrl, oauth.skipStateCheck);
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.ClientSecretBasic(config.clientSecret), params, redirectUri, oauth.nopkce, options(config, books));
    return tokenSet(await oauth.processAuthorizationCodeResponse(as, client, response));
  });
}

export async function refreshTokens(config: QuickBooksConfig, books: BooksConfig, refreshToken: string): Promise<TokenSet> {
  const as = server(config);
  const client: oauth.Client = { client_id: config.clientId };
  return guard(async () => {
    const response = await oauth.refreshTokenGrantRequest(as, client, oauth.ClientSecretBasic(config.clientSecret), refreshToken, options(config, books));
    return tokenSet(await oauth.processRefreshTokenResponse(as, client, response), refreshToken);
  });
}

/** Best effort: a disconnect does not wait on the vendor agreeing. */
export async function revoke(config: QuickBooksConfig, books: BooksConfig, token: string): Promise<void> {
  const as = server(config);
  if (!as.revocation_endpoint) return;
  const client: oauth.Client = { client_id: config.clientId };
  try {
    const response = await oauth.revocationRequest(as, client, oauth.ClientSecretBasic(config.clientSecret), token, options(config, books));
    await oauth.processRevocationResponse(response);
  } catch (error) {
    console.warn('[books] revoking the QuickBooks token failed:', (error as Error).message);
  }
}
