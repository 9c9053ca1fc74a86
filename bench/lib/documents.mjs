// The server bench's data: 100,000 documents in one organization, inserted with set-based SQL
// through the server's own db handle (a seeded document as the template, 20,000 rows per
// statement, then ANALYZE), spread over 100 customers (99 copies of a seeded one) and 2,000
// tickets. Shared by every server process the bench starts (bench/lib/serve.mjs).
export const ORG = 'org-northwind';
export const TICKETS = 2000; // 50 documents per bench ticket
export const CUSTOMERS = 100; // 1,000 documents per customer

export async function insertDocuments(db, docs) {
  const [template] = await db.query(`SELECT id, customer_id, currency FROM documents WHERE organization_id = $1 AND kind = 'invoice' AND status = 'sent' ORDER BY id LIMIT 1`, [ORG]);
  if (!template) throw new Error('no seeded invoice to copy');
  const t0 = performance.now();
  // 99 more customers like the template's, so the documents spread over 100 (1,000 each).
  await db.query(
    `INSERT INTO customers (id, organization_id, first_name, last_name, company_name, display_name, email, secondary_email, phone,
       billing_address, tax_id, currency, language, time_zone, payment_terms_days, template, tax_rate_percent)
     SELECT 'bench-cus-' || g, c.organization_id, c.first_name, c.last_name, c.company_name, c.display_name || ' ' || g,
       'bench-' || g || '@example.test', NULL, c.phone, c.billing_address, c.tax_id, c.currency, c.language, c.time_zone,
       c.payment_terms_days, c.template, c.tax_rate_percent
     FROM customers c, generate_series(1, ${CUSTOMERS - 1}) g WHERE c.id = $1`,
    [template.customer_id],
  );
  const BATCH = 20_000;
  for (let from = 1; from <= docs; from += BATCH) {
    const to = Math.min(docs, from + BATCH - 1);
    await db.query(
      `INSERT INTO documents (id, organization_id, kind, number, customer_id, ticket_id, deal_id, currency, issue_date, due_date,
         payment_terms_days, template, reference, notes, lines, subtotal, discount, tax, total, amount_paid, status, version, sent_at, created_at, updated_at)
       SELECT 'bench-' || g, t.organization_id, CASE WHEN g % 5 = 0 THEN 'quote' ELSE 'invoice' END, 'B-' || lpad(g::text, 7, '0'),
         cs.ids[1 + g % array_length(cs.ids, 1)], 'bench-ticket-' || (g % ${TICKETS}), NULL, t.currency, t.issue_date, t.due_date,
         t.payment_terms_days, t.template, t.reference, t.notes, t.lines, t.subtotal, t.discount, t.tax, t.total, 0,
         CASE WHEN g % 5 = 0 THEN 'draft' ELSE t.status END, 1, t.sent_at, now() - (g || ' seconds')::interval, now()
       FROM documents t,
         (SELECT array_agg(id ORDER BY id) AS ids FROM customers WHERE organization_id = $1 AND currency = $3) cs,
         generate_series($4::int, $5::int) g
       WHERE t.id = $2`,
      [ORG, template.id, template.currency, from, to],
    );
  }
  // As autovacuum would soon: statistics, and the visibility map that index-only scans read.
  await db.exec('VACUUM ANALYZE');
  const [{ n }] = await db.query('SELECT count(*)::int AS n FROM documents WHERE organization_id = $1', [ORG]);
  const [{ customers }] = await db.query('SELECT count(*)::int AS customers FROM customers WHERE organization_id = $1 AND currency = $2', [ORG, template.currency]);
  return { seconds: (performance.now() - t0) / 1000, documents: n, customers, customerId: template.customer_id, currency: template.currency };
}
