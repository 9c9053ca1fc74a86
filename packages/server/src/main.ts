/**
 * `pnpm start` (LEDGERSIDE_DEMO=1) and production entry. Environment: PORT (4100), HOST
 * (127.0.0.1), LEDGERSIDE_DATA (PGlite directory, default .ledgerside/data), DATABASE_URL (use
 * PostgreSQL instead), DATABASE_POOL_SIZE (its connections per process, default 10), SMTP_URL,
 * MAIL_FROM, PUBLIC_URL, LEDGERSIDE_DEMO=1; the books: LEDGERSIDE_SECRET_KEY,
 * QUICKBOOKS_CLIENT_ID, QUICKBOOKS_CLIENT_SECRET, QUICKBOOKS_WEBHOOK_VERIFIER, QUICKBOOKS_API_URL,
 * QUICKBOOKS_AUTH_URL, QUICKBOOKS_TOKEN_URL, QUICKBOOKS_APP_URL (QUICKBOOKS_ENVIRONMENT=sandbox picks Intuit's sandbox).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { quickbooksFromEnv } from './books/config.js';
import { startServer } from './server.js';

const env = process.env;
const port = env.PORT === undefined || env.PORT === '' ? 4100 : Number(env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not ${JSON.stringify(env.PORT)}`);
  process.exit(1);
}

const poolSize = env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : undefined;
if (poolSize !== undefined && (!Number.isInteger(poolSize) || poolSize < 1)) {
  console.error(`DATABASE_POOL_SIZE must be a whole number of connections, not ${JSON.stringify(env.DATABASE_POOL_SIZE)}`);
  process.exit(1);
}

const demo = env.LEDGERSIDE_DEMO === '1' || env.LEDGERSIDE_DEMO === 'true';
// The demo keeps its own key beside its data, so its QuickBooks (simulator) connection survives
// restarts; anything else must be given LEDGERSIDE_SECRET_KEY.
let secretKey = env.LEDGERSIDE_SECRET_KEY || undefined;
if (!secretKey && demo && !env.DATABASE_URL) {
  const file = join(dirname(resolve(env.LEDGERSIDE_DATA || '.ledgerside/data')), 'demo-secret-key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  secretKey = readFileSync(file, 'utf8').trim();
}

const server = await startServer({
  port,
  host: env.HOST || '127.0.0.1',
  databaseUrl: env.DATABASE_URL || undefined,
  poolSize,
  dataDir: env.LEDGERSIDE_DATA || undefined,
  demo,
  smtpUrl: env.SMTP_URL || undefined,
  mailFrom: env.MAIL_FROM || undefined,
  publicUrl: env.PUBLIC_URL || undefined,
  books: { secretKey, quickbooks: quickbooksFromEnv(env) },
  // The demo's QuickBooks simulator, next port up (unless real credentials were given).
  ...(demo ? { quickbooksSimulatorPort: port === 0 ? 0 : port + 1 } : {}),
}).catch((error: unknown) => {
  // A refusal to start (e.g. a connected organization and no LEDGERSIDE_SECRET_KEY) is a sentence, not a stack.
  console.error(`Ledgerside did not start: ${(error as Error).message}`);
  process.exit(1);
});

const storage = env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${env.LEDGERSIDE_DATA || '.ledgerside/data'}`;
console.log(`Ledgerside server listening on ${server.url} — ${storage}`);
if (env.LEDGERSIDE_DEMO === '1' || env.LEDGERSIDE_DEMO === 'true') {
  console.log(`Demo: ${server.url}/  ·  users ${server.url}/dev/users  ·  mailbox ${server.url}/dev/mailbox`);
  if (server.quickbooksSimulatorUrl) {
    console.log(`Books: connect the demo organization to the QuickBooks simulator at ${server.url}/dev/books  ·  the simulator ${server.quickbooksSimulatorUrl}`);
  }
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    void server.close().then(() => process.exit(0));
  });
}
