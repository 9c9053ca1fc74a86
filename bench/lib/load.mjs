#!/usr/bin/env node
// A small HTTP load generator on loopback (node:http, keep-alive, a pool of `concurrency`
// requests in flight), run as its own process so it does not share the server's event loop:
//   node bench/lib/load.mjs '<json spec>'
// spec: { targets: [{ url, method?, headers?, body?, idempotencyKey?: boolean }], concurrency,
//         durationMs? | count?, warmup? }. Requests cycle through the targets (A B C A B C …),
// so targets measured together share the machine's noise. Prints JSON: per target
// { latencies (ms), statuses, errors }, elapsedMs of the measured part, and cpuMs: the load
// generator's own CPU time in it (it shares the machine with the server it measures).
import http from 'node:http';
import { randomUUID } from 'node:crypto';

const spec = JSON.parse(process.argv[2] ?? '{}');
const concurrency = spec.concurrency ?? 1;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const targets = spec.targets.map((t) => ({ ...t, parsed: new URL(t.url), latencies: [], statuses: {}, errors: [] }));

function once(target) {
  return new Promise((resolve) => {
    const headers = { ...(target.headers ?? {}) };
    if (target.idempotencyKey) headers['idempotency-key'] = randomUUID();
    if (target.body) headers['content-length'] = Buffer.byteLength(target.body);
    const t0 = performance.now();
    const req = http.request(target.parsed, { method: target.method ?? 'GET', headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0 }));
    });
    req.on('error', (error) => resolve({ ms: performance.now() - t0, status: 0, error: error.message }));
    req.end(target.body);
  });
}

// Warm-up requests first (one at a time, every target), then the measured ones with the whole pool.
for (let i = 0; i < (spec.warmup ?? 0); i++) for (const t of targets) await once(t);

const total = spec.count ?? Infinity;
let issued = 0;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const deadline = spec.durationMs ? started + spec.durationMs : Infinity;
async function worker() {
  while (issued < total && performance.now() < deadline) {
    const target = targets[issued++ % targets.length];
    const r = await once(target);
    target.latencies.push(r.ms);
    target.statuses[r.status] = (target.statuses[r.status] ?? 0) + 1;
    if (r.error && target.errors.length < 5) target.errors.push(r.error);
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const elapsedMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
agent.destroy();
process.stdout.write(JSON.stringify({ elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000, targets: targets.map(({ latencies, statuses, errors }) => ({ latencies, statuses, errors })) }));
