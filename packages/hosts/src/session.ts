/**
 * The Ledgerside token inside a host app: asked for when the sidebar first needs it, kept in
 * this closure only (never a cookie — a third-party iframe drops `SameSite=Lax` ones — nor
 * storage), and asked for again through the host when it expires or is refused.
 */
import { createLedgerClient, isLedgerApiError, type GetToken, type LedgerClient } from '@ledgerside/client';
import type { HostSession, HostUserDetails } from '@ledgerside/contract';

/** Why signing in failed, in the frame's terms. */
export class HostSignInError extends Error {
  constructor(
    readonly reason: 'not-registered' | 'session-ended' | 'no-token',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HostSignInError';
  }
}

/**
 * A client for the host-session routes alone: they take a signed proof, not a token, so it
 * never asks for one.
 */
export function sessionClient(apiBase: string): LedgerClient {
  return createLedgerClient({
    baseUrl: apiBase,
    getToken: () => Promise.reject(new Error('The host-session routes need no token')),
  });
}

/** A proof refused (401) is a sign-in refused; anything else (network, 5xx) may pass on a retry. */
export function toSignInError(error: unknown, refused: HostSignInError['reason']): Error {
  if (isLedgerApiError(error) && error.status === 401) return new HostSignInError(refused, error.message, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * `getToken` over host sessions: `first` makes one from the host's proof, `again` the next
 * from the previous one (a Zendesk renewal, or a fresh Pipedrive proof). One call at a time.
 */
export function hostSessionTokens(options: {
  first: () => Promise<HostSession>;
  again: (previous: HostSession) => Promise<HostSession>;
  onSession?: (session: HostSession) => void;
}): GetToken {
  let current: HostSession | undefined;
  let pending: Promise<string> | undefined;
  const next = async () => {
    const session = current ? await options.again(current) : await options.first();
    current = session;
    options.onSession?.(session);
    return session.token;
  };
  return () => (pending ??= next().finally(() => (pending = undefined)));
}

export type { HostUserDetails };
