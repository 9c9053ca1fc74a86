/**
 * fast-check generators of requests for every route of the contract's route table: values that
 * are valid in shape but sit at the edges (huge quantities, zero and negative prices,
 * 3-decimal currencies, unicode, very long strings, unknown fields) and garbage (wrong types,
 * broken JSON, wrong content types, oversized bodies, odd methods, bad tokens and headers).
 *
 * Ids are symbolic (`ref('document')`): the harness resolves them when the request is sent,
 * against the ids that exist by then (seeded or created by earlier requests), another
 * organization's, or ones that do not exist — so writes reach real documents, customers and
 * threads instead of bouncing off 404s.
 */
import fc from 'fast-check';
import {
  documentKinds,
  displayStatuses,
  Email,
  paymentMethods,
  routeNames,
  routes,
  syncModes,
  transactionTypes,
  type RouteDef,
  type RouteName,
} from '@ledgerside/contract';

// ---------------------------------------------------------------- the request model

export const REF = '\u0001ref:';
/** The document's current balance (recordPayment) or version (If-Match), filled in when sent. */
export const BALANCE = '\u0001balance';
export const CURRENT_VERSION = '\u0001version';
export const STALE_VERSION = '\u0001stale';

export const refKinds = [
  'customer',
  'document',
  'invoice',
  'quote',
  'conversation',
  'message',
  'contact',
  'timeEntry',
  'ticket',
  'deal',
  'product',
  'recipient',
  'cursor',
] as const;
export type RefKind = (typeof refKinds)[number];

/** Who calls: a demo user, another organization's, or a token that must not get in. */
export const tokenNames = [
  'admin',
  'agent',
  'lightAgent',
  'client',
  'otherClient',
  'secondAgent',
  'none',
  'expired',
  'forged',
  'wrongAudience',
  'otherOrgSecret',
  'garbage',
] as const;
export type TokenName = (typeof tokenNames)[number];
export const badTokens: ReadonlySet<TokenName> = new Set(['none', 'expired', 'forged', 'wrongAudience', 'otherOrgSecret', 'garbage']);

export type BodySpec =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; contentType?: string }
  /** Sent verbatim: broken JSON, other media types, invalid UTF-8. */
  | { kind: 'raw'; data: string | readonly number[]; contentType?: string }
  /** A body larger than the server's limit. */
  | { kind: 'oversized'; contentType?: string };

export interface FuzzRequest {
  route: RouteName;
  /** Usually the route's; sometimes another (the path then names no endpoint: 404). */
  method: string;
  /** Path parameters (may hold refs); `rawPath` replaces the whole path when set. */
  params: Record<string, string>;
  rawPath?: string;
  /** Query pairs in order; names may repeat. */
  query: [string, string][];
  token: TokenName;
  ifMatch?: string;
  idempotencyKey?: string;
  lastEventId?: string;
  body: BodySpec;
  /** Which family of input this is, for the figures. */
  shape: 'valid' | 'mutated' | 'garbage';
}

// ---------------------------------------------------------------- values

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

/** Mostly valid, sometimes at or past the edge. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, edge: fc.Arbitrary<U>, validWeight = 24): fc.Arbitrary<T | U> =>
  fc.oneof(w(validWeight, valid), w(1, edge));

/** Present now and then (absent `1 - 1/every` of the time). */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, every = 4): fc.Arbitrary<T | undefined> =>
  fc.oneof(w(every - 1, fc.constant(undefined)), w(1, arbitrary));

export function ref(kind: RefKind): fc.Arbitrary<string> {
  return fc.oneof(
    w(20, fc.nat(1_000_000).map((n) => `${REF}${kind}:${n}`)),
    w(2, fc.nat(1_000).map((n) => `${REF}foreign-${kind}:${n}`)),
    w(1, fc.nat(99).map((n) => `zz-missing-${kind}-${n}`)),
    w(1, fc.constantFrom('', ' ', 'x'.repeat(65), 'a b', '../etc/passwd', 'ünï', 'a/b', '%00', '😀', '__proto__', 'constructor')),
  );
}

const hostile = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "Robert'); DROP TABLE documents;--",
  '\u202Egnp.exe',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '😀👩🏽‍💻🇨🇿',
  'Ω≈ç√∫˜µ≤≥÷',
  '${7*7}{{7*7}}',
  '%s%s%n',
  '\r\n\r\nX-Injected: 1',
  '   padded   ',
  '\t',
  '\u200B',
  'ﷺ',
  'e\u0301',
  '０１２',
  'null',
  'undefined',
  '[object Object]',
];

