/**
 * A Ledgerside token out of what a host's request proxy hands back from your backend: the raw
 * JWT, `{ token }`, or either wrapped as a string in `response`/`body` (Zoho's Request API,
 * Freshdesk's request templates), or null.
 */
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function tokenFromAnswer(answer: unknown, depth = 0): string | null {
  if (depth > 4 || answer == null) return null;
  if (typeof answer === 'string') {
    const text = answer.trim();
    if (JWT.test(text)) return text;
    try {
      return tokenFromAnswer(JSON.parse(text), depth + 1);
    } catch {
      return null;
    }
  }
  if (typeof answer !== 'object') return null;
  const record = answer as Record<string, unknown>;
  // Named a token, it is one, whatever its shape (your backend may not mint JWTs).
  if (typeof record.token === 'string' && record.token.trim() && !/\s/.test(record.token.trim())) return record.token.trim();
  for (const key of ['response', 'body', 'data', 'statusMessage']) {
    const found = tokenFromAnswer(record[key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** `getToken` by a plain request to your backend, which knows its user by its own sign-in (a cookie on its own domain, sent with `credentials: 'include'`). */
export function backendToken(url: string, fetcher: typeof fetch = (...args) => fetch(...args)) {
  return async (): Promise<string> => {
    const response = await fetcher(url, { credentials: 'include', cache: 'no-store', headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    const token = tokenFromAnswer(await response.text());
    if (!token) throw new Error(`${url} answered no token`);
    return token;
  };
}

/** The URL of your backend's token endpoint the page was built with (`<meta name="ledgerside-token-url">`). */
export function tokenUrlOf(doc: Document = document): string {
  return doc.querySelector<HTMLMetaElement>('meta[name="ledgerside-token-url"]')?.content.trim() ?? '';
}
