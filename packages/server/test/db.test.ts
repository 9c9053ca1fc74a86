/**
 * The database layer's own promises (issue 21): a document number spelled in SQL is the
 * contract's; on PostgreSQL, a statement prepared by name survives a table changing under it
 * (another process migrating), and a transaction's last statement sent with its COMMIT
 * (`finish`) commits both or neither.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { documentKinds, documentNumber, documentNumberPrefixes } from '@ledgerside/contract';
import { openPglite } from '../src/db/pglite.js';
import { PostgresDb } from '../src/db/postgres.js';
import type { Db } from '../src/db/types.js';
import { DOCUMENT_NUMBER_SQL } from '../src/services/documents.js';
import { freshPostgresDatabase, TEST_DATABASE_URL } from './helpers/server.js';

describe('document numbers in SQL', () => {
  let db: Db;
  before(async () => (db = await openPglite()));
  after(() => db.close());

  it('spell what the contract’s documentNumber spells, past six digits too', async () => {
    const cases = fc.sample(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), { numRuns: 200, seed: 2102 });
    cases.push(1, 9, 999_999, 1_000_000, 12_345_678, Number.MAX_SAFE_INTEGER);
    for (const kind of documentKinds) {
      const rows = await db.query<{ n: string; number: string }>(
        `SELECT n::text AS n, ${DOCUMENT_NUMBER_SQL('$1::text', 'n')} AS number FROM unnest($2::bigint[]) AS n`,
        [documentNumberPrefixes[kind], cases.map(String)],
      );
      assert.equal(rows.length, cases.length);
      for (const row of rows) assert.equal(row.number, documentNumber(kind, Number(row.n)));
    }
  });
});

describe('PostgreSQL driver', { skip: TEST_DATABASE_URL ? false : 'set TEST_DATABASE_URL' }, () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let db: PostgresDb;
  before(async () => {
    database = await freshPostgresDatabase();
    db = new PostgresDb(database.url, 2);
    await db.exec('CREATE TABLE t (id int PRIMARY KEY, a text NOT NULL)');
  });
  after(async () => {
    await db?.close();
    await database?.drop();
  });

  it('a prepared statement runs again after its table changed under it, alone and in a transaction', async () => {
    await db.query('INSERT INTO t (id, a) VALUES ($1, $2)', [1, 'one']);
    // Prepared on both connections of the pool.
    const read = () => db.query<Record<string, unknown>>('SELECT * FROM t WHERE id = $1', [1]);
    await Promise.all([read(), read(), db.transaction((tx) => tx.query('SELECT * FROM t WHERE id = $1', [1]))]);
    await db.exec(`ALTER TABLE t ADD COLUMN b text NOT NULL DEFAULT 'new'`);
    assert.deepEqual(await read(), [{ id: 1, a: 'one', b: 'new' }]);
    const inTx = await db.transaction((tx) => tx.query('SELECT * FROM t WHERE id = $1', [1]));
    assert.deepEqual(inTx, [{ id: 1, a: 'one', b: 'new' }]);
  });

  it('finish commits the statement with the transaction, or rolls both back when it fails', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t (id, a) VALUES ($1, $2)', [10, 'before']);
      const rows = await tx.finish!<{ id: number }>('INSERT INTO t (id, a) VALUES ($1, $2) RETURNING id', [11, 'last']);
      assert.deepEqual(rows, [{ id: 11 }]);
      await assert.rejects(tx.query('SELECT 1'), /already been committed/);
    });
    assert.equal((await db.query('SELECT id FROM t WHERE id IN (10, 11)')).length, 2);

    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t (id, a) VALUES ($1, $2)', [20, 'before']);
        await tx.finish!('INSERT INTO t (id, a) VALUES ($1, $2)', [10, 'duplicate key']);
      }),
      (error: { code?: string }) => error.code === '23505',
    );
    assert.deepEqual(await db.query('SELECT id FROM t WHERE id = $1', [20]), [], 'the earlier insert rolled back too');
    // The connection is clean for the next transaction.
    assert.deepEqual(await db.transaction((tx) => tx.query<{ ok: number }>('SELECT 1 AS ok')), [{ ok: 1 }]);
  });
});
