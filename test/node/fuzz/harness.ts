/**
 * Sends generated requests to a real server and judges each answer against the contract:
 * never a 5xx; a bad token is 401 and a role without the permission 403 on every protected
 * route; every 4xx carries the documented error body with the code that belongs to its
 * status; every 2xx is the route's status with a body its response schema accepts; and no
 * answer shows another organization's records, or a client another customer's.
 *
 * The session remembers the ids the server hands out, so later requests reach them.
 */
import { createHmac } from 'node:crypto';
import {
  ErrorBody,
  findRoute,
  rolesAllowed,
  routes,
  type Role,
  type RouteDef,
  type RouteName,
} from '@ledgerside/contract';
import { demoIds, mintToken, type Db } from '../../../packages/server/src/index.js';
import type { DemoUser, TestServer } from '../../../packages/server/test/helpers/server.js';
import {
  badTokens,
  BALANCE,
  CURRENT_VERSION,
  REF,
  STALE_VERSION,
  tokenNames,
  type BodySpec,
  type FuzzRequest,
  type RefKind,
  type TokenName,
} from './generators.js';

/** The codes each error status may carry (api.md and the server's README). */
export const codesOf: Readonly<Record<number, readonly string[]>> = {
  400: ['bad_request'],
  401: ['unauthorized'],
  403: ['forbidden'],
  404: ['not_found'],
  409: ['conflict'],
  412: ['precondition_failed'],
  413: ['payload_too_large'],
  415: ['unsupported_media_type'],
  422: ['unprocessable', 'idempotency_mismatch', 'integration_disabled'],
  428: ['precondition_required'],
  429: ['rate_limited'],
};

export interface Outcome {
  route: RouteName;
  shape: FuzzRequest['shape'];
  status: number;
  problems: string[];
  /** What was sent, for a failure report. */
  sent: { method: string; path: string; token: TokenName; headers: Record<string, string>; body: string };
}

const users: Record<Exclude<TokenName, 'none' | 'expired' | 'forged' | 'wrongAudience' | 'otherOrgSecret' | 'garbage'>, DemoUser> = {
  admin: 'admin',
  agent: 'agent',
  lightAgent: 'lightAgent',
  client: 'client',
  otherClient: 'otherClient',
  secondAgent: 'secondAgent',
};
const roleOf: Record<keyof typeof users, Role> = {
  admin: 'admin',
  agent: 'agent',
  lightAgent: 'light_agent',
  client: 'client',
  otherClient: 'client',
  secondAgent: 'agent',
};
const customerOf: Partial<Record<TokenName, string>> = { client: demoIds.customers.acme, otherClient: demoIds.customers.hradec };

/** An HS256 JWT signed by hand (for claims `mintToken` will not make, such as another audience). */
export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const head = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

/** Tokens for every name the generators use (undefined: send none). */
export async function fuzzTokens(server: Pick<TestServer, 'db' | 'token'>): Promise<Record<TokenName, string | undefined>> {
  const secretOf = async (org: string) =>
    (await server.db.query<{ jwt_secret: string }>('SELECT jwt_secret FROM organizations WHERE id = $1', [org]))[0]!.jwt_secret;
  const northwind = await secretOf(demoIds.organizationId);
  const globex = await secretOf(demoIds.second.organizationId);
  const claims = { organizationId: demoIds.organizationId, userId: demoIds.users.admin, name: 'Ada Admin', email: 'ada@northwind.test', role: 'admin' as const };
  const now = Math.floor(Date.now() / 1000);
  const out = {} as Record<TokenName, string | undefined>;
  for (const name of tokenNames) {
    if (name in users) out[name] = await server.token(users[name as keyof typeof users], { expiresInSeconds: 24 * 3600 });
  }
  out.none = undefined;
  out.expired = await mintToken({ ...claims, secret: northwind, expiresInSeconds: -120 });
  out.forged = await mintToken({ ...claims, secret: 'not-the-secret' });
  out.wrongAudience = signJwt({ org: demoIds.organizationId, sub: demoIds.users.admin, role: 'admin', aud: 'someone-else', exp: now + 3600 }, northwind);
  // Claims Northwind, signed with Globex's (valid, but another organization's) secret.
  out.otherOrgSecret = await mintToken({ ...claims, secret: globex, expiresInSeconds: 3600 });
  out.garbage = 'not.a.jwt';
  return out;
}

// ---------------------------------------------------------------- what the session knows

