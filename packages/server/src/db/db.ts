/**
 * One small database interface over two drivers: PGlite (embedded, the default) and `pg`
 * (a real PostgreSQL). Both speak the same SQL; services only see `Sql` and `Db`.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type Row = Record<string, unknown>;

/** Something that runs queries: the database itself or an open transaction. */
export interface Sql {
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in a transaction; retried on serialization failures and deadlocks. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; resolves to an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** PostgreSQL error codes worth retrying the whole transaction for. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

export function pgErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

async function withRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = pgErrorCode(error);
      if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}

// ---------------------------------------------------------------- PGlite

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  constructor(private readonly pglite: PGlite) {}

  async query<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.pglite.query<T>(text, [...params])).rows;
  }

  async exec(text: string): Promise<void> {
    await this.pglite.exec(text);
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    // PGlite is one connection: its transactions are already exclusive, so no retry needed.
    return this.pglite.transaction((tx) =>
      fn({
        query: async <R>(text: string, params: readonly unknown[] = []) => (await tx.query<R>(text, [...params])).rows,
        exec: async (text: string) => {
          await tx.exec(text);
        },
      }),
    );
  }

  async listen(channel: string, onPayload: (payload: string) => void) {
    const unlisten = await this.pglite.listen(channel, onPayload);
    return async () => {
      if (!this.pglite.closed) await unlisten();
    };
  }

  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}

// ---------------------------------------------------------------- node-postgres

/** int8 as a JS number (every amount and sequence here is a safe integer); the rest default. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function wrapClient(client: pg.PoolClient): Sql {
  return {
    query: async <R>(text: string, params: readonly unknown[] = []) =>
      (await client.query(text, [...params])).rows as R[],
    exec: async (text: string) => {
      await client.query(text);
    },
  };
}

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly listeners = new Set<pg.Client>();
  private closed = false;

  constructor(private readonly connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 10, types: pgTypes });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', (error) => console.error('[db] idle client error:', error.message));
  }

  async query<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.pool.query(text, [...params])).rows as T[];
  }

  async exec(text: string): Promise<void> {
    await this.pool.query(text);
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return withRetry(async () => {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrapClient(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    });
  }

  /** A dedicated connection per channel that reconnects after losing the server. */
  async listen(channel: string, onPayload: (payload: string) => void) {
    let client: pg.Client | null = null;
    let stopped = false;
    const connect = async (): Promise<void> => {
      const c = new pg.Client({ connectionString: this.connectionString, types: pgTypes });
      c.on('notification', (n) => {
        if (n.channel === channel) onPayload(n.payload ?? '');
      });
      c.on('error', () => {
        this.listeners.delete(c);
        c.end().catch(() => {});
        if (!stopped && !this.closed) setTimeout(() => void connect().catch(() => {}), 1000);
      });
      await c.connect();
      await c.query(`LISTEN ${quoteIdent(channel)}`);
      client = c;
      this.listeners.add(c);
    };
    await connect();
    return async () => {
      stopped = true;
      if (client) {
        this.listeners.delete(client);
        await client.end().catch(() => {});
      }
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.listeners].map((c) => c.end().catch(() => {})));
    this.listeners.clear();
    await this.pool.end();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// ---------------------------------------------------------------- opening

export interface OpenOptions {
  /** `postgres://…`: use a real PostgreSQL. */
  databaseUrl?: string | undefined;
  /** PGlite's data directory (created with its parents when missing). */
  dataDir?: string | undefined;
}

export async function openDatabase(options: OpenOptions): Promise<Db> {
  if (options.databaseUrl) {
    const db = new PostgresDb(options.databaseUrl);
    await db.query('SELECT 1');
    return db;
  }
  const dataDir = resolve(options.dataDir ?? '.ledgerside/data');
  // PGlite creates the directory itself but not its missing parents.
  mkdirSync(dirname(dataDir), { recursive: true });
  const pglite = await PGlite.create(dataDir);
  return new PgliteDb(pglite);
}
