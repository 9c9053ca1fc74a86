/**
 * The mocks as a wire, not a second server: msw hands every `/v1` request to the reference
 * server's core (`@ledgerside/server/core`), running on in-memory PGlite wherever the test or
 * story runs. Each scenario's database is built once per page (migrated and seeded) and every
 * later start loads its dump, so a test pays for a copy, not for the migrations.
 *
 * Tokens: `mock:<userId>` (or `mock:<role>`) stands for that demo user and is exchanged here for
 * a real token the core verifies; any other bearer token is the scenario's session user.
 */
import { createCore, demoIds, type Core, type FontSource } from '@ledgerside/server/core';
import { delay, http, type HttpHandler } from 'msw';
import { planFailures, type FailingOptions } from './failing.js';
import { findRoute } from '@ledgerside/contract';
import { MOCK_TOKEN_PREFIX } from './handlers.js';

export interface CoreScenarioOptions {
  /** The PDFs' font files (a browser: `fetchedFontSource(url)`; Node: the server's `nodeFontSource`). */
  fonts: FontSource;
  /** Who a token that names no demo user is; default the agent. */
  sessionUserId?: string;
  /** Where the API lives (a path matches on any origin); default `/v1`. */
  baseUrl?: string;
  delayMs?: number;
  failing?: boolean | FailingOptions;
}

export interface CoreScenario {
  core: Core;
  /** The core's fetch, with `mock:` tokens exchanged: what tests use to set things up. */
  fetch(request: Request): Promise<Response>;
  handlers: HttpHandler[];
  close(): Promise<void>;
}

const dumps = new Map<string, Promise<Blob>>();

/** Built once per page: migrations and the demo seed, then kept as a dump. */
function demoDump(fonts: FontSource): Promise<Blob> {
  let dump = dumps.get('demo');
  if (!dump) {
    dump = (async () => {
      const core = await createCore({ demo: true, fonts, maintenance: false });
      try {
        return await core.dump();
      } finally {
        await core.close();
      }
    })();
    dump.catch(() => dumps.delete('demo'));
    dumps.set('demo', dump);
  }
  return dump;
}

const ROLES: Record<string, string> = {
  admin: demoIds.users.admin,
  agent: demoIds.users.agent,
  light_agent: demoIds.users.lightAgent,
  client: demoIds.users.client,
};

export async function createCoreScenario(options: CoreScenarioOptions): Promise<CoreScenario> {
  const core = await createCore({ demo: true, seed: 'none', loadDataDir: await demoDump(options.fonts), fonts: options.fonts, maintenance: false });
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (userId: string) => {
    let token = tokens.get(userId);
    if (!token) {
      token = core
        .fetch(new Request(`http://core.invalid/dev/token?user=${encodeURIComponent(userId)}`))
        .then(async (r) => ((await r.json()) as { token: string }).token);
      tokens.set(userId, token);
    }
    return token;
  };
  const sessionUser = options.sessionUserId ?? demoIds.users.agent;

  const forward = async (request: Request): Promise<Response> => {
    const headers = new Headers(request.headers);
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '')?.[1];
    if (bearer) {
      const named = bearer.startsWith(MOCK_TOKEN_PREFIX) ? bearer.slice(MOCK_TOKEN_PREFIX.length) : null;
      headers.set('authorization', `Bearer ${await tokenOf(named ? (ROLES[named] ?? named) : sessionUser)}`);
    }
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    return core.fetch(new Request(request.url, { method: request.method, headers, body: body ?? null, signal: request.signal }));
  };

  const base = (options.baseUrl ?? '/v1').replace(/\/+$/, '');
  const fail = planFailures(options.failing);
  const handlers: HttpHandler[] = [
    http.all(`*${base}/*`, async ({ request }) => {
      const path = new URL(request.url).pathname;
      if (!path.startsWith(`${base}/`)) return undefined;
      if (options.delayMs) await delay(options.delayMs);
      const route = findRoute(request.method, path.slice(base.length));
      const failure = route ? fail?.(route.name, request.signal) : null;
      if (failure) return failure;
      return forward(request);
    }),
  ];
  return { core, fetch: forward, handlers, close: () => core.close() };
}
