/**
 * @ledgerside/server/core: the reference server without Node — the Hono app, the services,
 * migrations, seeds, PDFs and token checks, on web-standard APIs only (Request/Response,
 * WebCrypto, streams). The same core runs behind the Node listener (`startServer`) and in a
 * browser tab, where the mocks hand it every `/v1` request over msw. What is Node's (the
 * listener, `pg`, PGlite in a folder, SMTP, static files) comes in as ports.
 */
import { createApp, type AppOptions } from './app.js';
import type { BooksConfig } from './books/config.js';
import { createBooks, type BooksSetup } from './books/registry.js';
import { openPglite, PgliteDb } from './db/pglite.js';
import type { Db } from './db/types.js';
import { migrate } from './db/migrations.js';
import { takeSnapshot } from './db/snapshot.js';
import { EventHub } from './events/hub.js';
import { startMaintenance } from './maintenance.js';
import type { FontSource } from './pdf/fonts.js';
import { seedDemo, type SeedOptions } from './seed/demo.js';

export interface CoreOptions {
  /** The database; default a fresh in-memory PGlite (or one loaded from `loadDataDir`). */
  db?: Db;
  /** A dump (`Core.dump()`) to start the in-memory PGlite from: migrated and seeded already. */
  loadDataDir?: Blob | File;
  /** The PDFs' font files. */
  fonts: FontSource;
  /** Demo mode: `/dev/*` routes, and the demo seed unless `seed` says otherwise. */
  demo?: boolean;
  /** What to seed once migrated: the demo organizations (default in demo mode), nothing, or your own. */
  seed?: 'demo' | 'none' | ((db: Db) => Promise<unknown>);
  seedOptions?: SeedOptions;
  /** The public base URL (links in emails); default `http://localhost`. */
  publicUrl?: () => string;
  examples?: AppOptions['examples'];
  apps?: AppOptions['apps'];
  bodyLimit?: number;
  rateLimit?: AppOptions['rateLimit'];
  heartbeatMs?: number;
  /** Safety poll for missed notifications (default 5 s). */
  eventPollMs?: number;
  /** Validate responses against the contract (tests). */
  checkResponses?: boolean;
  /** Hourly housekeeping (default on). */
  maintenance?: boolean;
  /** Keep a copy of the seeded rows so `reset()` can restore them (tests, stories). */
  resettable?: boolean;
  /** Vendor books: the secret key for tokens and the vendors' endpoints and credentials. */
  books?: BooksConfig;
}

export interface Core {
  /** The whole HTTP surface as a fetch handler. */
  fetch(request: Request): Promise<Response>;
  db: Db;
  hub: EventHub;
  /** The organizations' books: what the runner's sync worker drives. */
  books: BooksSetup;
  /** The in-memory database as a tarball for `loadDataDir` (PGlite only). */
  dump(): Promise<Blob>;
  /**
   * Puts every row back as it was when the core started (after its seed), in one transaction:
   * a fresh start for the next test or story without loading anything. Live events stay.
   */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const fresh = !options.db;
  const db = options.db ?? (await openPglite(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}));
  const cleanups: (() => Promise<void> | void)[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
    if (fresh) await db.close();
  };
  try {
    // A loaded dump is migrated already; migrating again finds nothing to do and is cheap.
    await migrate(db);
    const seed = options.seed ?? (options.demo ? 'demo' : 'none');
    if (seed === 'demo') await seedDemo(db, options.seedOptions);
    else if (typeof seed === 'function') await seed(db);
    const snapshot = options.resettable ? await takeSnapshot(db) : null;
    if (options.maintenance !== false) cleanups.push(startMaintenance(db));
    const publicUrl = options.publicUrl ?? (() => 'http://localhost');
    const books = await createBooks({ db, fonts: options.fonts, config: options.books ?? {}, publicUrl });
    const hub = new EventHub(db, options.eventPollMs);
    await hub.start();
    cleanups.push(() => hub.stop());
    const app = createApp({
      db,
      hub,
      demo: options.demo ?? false,
      publicUrl,
      examples: options.examples,
      apps: options.apps,
      books,
      fonts: options.fonts,
      ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
      ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
      ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
      checkResponses: options.checkResponses ?? false,
    });
    let closing: Promise<void> | null = null;
    return {
      fetch: async (request) => app.fetch(request),
      db,
      hub,
      books,
      dump: async () => {
        if (!(db instanceof PgliteDb)) throw new TypeError('Only a PGlite database can be dumped.');
        return db.dump();
      },
      reset: async () => {
        if (!snapshot) throw new TypeError('This core was not started with `resettable: true`.');
        await snapshot.restore();
      },
      close: () => (closing ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

export { fetchedFontSource, cachedFontSource, type FontSource } from './pdf/fonts.js';
export { mintToken, verifyToken, AUDIENCE, type MintTokenOptions, type VerifiedClaims } from './auth.js';
export { seedDemo, seedEmpty, demoIds, demoHostContacts, type SeedOptions } from './seed/demo.js';
export { seedMany, manyIds } from './seed/many.js';
export { fixtures, organization, users, customers, contacts, products, ticket, deal, timeEntries, HOURLY_RATE } from './seed/fixtures.js';
export { createOrganization, rotateSecret, allowOrigins, type OrganizationInput } from './provision.js';
export { registerHostInstallation, unregisterHostInstallation, type HostInstallationInput } from './host-installations.js';
export { migrate } from './db/migrations.js';
export { openPglite } from './db/pglite.js';
export type { Db, Sql } from './db/types.js';
export { EventHub } from './events/hub.js';
export { renderDocumentPdf } from './pdf/lazy.js';
export { createApp, type AppOptions } from './app.js';
