/** The PGlite driver: runtime-neutral (Node, a browser tab, a worker). */
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import type { Db, Sql } from './types.js';

export class PgliteDb implements Db {
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
        // One connection, nothing to pipeline: the commit follows when the callback returns.
        finish: async <R>(text: string, params: readonly unknown[] = []) => (await tx.query<R>(text, [...params])).rows,
      }),
    );
  }

  async listen(channel: string, onPayload: (payload: string) => void) {
    const unlisten = await this.pglite.listen(channel, onPayload);
    return async () => {
      if (!this.pglite.closed) await unlisten();
    };
  }

  /** The whole cluster as a tarball, for `openPglite({ loadDataDir })`. */
  dump(): Promise<File | Blob> {
    return this.pglite.dumpDataDir('none');
  }

  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}


/**
 * A PGlite database: in memory without `dataDir`, or in a folder (Node) / IndexedDB (`idb://…`).
 * `loadDataDir` starts from a dump (`dumpDataDir`) instead of an empty cluster: a seeded
 * scenario then opens without paying for the migrations again.
 */
export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob | File } = {}): Promise<PgliteDb> {
  const init: PGliteOptions = options.loadDataDir ? { loadDataDir: options.loadDataDir } : {};
  return new PgliteDb(options.dataDir ? await PGlite.create(options.dataDir, init) : await PGlite.create(init));
}