/** Text for a field of at most `max` characters (after trimming). */
export function text(max: number, required = false): fc.Arbitrary<string> {
  // Long unbroken text at the limit is rarer in the fields a PDF wraps: rendering it takes
  // seconds per field (a finding of this fuzzing, see the report), which would starve a long run.
  const long = max > 500 ? 1 : 4;
  const valid = fc.oneof(
    w(24, fc.string({ minLength: required ? 1 : 0, maxLength: Math.min(max, 40) })),
    w(12, fc.string({ unit: 'grapheme', minLength: required ? 1 : 0, maxLength: Math.min(max, 30) })),
    w(2, fc.constant(`${'word '.repeat(Math.max(0, Math.floor(max / 5) - 1))}last`)),
    w(long, fc.constant('x'.repeat(max))),
    w(long, fc.constant('é'.repeat(max))),
    w(long, fc.constant(`${' '.repeat(20)}${'y'.repeat(Math.max(1, max - 1))}${' '.repeat(20)}`)),
  );
  const edge = fc.oneof(
    fc.constantFrom(...hostile),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constant('x'.repeat(max + 1)),
    fc.constant('😀'.repeat(max)),
    fc.constant(required ? '   ' : ''),
  );
  return mostly(valid, edge, 16);
}

const email = mostly(
  fc.oneof(
    w(3, fc.constantFrom('billing@acme.test', 'ap@acme.test', 'fakturace@hradec.test', 'new@fuzz.example', 'ANA@ACME.TEST')),
    w(2, fc.emailAddress().filter((e) => Email.safeParse(e).success)),
  ),
  fc.oneof(fc.emailAddress(), fc.constantFrom('nope', '', 'a@b', '@x.org', 'a@@b.org', 'ü@ü.de', `${'l'.repeat(64)}@${'d'.repeat(185)}.org`, `${'l'.repeat(65)}@x.org`, ' spaced@x.org')),
  12,
);

const currency = mostly(
  fc.constantFrom('USD', 'EUR', 'JPY', 'KWD', 'BHD', 'CZK', 'GBP', 'TND'),
  fc.constantFrom('usd', '', 'US', 'USDX', 'ZZZ', 'XXX', ' EUR', '€', 'CLF'),
);

const todayMs = Date.UTC(2026, 0, 1);
const isoDay = (offset: number) => new Date(todayMs + offset * 86_400_000).toISOString().slice(0, 10);
const date = mostly(
  fc.oneof(fc.integer({ min: -800, max: 800 }).map((d) => isoDay(d + Math.floor((Date.now() - todayMs) / 86_400_000))), fc.constantFrom('2024-02-29', '2000-01-01')),
  fc.constantFrom('2026-02-30', '2025-02-29', '0000-01-01', '9999-12-31', '2026-1-1', '2026-01-01T00:00:00Z', '', 'today', '2026-13-01', '+002026-01-01'),
);

const language = mostly(fc.constantFrom('en', 'es', 'cs', 'en-GB', 'es-MX', 'de', 'fil'), fc.constantFrom('English', '', 'EN', 'e', 'en_US', 'x'.repeat(40)));
const timeZone = mostly(
  fc.constantFrom('UTC', 'Europe/Prague', 'America/Chicago', 'Asia/Kathmandu', 'Pacific/Chatham', 'Etc/GMT+12'),
  fc.constantFrom('Mars/Base', '', 'utc+1', 'Europe/Prague\u0000'),
);

/** Up to 4 decimals within [0, 1e6], or past it. */
const quantity = mostly(
  fc.oneof(
    w(3, fc.integer({ min: 0, max: 100 })),
    w(2, fc.integer({ min: 0, max: 10_000_000_000 }).map((n) => n / 10_000)),
    w(1, fc.constantFrom(0, 1_000_000, 0.0001, 999_999.9999, 1.25, 0.5)),
  ),
  fc.constantFrom(-1, -0.0001, 1_000_000.0001, 1.00001, 1e308, 5e-324, 0.1 + 0.2, -0, '1', null),
);
const unitPrice = mostly(
  fc.oneof(w(4, fc.integer({ min: 0, max: 100_000 })), w(1, fc.integer({ min: 0, max: 1_000_000_000_000 })), w(1, fc.constantFrom(0, 1, 1_000_000_000_000))),
  fc.constantFrom(-1, -100, 1.5, 1_000_000_000_001, 2 ** 53, Number.MAX_SAFE_INTEGER, '100', true),
);
const percent = (decimals: number) =>
  mostly(
    fc.oneof(fc.integer({ min: 0, max: 100 * 10 ** decimals }).map((n) => n / 10 ** decimals), fc.constantFrom(0, 100, 8.25, 21)),
    fc.constantFrom(-0.01, 100.001, 12.34567, 1e-7, 101, '21'),
  );

