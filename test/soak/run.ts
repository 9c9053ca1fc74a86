/**
 * `pnpm soak`: 200 SSE clients and 50 writers for 60 s on loopback against PostgreSQL, with two
 * server processes (the production entry, packages/server/src/main.ts) on one throwaway
 * cluster (scripts/pg.mjs). Clients and writers alternate between the processes, so events
 * cross from one process to the other through LISTEN/NOTIFY.
 *
 * Checks: no writer error; every client received every event it may see (agents: all of the
 * organization's; client users: their customer's documents, payments and messages), each once
 * and in order; no stream dropped. Prints the figures. Exit code 1 when a check fails.
 *
 *   pnpm soak                                 200 clients, 50 writers, 60 s
 *   pnpm soak -- --clients 50 --writers 10 --seconds 20 --think 300
 */
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { demoIds, mintToken, openDatabase } from '../../packages/server/src/index.js';
import { freePort, startChild, type Child } from '../node/faults/support.js';

// `pnpm soak -- --clients 5` passes the `--` through: drop it.
const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    clients: { type: 'string', default: '200' },
    writers: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    /** A writer's pause between two actions (ms, ±50 %): people, not a benchmark loop. */
    think: { type: 'string', default: '250' },
  },
});
const CLIENTS = Number(args.clients);
const WRITERS = Number(args.writers);
const SECONDS = Number(args.seconds);
const THINK = Number(args.think);
const ORG = demoIds.organizationId;
const CUSTOMERS = [demoIds.customers.acme, demoIds.customers.hradec, demoIds.customers.umbrella];
const CURRENCY: Record<string, string> = { [demoIds.customers.acme]: 'USD', [demoIds.customers.hradec]: 'CZK', [demoIds.customers.umbrella]: 'GBP' };

const pgModule = new URL('../../scripts/pg.mjs', import.meta.url).href;
const { startPostgres } = (await import(pgModule)) as { startPostgres(): Promise<{ url: string; stop(): void } | undefined> };
const pg = await startPostgres();
if (!pg) throw new Error('PostgreSQL is not installed (initdb not found)');

const children: Child[] = [];
const cleanup = async () => {
  for (const child of children) await child.kill().catch(() => {});
  pg.stop();
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

const percentile = (values: number[], p: number) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : '–');
/** Math.max without spreading (a million lags would overflow the stack). */
const maxOf = (values: number[]) => values.reduce((a, b) => (b > a ? b : a), -Infinity);
/** CPU seconds a process has used (user + system), from /proc. */
const cpuOf = (pid: number | undefined) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
};

