/**
 * One small database interface over two drivers: PGlite (embedded, the default, and the one a
 * browser tab runs) and `pg` (a real PostgreSQL, Node only). Both speak the same SQL; services
 * only see `Sql` and `Db`. This module is runtime-neutral; the drivers live beside it.
 */

export type Row = Record<string, unknown>;

/** Something that runs queries: the database itself or an open transaction. */
export interface Sql {
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
  /**
   * In a transaction: runs its last statement and commits. Where the driver pipelines (pg),
   * the COMMIT goes out right behind the statement, so the row locks it takes are held for its
   * own execution, not for a round trip back to this process and another to commit. Nothing
   * may run in the transaction after it. Absent outside a transaction.
   */
  finish?<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
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

/** Runs `run` again on a serialization failure or deadlock (or when `retryable` says so). */
export async function withRetry<T>(run: () => Promise<T>, retryable: (error: unknown) => boolean = () => false): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = pgErrorCode(error);
      if (!((code && RETRYABLE.has(code)) || retryable(error)) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}