class Pool {
  private readonly items: string[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly cap = 3000) {}
  add(id: unknown): void {
    if (typeof id !== 'string' || !id || this.seen.has(id)) return;
    this.seen.add(id);
    this.items.push(id);
    if (this.items.length > this.cap) this.seen.delete(this.items.shift()!);
  }
  pick(n: number): string | undefined {
    return this.items.length ? this.items[n % this.items.length] : undefined;
  }
  get size(): number {
    return this.items.length;
  }
}

const SERVER_ID = /^(doc|cus|conv|msg|pay|ln)[_-]/;

export class FuzzSession {
  readonly own = new Map<RefKind, Pool>();
  readonly foreign = new Map<RefKind, Pool>();
  /** Ids of the other organization's records: no Northwind answer may contain one. */
  readonly foreignIds = new Set<string>([demoIds.second.organizationId]);
  readonly versions = new Map<string, number>();
  readonly balances = new Map<string, number>();
  readonly statuses = new Map<number, number>();
  readonly byRoute = new Map<RouteName, Map<number, number>>();
  /** `route status code issue-path` → count: which refusals a run meets most (for tuning). */
  readonly refusals = new Map<string, number>();
  readonly shapes = new Map<string, number>();
  /** The last requests answered, newest last: what came just before a failure. */
  readonly recent: string[] = [];
  requests = 0;

  private constructor(
    readonly url: string,
    readonly db: Db,
    readonly tokens: Record<TokenName, string | undefined>,
    readonly bodyLimit: number,
  ) {}

  static async start(server: Pick<TestServer, 'url' | 'db' | 'token'>, options: { bodyLimit: number }): Promise<FuzzSession> {
    const session = new FuzzSession(server.url, server.db, await fuzzTokens(server), options.bodyLimit);
    await session.loadPools();
    return session;
  }

  private pool(kind: RefKind, foreign: boolean): Pool {
    const map = foreign ? this.foreign : this.own;
    let pool = map.get(kind);
    if (!pool) map.set(kind, (pool = new Pool()));
    return pool;
  }

  /** Everything seeded, read once from the database. */
  private async loadPools(): Promise<void> {
    const rows = async (sql: string) => this.db.query<{ org: string; id: string; kind?: string; extra?: string }>(sql);
    const add = (kind: RefKind, list: { org: string; id: string }[]) => {
      for (const r of list) {
        const foreign = r.org !== demoIds.organizationId;
        this.pool(kind, foreign).add(r.id);
        if (foreign && kind !== 'contact' && kind !== 'timeEntry' && kind !== 'ticket' && kind !== 'deal') this.foreignIds.add(r.id);
      }
    };
    add('customer', await rows('SELECT organization_id AS org, id FROM customers'));
    const docs = await rows('SELECT organization_id AS org, id, kind, ticket_id AS extra FROM documents');
    add('document', docs);
    add('invoice', docs.filter((d) => d.kind === 'invoice'));
    add('quote', docs.filter((d) => d.kind === 'quote'));
    add('ticket', docs.filter((d) => d.extra).map((d) => ({ org: d.org, id: d.extra! })));
    add('deal', await rows('SELECT organization_id AS org, deal_id AS id FROM documents WHERE deal_id IS NOT NULL'));
    add('conversation', await rows('SELECT organization_id AS org, id FROM conversations'));
    add('message', await rows('SELECT organization_id AS org, id FROM messages'));
    add('contact', await rows('SELECT organization_id AS org, contact_id AS id FROM contact_links'));
    add('timeEntry', await rows('SELECT organization_id AS org, host_id AS id FROM time_entries'));
    add('ticket', await rows('SELECT organization_id AS org, ticket_id AS id FROM time_entries'));
    add('product', await rows('SELECT organization_id AS org, id FROM products'));
    add('recipient', await rows('SELECT organization_id AS org, id FROM users'));
    add('recipient', await rows('SELECT organization_id AS org, contact_id AS id FROM contact_links'));
    for (const r of await this.db.query<{ id: string; version: number; total: number; amount_paid: number }>('SELECT id, version, total, amount_paid FROM documents')) {
      this.versions.set(r.id, Number(r.version));
      this.balances.set(r.id, Number(r.total) - Number(r.amount_paid));
    }
    for (const r of await this.db.query<{ id: string; version: number }>('SELECT id, version FROM customers')) this.versions.set(r.id, Number(r.version));
  }