try {
  // Two processes on one database; they migrate and seed under a lock, once.
  const ports = [await freePort(), await freePort()];
  children.push(...(await Promise.all(ports.map((port) => startChild({ port, databaseUrl: pg.url })))));
  const urls = children.map((c) => c.url);
  const db = await openDatabase({ databaseUrl: pg.url });
  const [{ jwt_secret: secret }] = (await db.query<{ jwt_secret: string }>('SELECT jwt_secret FROM organizations WHERE id = $1', [ORG])) as [{ jwt_secret: string }];
  const token = (userId: string, role: 'admin' | 'agent' | 'light_agent' | 'client', customerId?: string) =>
    mintToken({ organizationId: ORG, userId, name: userId, email: `${userId}@soak.test`, role, customerId: customerId ?? null, secret, expiresInSeconds: 3600 });

  // ---------------------------------------------------------------- the listeners

  interface Listener {
    id: number;
    role: 'agent' | 'light_agent' | 'admin' | 'client';
    customerId: string | null;
    ids: number[];
    lags: number[];
    drops: number;
    status: number;
    controller: AbortController;
  }
  const roles = ['agent', 'agent', 'light_agent', 'admin', 'client', 'client'] as const;
  const listeners: Listener[] = [];
  const sseDecoder = () => new TextDecoder();
  async function listen(l: Listener, url: string, bearer: string): Promise<void> {
    const response = await fetch(`${url}/v1/events`, { headers: { authorization: `Bearer ${bearer}`, accept: 'text/event-stream' }, signal: l.controller.signal });
    l.status = response.status;
    if (!response.ok || !response.body) return;
    const decoder = sseDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (\d+)$/m.exec(block)?.[1];
          if (!id) continue;
          l.ids.push(Number(id));
          const at = /"at":"([^"]+)"/.exec(block.slice(0, 400))?.[1];
          if (at) l.lags.push(Date.now() - Date.parse(at));
        }
      }
    } catch {
      // aborted at the end
    }
    if (!l.controller.signal.aborted) l.drops++;
  }

  const connected: Promise<void>[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const role = roles[i % roles.length]!;
    const customerId = role === 'client' ? (i % 4 === 0 ? demoIds.customers.acme : demoIds.customers.hradec) : null;
    const l: Listener = { id: i, role, customerId, ids: [], lags: [], drops: 0, status: 0, controller: new AbortController() };
    listeners.push(l);
    const bearer = await token(`u-soak-listener-${i}`, role, customerId ?? undefined);
    connected.push(listen(l, urls[i % urls.length]!, bearer));
  }
  // Every stream has answered its headers (a connected stream sends ": connected" at once).
  const openDeadline = Date.now() + 30_000;
  while (listeners.some((l) => l.status === 0) && Date.now() < openDeadline) await new Promise((r) => setTimeout(r, 50));
  const [{ max: base }] = (await db.query<{ max: number }>('SELECT coalesce(max(seq), 0) AS max FROM events WHERE organization_id = $1', [ORG])) as [{ max: number }];
  // The stream reads "now" right after it answers: give the last ones a moment before writing.
  await new Promise((r) => setTimeout(r, 1000));

  // ---------------------------------------------------------------- the writers

  const writes: { ok: number; failed: number; latencies: number[]; byAction: Record<string, number>; errors: string[] } = { ok: 0, failed: 0, latencies: [], byAction: {}, errors: [] };
  let stopWriting = false;
  const conversationOf = new Map<string, string>();
  async function writer(w: number): Promise<void> {
    const url = urls[w % urls.length]!;
    const bearer = await token(`u-soak-writer-${w}`, 'agent');
    const call = async (action: string, method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
      const started = performance.now();
      const response = await fetch(`${url}/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...extra },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }).catch((error: Error) => ({ ok: false, status: 0, json: async () => ({ error: error.message }) }) as unknown as Response);
      writes.latencies.push(performance.now() - started);
      const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
      if (!response.ok) {
        writes.failed++;
        if (writes.errors.length < 20) writes.errors.push(`${action} → ${response.status} ${JSON.stringify(json).slice(0, 200)}`);
        return null;
      }
      writes.ok++;
      writes.byAction[action] = (writes.byAction[action] ?? 0) + 1;
      return json;
    };
    const think = () => new Promise((r) => setTimeout(r, THINK * (0.5 + Math.random())));
    for (let i = 0; !stopWriting; i++) {
      const customerId = CUSTOMERS[(w + i) % CUSTOMERS.length]!;
      const doc = await call('create', 'POST', '/documents', {
        kind: 'invoice',
        customerId,
        currency: CURRENCY[customerId],
        issueDate: new Date().toISOString().slice(0, 10),
        lines: [{ description: `Soak ${w}/${i}`, quantity: 1 + (i % 3), unitPrice: 10_000, taxRatePercent: 10 }],
      }, { 'idempotency-key': `soak-${w}-${i}` });
      await think();
      if (!doc || stopWriting) continue;
      const sent = await call('mark-sent', 'POST', `/documents/${String(doc.id)}/mark-sent`, undefined, { 'if-match': String(doc.version) });
      await think();
      if (!sent || stopWriting) continue;
      await call('payment', 'POST', `/documents/${String(doc.id)}/payments`, { amount: Math.max(1, Math.floor(Number(sent.balance) / 2)), date: new Date().toISOString().slice(0, 10) });
      await think();
      if (stopWriting) break;
      let conversation = conversationOf.get(customerId);
      if (!conversation) {
        const opened = await call('open thread', 'POST', '/conversations', { transactionType: 'invoice', transactionId: doc.id });
        if (!opened) continue;
        conversation = String(opened.id);
        conversationOf.set(customerId, conversation);
      }
      await call('message', 'POST', `/conversations/${conversation}/messages`, { recipientIds: [demoIds.users.admin], body: `Soak ${w}/${i}` }, { 'idempotency-key': `soak-msg-${w}-${i}` });
      await think();
    }
  }

  console.info(`soak: ${CLIENTS} SSE clients and ${WRITERS} writers for ${SECONDS} s on PostgreSQL, two server processes (${urls.join(', ')}), think ${THINK} ms`);
  const started = performance.now();
  const writing = Array.from({ length: WRITERS }, (_, w) => writer(w));
  const progress = setInterval(() => {
    const received = listeners.reduce((n, l) => n + l.ids.length, 0);
    console.info(`  ${((performance.now() - started) / 1000).toFixed(0)} s: ${writes.ok} writes, ${writes.failed} failed, ${received.toLocaleString('en')} events delivered`);
  }, 10_000);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  stopWriting = true;
  await Promise.all(writing);
  const writeSeconds = (performance.now() - started) / 1000;
  clearInterval(progress);

  // ---------------------------------------------------------------- what each should have seen

  const events = await db.query<{ seq: number; type: string; customer_id: string | null }>(
    'SELECT seq, type, customer_id FROM events WHERE organization_id = $1 AND seq > $2 ORDER BY seq',
    [ORG, base],
  );
  const clientTypes = new Set(['document.created', 'document.changed', 'payment.recorded', 'message.posted']);
  const expected = (l: Listener) =>
    events.filter((e) => l.role !== 'client' || (clientTypes.has(e.type) && e.customer_id !== null && e.customer_id === l.customerId)).map((e) => Number(e.seq));
  const drainStarted = performance.now();
  const complete = (l: Listener) => l.ids.filter((id) => id > base).length >= expected(l).length;
  while (listeners.some((l) => !complete(l)) && performance.now() - drainStarted < 180_000) await new Promise((r) => setTimeout(r, 100));
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  for (const l of listeners) l.controller.abort();
  await Promise.allSettled(connected);

  const serverCpu = children.map((c) => cpuOf(c.process.pid));
  const ownCpu = (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
  const peakRss = children.map((c) => {
    try {
      return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${c.process.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    } catch {
      return NaN;
    }
  });
  await db.close();

  const failures: string[] = [];
  for (const l of listeners) {
    const got = l.ids.filter((id) => id > base);
    const want = expected(l);
    if (l.status !== 200) failures.push(`client ${l.id} (${l.role}): stream answered ${l.status}`);
    else if (JSON.stringify(got) !== JSON.stringify(want)) {
      const missing = want.filter((id) => !got.includes(id));
      const extra = got.filter((id) => !want.includes(id));
      const ordered = got.every((id, i) => i === 0 || id > got[i - 1]!);
      failures.push(`client ${l.id} (${l.role}${l.customerId ? ` of ${l.customerId}` : ''}): ${got.length}/${want.length} events, missing ${missing.slice(0, 5).join(',')}${missing.length > 5 ? '…' : ''}, unexpected ${extra.slice(0, 5).join(',')}, ${ordered ? 'in order' : 'OUT OF ORDER'}`);
    }
    if (l.drops) failures.push(`client ${l.id}: stream dropped ${l.drops}×`);
  }
  if (writes.failed) failures.push(`${writes.failed} writes failed: ${writes.errors.slice(0, 5).join(' | ')}`);

  const lags = listeners.flatMap((l) => l.lags);
  const deliveries = listeners.reduce((n, l) => n + l.ids.filter((id) => id > base).length, 0);
  const agentsSee = events.length;
  const clientsSee = listeners.filter((l) => l.role === 'client').map((l) => expected(l).length);
  console.info(`\nwrites        ${writes.ok.toLocaleString('en')} ok, ${writes.failed} failed in ${writeSeconds.toFixed(1)} s (${(writes.ok / writeSeconds).toFixed(1)}/s): ${Object.entries(writes.byAction).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.info(`write latency p50 ${ms(percentile(writes.latencies, 50))}, p95 ${ms(percentile(writes.latencies, 95))}, p99 ${ms(percentile(writes.latencies, 99))}, max ${ms(maxOf(writes.latencies))}`);
  console.info(`events        ${agentsSee.toLocaleString('en')} committed (${(agentsSee / writeSeconds).toFixed(1)}/s); a firm user sees all, a client user ${Math.min(...clientsSee)}–${Math.max(...clientsSee)}`);
  console.info(`deliveries    ${deliveries.toLocaleString('en')} to ${CLIENTS} clients (${(deliveries / writeSeconds).toFixed(0)}/s), the last ${drainSeconds.toFixed(1)} s after the writers stopped`);
  console.info(`delivery lag  (commit to client) p50 ${ms(percentile(lags, 50))}, p95 ${ms(percentile(lags, 95))}, p99 ${ms(percentile(lags, 99))}, max ${ms(maxOf(lags))}`);
  console.info(`servers       peak RSS ${peakRss.map((r) => `${r.toFixed(0)} MB`).join(' and ')}; CPU ${serverCpu.map((c) => `${c.toFixed(0)} s`).join(' and ')} (this process, with the ${CLIENTS} clients and ${WRITERS} writers: ${ownCpu.toFixed(0)} s)`);
  console.info(`streams       ${listeners.filter((l) => l.status === 200).length}/${CLIENTS} open, ${listeners.reduce((n, l) => n + l.drops, 0)} dropped`);
  console.info(`result        ${failures.length ? `FAILED (${failures.length})` : 'every client received every event it may see, once and in order; no errors'}`);
  for (const f of failures.slice(0, 20)) console.info(`  ${f}`);
  await cleanup();
  process.exit(failures.length ? 1 : 0);
} catch (error) {
  await cleanup();
  throw error;
}
