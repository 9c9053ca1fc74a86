// Server processes and load runs for the server benches: each server in its own process
// (bench/lib/serve.mjs), the load generator in another (bench/lib/load.mjs), so the three
// (server, PostgreSQL, load) show their own CPU.
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { root } from './cli.mjs';

const run = promisify(execFile);

/** Starts bench/lib/serve.mjs; resolves once it listens. */
export function startServerProcess({ src, databaseUrl, dataDir, docs, poolSize, execArgv = [] }) {
  const child = spawn(process.execPath, [...execArgv, '--import', 'tsx', path.join(root, 'bench/lib/serve.mjs'), JSON.stringify({ src, databaseUrl, dataDir, docs, poolSize })], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server process exited with ${code} before listening`)));
    const lines = createInterface({ input: child.stdout });
    const answers = [];
    lines.once('line', (line) => {
      const info = JSON.parse(line);
      lines.on('line', () => answers.shift()?.());
      resolve({
        ...info,
        /** `profile-start`, `profile-stop <file>`: resolves once the process has done it. */
        command(text) {
          return new Promise((done) => {
            answers.push(done);
            child.stdin.write(`${text}\n`);
          });
        },
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

/** Runs the load generator; its raw JSON (per target latencies, statuses, errors; elapsedMs, cpuMs). */
export async function runLoad(spec) {
  const { stdout } = await run(process.execPath, [path.join(root, 'bench/lib/load.mjs'), JSON.stringify(spec)], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout);
}

/** Per target: n, p50, p90, p99, max, mean, and requests per second of the whole run. */
export function summarize(spec, r) {
  return r.targets.map((t, i) => {
    const s = [...t.latencies].sort((a, b) => a - b);
    const at = (p) => s[Math.min(s.length - 1, Math.floor(s.length * p))];
    const ok = Object.entries(t.statuses).reduce((n, [code, count]) => n + (code.startsWith('2') ? count : 0), 0);
    if (ok < s.length) throw new Error(`${spec.targets[i].method ?? 'GET'} ${spec.targets[i].url}: ${JSON.stringify(t.statuses)} ${t.errors.join('; ')}`);
    return { n: s.length, mean: s.reduce((a, b) => a + b, 0) / s.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: s.at(-1), rps: (s.length / r.elapsedMs) * 1000, concurrency: spec.concurrency };
  });
}

/** All targets of a run together: requests per second and latency over every request. */
export function summarizeAll(spec, r) {
  const parts = summarize(spec, r);
  const s = r.targets.flatMap((t) => t.latencies).sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.floor(s.length * p))];
  return { n: s.length, p50: at(0.5), p99: at(0.99), rps: (s.length / r.elapsedMs) * 1000, parts };
}

export async function authHeaders(url) {
  const token = (await (await fetch(`${url}/dev/token?user=u-agent`)).json()).token;
  return { authorization: `Bearer ${token}` };
}

/** POST /v1/documents: one line, a new Idempotency-Key each, to one of the bench's customers. */
export function createTarget(url, headers, inserted) {
  return {
    url: `${url}/v1/documents`,
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    idempotencyKey: true,
    body: JSON.stringify({
      kind: 'invoice',
      customerId: inserted.customerId,
      currency: inserted.currency,
      issueDate: new Date().toISOString().slice(0, 10),
      lines: [{ description: 'Support, 1.25 h', quantity: 1.25, unitPrice: 8000, taxRatePercent: 21 }],
    }),
  };
}
