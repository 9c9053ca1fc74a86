/**
 * The schema, as numbered migrations applied in order. PostgreSQL dialect only, so PGlite and
 * a real PostgreSQL run exactly the same statements. Never edit an applied migration: add one.
 *
 * Conventions: every tenant table carries `organization_id` and every query filters on it;
 * money is bigint minor units; calendar dates are ISO `text` (YYYY-MM-DD sorts correctly and
 * avoids drivers turning dates into local-time Date objects).
 */
import type { Db } from './db.js';

export const migrations: readonly string[] = [
  /* 1: the whole model */ `
  CREATE TABLE organizations (
    id text PRIMARY KEY,
    name text NOT NULL,
    base_currency text NOT NULL,
    jwt_secret text NOT NULL,
    allowed_origins jsonb NOT NULL DEFAULT '[]',
    details jsonb NOT NULL DEFAULT '{}',
    integration_state text NOT NULL DEFAULT 'enabled',
    sync_mode text NOT NULL DEFAULT 'one_way',
    match_secondary_email boolean NOT NULL DEFAULT false,
    billing_app_url text,
    integration_updated_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now()
  );

  CREATE TABLE users (
    organization_id text NOT NULL REFERENCES organizations(id),
    id text NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    role text NOT NULL,
    customer_id text,
    PRIMARY KEY (organization_id, id)
  );
  CREATE INDEX users_customer ON users (organization_id, customer_id);

  -- Per-organization counters: document numbers per kind, and the event sequence. Taking the
  -- row lock in the writing transaction makes numbers gapless and events commit-ordered.
  CREATE TABLE counters (
    organization_id text NOT NULL REFERENCES organizations(id),
    name text NOT NULL,
    value bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (organization_id, name)
  );

  CREATE TABLE customers (
    id text PRIMARY KEY,
    organization_id text NOT NULL REFERENCES organizations(id),
    first_name text NOT NULL DEFAULT '',
    last_name text NOT NULL DEFAULT '',
    company_name text NOT NULL DEFAULT '',
    display_name text NOT NULL,
    email text NOT NULL,
    secondary_email text,
    phone text NOT NULL DEFAULT '',
    billing_address jsonb,
    tax_id text NOT NULL DEFAULT '',
    currency text NOT NULL,
    language text NOT NULL,
    time_zone text NOT NULL,
    payment_terms_days integer NOT NULL DEFAULT 30,
    template text NOT NULL DEFAULT '',
    tax_rate_percent numeric NOT NULL DEFAULT 0,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX customers_name ON customers (organization_id, lower(display_name), id);
  CREATE INDEX customers_email ON customers (organization_id, lower(email));
  CREATE INDEX customers_secondary_email ON customers (organization_id, lower(secondary_email));

  CREATE TABLE contact_links (
    organization_id text NOT NULL REFERENCES organizations(id),
    contact_id text NOT NULL,
    customer_id text NOT NULL REFERENCES customers(id),
    contact jsonb NOT NULL,
    linked_at timestamptz NOT NULL DEFAULT now(),
    linked_by text NOT NULL,
    PRIMARY KEY (organization_id, contact_id)
  );
  CREATE INDEX contact_links_customer ON contact_links (organization_id, customer_id);

  CREATE TABLE products (
    id text PRIMARY KEY,
    organization_id text NOT NULL REFERENCES organizations(id),
    sku text NOT NULL DEFAULT '',
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    unit_price bigint NOT NULL,
    currency text NOT NULL,
    tax_rate_percent numeric NOT NULL DEFAULT 0
  );
  CREATE INDEX products_name ON products (organization_id, lower(name), id);

  CREATE TABLE documents (
    id text PRIMARY KEY,
    -- Creation order, for "newest first" lists and their cursors.
    seq bigserial NOT NULL,
    organization_id text NOT NULL REFERENCES organizations(id),
    kind text NOT NULL,
    number text NOT NULL,
    customer_id text NOT NULL REFERENCES customers(id),
    ticket_id text,
    deal_id text,
    currency text NOT NULL,
    issue_date text NOT NULL,
    due_date text,
    payment_terms_days integer,
    template text NOT NULL DEFAULT '',
    reference text NOT NULL DEFAULT '',
    notes text NOT NULL DEFAULT '',
    lines jsonb NOT NULL,
    subtotal bigint NOT NULL,
    discount bigint NOT NULL,
    tax bigint NOT NULL,
    total bigint NOT NULL,
    amount_paid bigint NOT NULL DEFAULT 0,
    status text NOT NULL,
    version integer NOT NULL DEFAULT 1,
    converted_to text,
    converted_from text,
    sent_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, kind, number)
  );
  CREATE INDEX documents_recent ON documents (organization_id, seq DESC);
  CREATE INDEX documents_ticket ON documents (organization_id, ticket_id, seq DESC);
  CREATE INDEX documents_deal ON documents (organization_id, deal_id, seq DESC);
  CREATE INDEX documents_customer ON documents (organization_id, customer_id, seq DESC);

  CREATE TABLE time_entries (
    organization_id text NOT NULL REFERENCES organizations(id),
    host_id text NOT NULL,
    ticket_id text NOT NULL,
    user_id text NOT NULL,
    user_name text,
    date text NOT NULL,
    minutes integer NOT NULL,
    description text NOT NULL DEFAULT '',
    billable boolean NOT NULL,
    hourly_rate bigint NOT NULL,
    currency text NOT NULL,
    invoiced_by text REFERENCES documents(id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, host_id)
  );
  CREATE INDEX time_entries_ticket ON time_entries (organization_id, ticket_id, date, host_id);
  CREATE INDEX time_entries_invoiced_by ON time_entries (invoiced_by);

  CREATE TABLE payments (
    id text PRIMARY KEY,
    organization_id text NOT NULL REFERENCES organizations(id),
    document_id text NOT NULL REFERENCES documents(id),
    amount bigint NOT NULL,
    currency text NOT NULL,
    date text NOT NULL,
    method text NOT NULL,
    reference text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX payments_document ON payments (document_id, created_at);

  CREATE TABLE conversations (
    id text PRIMARY KEY,
    organization_id text NOT NULL REFERENCES organizations(id),
    transaction_type text NOT NULL,
    transaction_id text NOT NULL,
    -- The billing customer the transaction belongs to: what a client user may see.
    customer_id text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, transaction_type, transaction_id)
  );
  CREATE INDEX conversations_customer ON conversations (organization_id, customer_id);

  CREATE TABLE messages (
    id text PRIMARY KEY,
    organization_id text NOT NULL REFERENCES organizations(id),
    conversation_id text NOT NULL REFERENCES conversations(id),
    seq bigserial NOT NULL,
    author jsonb NOT NULL,
    author_id text NOT NULL,
    recipients jsonb NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX messages_conversation ON messages (conversation_id, seq);

  CREATE TABLE read_markers (
    conversation_id text NOT NULL REFERENCES conversations(id),
    user_id text NOT NULL,
    last_read_seq bigint NOT NULL,
    message_id text NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
  );

  CREATE TABLE events (
    organization_id text NOT NULL REFERENCES organizations(id),
    seq bigint NOT NULL,
    type text NOT NULL,
    data jsonb NOT NULL,
    -- Set when the event concerns one customer's transactions: what client users may see.
    customer_id text,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, seq)
  );

  CREATE TABLE outbox (
    id text PRIMARY KEY,
    organization_id text NOT NULL REFERENCES organizations(id),
    kind text NOT NULL,
    recipients jsonb NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    document_id text REFERENCES documents(id),
    status text NOT NULL DEFAULT 'pending',
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_until timestamptz,
    last_error text,
    sent_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
  CREATE INDEX outbox_recent ON outbox (organization_id, created_at DESC);

  CREATE TABLE idempotency_keys (
    organization_id text NOT NULL REFERENCES organizations(id),
    user_id text NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    status integer,
    response jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id, key)
  );
  CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
  `,
  // The largest billed invoice per organization and currency, for the exact-sum guard.
  `
  CREATE INDEX documents_billed_total ON documents (organization_id, currency, total DESC)
    WHERE kind = 'invoice' AND status IN ('sent', 'partially_paid', 'paid');
  `,
  // The organization's document templates (the first is the default): customers and documents
  // choose among them.
  `
  ALTER TABLE organizations ADD COLUMN templates jsonb NOT NULL DEFAULT '[{"id": "standard", "name": "Standard"}]';
  `,
  // Host app installations whose frames prove their user with a signed token (Zendesk's
  // signedUrls JWT, Pipedrive's panel JWT): which organization each serves, with what role,
  // and the key (Zendesk's public key) or secret (Pipedrive's JWT secret) that checks it.
  `
  CREATE TABLE host_installations (
    framework text NOT NULL,
    id text NOT NULL,
    organization_id text NOT NULL REFERENCES organizations(id),
    verification_key text NOT NULL,
    role text NOT NULL DEFAULT 'agent',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (framework, id)
  );
  CREATE INDEX host_installations_organization ON host_installations (organization_id);
  `,
  // The summary and the overdue filter at 100,000 documents (bench/explain.md): the billed
  // invoices' facts the summary adds up, readable from the index alone; open invoices by due date.
  `
  CREATE INDEX documents_billed_facts ON documents (organization_id, currency, status, due_date) INCLUDE (total, amount_paid)
    WHERE kind = 'invoice' AND status IN ('sent', 'partially_paid', 'paid');
  CREATE INDEX documents_open_due ON documents (organization_id, due_date)
    WHERE kind = 'invoice' AND status IN ('sent', 'partially_paid');
  `,
  // An organization's connection to a vendor's books (none: Ledgerside is the books). Tokens are
  // sealed with LEDGERSIDE_SECRET_KEY; the row is also the lock one refresh at a time takes, and
  // holds the vendor's rate budget and the sync cursor, so several processes act as one.
  `
  CREATE TABLE books_connections (
    organization_id text PRIMARY KEY REFERENCES organizations(id),
    provider text NOT NULL,
    company_id text NOT NULL,
    company_name text NOT NULL DEFAULT '',
    home_currency text,
    currencies jsonb NOT NULL DEFAULT '[]',
    tax_codes jsonb NOT NULL DEFAULT '[]',
    tax_mapping jsonb NOT NULL DEFAULT '[]',
    item_id text,
    tokens text NOT NULL,
    access_expires_at timestamptz NOT NULL,
    refresh_expires_at timestamptz,
    connected_by text NOT NULL,
    connected_by_name text NOT NULL,
    connected_at timestamptz NOT NULL DEFAULT now(),
    last_sync_at timestamptz,
    last_error text,
    last_error_at timestamptz,
    unreachable_since timestamptz,
    cdc_cursor timestamptz,
    rate_second timestamptz NOT NULL DEFAULT now(),
    rate_minute timestamptz NOT NULL DEFAULT now(),
    requests bigint NOT NULL DEFAULT 0,
    lease_until timestamptz,
    lease_owner text
  );
  CREATE UNIQUE INDEX books_connections_company ON books_connections (provider, company_id);

  -- OAuth state values of connections under way: single use, bound to the admin who started it.
  CREATE TABLE books_oauth_states (
    state text PRIMARY KEY,
    organization_id text NOT NULL REFERENCES organizations(id),
    provider text NOT NULL,
    user_id text NOT NULL,
    user_name text NOT NULL,
    return_to text,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  `,
  // The mirror of a connected organization's books: each document and customer carries its
  // vendor facts (id, SyncToken, sync state, when last synced, a refusal, the totals as entered
  // when the vendor computed others). Vendor writes and re-reads wait in books_jobs, a durable
  // queue like the outbox: the row's id is the vendor's requestid, so a retry is never a duplicate.
  `
  ALTER TABLE documents ADD COLUMN books jsonb;
  ALTER TABLE customers ADD COLUMN books jsonb;
  ALTER TABLE payments ADD COLUMN vendor_id text;
  CREATE INDEX documents_books_vendor ON documents (organization_id, (books->>'vendorId')) WHERE books IS NOT NULL;
  CREATE INDEX customers_books_vendor ON customers (organization_id, (books->>'vendorId')) WHERE books IS NOT NULL;
  CREATE UNIQUE INDEX payments_vendor ON payments (organization_id, document_id, vendor_id) WHERE vendor_id IS NOT NULL;

  CREATE TABLE books_jobs (
    id text PRIMARY KEY,
    seq bigserial NOT NULL,
    organization_id text NOT NULL REFERENCES organizations(id),
    -- out: a write to the vendor, in the order accepted; in: re-read a vendor entity (webhook, reconcile).
    lane text NOT NULL,
    entity text NOT NULL,
    local_id text,
    vendor_id text,
    op text NOT NULL,
    args jsonb NOT NULL DEFAULT '{}',
    status text NOT NULL DEFAULT 'pending',
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    done_at timestamptz
  );
  CREATE INDEX books_jobs_open ON books_jobs (organization_id, seq) WHERE status IN ('pending', 'running');
  CREATE INDEX books_jobs_inbox ON books_jobs (organization_id, entity, vendor_id) WHERE lane = 'in' AND status = 'pending';
  `,
];

/** Any constant shared by every Ledgerside process: the advisory lock for migrating and seeding. */
export const SCHEMA_LOCK = 7_241_001;

/** Applies the pending migrations; safe when several processes start at once. */
export async function migrate(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)));
    for (const [index, sql] of migrations.entries()) {
      const version = index + 1;
      if (applied.has(version)) continue;
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
    }
  });
}
