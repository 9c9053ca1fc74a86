/** The billing catalogue (read-only through the API; seeded or managed in the billing app). */
import { pageSize, type Product } from '@ledgerside/contract';
import type { Sql } from '../db/types.js';
import { decodeCursor, encodeCursor, type Actor } from './common.js';

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  unit_price: number;
  currency: string;
  tax_rate_percent: string | number;
  sort_name: string;
}

const toProduct = (r: ProductRow): Product => ({
  id: r.id,
  sku: r.sku,
  name: r.name,
  description: r.description,
  unitPrice: Number(r.unit_price),
  currency: r.currency,
  taxRatePercent: Number(r.tax_rate_percent),
});

const isNameCursor = (v: unknown): v is [string, string] =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string';

export async function searchProducts(
  sql: Sql,
  actor: Actor,
  query: { q?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
) {
  const limit = pageSize(query.limit);
  const params: unknown[] = [actor.organizationId];
  const where = ['organization_id = $1'];
  const q = query.q?.trim();
  if (q) {
    params.push(`%${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    where.push(`(lower(name) LIKE $${params.length} OR lower(sku) LIKE $${params.length})`);
  }
  const after = decodeCursor(query.cursor, isNameCursor);
  if (after) {
    params.push(after[0], after[1]);
    where.push(`(lower(name), id) > ($${params.length - 1}, $${params.length})`);
  }
  params.push(limit + 1);
  const rows = await sql.query<ProductRow>(
    `SELECT *, lower(name) AS sort_name FROM products WHERE ${where.join(' AND ')} ORDER BY lower(name), id LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toProduct),
    nextCursor: rows.length > limit && last ? encodeCursor([last.sort_name, last.id]) : null,
  };
}
