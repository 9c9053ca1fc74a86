/** The node-postgres driver (Node only). */
import pg from 'pg';
import { withRetry, type Db, type Sql } from './types.js';

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

export class PostgresDb implements Db {
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