const money = mostly(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, '10'));

// ---------------------------------------------------------------- bodies

const address = fc.record(
  {
    line1: text(200),
    line2: text(200),
    city: text(100),
    region: text(100),
    postalCode: text(20),
    country: mostly(fc.constantFrom('US', 'CZ', 'GB', ''), fc.constantFrom('us', 'USA', 'X', '12')),
  },
  { requiredKeys: ['line1', 'city', 'postalCode', 'country'] },
);

const customerFields = {
  firstName: text(100),
  lastName: text(100),
  companyName: text(200),
  displayName: text(200, true),
  email,
  secondaryEmail: fc.option(email, { nil: null }),
  phone: text(40),
  billingAddress: fc.option(address, { nil: null }),
  taxId: text(40),
  currency,
  language,
  timeZone,
  paymentTermsDays: mostly(fc.integer({ min: 0, max: 365 }), fc.constantFrom(-1, 366, 1.5, '30')),
  template: text(60),
  taxRatePercent: percent(3),
};

const customerCreate = fc.record(
  { ...customerFields, copyPreferencesFrom: ref('customer') },
  { requiredKeys: ['displayName', 'email', 'currency', 'language', 'timeZone'] },
);
const customerUpdate = fc.record(customerFields, { requiredKeys: [] });

const line = fc.record(
  {
    description: text(2000, true),
    quantity,
    unitPrice,
    discountPercent: percent(2),
    taxRatePercent: percent(3),
    timeEntryIds: fc.array(ref('timeEntry'), { maxLength: 3 }),
    productId: fc.option(ref('product'), { nil: null }),
  },
  { requiredKeys: ['description', 'quantity', 'unitPrice'] },
);
const bigLine = { description: 'Bulk', quantity: 1, unitPrice: 1 };
const lines = mostly(
  fc.array(line, { minLength: 1, maxLength: 4 }),
  fc.oneof(
    fc.constant([]),
    fc.constant(Array.from({ length: 501 }, () => bigLine)),
    fc.constant(Array.from({ length: 500 }, () => bigLine)),
    // Each line fits; together they pass Number.MAX_SAFE_INTEGER.
    fc.constant([
      { description: 'Huge', quantity: 9000, unitPrice: 1_000_000_000_000 },
      { description: 'Huge', quantity: 9000, unitPrice: 1_000_000_000_000 },
    ]),
    fc.constant([{ description: 'Near the limit', quantity: 9007, unitPrice: 1_000_000_000_000 }]),
  ),
  8,
);

const documentFields = {
  currency,
  issueDate: date,
  dueDate: fc.option(date, { nil: null }),
  paymentTermsDays: fc.option(mostly(fc.integer({ min: 0, max: 365 }), fc.constantFrom(-1, 366)), { nil: null }),
  template: text(60),
  reference: text(100),
  notes: text(5000),
};

const documentCreate = fc.record(
  {
    kind: mostly(fc.constantFrom(...documentKinds), fc.constantFrom('receipt', 'INVOICE', '')),
    customerId: ref('customer'),
    ticketId: fc.option(ref('ticket'), { nil: null }),
    dealId: fc.option(ref('deal'), { nil: null }),
    ...documentFields,
    lines,
  },
  { requiredKeys: ['kind', 'customerId', 'currency', 'issueDate', 'lines'] },
);
const documentUpdate = fc.record({ ...documentFields, lines }, { requiredKeys: [] });

const emailRequest = fc.record(
  {
    to: mostly(fc.array(email, { minLength: 1, maxLength: 3 }), fc.constantFrom([], Array.from({ length: 21 }, (_, i) => `r${i}@x.org`))),
    subject: text(200),
    message: text(5000),
  },
  { requiredKeys: [] },
);

