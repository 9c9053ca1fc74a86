/**
 * Named scenarios over the reference server's core: msw hands every `/v1` request to
 * `@ledgerside/server/core` running on in-memory PGlite wherever the test or story runs, so
 * what a component sees is what the server does. There is no second implementation here —
 * only the wire, the choice of seed, and wrappers for latency, outages and the session user.
 *
 * One core per seed per page, built (migrated and seeded) once. A scenario takes it over on
 * its first request and resets it to the seeded rows then (`core.reset()`: milliseconds), so
 * each scenario starts fresh; switching back and forth between two live scenarios resets
 * each time, which is what a story switch or a test's `beforeEach` wants.
 *
 * Tokens: `mock:<userId>` (or `mock:<role>`) stands for that demo user and is exchanged here
 * for a real token the core verifies; any other bearer token is the scenario's session user.
 */
import { findRoute } from '@ledgerside/contract';
import { createCore, demoIds, fetchedFontSource, seedEmpty, seedMany, type Core, type FontSource } from '@ledgerside/server/core';
import { delay, http, type HttpHandler } from 'msw';
import { planFailures, type FailingOptions } from './failing.js';

export const scenarioNames = ['demo', 'empty', 'many', 'slow', 'failing', 'readOnly'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

/** `slow` delays each response by this much unless `delayMs` says otherwise. */
export const SLOW_DELAY_MS = 1500;

export const MOCK_TOKEN_PREFIX = 'mock:';
/** The bearer token that stands for a demo user (its id, or a role). */
export const tokenFor = (userId: string): string => `${MOCK_TOKEN_PREFIX}${userId}`;

export interface ScenarioOptions {
  /** Where the API lives (a path matches on any origin); default `/v1`. */
  baseUrl?: string;
  /** Delay every response by this many milliseconds (`slow`: `SLOW_DELAY_MS`). */
  delayMs?: number;
  /** Simulated failures; `true` for the defaults of `FailingOptions` (`failing`: true). */
  failing?: boolean | FailingOptions;
  /** Who a token that names no demo user is; default the agent (the light agent in `readOnly`). */
  sessionUserId?: string;
  /**
   * The PDFs' font files. Default: fetched from `/__fonts/` beside the page (the test runner
   * and Storybook serve them there); Node passes the server's `nodeFontSource`.
   */
  fonts?: FontSource;
  /**
   * A database to start the seed's core from, migrated and seeded already (a PGlite dump), or
   * null to build it here (the default). `servedDump` reads `/__core/<seed>.tar` beside the
   * page, which the browser test runner builds once per run. Read with the seed's first
   * scenario; a dump that fails to load falls back to building.
   */
  dump?: (seed: Seed) => Promise<Blob | null>;
}

export interface Scenario {
  name: ScenarioName;
  handlers: HttpHandler[];
  /** The core, reset for this scenario (and taken over from any other on the same seed). */
  ready(): Promise<Core>;
  /** The core's fetch as this scenario's wire (tokens exchanged, no latency or failures): for setting things up. */
  fetch(request: Request): Promise<Response>;
  /**
   * Runs `change` while the live events it causes are held back from every stream: "changed
   * elsewhere, and the event never arrived" (a dropped connection, another server).
   */
  quietly<T>(change: () => Promise<T>): Promise<T>;
}

export type Seed = 'demo' | 'empty' | 'many';
const seedOf = (name: ScenarioName): Seed => (name === 'many' ? 'many' : name === 'empty' ? 'empty' : 'demo');

interface Shared {
  core: Promise<Core>;
  /** The core as the scenario that took it last will see it (after its reset). */
  ready: Promise<Core>;
  owner: Scenario | null;
  tokens: Map<string, Promise<string>>;
  /** Event sequence ranges whose frames no stream gets: `[after, upTo]`, `upTo` open while a change runs. */
  muted: [number, number][];
}

const shared = new Map<Seed, Shared>();

const defaultFonts = (): FontSource => fetchedFontSource(new URL('/__fonts/', globalThis.location?.href ?? 'http://localhost/'));

/** The dump the browser test runner serves for a seed at `/__core/<seed>.tar`, or null. */
export async function servedDump(seed: Seed): Promise<Blob | null> {
  if (!globalThis.location) return null;
  try {
    const response = await fetch(new URL(`/__core/${seed}.tar`, globalThis.location.href));
    // A static host may answer an unknown path with its index page: only a tarball will do.
    return response.ok && response.headers.get('content-type')?.startsWith('application/x-tar') ? await response.blob() : null;
  } catch {
    return null;
  }
}

async function startCore(seed: Seed, options: ScenarioOptions): Promise<Core> {
  const common = {
    demo: true,
    fonts: options.fonts ?? defaultFonts(),
    maintenance: false,
    rateLimit: false,
    resettable: true,
    // An answer that breaks the contract fails the test that got it.
    checkResponses: true,
  } as const;
  const dump = options.dump ? await options.dump(seed).catch(() => null) : null;
  if (dump) {
    try {
      return await createCore({ ...common, loadDataDir: dump, seed: 'none' });
    } catch (error) {
      console.warn(`@ledgerside/mocks: the ${seed} dump did not load (${String(error)}); building the database here`);
    }
  }
  return createCore({ ...common, seed: seed === 'demo' ? 'demo' : seed === 'empty' ? seedEmpty : seedMany });
}

function sharedCore(seed: Seed, options: ScenarioOptions): Shared {
  let s = shared.get(seed);
  if (!s) {
    const core = startCore(seed, options);
    core.catch(() => shared.delete(seed));
    s = { core, ready: core, owner: null, tokens: new Map(), muted: [] };
    shared.set(seed, s);
  }
  return s;
}

const ROLES: Record<string, string> = {
  admin: demoIds.users.admin,
  agent: demoIds.users.agent,
  light_agent: demoIds.users.lightAgent,
  client: demoIds.users.client,
};

export function createScenario(name: ScenarioName, options: ScenarioOptions = {}): Scenario {
  if (!scenarioNames.includes(name)) throw new TypeError(`Unknown scenario ${String(name)}; one of ${scenarioNames.join(', ')}`);
  const s = sharedCore(seedOf(name), options);
  const sessionUser = options.sessionUserId ?? (name === 'readOnly' ? demoIds.users.lightAgent : demoIds.users.agent);
  const delayMs = options.delayMs ?? (name === 'slow' ? SLOW_DELAY_MS : 0);
  const fail = planFailures(options.failing ?? name === 'failing');
  const base = (options.baseUrl ?? '/v1').replace(/\/+$/, '');

  const ready = (): Promise<Core> => {
    if (s.owner !== scenario) {
      s.owner = scenario;
      s.muted = [];
      s.ready = s.ready.catch(() => s.core).then(async (core) => (await core.reset(), core));
    }
    return s.ready;
  };

  const tokenOf = (core: Core, userId: string): Promise<string> => {
    let token = s.tokens.get(userId);
    if (!token) {
      // A name no demo user has gets a token the core refuses: its 401, as for any stranger.
      token = core
        .fetch(new Request(`http://core.invalid/dev/token?user=${encodeURIComponent(userId)}`))
        .then(async (r) => (r.ok ? ((await r.json()) as { token: string }).token : 'not-a-demo-user'));
      s.tokens.set(userId, token);
    }
    return token;
  };

  const forward = async (request: Request): Promise<Response> => {
    const core = await ready();
    const headers = new Headers(request.headers);
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '')?.[1];
    if (bearer) {
      const named = bearer.startsWith(MOCK_TOKEN_PREFIX) ? bearer.slice(MOCK_TOKEN_PREFIX.length) : null;
      headers.set('authorization', `Bearer ${await tokenOf(core, named ? (ROLES[named] ?? named) : sessionUser)}`);
    }
    const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
    const response = await core.fetch(new Request(request.url, { method: request.method, headers, body, signal: request.signal }));
    return new URL(request.url).pathname.endsWith('/events') && response.body ? withoutMuted(response, s) : response;
  };

  const scenario: Scenario = {
    name,
    ready,
    fetch: forward,
    async quietly(change) {
      const core = await ready();
      const range: [number, number] = [await lastSeq(core), Infinity];
      s.muted.push(range);
      try {
        return await change();
      } finally {
        range[1] = await lastSeq(core);
      }
    },
    handlers: [
      http.all(`*${base}/*`, async ({ request }) => {
        const path = new URL(request.url).pathname;
        if (!path.startsWith(`${base}/`)) return undefined;
        if (delayMs) await delay(delayMs);
        const route = findRoute(request.method, path.slice(base.length));
        const failure = route ? fail?.(route.name, request.signal) : null;
        if (failure) return failure;
        return forward(request);
      }),
    ],
  };
  return scenario;
}

async function lastSeq(core: Core): Promise<number> {
  const [row] = await core.db.query<{ seq: string | number | null }>('SELECT max(seq) AS seq FROM events');
  return Number(row?.seq ?? 0);
}

/** The event stream without the frames of muted changes (each frame's `id:` is its sequence). */
function withoutMuted(response: Response, s: Shared): Response {
  let buffer = '';
  const encoder = new TextEncoder();
  const keep = (frame: string) => {
    const id = /^id: (\d+)$/m.exec(frame)?.[1];
    return id === undefined || !s.muted.some(([after, upTo]) => Number(id) > after && Number(id) <= upTo);
  };
  const body = response
    .body!.pipeThrough(new TextDecoderStream())
    .pipeThrough(
      new TransformStream<string, Uint8Array>({
        transform(chunk, controller) {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end + 2);
            buffer = buffer.slice(end + 2);
            if (keep(frame)) controller.enqueue(encoder.encode(frame));
          }
        },
        flush(controller) {
          if (buffer) controller.enqueue(encoder.encode(buffer));
        },
      }),
    );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
