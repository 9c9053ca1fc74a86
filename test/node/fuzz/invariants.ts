/**
 * What must hold in the database whatever requests came before, checked with SQL and the
 * contract's own rules: totals equal their lines (`documentTotals`, `lineAmounts`), numbers
 * unique and gapless per organization and kind, no link to a missing (or another
 * organization's) customer, no time entry invoiced twice, payments adding up, live events
 * gapless. Each check says how many rows it looked at and what it found.
 */
import { documentNumber, documentTotals, lineAmounts, type DocumentKind, type LineMoneyInput } from '@ledgerside/contract';
import type { Sql } from '../../../packages/server/src/index.js';

export interface InvariantResult {
  name: string;
  checked: number;
  violations: string[];
}

const LIVE_INVOICE = (alias: string) => `${alias}.kind = 'invoice' AND ${alias}.status NOT IN ('void', 'deleted')`;

interface DocRow {
  id: string;
  organization_id: string;
  kind: DocumentKind;
  number: string;
  status: string;
  lines: (LineMoneyInput & { timeEntryIds?: string[]; amounts?: Record<string, number> })[];
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  amount_paid: number;
}

/** Equal as records (jsonb does not keep key order). */
const same = (a: object | undefined, b: object): boolean =>
  !!a && Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => (a as Record<string, unknown>)[k] === v);