const paymentCreate = fc.record(
  {
    amount: fc.oneof(w(3, money), w(2, fc.constant(BALANCE))),
    date,
    method: mostly(fc.constantFrom(...paymentMethods), fc.constantFrom('bitcoin', '', 'CARD')),
    reference: text(100),
  },
  { requiredKeys: ['amount', 'date'] },
);

const transactionType = mostly(fc.constantFrom(...transactionTypes), fc.constantFrom('bogus', '', 'INVOICE', '__proto__'), 8);
const conversationQuery = fc.record({
  transactionType: fc.oneof(w(4, fc.constantFrom('invoice', 'quote')), w(2, transactionType)),
  transactionId: ref('document'),
});

const messageCreate = fc
  .record({
    transaction: sometimes(fc.record({ transactionType, transactionId: ref('document') }), 6),
    recipientIds: mostly(fc.array(ref('recipient'), { minLength: 1, maxLength: 3 }), fc.constantFrom([], Array.from({ length: 51 }, () => 'u-agent'))),
    body: text(10_000, true),
  })
  .map(({ transaction, ...rest }) => ({ ...transaction, ...rest }));

const hostContact = (id: fc.Arbitrary<string>) =>
  fc.record(
    {
      id,
      firstName: text(100),
      lastName: text(100),
      name: text(200),
      email,
      secondaryEmail: email,
      company: text(200),
      phone: text(40),
      address,
      taxId: text(40),
    },
    { requiredKeys: ['id'] },
  );

const newHostId = (prefix: string) => fc.nat(400).map((n) => `${prefix}-${n}`);

const timeEntryInput = fc.record(
  {
    hostId: fc.oneof(ref('timeEntry'), newHostId('te-fz')),
    userId: mostly(fc.constantFrom('u-agent', 'u-admin', 'host-user-7'), fc.constantFrom('', 'a b')),
    userName: text(200),
    date,
    minutes: mostly(fc.integer({ min: 1, max: 600 }), fc.constantFrom(0, -5, 44_640, 44_641, 1.5)),
    description: text(2000),
    billable: mostly(fc.boolean(), fc.constantFrom('yes', 1, null)),
    hourlyRate: unitPrice,
    currency,
  },
  { requiredKeys: ['hostId', 'userId', 'date', 'minutes', 'description', 'billable', 'hourlyRate', 'currency'] },
);

const timeEntriesPut = fc.record({
  ticketId: fc.oneof(ref('ticket'), newHostId('ticket-fz')),
  entries: mostly(fc.array(timeEntryInput, { maxLength: 4 }), fc.constant(Array.from({ length: 501 }, () => ({})))),
});

const integrationUpdate = fc.record(
  {
    // Mostly back on: a disabled organization refuses every write, which would starve the run.
    state: fc.oneof(w(12, fc.constant('enabled')), w(1, fc.constant('disabled')), w(1, fc.constantFrom('deleted', 'on', ''))),
    syncMode: mostly(fc.constantFrom(...syncModes), fc.constantFrom('three_way', '')),
    matchSecondaryEmail: mostly(fc.boolean(), fc.constantFrom('true', 0)),
  },
  { requiredKeys: ['state'] },
);

// ---------------------------------------------------------------- queries

type Pairs = [string, string][];

