/** The node-postgres driver (Node only). */
import pg from 'pg';
import { pgErrorCode, withRetry, type Db, type Sql } from './types.js';

export const DEFAULT_POOL_SIZE = 10;

/** int8 as a JS number (every amount and sequence here is a safe integer); the rest default. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Prepared statements: a statement with parameters runs under a name, so each connection
 * parses and plans it once (PostgreSQL then reuses the plan) instead of on every call. The
 * statements are the code's own, a bounded set; past MAX_PREPARED distinct texts (should
 * something ever build many) the rest run unnamed.
 */
const MAX_PREPARED = 1000;

class Statements {
  private readonly names = new Map<string, string>();
  private generation = 0;

  config(text: string, params: readonly unknown[]): pg.QueryConfig {
    if (!params.length) return { text };
    let name = this.names.get(text);
    if (!name && this.names.size < MAX_PREPARED) this.names.set(text, (name = `ls${this.generation}_${this.names.size}`));
    return name ? { name, text, values: [...params] } : { text, values: [...params] };
  }

  /**
   * A table changed under a prepared statement (another process migrated): PostgreSQL refuses
   * the old plan once ("cached plan must not change result type"). New names make every
   * connection prepare afresh; the caller runs the query (or its transaction) again.
   */
  stale(error: unknown): boolean {
    if (pgErrorCode(error) !== '0A000' || !/cached plan must not change result type/.test(String((error as Error).message))) return false;
    this.names.clear();
    this.generation++;
    return true;
  }
}

/**
 * Sends what `send` queues as one write: pg writes each query on its own (a system call, and on
 * loopback the receiving side's work too); two pipelined queries can share one.
 */
function together<T>(client: pg.PoolClient, send: () => T): T {
  // pg's socket: not in its typings, but what its own queries cork around each message.
  const stream = (client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection?.stream;
  stream?.cork?.();
  try {
    return send();
  } finally {
    stream?.uncork?.();
  }
}

/** A transaction's handle on its connection; `finished` once `finish` has sent the COMMIT. */
function wrapClient(client: pg.PoolClient, statements: Statements) {
  const state = { finished: false };
  const open = () => {
    if (state.finished) throw new Error('The transaction has already been committed.');
  };
  const tx: Sql = {
    query: async <R>(text: string, params: readonly unknown[] = []) => {
      open();
      return (await client.query(statements.config(text, params))).rows as R[];
    },
    exec: async (text: string) => {
      open();
      await client.query(text);
    },
    finish: async <R>(text: string, params: readonly unknown[] = []) => {
      open();
      state.finished = true;
      // Pipelined: both are on the wire before the statement's answer comes back. Should the
      // statement fail, the COMMIT of the aborted transaction rolls it back instead.
      const [rows, commit] = together(client, () => [client.query(statements.config(text, params)), client.query('COMMIT')] as const);
      commit.catch(() => {});
      const result = (await rows).rows as R[];
      await commit;
      return result;
    },
  };
  return { tx, state };
}

export class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly listeners = new Set<pg.Client>();
  private readonly statements = new Statements();
  private closed = false;

  /**
   * `poolSize`: connections this process keeps (default 10). A request holds one only while
   * its statements run, and PostgreSQL serves no more at once than it has cores, so a few per
   * process beat many: more only queue inside PostgreSQL instead of in the pool.
   */
  constructor(
    private readonly connectionString: string,
    poolSize = DEFAULT_POOL_SIZE,
  ) {
    // Pipeline mode: a query is sent at once, not after the one before it has answered (the
    // code awaits each in turn anyway); it is what lets BEGIN travel with a transaction's first
    // statement and COMMIT with its last (`finish`).
    this.pool = new pg.Pool({ connectionString, max: poolSize, types: pgTypes, pipeline: true } as pg.PoolConfig);
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', (error) => console.error('[db] idle client error:', error.message));
  }

  async query<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    try {
      return (await this.pool.query(this.statements.config(text, params))).rows as T[];
    } catch (error) {
      if (!this.statements.stale(error)) throw error;
      return (await this.pool.query(this.statements.config(text, params))).rows as T[];
    }
  }

  async exec(text: string): Promise<void> {
    await this.pool.query(text);
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return withRetry(
      async () => {
        const client = await this.pool.connect();
        const { tx, state } = wrapClient(client, this.statements);
        try {
          // Not awaited before `fn` starts: its first statement follows BEGIN on the wire.
          const [begin, run] = together(client, () => [client.query('BEGIN'), fn(tx)] as const);
          await begin.catch(async (error: unknown) => {
            await run.catch(() => {});
            throw error;
          });
          const result = await run;
          if (!state.finished) await client.query('COMMIT');
          return result;
        } catch (error) {
          if (!state.finished) await client.query('ROLLBACK').catch(() => {});
          throw error;
        } finally {
          client.release();
        }
      },
      (error) => this.statements.stale(error),
    );
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