export async function checkInvariants(db: Sql): Promise<InvariantResult[]> {
  const results: InvariantResult[] = [];
  const docs = await db.query<DocRow>(
    'SELECT id, organization_id, kind, number, status, lines, subtotal, discount, tax, total, amount_paid FROM documents ORDER BY organization_id, kind, number',
  );

  // 1. Totals are the sums of the lines, each line's amounts the contract's rounding.
  {
    const violations: string[] = [];
    for (const d of docs) {
      try {
        const expected = documentTotals(d.lines);
        const stored = { subtotal: Number(d.subtotal), discount: Number(d.discount), tax: Number(d.tax), total: Number(d.total) };
        if (!same(expected, stored)) {
          violations.push(`${d.id}: stored ${JSON.stringify(stored)}, lines give ${JSON.stringify(expected)}`);
        }
        d.lines.forEach((line, i) => {
          if (!same(line.amounts, lineAmounts(line))) {
            violations.push(`${d.id} line ${i}: amounts ${JSON.stringify(line.amounts)}, expected ${JSON.stringify(lineAmounts(line))}`);
          }
        });
      } catch (error) {
        violations.push(`${d.id}: lines cannot be totalled: ${(error as Error).message}`);
      }
    }
    results.push({ name: 'document totals equal their lines', checked: docs.length, violations });
  }

  // 2. Numbers unique and gapless per organization and kind, and the counter agrees.
  {
    const violations: string[] = [];
    const counters = new Map(
      (await db.query<{ organization_id: string; name: string; value: number }>("SELECT organization_id, name, value FROM counters WHERE name LIKE 'number:%'")).map(
        (c) => [`${c.organization_id}/${c.name.slice('number:'.length)}`, Number(c.value)],
      ),
    );
    const groups = new Map<string, string[]>();
    for (const d of docs) {
      const key = `${d.organization_id}/${d.kind}`;
      groups.set(key, [...(groups.get(key) ?? []), d.number]);
    }
    for (const [key, numbers] of groups) {
      const kind = key.split('/')[1] as DocumentKind;
      const expected = numbers.map((_, i) => documentNumber(kind, i + 1));
      const sorted = [...numbers].sort();
      if (new Set(numbers).size !== numbers.length) violations.push(`${key}: duplicate numbers`);
      if (JSON.stringify(sorted) !== JSON.stringify(expected)) {
        const missing = expected.filter((n) => !numbers.includes(n));
        violations.push(`${key}: not 1…${numbers.length}; missing ${missing.slice(0, 5).join(', ')}; extra ${sorted.filter((n) => !expected.includes(n)).slice(0, 5).join(', ')}`);
      }
      if ((counters.get(key) ?? 0) !== numbers.length) violations.push(`${key}: counter at ${counters.get(key)}, ${numbers.length} documents`);
    }
    for (const [key, value] of counters) if (!groups.has(key) && value !== 0) violations.push(`${key}: counter at ${value}, no documents`);
    results.push({ name: 'numbers unique and gapless per organization and kind', checked: docs.length, violations });
  }

  // 3. Every link points at an existing record of the same organization.
  {
    const links: [string, string][] = [
      ['documents → customer', `SELECT d.id FROM documents d LEFT JOIN customers c ON c.id = d.customer_id AND c.organization_id = d.organization_id WHERE c.id IS NULL`],
      ['contact links → customer', `SELECT l.contact_id AS id FROM contact_links l LEFT JOIN customers c ON c.id = l.customer_id AND c.organization_id = l.organization_id WHERE c.id IS NULL`],
      ['conversations → customer', `SELECT v.id FROM conversations v LEFT JOIN customers c ON c.id = v.customer_id AND c.organization_id = v.organization_id WHERE v.customer_id IS NOT NULL AND c.id IS NULL`],
      ['client users → customer', `SELECT u.id FROM users u LEFT JOIN customers c ON c.id = u.customer_id AND c.organization_id = u.organization_id WHERE u.customer_id IS NOT NULL AND c.id IS NULL`],
      ['time entries → invoice', `SELECT t.host_id AS id FROM time_entries t LEFT JOIN documents d ON d.id = t.invoiced_by AND d.organization_id = t.organization_id WHERE t.invoiced_by IS NOT NULL AND d.id IS NULL`],
      ['payments → document', `SELECT p.id FROM payments p LEFT JOIN documents d ON d.id = p.document_id AND d.organization_id = p.organization_id WHERE d.id IS NULL`],
      ['messages → conversation', `SELECT m.id FROM messages m LEFT JOIN conversations v ON v.id = m.conversation_id AND v.organization_id = m.organization_id WHERE v.id IS NULL`],
      ['conversions → document', `SELECT d.id FROM documents d LEFT JOIN documents o ON o.id = coalesce(d.converted_to, d.converted_from) AND o.organization_id = d.organization_id WHERE coalesce(d.converted_to, d.converted_from) IS NOT NULL AND o.id IS NULL`],
    ];
    const violations: string[] = [];
    let checked = 0;
    for (const [what, sql] of links) {
      checked++;
      const bad = await db.query<{ id: string }>(sql);
      if (bad.length) violations.push(`${what}: ${bad.slice(0, 5).map((b) => b.id).join(', ')}${bad.length > 5 ? ` (+${bad.length - 5})` : ''}`);
    }
    results.push({ name: 'no link to a missing customer (or other record, or another organization’s)', checked, violations });
  }

  // 4. A time entry is on at most one live invoice, and it knows which.
  {
    const violations: string[] = [];
    const claims = await db.query<{ organization_id: string; host_id: string; document_id: string }>(
      `SELECT d.organization_id, e.value AS host_id, d.id AS document_id
       FROM documents d, jsonb_array_elements(d.lines) l, jsonb_array_elements_text(coalesce(l->'timeEntryIds', '[]'::jsonb)) e
       WHERE ${LIVE_INVOICE('d')}`,
    );
    const holder = new Map<string, string>();
    for (const c of claims) {
      const key = `${c.organization_id}/${c.host_id}`;
      const other = holder.get(key);
      if (other !== undefined && other !== c.document_id) violations.push(`time entry ${key} on two live invoices: ${other} and ${c.document_id}`);
      else if (other === c.document_id) violations.push(`time entry ${key} twice on ${c.document_id}`);
      holder.set(key, c.document_id);
    }
    const entries = await db.query<{ organization_id: string; host_id: string; invoiced_by: string | null }>('SELECT organization_id, host_id, invoiced_by FROM time_entries');
    for (const e of entries) {
      const key = `${e.organization_id}/${e.host_id}`;
      const claimedBy = holder.get(key) ?? null;
      if (e.invoiced_by !== claimedBy) violations.push(`time entry ${key}: invoiced_by ${e.invoiced_by}, billed by ${claimedBy}`);
      holder.delete(key);
    }
    for (const [key, doc] of holder) violations.push(`invoice ${doc} bills ${key}, which does not exist`);
    results.push({ name: 'no time entry invoiced twice', checked: entries.length + claims.length, violations });
  }

  // 5. Payments add up; nothing is paid beyond its total.
  {
    const violations: string[] = [];
    const sums = new Map(
      (await db.query<{ document_id: string; sum: number }>('SELECT document_id, sum(amount) AS sum FROM payments GROUP BY document_id')).map((r) => [r.document_id, Number(r.sum)]),
    );
    for (const d of docs) {
      const paid = Number(d.amount_paid);
      if (paid !== (sums.get(d.id) ?? 0)) violations.push(`${d.id}: amount_paid ${paid}, payments sum ${sums.get(d.id) ?? 0}`);
      if (paid < 0 || paid > Number(d.total)) violations.push(`${d.id}: paid ${paid} of ${d.total}`);
      if (d.status === 'paid' && paid !== Number(d.total)) violations.push(`${d.id}: paid, yet ${paid} of ${d.total}`);
      if (paid > 0 && d.kind !== 'invoice') violations.push(`${d.id}: a ${d.kind} with payments`);
    }
    results.push({ name: 'payments add up to amount paid, never beyond the total', checked: docs.length, violations });
  }

  // 6. Live events: per organization 1…n without gaps, as the counter says.
  {
    const violations: string[] = [];
    const rows = await db.query<{ organization_id: string; n: number; max: number; counter: number | null }>(
      `SELECT e.organization_id, count(*) AS n, max(e.seq) AS max, (SELECT value FROM counters c WHERE c.organization_id = e.organization_id AND c.name = 'event') AS counter
       FROM events e GROUP BY e.organization_id`,
    );
    for (const r of rows) {
      if (Number(r.n) !== Number(r.max) || Number(r.counter) !== Number(r.max)) {
        violations.push(`${r.organization_id}: ${r.n} events, highest ${r.max}, counter ${r.counter}`);
      }
    }
    results.push({ name: 'live event ids gapless per organization', checked: rows.reduce((n, r) => n + Number(r.n), 0), violations });
  }

  return results;
}
