/**
 * The resources of the HTTP surface, as zod/mini schemas (the browser bundle pays ≈ 6 KB for
 * zod/mini instead of ≈ 24 KB for full zod; the server uses the very same schemas).
 */
import { z } from 'zod/mini';
import {
  DISCOUNT_DECIMALS,
  documentTotals,
  isSupportedCurrency,
  MAX_QUANTITY,
  MAX_UNIT_PRICE,
  MoneyError,
  QUANTITY_DECIMALS,
  TAX_RATE_DECIMALS,
  toScaled,
} from './money.js';
import { documentKinds, documentStatuses, displayStatuses } from './status.js';
import { roles, permissions } from './permissions.js';
import { transactionTypes } from './eligibility.js';
import { DUE_BEFORE_ISSUE, dueDateError } from './due-date.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MIN_PAGE_SIZE } from './rules/paging.js';

/** Registers a schema under a name, for the OpenAPI components. */
function named<T extends z.core.$ZodType>(schema: T, id: string): T {
  z.globalRegistry.add(schema, { id });
  return schema;
}

// ---------------------------------------------------------------- primitives

export const Id = z.string().check(
  z.minLength(1, { error: 'Required' }),
  z.maxLength(64, { error: 'At most 64 characters' }),
  z.regex(/^[A-Za-z0-9_.:@-]+$/, { error: 'Letters, digits and _ . : @ - only' }),
);

const text = (max: number) =>
  z.string().check(z.trim(), z.maxLength(max, { error: `At most ${max} characters` }));
const requiredText = (max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1, { error: 'Required' }),
    z.maxLength(max, { error: `At most ${max} characters` }),
  );

export const Email = z.email({ error: 'Not a valid email address' }).check(z.maxLength(254));
export const IsoDate = z.iso.date({ error: 'A date as YYYY-MM-DD' });
export const IsoDateTime = z.iso.datetime({ offset: true, error: 'A date and time (ISO 8601)' });
export const CurrencyCode = z.string().check(
  z.refine((c) => isSupportedCurrency(c), { error: 'A currency code (ISO 4217)' }),
);
export const LanguageTag = z.string().check(
  z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'A language tag such as en or es-MX' }),
);
export const TimeZone = z.string().check(
  z.refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { error: 'A time zone such as Europe/Prague' },
  ),
);
/** An amount in integer minor units. */
export const MinorUnits = z.int({ error: 'An integer amount in minor units' }).check(
  z.gte(-Number.MAX_SAFE_INTEGER),
  z.lte(Number.MAX_SAFE_INTEGER),
);

/** A decimal number with at most `decimals` decimals, within [min, max] (or (min, max]). */
const decimal = (decimals: number, min: number, max: number, what: string, aboveMin = false) =>
  z.number({ error: `${what} must be a number` }).check(
    z.refine(
      (n) => {
        try {
          toScaled(n, decimals);
          return true;
        } catch {
          return false;
        }
      },
      { error: `${what} takes at most ${decimals} decimals` },
    ),
    aboveMin
      ? z.gt(min, { error: `${what} must be greater than ${min}` })
      : z.gte(min, { error: `${what} must be at least ${min}` }),
    z.lte(max, { error: `${what} must be at most ${max}` }),
  );

/** More than 0: a line of nothing is a mistake on an invoice or a quote. */
export const Quantity = decimal(QUANTITY_DECIMALS, 0, MAX_QUANTITY, 'Quantity', true);
export const DiscountPercent = decimal(DISCOUNT_DECIMALS, 0, 100, 'Discount');
export const TaxRatePercent = decimal(TAX_RATE_DECIMALS, 0, 100, 'Tax rate');
export const UnitPrice = z.int({ error: 'Unit price must be a whole number of minor units' }).check(
  z.gte(0, { error: 'Unit price cannot be negative' }),
  z.lte(MAX_UNIT_PRICE, { error: 'Unit price too large' }),
);

export const Cursor = z.string().check(z.maxLength(200));
export const Limit = z.coerce.number().check(z.int(), z.gte(MIN_PAGE_SIZE), z.lte(MAX_PAGE_SIZE));
/** A list route's `limit`: the contract's default page size when not given. */
export const PageLimit = z._default(Limit, DEFAULT_PAGE_SIZE);

export function page<T extends z.core.$ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });
}

// ---------------------------------------------------------------- books

/** The vendors an organization can connect its books to. */
export const booksProviders = ['quickbooks'] as const;
export type BooksProviderName = (typeof booksProviders)[number];

