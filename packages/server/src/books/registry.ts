/**
 * Which Books adapter an organization uses. Nothing else imports an adapter: the handlers ask
 * the registry, per request, with the request's own database or transaction.
 */
import type { Db } from '../db/types.js';
import type { FontSource } from '../pdf/fonts.js';
import { builtinBooks } from './builtin.js';
import { quickbooksBooks } from './quickbooks/adapter.js';
import type { BooksConfig } from './config.js';
import type { BooksRuntime } from './connect.js';
import { SecretBox } from './crypto.js';
import type { Books, BooksRegistry } from './port.js';

export const BOOKS_CHANNEL = 'ledgerside_books';

export interface RegistryOptions {
  db: Db;
  fonts: FontSource;
  config: BooksConfig;
  publicUrl: () => string;
}

export interface BooksSetup {
  registry: BooksRegistry;
  runtime: BooksRuntime;
}

/**
 * The books of every organization on this core. Refuses to start when an organization is
 * connected but no LEDGERSIDE_SECRET_KEY was given: its tokens could not be read, and new
 * ones could not be kept safe.
 */
export async function createBooks(options: RegistryOptions): Promise<BooksSetup> {
  const box = options.config.secretKey ? await SecretBox.fromSecret(options.config.secretKey) : null;
  if (!box) {
    const [connected] = await options.db.query<{ organization_id: string }>('SELECT organization_id FROM books_connections LIMIT 1');
    if (connected) {
      throw new Error(
        `Organization ${connected.organization_id} is connected to its books, but LEDGERSIDE_SECRET_KEY is not set: the server cannot read or keep its tokens. Set the key the tokens were sealed with.`,
      );
    }
  }
  return booksSetup({ ...options, box });
}

/** The same with the key already derived (or none): what `createApp` uses when given no books. */
export function booksSetup(options: RegistryOptions & { box: SecretBox | null }): BooksSetup {
  const { box } = options;
  const runtime: BooksRuntime = {
    db: options.db,
    config: options.config,
    box,
    publicUrl: options.publicUrl,
    kick: async (organizationId) => {
      await options.db.query('SELECT pg_notify($1, $2)', [BOOKS_CHANNEL, organizationId]);
    },
  };
  const builtin = builtinBooks(options.fonts);
  const quickbooks = quickbooksBooks(builtin, runtime);
  return {
    runtime,
    registry: {
      runtime,
      // One indexed lookup per request: an organization's books can change at any time, in any process.
      for: async (sql, organizationId): Promise<Books> => {
        const [row] = await sql.query<{ provider: string }>('SELECT provider FROM books_connections WHERE organization_id = $1', [organizationId]);
        return row?.provider === 'quickbooks' ? quickbooks : builtin;
      },
    },
  };
}
