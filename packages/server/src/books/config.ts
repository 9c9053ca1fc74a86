/**
 * What the core needs to reach a vendor's books, handed in by the runner (the Node runner reads
 * it from the environment; see server.ts). The core itself never reads the environment.
 */

export interface QuickBooksConfig {
  clientId: string;
  clientSecret: string;
  /** The app's webhook verifier token (QUICKBOOKS_WEBHOOK_VERIFIER). */
  webhookVerifier?: string | undefined;
  /** API base before `/v3` (QUICKBOOKS_API_URL); production by default, sandbox or a simulator in tests. */
  apiUrl: string;
  /** The consent page (QUICKBOOKS_AUTH_URL). */
  authUrl: string;
  /** The token endpoint (QUICKBOOKS_TOKEN_URL). */
  tokenUrl: string;
  revokeUrl?: string | undefined;
  /** Where "Open in QuickBooks" goes (QUICKBOOKS_APP_URL). */
  appUrl: string;
}

export interface BooksConfig {
  /** LEDGERSIDE_SECRET_KEY: encrypts vendor tokens at rest. Without it nothing can be connected. */
  secretKey?: string | undefined;
  quickbooks?: QuickBooksConfig | undefined;
  /** The vendor's HTTP (default the global fetch). */
  fetch?: typeof fetch;
  /** A vendor call that takes longer is abandoned and retried (default 20 s). */
  timeoutMs?: number;
}

export const QUICKBOOKS_PRODUCTION = {
  apiUrl: 'https://quickbooks.api.intuit.com',
  authUrl: 'https://appcenter.intuit.com/connect/oauth2',
  tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  revokeUrl: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
  appUrl: 'https://app.qbo.intuit.com/app',
} as const;

/** The QuickBooks settings from environment-style variables, or undefined without credentials. */
export function quickbooksFromEnv(env: Record<string, string | undefined>): QuickBooksConfig | undefined {
  if (!env.QUICKBOOKS_CLIENT_ID || !env.QUICKBOOKS_CLIENT_SECRET) return undefined;
  const sandbox = env.QUICKBOOKS_ENVIRONMENT === 'sandbox';
  return {
    clientId: env.QUICKBOOKS_CLIENT_ID,
    clientSecret: env.QUICKBOOKS_CLIENT_SECRET,
    webhookVerifier: env.QUICKBOOKS_WEBHOOK_VERIFIER || undefined,
    apiUrl: env.QUICKBOOKS_API_URL || (sandbox ? 'https://sandbox-quickbooks.api.intuit.com' : QUICKBOOKS_PRODUCTION.apiUrl),
    authUrl: env.QUICKBOOKS_AUTH_URL || QUICKBOOKS_PRODUCTION.authUrl,
    tokenUrl: env.QUICKBOOKS_TOKEN_URL || QUICKBOOKS_PRODUCTION.tokenUrl,
    revokeUrl: env.QUICKBOOKS_REVOKE_URL || QUICKBOOKS_PRODUCTION.revokeUrl,
    appUrl: env.QUICKBOOKS_APP_URL || (sandbox ? 'https://app.sandbox.qbo.intuit.com/app' : QUICKBOOKS_PRODUCTION.appUrl),
  };
}