/** A provider's name as people know it ("Open in QuickBooks"). */
export const providerNames: Record<BooksProviderName, string> = { quickbooks: 'QuickBooks' };

/** What the session tells every component about the books (provider name, freshness). */
export const BooksSummary = named(
  z.object({
    provider: z.enum(booksProviders),
    providerName: z.string(),
    companyName: z.string(),
    lastSyncAt: z.nullable(IsoDateTime),
    reachable: z.boolean(),
  }),
  'BooksSummary',
);

// ---------------------------------------------------------------- session, users, settings

export const RoleSchema = z.enum(roles);
export const PermissionSchema = z.enum(permissions);

export const User = named(
  z.object({
    id: Id,
    name: requiredText(200),
    email: Email,
    role: RoleSchema,
    /** For a client user: the billing customer it belongs to. */
    customerId: z.nullable(Id),
  }),
  'User',
);

export const Organization = named(
  z.object({ id: Id, name: requiredText(200), baseCurrency: CurrencyCode }),
  'Organization',
);

export const syncModes = ['one_way', 'two_way'] as const;
export const integrationStates = ['enabled', 'disabled', 'deleted'] as const;

/** A document template of the organization's: what customers and documents choose from. */
export const TemplateOption = named(
  z.object({
    id: z.string().check(
      z.minLength(1, { error: 'Required' }),
      z.maxLength(60, { error: 'At most 60 characters' }),
      z.regex(/^[A-Za-z0-9_.-]+$/, { error: 'Letters, digits and _ . - only' }),
    ),
    name: requiredText(100),
  }),
  'TemplateOption',
);

const Templates = z.array(TemplateOption).check(
  z.maxLength(50, { error: 'At most 50 templates' }),
  z.refine((list) => new Set(list.map((t) => t.id)).size === list.length, { error: 'Each template needs its own id' }),
);

/**
 * The billing app's URL template: `{id}` / `{number}` become the document's id / number; without
 * them, `/documents/{id}` is appended (see billing-app.ts). http(s) only.
 */
export const BillingAppUrl = z.url({ protocol: /^https?$/, error: 'An http(s) URL' }).check(z.maxLength(2000));

export const IntegrationSettings = named(
  z.object({
    state: z.enum(integrationStates),
    syncMode: z.enum(syncModes),
    matchSecondaryEmail: z.boolean(),
    billingAppUrl: z.nullable(z.url()),
    /** The organization's document templates; the first is the default. */
    templates: z.array(TemplateOption),
    updatedAt: IsoDateTime,
  }),
  'IntegrationSettings',
);

export const IntegrationUpdate = z.object({
  state: z.optional(z.enum(['enabled', 'disabled'])),
  syncMode: z.optional(z.enum(syncModes)),
  matchSecondaryEmail: z.optional(z.boolean()),
  /** null: no billing app (documents get no `externalUrl`). */
  billingAppUrl: z.optional(z.nullable(BillingAppUrl)),
  templates: z.optional(Templates),
});

export const Session = named(
  z.object({
    user: User,
    organization: Organization,
    permissions: z.array(PermissionSchema),
    integration: IntegrationSettings,
    /** The connected books (null: Ledgerside's own). */
    books: z.optional(z.nullable(BooksSummary)),
  }),
  'Session',
);

// ---------------------------------------------------------------- contacts and customers

export const Address = named(
  z.object({
    line1: text(200),
    line2: z.optional(text(200)),
    city: text(100),
    region: z.optional(text(100)),
    postalCode: text(20),
    /** ISO 3166-1 alpha-2. */
    country: z.string().check(z.regex(/^([A-Z]{2})?$/, { error: 'A two-letter country code' })),
  }),
  'Address',
);

/** The contact as the host (helpdesk, CRM) knows it. */
export const HostContact = named(
  z.object({
    id: Id,
    firstName: z.optional(text(100)),
    lastName: z.optional(text(100)),
    name: z.optional(text(200)),
    email: z.optional(Email),
    secondaryEmail: z.optional(Email),
    company: z.optional(text(200)),
    phone: z.optional(text(40)),
    address: z.optional(Address),
    taxId: z.optional(text(40)),
  }),
  'HostContact',
);

/**
 * One line of the host's deal (a CRM's line items): which product, how many, and the deal's
 * discount on it where the host keeps one. A new quote or invoice of the deal starts from these.
 * Not part of the HTTP surface (no OpenAPI component): the host hands it to the provider.
 */
