/**
 * An organization's books: Ledgerside's own (`builtin`, no connection) or a vendor's, connected
 * by an admin over OAuth. What the connection looks like through the API, and the words the
 * components use for a provider.
 */
import { z } from 'zod/mini';
import { booksProviders, CurrencyCode, Id, IsoDateTime, TaxRatePercent } from './schemas.js';

function named<T extends z.core.$ZodType>(schema: T, id: string): T {
  z.globalRegistry.add(schema, { id });
  return schema;
}

export const BooksConnect = named(
  z.object({
    provider: z.enum(booksProviders),
    /** Where the browser goes once the vendor sent it back (one of the organization's origins). */
    returnTo: z.optional(z.url({ protocol: /^https?$/, error: 'An http(s) URL' }).check(z.maxLength(2000))),
  }),
  'BooksConnect',
);

export const BooksAuthorization = z.object({ authorizationUrl: z.url() });

export const BooksTaxCode = z.object({ id: z.string(), name: z.string(), ratePercent: z.nullable(z.number()) });

/** The admin's mapping: which of the company's tax codes a Ledgerside tax rate becomes. */
export const BooksTaxMapping = z.object({
  ratePercent: TaxRatePercent,
  taxCodeId: z.string().check(z.minLength(1, { error: 'Choose a tax code' }), z.maxLength(64)),
});

export const BooksSettingsUpdate = named(
  z.object({
    taxMapping: z.array(BooksTaxMapping).check(
      z.maxLength(100),
      z.refine((list) => new Set(list.map((m) => m.ratePercent)).size === list.length, { error: 'Each tax rate once' }),
    ),
  }),
  'BooksSettingsUpdate',
);

export const BooksConnection = named(
  z.object({
    provider: z.enum(booksProviders),
    providerName: z.string(),
    /** The vendor's company, and its id there (QuickBooks' realm id). */
    companyName: z.string(),
    companyId: z.string(),
    homeCurrency: z.nullable(CurrencyCode),
    /** Currencies the company accepts (its home currency, plus others when multicurrency is on). */
    currencies: z.array(z.string()),
    connectedBy: z.object({ id: Id, name: z.string() }),
    connectedAt: IsoDateTime,
    /** When the mirror last heard from the vendor. */
    lastSyncAt: z.nullable(IsoDateTime),
    lastError: z.nullable(z.object({ message: z.string(), at: IsoDateTime })),
    /** False while the vendor cannot be reached: reads come from the mirror, writes are refused. */
    reachable: z.boolean(),
    /** Writes accepted and not yet confirmed by the vendor. */
    pendingWrites: z.int(),
    taxCodes: z.array(BooksTaxCode),
    taxMapping: z.array(BooksTaxMapping),
  }),
  'BooksConnection',
);

export const BooksState = named(
  z.object({
    connection: z.nullable(BooksConnection),
    /** What this server can connect to (credentials configured). */
    providers: z.array(z.object({ provider: z.enum(booksProviders), providerName: z.string(), configured: z.boolean() })),
  }),
  'BooksState',
);

export const WebhookBody = z.unknown();

/** What a webhook delivery led to: changes named, re-reads queued (duplicates are not). */
export const WebhookReceipt = z.object({ received: z.int(), queued: z.int() });

export type BooksConnect = z.input<typeof BooksConnect>;
export type BooksConnection = z.infer<typeof BooksConnection>;
export type BooksState = z.infer<typeof BooksState>;
export type BooksSettingsUpdate = z.input<typeof BooksSettingsUpdate>;
export type BooksTaxCode = z.infer<typeof BooksTaxCode>;

