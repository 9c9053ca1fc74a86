/** Token handling: the host's `getToken` is called lazily, cached, and asked again on expiry. */
export type GetToken = (options: { forceRefresh: boolean }) => string | Promise<string>;

/** Seconds of margin before a JWT's `exp` at which it is refreshed ahead of time. */
const EXPIRY_MARGIN_S = 30;

/** The `exp` claim of a JWT, or undefined for an opaque token. */
export function tokenExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

export class TokenSource {
  #pending: Promise<string> | undefined;
  #token: string | undefined;

  constructor(private readonly getToken: GetToken) {}

  /** A token that is not known to be expired; concurrent callers share one `getToken` call. */
  async get(forceRefresh = false): Promise<string> {
    if (!forceRefresh && this.#token !== undefined && !this.#expiresSoon(this.#token)) return this.#token;
    if (this.#pending && !forceRefresh) return this.#pending;
    const pending = Promise.resolve(this.getToken({ forceRefresh: forceRefresh || this.#token !== undefined }));
    this.#pending = pending;
    try {
      this.#token = await pending;
      return this.#token;
    } finally {
      if (this.#pending === pending) this.#pending = undefined;
    }
  }

  #expiresSoon(token: string): boolean {
    const exp = tokenExpiry(token);
    return exp !== undefined && exp - EXPIRY_MARGIN_S <= Date.now() / 1000;
  }
}
