/**
 * Starting real servers for tests: PGlite in a fresh temp directory (copied from a migrated,
 * seeded template), or a fresh database on the PostgreSQL that `TEST_DATABASE_URL` points at.
 * Either way each test file gets its own store with the demo organizations in it.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { todayIso, type Role } from '@ledgerside/contract';
import { demoIds, migrate, mintToken, openDatabase, seedDemo, startServer, type RunningServer, type ServerOptions } from '../../src/index.js';
import { migrations } from '../../src/db/migrations.js';

export type BackendName = 'pglite' | 'postgres';

export interface Backend {
  name: BackendName;
  /** A skip message when this backend is not available. */
  skip: string | false;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || '';

/** PGlite always; PostgreSQL when TEST_DATABASE_URL is set. */
export function backends(): Backend[] {
  return [
    { name: 'pglite', skip: false },
    {
      name: 'postgres',
      skip: TEST_DATABASE_URL ? false : 'PostgreSQL suite skipped: set TEST_DATABASE_URL (see packages/server/README.md)',
    },
  ];
}

/**
 * A migrated and seeded PGlite directory, made once per schema, seed and day (the seed's dates
 * are relative to today) and copied per test file: a copy opens in 0.4 s, an initdb takes 3 s.
 */
async function pgliteTemplate(): Promise<string> {
  const seedSource = readFileSync(fileURLToPath(new URL('../../src/seed/demo.ts', import.meta.url)), 'utf8');
  const hash = createHash('sha256').update(migrations.join('\n')).update(seedSource).update(todayIso()).digest('hex').slice(0, 12);
  const prefix = 'ledgerside-pglite-template-';
  const template = join(tmpdir(), `${prefix}${hash}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const building = `${template}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const db = await openDatabase({ dataDir: building });
  await migrate(db);
  await seedDemo(db);
  await db.close();
  try {
    renameSync(building, template);
  } catch {
    // Another test process won the race; its template is as good.
    rmSync(building, { recursive: true, force: true });
  }
  // Old templates are of no use any more. Not every other one: another checkout's tests (other
  // migrations, so another hash) may be copying theirs right now.
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(prefix) || name.startsWith(`${prefix}${hash}`)) continue;
    const file = join(tmpdir(), name);
    if ((statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < Date.now() - 2 * 24 * 3600_000) rmSync(file, { recursive: true, force: true });
  }
  return template;
}

export async function freshDataDir(): Promise<{ dir: string; remove(): void }> {
  const parent = mkdtempSync(join(tmpdir(), 'ledgerside-test-'));
  const dir = join(parent, 'data');
  cpSync(await pgliteTemplate(), dir, { recursive: true });
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/** A new, empty database on the test PostgreSQL cluster. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ledgerside_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestServer extends RunningServer {
  backend: BackendName;
  /** Storage that outlives `close()` (for restarts); removed by `destroy()`. */
  storage: { dataDir?: string; databaseUrl?: string };
  /** Close and remove the storage. */
  destroy(): Promise<void>;
  token(user: DemoUser, extra?: { expiresInSeconds?: number }): Promise<string>;
}

const demoUsers = { ...demoIds.users, secondAdmin: demoIds.second.users.admin, secondAgent: demoIds.second.users.agent };
export type DemoUser = keyof typeof demoUsers;

/** A server on a fresh store with the demo organizations seeded, answering on a free port. */
export async function startTestServer(backend: BackendName, options: ServerOptions = {}): Promise<TestServer> {
  let storage: TestServer['storage'];
  let remove: () => Promise<void>;
  if (backend === 'pglite') {
    const data = await freshDataDir();
    storage = { dataDir: data.dir };
    remove = async () => data.remove();
  } else {
    const database = await freshPostgresDatabase();
    storage = { databaseUrl: database.url };
    remove = database.drop;
  }
  const server = await startServer({
    port: 0,
    demo: true,
    examplesDir: null,
    rateLimit: false,
    checkResponses: true,
    heartbeatMs: 1000,
    eventPollMs: 1000,
    ...storage,
    ...options,
  });
  return withTokens(server, backend, storage, remove);
}

function withTokens(
  server: RunningServer,
  backend: BackendName,
  storage: TestServer['storage'],
  remove: () => Promise<void>,
): TestServer {
  const secrets = new Map<string, string>();
  return {
    ...server,
    backend,
    storage,
    destroy: async () => {
      await server.close();
      await remove();
    },
    token: async (user, extra = {}) => {
      const id = demoUsers[user];
      const [row] = await server.db.query<{ organization_id: string; name: string; email: string; role: Role; customer_id: string | null; jwt_secret: string }>(
        `SELECT u.*, o.jwt_secret FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1`,
        [id],
      );
      if (!row) throw new Error(`No demo user ${id}`);
      secrets.set(row.organization_id, row.jwt_secret);
      return mintToken({
        organizationId: row.organization_id,
        userId: id,
        name: row.name,
        email: row.email,
        role: row.role,
        customerId: row.customer_id,
        secret: row.jwt_secret,
        expiresInSeconds: extra.expiresInSeconds ?? 600,
      });
    },
  };
}