  /** A ref's id as of now. */
  private pick(marker: string): string {
    const [what, n] = marker.slice(REF.length).split(':') as [string, string];
    const foreign = what.startsWith('foreign-');
    const kind = (foreign ? what.slice('foreign-'.length) : what) as RefKind;
    return this.pool(kind, foreign).pick(Number(n)) ?? `zz-${foreign ? 'foreign' : 'empty'}-${kind}`;
  }

  private resolveValue(value: unknown, pathId: string | undefined): unknown {
    if (typeof value === 'string') {
      if (value.startsWith(REF)) return this.pick(value);
      if (value === BALANCE) return Math.max(1, this.balances.get(pathId ?? '') ?? 100);
      return value;
    }
    if (Array.isArray(value)) return value.map((v) => this.resolveValue(v, pathId));
    if (value && typeof value === 'object') {
      // Own keys only, `__proto__` included, as JSON.parse made them.
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        Object.defineProperty(out, key, { value: this.resolveValue((value as Record<string, unknown>)[key], pathId), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return value;
  }

  private encodeBody(body: BodySpec, pathId: string | undefined): { data?: string | Uint8Array<ArrayBuffer>; contentType?: string } {
    switch (body.kind) {
      case 'none':
        return {};
      case 'json':
        return { data: JSON.stringify(this.resolveValue(body.value, pathId)) ?? 'null', contentType: body.contentType ?? 'application/json' };
      case 'raw':
        return {
          data: typeof body.data === 'string' ? body.data : new Uint8Array(body.data),
          ...(body.contentType ? { contentType: body.contentType } : {}),
        };
      case 'oversized':
        return { data: JSON.stringify({ notes: 'x'.repeat(this.bodyLimit + 1024) }), contentType: body.contentType ?? 'application/json' };
    }
  }

  /** Sends one request and judges the answer. */
  async send(request: FuzzRequest): Promise<Outcome> {
    const route: RouteDef = routes[request.route];
    const params = Object.fromEntries(Object.entries(request.params).map(([k, v]) => [k, String(this.resolveValue(v, undefined))]));
    const pathId = params.id;
    const path =
      request.rawPath ?? `/v1${route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''))}`;
    const search = new URLSearchParams();
    for (const [k, v] of request.query) search.append(k, String(this.resolveValue(v, pathId)));
    const url = `${this.url}${path}${search.size ? `?${search}` : ''}`;
    const headers: Record<string, string> = {};
    const token = this.tokens[request.token];
    if (token) headers.authorization = `Bearer ${token}`;
    if (request.ifMatch !== undefined) {
      const version = this.versions.get(pathId ?? '') ?? 1;
      headers['if-match'] = request.ifMatch.replace(CURRENT_VERSION, String(version)).replace(STALE_VERSION, String(version + 7));
    }
    if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
    if (request.lastEventId !== undefined) headers['last-event-id'] = request.lastEventId;
    const { data, contentType } = this.encodeBody(request.method === 'GET' ? { kind: 'none' } : request.body, pathId);
    if (contentType) headers['content-type'] = contentType;

    const sent = { method: request.method, path: `${path}${search.size ? `?${search}` : ''}`, token: request.token, headers, body: typeof data === 'string' ? data.slice(0, 2000) : data ? `<${data.byteLength} bytes>` : '' };
    const problems: string[] = [];
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    let status = 0;
    try {
      const response = await fetch(url, { method: request.method, headers, body: data ?? null, signal: controller.signal });
      status = response.status;
      const effective = findRoute(request.method, path.replace(/^\/v1/, '') || '/');
      const known = path.startsWith('/v1/') ? effective : null;
      const type = response.headers.get('content-type') ?? '';
      let body: unknown;
      if (type.includes('text/event-stream')) {
        // The first chunk (retry hint and a comment), then hang up.
        const reader = response.body!.getReader();
        const first = await reader.read();
        body = new TextDecoder().decode(first.value);
        controller.abort();
      } else if (type.includes('json')) {
        const text = await response.text();
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          problems.push(`JSON content type with a body that does not parse: ${text.slice(0, 100)}`);
        }
      } else {
        body = new Uint8Array(await response.arrayBuffer());
      }
      this.judge(request, known?.name ?? null, response, body, problems);
      if (status >= 400) {
        const e = (body as { error?: { code?: string; reason?: string; issues?: { path: unknown[] }[] } } | undefined)?.error;
        const key = `${request.route} ${status} ${e?.reason ?? e?.code ?? '?'} ${e?.issues?.[0]?.path.join('.') ?? ''}`;
        this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1);
      }
      if (status >= 200 && status < 300 && known) this.learn(request.token, body);
    } catch (error) {
      if (!controller.signal.aborted || status === 0) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        problems.push(`no answer: ${(error as Error).message}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''}`);
      }
    } finally {
      clearTimeout(timer);
    }
    this.recent.push(`${request.method} ${sent.path.slice(0, 80)} ${request.token} → ${status} (${sent.body.length} B${headers['content-type'] ? ` ${headers['content-type']}` : ''})`);
    if (this.recent.length > 6) this.recent.shift();
    if (problems.some((p) => p.startsWith('no answer'))) problems.push(`just before: ${this.recent.slice(0, -1).join(' | ')}`);
    this.requests++;
    this.shapes.set(request.shape, (this.shapes.get(request.shape) ?? 0) + 1);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    let perRoute = this.byRoute.get(request.route);
    if (!perRoute) this.byRoute.set(request.route, (perRoute = new Map()));
    perRoute.set(status, (perRoute.get(status) ?? 0) + 1);
    return { route: request.route, shape: request.shape, status, problems, sent };
  }