export const HostDealLine = z.object({
  productId: Id,
  quantity: Quantity,
  discountPercent: z.optional(DiscountPercent),
});

const customerFields = {
  firstName: text(100),
  lastName: text(100),
  companyName: text(200),
  displayName: requiredText(200),
  email: Email,
  secondaryEmail: z.nullable(Email),
  phone: text(40),
  billingAddress: z.nullable(Address),
  taxId: text(40),
  currency: CurrencyCode,
  language: LanguageTag,
  timeZone: TimeZone,
  paymentTermsDays: z.int().check(z.gte(0, { error: 'Cannot be negative' }), z.lte(365)),
  template: text(60),
  taxRatePercent: TaxRatePercent,
};

export const Customer = named(
  z.object({
    id: Id,
    ...customerFields,
    version: z.int(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  }),
  'Customer',
);

/** A customer as listed: with its outstanding balance (in its currency). */
export const CustomerWithBalance = named(
  z.object({
    ...Customer.shape,
    outstanding: MinorUnits,
    /** Why a search returned it. */
    matchedBy: z.optional(z.enum(['email', 'secondary_email', 'query'])),
  }),
  'CustomerWithBalance',
);

export const CustomerCreate = named(
  z.object({
    firstName: z.optional(customerFields.firstName),
    lastName: z.optional(customerFields.lastName),
    companyName: z.optional(customerFields.companyName),
    displayName: customerFields.displayName,
    email: customerFields.email,
    secondaryEmail: z.optional(customerFields.secondaryEmail),
    phone: z.optional(customerFields.phone),
    billingAddress: z.optional(customerFields.billingAddress),
    taxId: z.optional(customerFields.taxId),
    currency: customerFields.currency,
    language: customerFields.language,
    timeZone: customerFields.timeZone,
    paymentTermsDays: z.optional(customerFields.paymentTermsDays),
    template: z.optional(customerFields.template),
    taxRatePercent: z.optional(customerFields.taxRatePercent),
    /** Copy payment terms, currency, language, time zone, template and tax from this customer. */
    copyPreferencesFrom: z.optional(Id),
  }),
  'CustomerCreate',
);

export const CustomerUpdate = named(
  z.object({
    firstName: z.optional(customerFields.firstName),
    lastName: z.optional(customerFields.lastName),
    companyName: z.optional(customerFields.companyName),
    displayName: z.optional(customerFields.displayName),
    email: z.optional(customerFields.email),
    secondaryEmail: z.optional(customerFields.secondaryEmail),
    phone: z.optional(customerFields.phone),
    billingAddress: z.optional(customerFields.billingAddress),
    taxId: z.optional(customerFields.taxId),
    currency: z.optional(customerFields.currency),
    language: z.optional(customerFields.language),
    timeZone: z.optional(customerFields.timeZone),
    paymentTermsDays: z.optional(customerFields.paymentTermsDays),
    template: z.optional(customerFields.template),
    taxRatePercent: z.optional(customerFields.taxRatePercent),
  }),
  'CustomerUpdate',
);

/** The longest free-text search the API takes (the search field says so and stops there). */
export const SEARCH_QUERY_MAX_LENGTH = 200;

export const CustomerSearchQuery = z.object({
  email: z.optional(Email),
  q: z.optional(
    z.string().check(
      z.trim(),
      z.maxLength(SEARCH_QUERY_MAX_LENGTH, { error: `A search takes at most ${SEARCH_QUERY_MAX_LENGTH} characters` }),
    ),
  ),
  cursor: z.optional(Cursor),
  limit: PageLimit,
});

export const ContactLink = named(
  z.object({
    contactId: Id,
    customerId: Id,
    contact: HostContact,
    customer: CustomerWithBalance,
    linkedAt: IsoDateTime,
    linkedBy: Id,
  }),
  'ContactLink',
);

export const ContactLinkPut = z.object({ contact: HostContact, customerId: Id });

// ---------------------------------------------------------------- time entries and products

export const TimeEntryInput = z.object({
  hostId: Id,
  userId: Id,
  userName: z.optional(text(200)),
  date: IsoDate,
  minutes: z.int().check(z.gte(1, { error: 'At least one minute' }), z.lte(24 * 60 * 31)),
  description: text(2000),
  billable: z.boolean(),
  /** Per hour, in minor units of `currency`. */
  hourlyRate: UnitPrice,
  currency: CurrencyCode,
});

export const InvoicedBy = z.object({ documentId: Id, number: z.string() });

export const TimeEntry = named(
  z.object({
    ...TimeEntryInput.shape,
    ticketId: Id,
    invoicedBy: z.nullable(InvoicedBy),
  }),
  'TimeEntry',
);

export const TimeEntriesPut = z.object({
  ticketId: Id,
  entries: z.array(TimeEntryInput).check(z.maxLength(500)),
});

export const Product = named(
  z.object({
    id: Id,
    sku: text(60),
    name: requiredText(200),
    description: text(2000),
    unitPrice: UnitPrice,
    currency: CurrencyCode,
    taxRatePercent: TaxRatePercent,
  }),
  'Product',
);

// ---------------------------------------------------------------- documents

export const DocumentKindSchema = z.enum(documentKinds);
export const DocumentStatusSchema = z.enum(documentStatuses);
export const DisplayStatusSchema = z.enum(displayStatuses);

export const LineInput = named(
  z.object({
    description: requiredText(2000),
    quantity: Quantity,
    unitPrice: UnitPrice,
    discountPercent: z._default(DiscountPercent, 0),
    taxRatePercent: z._default(TaxRatePercent, 0),
    timeEntryIds: z._default(z.array(Id).check(z.maxLength(500)), []),
    productId: z._default(z.nullable(Id), null),
  }),
  'LineInput',
);

export const LineAmountsSchema = z.object({
  gross: MinorUnits,
  discount: MinorUnits,
  net: MinorUnits,
  tax: MinorUnits,
  total: MinorUnits,
});

export const DocumentLine = named(
  z.object({ ...LineInput.shape, id: Id, amounts: LineAmountsSchema }),
  'DocumentLine',
);

export const Totals = named(
  z.object({ subtotal: MinorUnits, discount: MinorUnits, tax: MinorUnits, total: MinorUnits }),
  'Totals',
);

export const booksSyncStates = ['pending', 'synced', 'failed'] as const;

/** A document's life in the vendor's books, on every Document of a connected organization. */
export const DocumentBooks = named(
  z.object({
    provider: z.enum(booksProviders),
    providerName: z.string(),
    /** pending: accepted, not yet confirmed by the vendor; failed: the vendor refused it. */
    state: z.enum(booksSyncStates),
    vendorId: z.nullable(z.string()),
    lastSyncedAt: z.nullable(IsoDateTime),
    /** The vendor's refusal, in words for people, with the rule's name. */
    error: z.nullable(z.object({ reason: z.string(), message: z.string() })),
    /** The totals as entered, when the vendor computed others (its are the document's totals). */
    enteredTotals: z.nullable(Totals),
  }),
  'DocumentBooks',
);

/** Lines whose totals fit: checked once, here, for create and update alike. */
const Lines = z.array(LineInput).check(
  z.minLength(1, { error: 'Add at least one line' }),
  z.maxLength(500, { error: 'At most 500 lines' }),
  z.refine(
    (lines) => {
      try {
        documentTotals(lines);
        return true;
      } catch (error) {
        if (error instanceof MoneyError) return false;
        throw error;
      }
    },
    { error: 'The total is too large' },
  ),
);

const documentFields = {
  currency: CurrencyCode,
  issueDate: IsoDate,
  dueDate: z.nullable(IsoDate),
  paymentTermsDays: z.nullable(z.int().check(z.gte(0), z.lte(365))),
  template: text(60),
  reference: text(100),
  notes: text(5000),
};

export const DocumentCreate = named(
  z.object({
    kind: DocumentKindSchema,
    customerId: Id,
    ticketId: z.optional(z.nullable(Id)),
    dealId: z.optional(z.nullable(Id)),
    currency: documentFields.currency,
    issueDate: documentFields.issueDate,
    dueDate: z.optional(documentFields.dueDate),
    paymentTermsDays: z.optional(documentFields.paymentTermsDays),
    template: z.optional(documentFields.template),
    reference: z.optional(documentFields.reference),
    notes: z.optional(documentFields.notes),
    lines: Lines,
  }).check(
    z.refine((d) => dueDateError(d.issueDate, d.dueDate ?? null) === null, {
      error: DUE_BEFORE_ISSUE,
      path: ['dueDate'],
    }),
  ),
  'DocumentCreate',
);

export const DocumentUpdate = named(
  z.object({
    currency: z.optional(documentFields.currency),
    issueDate: z.optional(documentFields.issueDate),
    dueDate: z.optional(documentFields.dueDate),
    paymentTermsDays: z.optional(documentFields.paymentTermsDays),
    template: z.optional(documentFields.template),
    reference: z.optional(documentFields.reference),
    notes: z.optional(documentFields.notes),
    lines: z.optional(Lines),
  }),
  'DocumentUpdate',
);

export const Document = named(
  z.object({
    id: Id,
    kind: DocumentKindSchema,
    number: z.string(),
    customerId: Id,
    customerName: z.string(),
    ticketId: z.nullable(Id),
    dealId: z.nullable(Id),
    ...documentFields,
    lines: z.array(DocumentLine),
    totals: Totals,
    amountPaid: MinorUnits,
    balance: MinorUnits,
    status: DocumentStatusSchema,
    /** `status`, or `overdue` when past due with a balance: what a person should see. */
    displayStatus: DisplayStatusSchema,
    version: z.int(),
    /** The invoice a quote became, or the quote an invoice came from. */
    convertedTo: z.nullable(Id),
    convertedFrom: z.nullable(Id),
    sentAt: z.nullable(IsoDateTime),
    /** Where the document opens in the billing app, when the organization has one. */
    externalUrl: z.optional(z.nullable(z.url())),
    /** Its sync with the connected books (absent for Ledgerside's own). */
    books: z.optional(DocumentBooks),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  }),
  'Document',
);

export const DocumentListQuery = z.object({
  ticketId: z.optional(Id),
  dealId: z.optional(Id),
  customerId: z.optional(Id),
  kind: z.optional(DocumentKindSchema),
  status: z.optional(DisplayStatusSchema),
  cursor: z.optional(Cursor),
  limit: PageLimit,
});

export const DocumentScopeQuery = z.object({
  ticketId: z.optional(Id),
  dealId: z.optional(Id),
  customerId: z.optional(Id),
});

export const CurrencySummary = z.object({
  currency: CurrencyCode,
  count: z.int(),
  invoiced: MinorUnits,
  outstanding: MinorUnits,
  overdue: MinorUnits,
});

export const DocumentSummary = named(
  z.object({ currencies: z.array(CurrencySummary) }),
  'DocumentSummary',
);

export const EmailRequest = z.object({
  to: z.optional(z.array(Email).check(z.minLength(1), z.maxLength(20))),
  subject: z.optional(text(200)),
  message: z.optional(text(5000)),
});

export const paymentMethods = ['bank_transfer', 'card', 'cash', 'check', 'other'] as const;

export const PaymentCreate = named(
  z.object({
    amount: z.int({ error: 'An integer amount in minor units' }).check(
      z.gt(0, { error: 'Must be more than zero' }),
      z.lte(Number.MAX_SAFE_INTEGER),
    ),
    date: IsoDate,
    method: z._default(z.enum(paymentMethods), 'bank_transfer'),
    reference: z._default(text(100), ''),
  }),
  'PaymentCreate',
);

export const Payment = named(
  z.object({
    id: Id,
    documentId: Id,
    amount: MinorUnits,
    currency: CurrencyCode,
    date: IsoDate,
    method: z.enum(paymentMethods),
    reference: z.string(),
    createdAt: IsoDateTime,
  }),
  'Payment',
);

export const PaymentResult = z.object({ payment: Payment, document: Document });

// ---------------------------------------------------------------- conversations

export const TransactionTypeSchema = z.enum(transactionTypes);

export const Conversation = named(
  z.object({
    id: Id,
    transactionType: TransactionTypeSchema,
    transactionId: Id,
    /** Messages the caller has not read. */
    unread: z.int(),
    lastReadMessageId: z.nullable(Id),
    createdAt: IsoDateTime,
  }),
  'Conversation',
);

export const ConversationQuery = z.object({ transactionType: TransactionTypeSchema, transactionId: Id });

/** The thread of a transaction: null until its first message. */
export const ConversationLookup = z.object({ conversation: z.nullable(Conversation) });

export const recipientKinds = ['firm_user', 'customer_contact'] as const;

export const Recipient = named(
  z.object({
    id: Id,
    name: z.string(),
    email: Email,
    kind: z.enum(recipientKinds),
  }),
  'Recipient',
);

export const Author = z.object({
  id: Id,
  name: z.string(),
  role: RoleSchema,
  side: z.enum(['firm', 'client']),
});

export const Message = named(
  z.object({
    id: Id,
    conversationId: Id,
    author: Author,
    recipients: z.array(Recipient),
    body: z.string(),
    createdAt: IsoDateTime,
  }),
  'Message',
);

export const MessageCreate = named(
  z.object({
    /** Needed for the first message of a thread, which creates the conversation. */
    transactionType: z.optional(TransactionTypeSchema),
    transactionId: z.optional(Id),
    recipientIds: z.array(Id).check(z.minLength(1, { error: 'Choose at least one recipient' }), z.maxLength(50)),
    body: requiredText(10_000),
  }),
  'MessageCreate',
);

export const MessageListQuery = z.object({
  /** Older than this cursor (pages go backwards from the newest). */
  cursor: z.optional(Cursor),
  limit: PageLimit,
});

export const MessagePosted = z.object({ conversation: Conversation, message: Message });

export const ReadMarker = z.object({ messageId: Id });

export const UnreadCounts = named(
  z.object({
    total: z.int(),
    byTransaction: z.array(
      z.object({
        transactionType: TransactionTypeSchema,
        transactionId: Id,
        conversationId: Id,
        count: z.int(),
      }),
    ),
  }),
  'UnreadCounts',
);

// ---------------------------------------------------------------- live events and errors

const event = <T extends string, D extends z.core.$ZodType>(type: T, data: D) =>
  z.object({ id: z.string(), type: z.literal(type), at: IsoDateTime, data });

export const LiveEvent = named(
  z.discriminatedUnion('type', [
    event('document.created', Document),
    event('document.changed', Document),
    event('payment.recorded', PaymentResult),
    event('message.posted', MessagePosted),
    event('contact.mapped', ContactLink),
    event('contact.unmapped', z.object({ contactId: Id, customerId: Id })),
    event('integration.changed', IntegrationSettings),
  ]),
  'LiveEvent',
);

export const errorCodes = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'precondition_failed',
  'precondition_required',
  'unprocessable',
  'idempotency_mismatch',
  'integration_disabled',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal',
  'unavailable',
] as const;

