/**
 * One request sequence for the parity test: run against the server core in Node and in a
 * browser tab, it must give the same transcript. Ids, times, tokens and versions the run makes
 * are replaced by stable names in order of appearance, so only behaviour is compared.
 */
import { todayIso } from '@ledgerside/contract';
import { demoIds } from '../../src/seed/demo.js';

export interface Step {
  status: number;
  body: unknown;
}

type Fetch = (request: Request) => Promise<Response>;

const ORIGIN = 'http://core.test';

export async function runSequence(fetch: Fetch): Promise<Step[]> {
  const steps: Step[] = [];
  const token = async (userId: string) =>
    ((await (await fetch(new Request(`${ORIGIN}/dev/token?user=${userId}`))).json()) as { token: string }).token;
  const agent = await token(demoIds.users.agent);
  const client = await token(demoIds.users.client);
  const call = async (bearer: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(
      new Request(`${ORIGIN}${path}`, {
        method,
        headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    steps.push({ status: response.status, body: parsed });
    return parsed as Record<string, unknown>;
  };

  await call(null, 'GET', '/v1/session');
  await call(agent, 'GET', '/v1/session');
  await call(agent, 'GET', `/v1/documents?ticketId=${demoIds.ticketId}&limit=100`);
  await call(agent, 'GET', `/v1/documents/summary?ticketId=${demoIds.ticketId}`);
  await call(agent, 'GET', `/v1/time-entries?ticketId=${demoIds.ticketId}`);
  await call(agent, 'GET', '/v1/customers?q=acme');
  // Bad input: a quantity of 0 and a due date before the issue date.
  await call(agent, 'POST', '/v1/documents', { kind: 'invoice', customerId: demoIds.customers.acme, currency: 'USD', issueDate: todayIso(), lines: [{ description: 'x', quantity: 0, unitPrice: 100 }] }, { 'idempotency-key': 'parity-bad' });
  const created = await call(
    agent,
    'POST',
    '/v1/documents',
    { kind: 'invoice', customerId: demoIds.customers.acme, currency: 'USD', issueDate: todayIso(), ticketId: demoIds.ticketId, lines: [{ description: 'Parity work', quantity: 1.5, unitPrice: 12_000, taxRatePercent: 8.25 }] },
    { 'idempotency-key': 'parity-1' },
  );
  // The same key again: the same document, replayed.
  await call(
    agent,
    'POST',
    '/v1/documents',
    { kind: 'invoice', customerId: demoIds.customers.acme, currency: 'USD', issueDate: todayIso(), ticketId: demoIds.ticketId, lines: [{ description: 'Parity work', quantity: 1.5, unitPrice: 12_000, taxRatePercent: 8.25 }] },
    { 'idempotency-key': 'parity-1' },
  );
  const id = String(created.id);
  await call(agent, 'PATCH', `/v1/documents/${id}`, { notes: 'stale' }, { 'if-match': '"7"' });
  await call(agent, 'POST', `/v1/documents/${id}/mark-sent`, undefined, { 'if-match': '"1"' });
  await call(client, 'GET', `/v1/documents/${id}`);
  await call(client, 'GET', `/v1/documents/${demoIds.invoices.draft}`);
  await call(agent, 'GET', `/v1/recipients?transactionType=invoice&transactionId=${demoIds.invoices.sent}`);
  await call(agent, 'GET', '/v1/unread');
  await call(agent, 'GET', '/v1/no-such-route');
  return normalize(steps) as Step[];
}

const GENERATED = /^[a-z]{2,5}_[0-9a-z]{16}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/** Generated ids become `<id 1>`, `<id 2>`…; timestamps `<time>`. Seeded ids and dates stay. */
export function normalize(value: unknown, names = new Map<string, string>()): unknown {
  if (Array.isArray(value)) return value.map((v) => normalize(v, names));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, normalize(v, names)]));
  }
  if (typeof value === 'string') {
    if (GENERATED.test(value)) {
      if (!names.has(value)) names.set(value, `<id ${names.size + 1}>`);
      return names.get(value);
    }
    if (TIME.test(value)) return '<time>';
  }
  return value;
}
