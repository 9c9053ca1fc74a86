/**
 * CORS limited to the organizations' allowed origins. A preflight carries no token, so it is
 * answered for any organization's origin; the actual response then only opens up to an origin
 * of the caller's own organization (set by the API handler once the token is known).
 */
import type { MiddlewareHandler } from 'hono';
import type { Authenticator } from './authenticate.js';
import type { AppEnv } from './env.js';

const ALLOW_HEADERS = 'Authorization, Content-Type, Idempotency-Key, If-Match, Last-Event-ID';
const EXPOSE_HEADERS = 'ETag, Retry-After, Idempotent-Replayed';

export function cors(auth: Authenticator): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (!origin) return next();
    const known = (await auth.allOrigins()).has(origin);
    if (c.req.method === 'OPTIONS') {
      if (!known) return c.body(null, 204);
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
    }
    await next();
    const own = c.get('orgOrigins') as string[] | undefined;
    const allowed = own ? own.includes(origin) : known;
    c.res.headers.append('Vary', 'Origin');
    if (allowed) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
  };
}
