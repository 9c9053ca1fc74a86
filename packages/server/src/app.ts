/** The Hono application: CORS, the `/v1` API, the demo routes and the example pages. */
import { Hono, type Handler } from 'hono';
import type { Db } from './db/types.js';
import type { EventHub } from './events/hub.js';
import { booksSetup, type BooksSetup } from './books/registry.js';
import { createApiHandler } from './http/api.js';
import { Authenticator } from './http/authenticate.js';
import { DEFAULT_BODY_LIMIT } from './http/body.js';
import { cors } from './http/cors.js';
import { devRoutes } from './http/dev.js';
import { devBooksRoutes } from './http/dev-books.js';
import type { AppEnv } from './http/env.js';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from './http/rate-limit.js';
import type { FontSource } from './pdf/fonts.js';

export interface AppOptions {
  db: Db;
  hub: EventHub;
  /** Adds `/dev/users`, `/dev/token` and `/dev/mailbox`. Never on in production. */
  demo?: boolean;
  /** The server's public base URL (links in emails). */
  publicUrl: () => string;
  /** Serves `/examples/*` (the Node runner's static files); none in a browser tab. */
  examples?: Handler<AppEnv> | undefined;
  /** Serves the host apps' pages at `/apps/*` (GET, and Zendesk's signed POST); none in a browser tab. */
  apps?: Handler<AppEnv> | undefined;
  /** The PDFs' font files. */
  fonts: FontSource;
  bodyLimit?: number;
  rateLimit?: RateLimitOptions | false;
  heartbeatMs?: number;
  checkResponses?: boolean;
  /** The organizations' books (createCore makes them); without it every organization is builtin. */
  books?: BooksSetup;
}

export function createApp(options: AppOptions): Hono<AppEnv> {
  const auth = new Authenticator(options.db);
  const books = options.books ?? booksSetup({ db: options.db, fonts: options.fonts, config: {}, publicUrl: options.publicUrl, box: null });
  const app = new Hono<AppEnv>();

  app.use('/v1/*', cors(auth));
  app.all(
    '/v1/*',
    createApiHandler({
      db: options.db,
      hub: options.hub,
      auth,
      limiter: options.rateLimit === false ? null : new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT),
      bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
      heartbeatMs: options.heartbeatMs ?? 15_000,
      checkResponses: options.checkResponses ?? false,
      handlerContext: {
        fonts: options.fonts,
        books: books.registry,
        // Notifications link to the server's public URL, which sends them on to the page that holds
        // the conversation (not the billing app: Document.externalUrl is that).
        transactionUrl: (type, id, userId) =>
          `${options.publicUrl().replace(/\/+$/, '')}/transactions/${type}/${encodeURIComponent(id)}${
            userId ? `?user=${encodeURIComponent(userId)}` : ''
          }`,
      },
    }),
  );

  if (options.demo) {
    app.route('/dev/books', devBooksRoutes(books.runtime));
    app.route('/dev', devRoutes(options.db));
  }

  if (options.apps) {
    app.get('/apps/*', options.apps);
    app.post('/apps/zendesk/*', options.apps);
  }

  if (options.examples) {
    const examples = options.examples;
    app.get('/examples', examples);
    app.get('/examples/*', examples);
    app.get('/', (c) => c.redirect('/examples/', 302));
    // Notification emails link here: in the demo, the helpdesk page opens that thread, signed in
    // as the recipient the link was written for, on the ticket the document was made from.
    app.get('/transactions/:type/:id', async (c) => {
      const query = new URLSearchParams({ transaction: `${c.req.param('type')}:${c.req.param('id')}` });
      const user = c.req.query('user');
      if (user) query.set('user', user);
      if (options.demo) {
        const [doc] = await options.db.query<{ ticket_id: string | null }>('SELECT ticket_id FROM documents WHERE id = $1', [c.req.param('id')]);
        if (doc?.ticket_id) query.set('ticket', doc.ticket_id);
      }
      return c.redirect(`/examples/helpdesk-ticket/?${query}`, 302);
    });
  }

  // Browsers ask for it on every page; an empty answer keeps their consoles clean.
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'Nothing here.' } }, 404));
  app.onError((error, c) => {
    console.error('[http] unhandled:', error);
    return c.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500);
  });
  return app;
}