  private judge(request: FuzzRequest, name: RouteName | null, response: Response, body: unknown, problems: string[]): void {
    const { status } = response;
    if (status >= 500) {
      problems.push(`answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
      return;
    }
    if (name !== null && routes[name].responseKind === 'html') {
      // A page for a person's browser (the vendor's OAuth redirect): the page itself says what went wrong.
      if (![200, 302, 400].includes(status)) problems.push(`a page answered ${status}`);
      if (status !== 302 && !(response.headers.get('content-type') ?? '').startsWith('text/html')) problems.push(`a page answered as ${response.headers.get('content-type')}`);
      return;
    }
    if (!codesOf[status] && !(status >= 200 && status < 300)) problems.push(`undocumented status ${status}`);

    if (status >= 400) {
      const parsed = ErrorBody.safeParse(body);
      if (!parsed.success) problems.push(`${status} without the documented error body: ${JSON.stringify(body).slice(0, 200)}`);
      else {
        const { code } = parsed.data.error;
        if (!codesOf[status]?.includes(code)) problems.push(`${status} with code ${code}`);
        if (status === 412 && parsed.data.error.current === undefined) problems.push('412 without `current`');
        if (status === 429 && !(Number(response.headers.get('retry-after')) >= 1)) problems.push('429 without Retry-After');
      }
      if (!(response.headers.get('content-type') ?? '').includes('application/json')) problems.push(`${status} not as JSON`);
    }

    if (name === null) {
      if (status !== 404) problems.push(`no endpoint, yet ${status}`);
      return;
    }
    const route: RouteDef = routes[name];
    if (route.hostProof) {
      // The body is the credential: a made-up proof never signs anyone in.
      if (![400, 401, 413, 415, 429].includes(status)) problems.push(`a made-up host proof answered ${status}`);
      return;
    }
    if (route.permission === null) {
      // A vendor's webhook is bound to its signature, which no fuzzed request carries.
      if (name === 'quickbooksWebhook') {
        if (![401, 413, 415].includes(status)) problems.push(`an unsigned webhook answered ${status}`);
        return;
      }
      if (status !== 200) problems.push(`public route answered ${status}`);
      return;
    }
    if (badTokens.has(request.token)) {
      if (status !== 401) problems.push(`token "${request.token}" got ${status} instead of 401`);
      return;
    }
    const role = roleOf[request.token as keyof typeof roleOf];
    const allowed = rolesAllowed(route).includes(role);
    if (!allowed) {
      if (status !== 403) problems.push(`${role} may not call ${name}, yet ${status}`);
      return;
    }
    if (status === 403) problems.push(`${role} may call ${name}, yet 403`);
    if (status >= 300) return;

    if (status !== route.status) problems.push(`success ${status}, the route table says ${route.status}`);
    switch (route.responseKind) {
      case 'json': {
        const check = route.response?.['~standard'].validate(body);
        if (check && !(check instanceof Promise) && check.issues) {
          problems.push(`response outside its schema: ${JSON.stringify(check.issues).slice(0, 300)}`);
        }
        break;
      }
      case 'pdf': {
        const bytes = body as Uint8Array;
        if (!(response.headers.get('content-type') ?? '').startsWith('application/pdf')) problems.push('PDF without its content type');
        if (!(bytes instanceof Uint8Array) || Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') problems.push('not a PDF');
        break;
      }
      case 'empty':
        if (status !== 204) problems.push('an empty answer that is not 204');
        break;
      case 'sse':
        if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) problems.push('event stream with the wrong type');
        break;
    }
    this.checkLeaks(request.token, body, problems);
  }

  /** Another organization's ids, or for a client another customer's records, in an answer. */
  private checkLeaks(token: TokenName, body: unknown, problems: string[]): void {
    if (token === 'secondAgent' || !body || body instanceof Uint8Array || typeof body !== 'object') return;
    const own = customerOf[token];
    const walk = (value: unknown, key: string, parent: Record<string, unknown> | null) => {
      if (typeof value === 'string') {
        // A vendor check or card transaction names an id of the billing app's, whatever it is.
        const external = key === 'transactionId' && !['invoice', 'quote', 'customer_payment'].includes(String(parent?.transactionType));
        if (!external && this.foreignIds.has(value)) problems.push(`another organization's id ${value} in the answer (${key})`);
        if (own && key === 'customerId' && value !== own) problems.push(`a client of ${own} shown ${key} ${value}`);
        return;
      }
      if (Array.isArray(value)) value.forEach((v) => walk(v, key, parent));
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) walk(v, k, value as Record<string, unknown>);
      }
    };
    walk(body, '', null);
  }

  /** Remembers the ids an answer names, for later requests. */
  private learn(token: TokenName, body: unknown): void {
    const foreign = token === 'secondAgent';
    const add = (kind: RefKind, id: unknown) => {
      if (typeof id !== 'string') return;
      this.pool(kind, foreign).add(id);
      if (foreign && SERVER_ID.test(id)) this.foreignIds.add(id);
    };
    const walk = (value: unknown) => {
      if (Array.isArray(value)) return value.forEach(walk);
      if (!value || typeof value !== 'object') return;
      const o = value as Record<string, unknown>;
      if (typeof o.id === 'string') {
        if ((o.kind === 'invoice' || o.kind === 'quote') && typeof o.number === 'string') {
          add('document', o.id);
          add(o.kind, o.id);
          add('customer', o.customerId);
          if (typeof o.ticketId === 'string') add('ticket', o.ticketId);
          if (typeof o.dealId === 'string') add('deal', o.dealId);
          if (typeof o.version === 'number') this.versions.set(o.id, o.version);
          if (typeof o.balance === 'number') this.balances.set(o.id, o.balance);
        } else if (typeof o.displayName === 'string' && typeof o.version === 'number') {
          add('customer', o.id);
          this.versions.set(o.id, o.version);
        } else if (typeof o.transactionType === 'string' && typeof o.unread === 'number') {
          add('conversation', o.id);
        } else if (typeof o.conversationId === 'string' && typeof o.body === 'string') {
          add('message', o.id);
        } else if (o.kind === 'firm_user' || o.kind === 'customer_contact') {
          add('recipient', o.id);
        }
      }
      if (typeof o.hostId === 'string' && typeof o.ticketId === 'string') {
        add('timeEntry', o.hostId);
        add('ticket', o.ticketId);
      }
      if (typeof o.contactId === 'string' && typeof o.linkedAt === 'string') add('contact', o.contactId);
      if (typeof o.nextCursor === 'string') add('cursor', o.nextCursor);
      for (const v of Object.values(o)) if (v && typeof v === 'object') walk(v);
    };
    walk(body);
  }

  /** Figures for a report. */
  summary(): { requests: number; statuses: Record<string, number>; routes: Record<string, Record<string, number>> } {
    const sorted = (m: Map<number, number>) => Object.fromEntries([...m].sort(([a], [b]) => a - b).map(([k, v]) => [String(k), v]));
    return {
      requests: this.requests,
      statuses: sorted(this.statuses),
      routes: Object.fromEntries([...this.byRoute].sort(([a], [b]) => a.localeCompare(b)).map(([k, m]) => [k, sorted(m)])),
    };
  }
}

/** A failure as a reader needs it: what was sent and what was wrong. */
export function describe(outcome: Outcome): string {
  return `${outcome.route} (${outcome.shape}) ${outcome.sent.method} ${outcome.sent.path} as ${outcome.sent.token} → ${outcome.status}\n  ${outcome.problems.join('\n  ')}\n  headers: ${JSON.stringify(outcome.sent.headers).replace(/Bearer [^"]+/, 'Bearer …')}\n  body: ${outcome.sent.body.slice(0, 600)}`;
}