const limit = mostly(fc.integer({ min: 1, max: 200 }).map(String), fc.constantFrom('0', '201', '-5', '1e3', 'abc', '1.5', ' 7', '0x10'));
const cursor = fc.oneof(
  w(4, ref('cursor')),
  w(1, fc.constantFrom('eyJ4IjoxfQ', 'bnVsbA', 'W10', 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA', '%FF', 'x'.repeat(201), '')),
  w(1, fc.string({ maxLength: 30 })),
);

/** Query parameters, each present with its own frequency (`sometimes`); undefined ones are left out. */
function queryOf(model: Record<string, fc.Arbitrary<string | undefined>>): fc.Arbitrary<Pairs> {
  return fc.record(model).map((r) => Object.entries(r).filter((e): e is [string, string] => e[1] !== undefined));
}

const queries: Partial<Record<RouteName, fc.Arbitrary<Pairs>>> = {
  searchCustomers: queryOf({ email: sometimes(email, 2), q: sometimes(text(200), 2), cursor: sometimes(cursor), limit: sometimes(limit, 3) }),
  searchProducts: queryOf({ q: sometimes(text(200), 2), cursor: sometimes(cursor), limit: sometimes(limit, 3) }),
  listDocuments: queryOf({
    ticketId: sometimes(ref('ticket'), 3),
    dealId: sometimes(ref('deal')),
    customerId: sometimes(ref('customer'), 3),
    kind: sometimes(mostly(fc.constantFrom(...documentKinds), fc.constantFrom('receipt', ''))),
    status: sometimes(mostly(fc.constantFrom(...displayStatuses), fc.constantFrom('late', 'DRAFT'))),
    cursor: sometimes(cursor, 5),
    limit: sometimes(limit, 3),
  }),
  documentSummary: queryOf({ ticketId: sometimes(ref('ticket'), 3), dealId: sometimes(ref('deal')), customerId: sometimes(ref('customer'), 3) }),
  listTimeEntries: queryOf({ ticketId: mostly(ref('ticket'), fc.constant(undefined)) }),
  getConversation: conversationQuery.map((q) => Object.entries(q) as Pairs),
  listRecipients: conversationQuery.map((q) => Object.entries(q) as Pairs),
  listMessages: queryOf({ cursor: sometimes(cursor, 3), limit: sometimes(limit, 3) }),
};

/** A JWT-shaped string nobody signed (or a header/payload that claims a registered installation, with a made-up signature). */
const part = fc.base64String({ minLength: 4, maxLength: 80 }).map((b) => b.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_') || 'e30');
const claims = (payload: object) => Buffer.from(JSON.stringify(payload)).toString('base64url');
const madeUpJwt = fc.oneof(
  fc.tuple(part, part, part).map((p) => p.join('.')),
  fc.constantFrom(
    `${claims({ alg: 'RS256' })}.${claims({ aud: 'https://northwind.zendesk.com/api/v2/apps/installations/1001.json', sub: '9001', exp: 4102444800, iat: Math.floor(Date.now() / 1000) })}.c2ln`,
    `${claims({ alg: 'HS256' })}.${claims({ companyId: 7001, userId: 9001, exp: 4102444800 })}.c2ln`,
    `${claims({ alg: 'none' })}.${claims({ companyId: 7001, userId: 9001, exp: 4102444800 })}.`,
  ),
);
const hostProof = fc.record({ token: madeUpJwt, user: fc.record({ name: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }), email }) });

const bodies: Partial<Record<RouteName, fc.Arbitrary<unknown>>> = {
  zendeskHostSession: fc.oneof(hostProof, fc.record({ renewal: madeUpJwt })),
  pipedriveHostSession: hostProof,
  createCustomer: customerCreate,
  updateCustomer: customerUpdate,
  putTimeEntries: timeEntriesPut,
  createDocument: documentCreate,
  updateDocument: documentUpdate,
  emailDocument: emailRequest,
  recordPayment: paymentCreate,
  openConversation: conversationQuery,
  postMessage: messageCreate,
  markRead: fc.record({ messageId: ref('message') }),
  updateIntegration: integrationUpdate,
  // putContactLink's body is made with its path parameter, below.
};

/** Which pool each path parameter draws from. */
const paramKinds: Partial<Record<RouteName, RefKind>> = {
  getCustomer: 'customer',
  updateCustomer: 'customer',
  getContactLink: 'contact',
  putContactLink: 'contact',
  deleteContactLink: 'contact',
  getDocument: 'document',
  updateDocument: 'document',
  deleteDocument: 'document',
  cloneDocument: 'document',
  voidDocument: 'invoice',
  markDocumentSent: 'document',
  emailDocument: 'document',
  convertDocument: 'quote',
  recordPayment: 'invoice',
  documentPdf: 'document',
  listMessages: 'conversation',
  postMessage: 'conversation',
  markRead: 'conversation',
};

// ---------------------------------------------------------------- garbage

/** Small changes to a valid-shaped body: unknown fields, a missing field, a wrong type. */
function mutate(value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      value,
      fc.constantFrom('unknown', 'drop', 'retype', 'proto', 'wrap'),
      fc.nat(),
      fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 5 }), fc.constant([]), fc.constant({}), fc.double(), fc.boolean()),
    )
    .map(([v, how, n, junk]) => {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return how === 'wrap' ? [v] : { value: v };
      const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
      const keys = Object.keys(copy);
      const key = keys.length ? keys[n % keys.length]! : 'x';
      switch (how) {
        case 'unknown':
          return { ...copy, unexpected: junk, [`extra${n % 5}`]: 'x'.repeat(n % 50), id: 'client-chosen-id', organizationId: 'org-globex' };
        case 'drop':
          delete copy[key];
          return copy;
        case 'retype':
          return { ...copy, [key]: junk };
        case 'proto':
          return JSON.parse(`{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"polluted": 1}}${keys.length ? `, ${JSON.stringify(copy).slice(1)}` : '}'}`) as unknown;
        default:
          return [copy];
      }
    });
}

