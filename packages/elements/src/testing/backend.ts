/**
 * The component tests' backend: the reference server's core in this tab (through
 * @ledgerside/mocks), one msw worker per test file (in WebKit, whose worker cannot stream the
 * live events, msw's interceptor of the page's fetch), a fresh scenario per test, and a record of
 * every request the components made. Tests set things up as the people would — over HTTP,
 * with `api.as(user)`, a real client — so the rows a component then reads are the server's.
 */
import { todayIso } from '@ledgerside/contract';
import { createLedgerClient, type LedgerClient } from '@ledgerside/client';
import { createScenario, servedDump, demoIds, tokenFor, type Scenario, type ScenarioName, type ScenarioOptions } from '@ledgerside/mocks';
import { startMockWorker, streamsReachThePage, type MockWorker } from '@ledgerside/mocks/browser';
import { startMockInterceptor } from '@ledgerside/mocks/page';

export interface Sent {
  method: string;
  path: string;
  search: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export class MockApi {
  worker!: MockWorker['worker'];
  scenario!: Scenario;
  requests: Sent[] = [];
  #stop: MockWorker | undefined;
  #clients = new Map<string, LedgerClient>();

  /** Call in `before`: builds the scenario's core (once per page), starts the worker and the record. */
  async start(name: ScenarioName = 'demo', options: ScenarioOptions = {}): Promise<void> {
    // The runner's dump of the seeded database: a file's first core starts in a second, not four.
    this.scenario = createScenario(name, { dump: servedDump, ...options });
    await this.scenario.ready();
    this.#stop = streamsReachThePage() ? await startMockWorker(this.scenario, { quiet: true }) : startMockInterceptor(this.scenario);
    this.worker = this.#stop.worker;
    this.worker.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (!url.pathname.startsWith('/v1/')) return;
      const entry: Sent = { method: request.method, path: url.pathname, search: url.searchParams, headers: request.headers, body: undefined };
      this.requests.push(entry);
      if (request.method !== 'GET') void request.clone().text().then((t) => (entry.body = t ? (JSON.parse(t) as unknown) : undefined));
    });
  }

  /**
   * Call in `beforeEach`: a fresh scenario (the seeded rows again), changed by `setup`, no
   * runtime handlers, no outbox. Waits for what the previous test's elements still had under
   * way (a read marker sent as a thread closed), so it cannot land in this test's rows.
   */
  async reset(name: ScenarioName = 'demo', options: ScenarioOptions = {}, setup?: (api: MockApi) => Promise<unknown>): Promise<void> {
    await settle();
    this.scenario = createScenario(name, { dump: servedDump, ...options });
    await this.scenario.ready();
    this.#clients.clear();
    await setup?.(this);
    this.worker.resetHandlers(...this.scenario.handlers);
    this.requests = [];
    for (const key of Object.keys(localStorage)) if (key.startsWith('ledgerside:')) localStorage.removeItem(key);
  }

  stop(): void {
    this.#stop?.();
  }

  /** A client acting as a demo user (an id or a role), straight to the core: for setting things up. */
  as(user: string = demoIds.users.admin): LedgerClient {
    let client = this.#clients.get(user);
    if (!client) {
      const scenario = this.scenario;
      client = createLedgerClient({
        baseUrl: 'http://mocks.invalid',
        getToken: () => tokenFor(user),
        fetch: (input, init) => scenario.fetch(new Request(input, init)),
        retries: 0,
      });
      this.#clients.set(user, client);
    }
    return client;
  }

  /** A change made elsewhere whose live event never reaches the components. */
  quietly<T>(change: () => Promise<T>): Promise<T> {
    return this.scenario.quietly(change);
  }

  made(method: string, path: string | RegExp): Sent[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }
}

/**
 * Writes of the test clients under way. Only writes: a read still under way (a `slow` or
 * `failing` scenario's, or the live event stream) changes no row, and its answer goes to an
 * element that is gone; waiting for it cost the next test seconds.
 */
const inFlight = new Set<Promise<Response>>();

/** The fetch every test client uses, so a test can wait for the previous one's writes. */
export const trackedFetch: typeof fetch = (input, init) => {
  const call = fetch(input, init);
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') {
    inFlight.add(call);
    const done = () => inFlight.delete(call);
    call.then(done, done);
  }
  return call;
};

/** Lets the writes removed elements started reach the core and finish. */
export async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 20));
  for (let i = 0; i < 100 && inFlight.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
}

/** A component's client for a demo user, on the tracked fetch, with short retry delays. */
export function testClient(user: string = demoIds.users.agent): LedgerClient {
  return createLedgerClient({ baseUrl: '', getToken: () => tokenFor(user), retryDelay: () => 5, fetch: trackedFetch });
}

/** The demo's "today", as the seed dated everything. */
export const today = (): string => todayIso();
