/**
 * Tools for fault tests: the real server as a child process (`packages/server/src/main.ts`, the
 * production entry) that can be SIGKILLed and restarted on the same port and data, and a TCP
 * proxy in front of it that can hold requests, swallow answers and cut connections mid-stream.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../../packages/server/src/main.ts', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface Child {
  url: string;
  process: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** SIGKILL: no shutdown, no flush, no goodbye. */
  kill(): Promise<void>;
  /** What it printed, for a failure message. */
  output(): string;
}

/** `LEDGERSIDE_DEMO=1 PORT=… LEDGERSIDE_DATA=… tsx main.ts`; resolves once it listens. */
export async function startChild(options: { port: number; dataDir?: string; databaseUrl?: string; env?: Record<string, string> }): Promise<Child> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(options.port),
    HOST: '127.0.0.1',
    LEDGERSIDE_DEMO: '1',
    ...(options.dataDir ? { LEDGERSIDE_DATA: options.dataDir } : {}),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`the server exited before listening:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${options.port}`,
    process: child,
    exited,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    output: () => output,
  };
}

export interface Pair {
  client: Socket;
  upstream: Socket | null;
  /** Request heads seen on this connection ("POST /v1/documents"), in order. */
  requests: string[];
  /** Request bytes kept from the server while held. */
  held: Buffer[];
  holding: boolean;
}

export interface ProxyHooks {
  /** A request from the client (`head` is "POST /v1/documents", `raw` its first bytes): forward it, or hold it (and what follows) back. */
  request?(head: string, pair: Pair, raw: string): 'forward' | 'hold';
  /** Bytes from the server: what to pass on, and whether to cut both sides right after. */
  response?(chunk: Buffer, pair: Pair): { pass: Buffer; cut?: boolean };
}

const HEAD = /^(GET|POST|PUT|PATCH|DELETE|OPTIONS) (\S+) HTTP\/1\.[01]\r\n/;

/** A TCP proxy on 127.0.0.1 to a port that may come and go. */
export class ChaosProxy {
  readonly pairs = new Set<Pair>();
  hooks: ProxyHooks = {};
  private server!: Server;
  port = 0;

  constructor(private readonly targetPort: () => number) {}

  async start(): Promise<void> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private accept(client: Socket): void {
    const pair: Pair = { client, upstream: null, requests: [], held: [], holding: false };
    this.pairs.add(pair);
    const upstream = connect(this.targetPort(), '127.0.0.1');
    pair.upstream = upstream;
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.on('data', (chunk: Buffer) => {
      const raw = chunk.toString('latin1', 0, Math.min(chunk.length, 4096));
      const match = HEAD.exec(raw);
      if (match) {
        const head = `${match[1]} ${match[2]}`;
        pair.requests.push(head);
        if ((this.hooks.request?.(head, pair, raw) ?? 'forward') === 'hold') pair.holding = true;
      }
      if (pair.holding) pair.held.push(chunk);
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      const { pass, cut } = this.hooks.response?.(chunk, pair) ?? { pass: chunk };
      if (pass.length) client.write(pass);
      if (cut) close();
    });
  }

  /** Drops every connection, as a network failure would. */
  cutAll(): void {
    for (const pair of [...this.pairs]) {
      pair.client.destroy();
      pair.upstream?.destroy();
    }
    this.pairs.clear();
  }

  async stop(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls until `probe` gives a value (a test's wait, never an assertion on time). */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
