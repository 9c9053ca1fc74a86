/**
 * Which Books adapter an organization uses. Nothing else imports an adapter: the handlers ask
 * the registry, per request, with the request's own database or transaction.
 */
import type { FontSource } from '../pdf/fonts.js';
import { builtinBooks } from './builtin.js';
import type { Books, BooksRegistry } from './port.js';

export interface RegistryOptions {
  fonts: FontSource;
}

export function createBooksRegistry(options: RegistryOptions): BooksRegistry {
  const builtin = builtinBooks(options.fonts);
  return {
    for: async (): Promise<Books> => builtin,
  };
}
