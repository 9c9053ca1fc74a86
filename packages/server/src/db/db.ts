/** Opening the database in Node: PostgreSQL from a URL, or PGlite in a folder. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openPglite } from './pglite.js';
import { PostgresDb } from './postgres.js';
import type { Db } from './types.js';

export * from './types.js';

export interface OpenOptions {
  /** `postgres://…`: use a real PostgreSQL. */
  databaseUrl?: string | undefined;
  /** PostgreSQL: connections in the pool (default 10). */
  poolSize?: number | undefined;
  /** PGlite's data directory (created with its parents when missing). */
  dataDir?: string | undefined;
}

export async function openDatabase(options: OpenOptions): Promise<Db> {
  if (options.databaseUrl) {
    const db = new PostgresDb(options.databaseUrl, options.poolSize);
    await db.query('SELECT 1');
    return db;
  }
  const dataDir = resolve(options.dataDir ?? '.ledgerside/data');
  // PGlite creates the directory itself but not its missing parents.
  mkdirSync(dirname(dataDir), { recursive: true });
  return openPglite({ dataDir });
}