export const ErrorIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});

export const ErrorBody = named(
  z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.optional(z.array(ErrorIssue)),
      /** For 412: the current representation. */
      current: z.optional(z.unknown()),
      /** For 422 rule refusals: the rule's named reason. */
      reason: z.optional(z.string()),
    }),
  }),
  'ErrorBody',
);

// ---------------------------------------------------------------- inferred types

export type User = z.infer<typeof User>;
export type Organization = z.infer<typeof Organization>;
export type IntegrationSettings = z.infer<typeof IntegrationSettings>;
export type IntegrationUpdate = z.infer<typeof IntegrationUpdate>;
export type TemplateOption = z.infer<typeof TemplateOption>;
export type Session = z.infer<typeof Session>;
export type Address = z.infer<typeof Address>;
export type HostContact = z.infer<typeof HostContact>;
export type HostDealLine = z.infer<typeof HostDealLine>;
export type Customer = z.infer<typeof Customer>;
export type CustomerWithBalance = z.infer<typeof CustomerWithBalance>;
export type CustomerCreate = z.input<typeof CustomerCreate>;
export type CustomerUpdate = z.input<typeof CustomerUpdate>;
export type ContactLink = z.infer<typeof ContactLink>;
export type TimeEntryInput = z.infer<typeof TimeEntryInput>;
export type TimeEntry = z.infer<typeof TimeEntry>;
export type Product = z.infer<typeof Product>;
export type LineInput = z.input<typeof LineInput>;
export type DocumentLine = z.infer<typeof DocumentLine>;
export type Totals = z.infer<typeof Totals>;
export type DocumentCreate = z.input<typeof DocumentCreate>;
export type DocumentUpdate = z.input<typeof DocumentUpdate>;
export type Document = z.infer<typeof Document>;
export type DocumentSummary = z.infer<typeof DocumentSummary>;
export type PaymentCreate = z.input<typeof PaymentCreate>;
export type Payment = z.infer<typeof Payment>;
export type Conversation = z.infer<typeof Conversation>;
export type Recipient = z.infer<typeof Recipient>;
export type Message = z.infer<typeof Message>;
export type MessageCreate = z.input<typeof MessageCreate>;
export type UnreadCounts = z.infer<typeof UnreadCounts>;
export type LiveEvent = z.infer<typeof LiveEvent>;
export type LiveEventType = LiveEvent['type'];
export type ErrorBody = z.infer<typeof ErrorBody>;
export type ErrorCode = (typeof errorCodes)[number];
export type BooksSummary = z.infer<typeof BooksSummary>;
export type DocumentBooks = z.infer<typeof DocumentBooks>;
