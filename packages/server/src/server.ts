/** Wires database, migrations, events, email and HTTP into one running server. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { BooksConfig } from './books/config.js';
import type { BooksSetup } from './books/registry.js';
import { createCore } from './core.js';
import { openDatabase, type Db } from './db/db.js';
import { OutboxWorker } from './email/worker.js';
import { BooksWorker } from './books/worker.js';
import { startDemoSimulator } from './books/demo-simulator.js';
import type { RateLimitOptions } from './http/rate-limit.js';
import { serveApps, serveExamples } from './http/static.js';
import { nodeFontSource } from './pdf/fonts-node.js';
import { seedDemo } from './seed/demo.js';

export interface ServerOptions {
  /** Default 4100; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** `postgres://…`: a real PostgreSQL instead of the embedded PGlite. */
  databaseUrl?: string | undefined;
  /** PostgreSQL connections this process keeps (default 10); PGlite is one. */
  poolSize?: number | undefined;
  /** PGlite's data directory; default `.ledgerside/data` under the working directory. */
  dataDir?: string | undefined;
  /** Demo mode: seed on first start, `/dev/*` routes, mailbox without SMTP. */
  demo?: boolean;
  /** Deliver the outbox over SMTP (`smtp://host:port`). */
  smtpUrl?: string | undefined;
  /** The From address of emails. */
  mailFrom?: string | undefined;
  /** Base URL in email links; default the listening address. */
  publicUrl?: string | undefined;
  /** Served at `/examples/`; default the repository's `examples/` folder. `null`: none. */
  examplesDir?: string | null;
  /** The host apps' pages, served at `/apps/`; default `apps/dist/site` (`pnpm build:apps`). `null`: none. */
  appsDir?: string | null;
  bodyLimit?: number;
  rateLimit?: RateLimitOptions | false;
  /** SSE keep-alive comment interval (default 15 s). */
  heartbeatMs?: number;
  /** Safety poll for missed notifications (default 5 s). */
  eventPollMs?: number;
  mail?: { pollMs?: number; backoffMs?: number; maxAttempts?: number };
  /** Validate responses against the contract (tests). */
  checkResponses?: boolean;
  /** Vendor books: LEDGERSIDE_SECRET_KEY and the QUICKBOOKS_* settings (main.ts reads them). */
  books?: BooksConfig;
  /**
   * Demo only: with no QuickBooks credentials, start Ledgerside's QuickBooks simulator on this
   * port (0: any) so the demo organization can be connected to it from /dev/books.
   */
  quickbooksSimulatorPort?: number;
  /** How often the books queue looks for retries that came due (default 1 s). */
  booksPollMs?: number;
  /** How often connected books are reconciled over change data capture (default 5 minutes). */
  booksReconcileMs?: number;
  /** How often unreachable books are probed (default 15 s). */
  booksProbeMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  db: Db;
  /** The organizations' books (connections, sync). */
  books: BooksSetup;
  /** This process's driver of the books queue. */
  booksWorker: BooksWorker;
  /** The demo's QuickBooks simulator's pages, when one runs. */
  quickbooksSimulatorUrl: string | null;
  close(): Promise<void>;
}

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

/**
 * The repository's example pages: their build (`examples/dist`, made by scripts/build.mjs with
 * base `/examples/`) when there is one, else the sources (or a placeholder listing).
 */
export const DEFAULT_EXAMPLES_DIR = existsSync(join(EXAMPLES, 'dist', 'index.html')) ? join(EXAMPLES, 'dist') : EXAMPLES;

export const DEFAULT_APPS_DIR = fileURLToPath(new URL('../../../apps/dist/site/', import.meta.url));

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const db = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, poolSize: options.poolSize });
  const examplesDir = options.examplesDir === null ? undefined : (options.examplesDir ?? DEFAULT_EXAMPLES_DIR);
  const cleanups: (() => Promise<void>)[] = [() => db.close()];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    let url = options.publicUrl ?? '';
    // The demo's QuickBooks, unless real credentials were given.
    let books = options.books;
    const simulator =
      options.demo && options.quickbooksSimulatorPort !== undefined && !books?.quickbooks && books?.secretKey
        ? await startDemoSimulator(options.quickbooksSimulatorPort)
        : null;
    if (simulator) {
      cleanups.push(() => simulator.close());
      books = { ...books, quickbooks: simulator.config };
    }
    // Seeded below, once the port (and so the demo's own origin) is known.
    const core = await createCore({
      db,
      seed: 'none',
      demo: options.demo ?? false,
      publicUrl: () => options.publicUrl ?? url,
      fonts: nodeFontSource,
      examples: examplesDir ? serveExamples(examplesDir, options.demo ?? false) : undefined,
      apps: options.appsDir === null ? undefined : serveApps(options.appsDir ?? DEFAULT_APPS_DIR),
      ...(options.eventPollMs !== undefined ? { eventPollMs: options.eventPollMs } : {}),
      ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
      ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
      ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
      checkResponses: options.checkResponses ?? false,
      ...(books ? { books } : {}),
    });
    cleanups.push(() => core.close());
    const app = core;

    const server = await new Promise<Server>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port ?? 4100, hostname: host }) as Server;
      s.once('listening', () => resolve(s));
      s.once('error', reject);
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Open SSE streams and keep-alive sockets would hold close() forever.
          server.closeAllConnections();
        }),
    );
    const port = (server.address() as AddressInfo).port;
    url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

    simulator?.setWebhookUrl(`${url}/v1/books/webhooks/quickbooks`);
    if (options.demo) {
      await seedDemo(db, {
        allowedOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
        billingAppUrl: `${options.publicUrl ?? url}/dev/billing/?id={id}`,
      });
    }

    // Without SMTP, only demo mode "delivers" (to its mailbox page); otherwise mail waits.
    if (options.smtpUrl || options.demo) {
      const worker = new OutboxWorker(db, {
        smtpUrl: options.smtpUrl,
        fromAddress: options.mailFrom ?? 'no-reply@ledgerside.invalid',
        pollMs: options.mail?.pollMs ?? 5000,
        backoffMs: options.mail?.backoffMs ?? 30_000,
        maxAttempts: options.mail?.maxAttempts ?? 8,
      });
      await worker.start();
      cleanups.push(() => worker.stop());
    }

    // Vendor writes and re-reads (the books queue): every process helps; leases keep order.
    const booksWorker = new BooksWorker(core.books.runtime, {
      pollMs: options.booksPollMs ?? 1000,
      ...(options.booksReconcileMs !== undefined ? { reconcileMs: options.booksReconcileMs } : {}),
      ...(options.booksProbeMs !== undefined ? { probeMs: options.booksProbeMs } : {}),
    });
    await booksWorker.start();
    cleanups.push(() => booksWorker.stop());

    let closing: Promise<void> | null = null;
    return { url, port, db, books: core.books, booksWorker, quickbooksSimulatorUrl: simulator?.url ?? null, close: () => (closing ??= closeAll()) };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