/** JSON nested deeper than any schema: arrays 3,000 and 20,000 deep, objects 10,000 deep. */
export const deepJson = ['[', '{"a":'].flatMap((open) =>
  (open === '[' ? [3000, 20_000] : [10_000]).map((n) => `${open.repeat(n)}0${(open === '[' ? ']' : '}').repeat(n)}`),
);

const garbageBody: fc.Arbitrary<BodySpec> = fc.oneof(
  w(3, fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: 'json' as const, value }))),
  w(2, fc.string({ maxLength: 40 }).map((s) => ({ kind: 'raw' as const, data: `{"a": ${s}`, contentType: 'application/json' }))),
  w(1, fc.constantFrom('{', '}', '{"a":1,}', "{'a':1}", 'NaN', '[', '\uFEFF{}', '{"a":1}{"b":2}', ...deepJson).map((data) => ({ kind: 'raw' as const, data, contentType: 'application/json' }))),
  w(
    2,
    fc
      .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', '', 'application/json-patch', 'json')
      .map((contentType) => ({ kind: 'raw' as const, data: '{"displayName":"x"}', contentType })),
  ),
  w(1, fc.constant({ kind: 'raw' as const, data: [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d], contentType: 'application/json' })),
  w(1, fc.constantFrom<BodySpec>({ kind: 'oversized' }, { kind: 'oversized', contentType: 'text/plain' })),
  w(1, fc.constant<BodySpec>({ kind: 'none' })),
  w(1, fc.constant<BodySpec>({ kind: 'raw', data: '', contentType: 'application/json' })),
);

// ---------------------------------------------------------------- headers and tokens

const token: fc.Arbitrary<TokenName> = fc.oneof(
  w(8, fc.constant<TokenName>('admin')),
  w(12, fc.constant<TokenName>('agent')),
  w(2, fc.constant<TokenName>('lightAgent')),
  w(3, fc.constant<TokenName>('client')),
  w(1, fc.constant<TokenName>('otherClient')),
  w(1, fc.constant<TokenName>('secondAgent')),
  w(2, fc.constantFrom<TokenName>('none', 'expired', 'forged', 'wrongAudience', 'otherOrgSecret', 'garbage')),
);

const ifMatch = fc.oneof(
  w(8, fc.constant(CURRENT_VERSION)),
  w(1, fc.constant('*')),
  w(1, fc.constant(STALE_VERSION)),
  w(1, fc.constant(`W/"${CURRENT_VERSION}"`)),
  w(1, fc.constantFrom('', 'W/"x"', '1,2', '99999999999', '-1', '"3', '0', 'soon')),
);

const idempotencyKey = fc.oneof(
  w(8, fc.uuid()),
  w(2, fc.constantFrom('fz-1', 'fz-2', 'fz-3')),
  w(1, fc.constantFrom('', 'k'.repeat(256), 'é', 'a\tb', 'k'.repeat(255))),
);

const lastEventId = fc.oneof(fc.nat(200).map(String), fc.constantFrom('', '-1', 'abc', '9'.repeat(20), '1e3', '0'));

// ---------------------------------------------------------------- requests

const otherMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Requests to one route, in all three families. */
export function requestsFor(name: RouteName): fc.Arbitrary<FuzzRequest> {
  const route: RouteDef = routes[name];
  const paramKind = paramKinds[name];
  const contactId = fc.oneof(ref('contact'), newHostId('contact-fz'));
  const pathParams: fc.Arbitrary<Record<string, string>> =
    name === 'putContactLink' || name === 'getContactLink' || name === 'deleteContactLink'
      ? contactId.map((contactId) => ({ contactId }))
      : paramKind
        ? ref(paramKind).map((id) => ({ id }))
        : fc.constant({});
  const query = queries[name] ?? fc.constant<Pairs>([]);
  const extraQuery = fc.oneof(
    w(30, fc.constant<Pairs>([])),
    w(1, fc.constantFrom<Pairs>([['unknown', '1']], [['limit', '5'], ['limit', 'x']], [['access_token', 'nope']], [['__proto__', 'x']], [['q', '\u0000']])),
  );

  const withBody = (params: Record<string, string>): fc.Arbitrary<{ body: BodySpec; shape: FuzzRequest['shape'] }> => {
    const valid =
      name === 'putContactLink'
        ? fc
            .tuple(hostContact(fc.constant(params.contactId ?? '')), ref('customer'), fc.oneof(w(9, fc.constant(true)), w(1, fc.constant(false))))
            .map(([contact, customerId, same]) => ({ contact: same ? contact : { ...contact, id: 'someone-else' }, customerId }))
        : (bodies[name] ?? fc.constant({}));
    if (!route.body) {
      // A body where none belongs: ignored (or, for GET, impossible to send).
      return route.method === 'GET'
        ? fc.constant({ body: { kind: 'none' as const }, shape: 'valid' as const })
        : fc.oneof(
            w(8, fc.constant({ body: { kind: 'none' as const }, shape: 'valid' as const })),
            w(1, garbageBody.map((body) => ({ body, shape: 'garbage' as const }))),
          );
    }
    return fc.oneof(
      w(24, valid.map((value) => ({ body: { kind: 'json' as const, value }, shape: 'valid' as const }))),
      w(4, mutate(valid).map((value) => ({ body: { kind: 'json' as const, value }, shape: 'mutated' as const }))),
      w(3, garbageBody.map((body) => ({ body, shape: 'garbage' as const }))),
    );
  };

  return pathParams
    .chain((params) =>
      fc.record({
        params: fc.constant(params),
        query: fc.tuple(query, extraQuery).map(([a, b]) => [...a, ...b]),
        token,
        content: withBody(params),
        ifMatch: route.ifMatch
          ? fc.option(ifMatch, { nil: undefined, freq: 12 })
          : fc.oneof(w(12, fc.constant(undefined)), w(1, ifMatch)),
        idempotencyKey: route.idempotencyKey ? fc.option(idempotencyKey, { nil: undefined, freq: 4 }) : fc.constant(undefined),
        lastEventId: name === 'events' ? fc.option(lastEventId, { nil: undefined }) : fc.constant(undefined),
        odd: fc.oneof(
          w(80, fc.constant(null)),
          w(1, fc.constantFrom(...otherMethods).map((method) => ({ method }))),
          w(1, fc.constantFrom('/v1/documents/%ZZ', '/v1/documents//pdf', '/v1/documents/a%2Fb/pdf', '/v1/customers/%00', '/v1//session', '/v1/session/', '/v1/SESSION', '/v2/session').map((rawPath) => ({ rawPath }))),
        ),
      }),
    )
    .map(({ params, query, token, content, ifMatch, idempotencyKey, lastEventId, odd }): FuzzRequest => {
      const request: FuzzRequest = { route: name, method: route.method, params, query, token, body: content.body, shape: content.shape };
      if (ifMatch !== undefined) request.ifMatch = ifMatch;
      if (idempotencyKey !== undefined) request.idempotencyKey = idempotencyKey;
      if (lastEventId !== undefined) request.lastEventId = lastEventId;
      if (odd && 'method' in odd && odd.method !== route.method) {
        request.method = odd.method;
        request.shape = 'garbage';
        // fetch cannot send a body with GET.
        if (odd.method === 'GET') request.body = { kind: 'none' };
      }
      if (odd && 'rawPath' in odd) {
        request.rawPath = odd.rawPath;
        request.shape = 'garbage';
        if (request.method === 'GET') request.body = { kind: 'none' };
      }
      return request;
    });
}

/**
 * How often each route is picked: writes that build state weigh more, the integration's
 * delete and the PDF (slow to render) less.
 */
const routeWeights: Partial<Record<RouteName, number>> = {
  createDocument: 8,
  updateDocument: 4,
  recordPayment: 4,
  markDocumentSent: 3,
  convertDocument: 3,
  voidDocument: 2,
  postMessage: 4,
  openConversation: 3,
  putTimeEntries: 3,
  createCustomer: 3,
  putContactLink: 2,
  deleteIntegration: 0.15,
  updateIntegration: 3,
  documentPdf: 0.6,
  events: 0.5,
};

/** A request to any route of the table. */
export const anyRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  ...routeNames.map((name) => ({ weight: Math.round((routeWeights[name] ?? 1.5) * 10), arbitrary: requestsFor(name) })),
);
