/**
 * The QuickBooks Online simulator over HTTP: the OAuth 2.0 authorization-code flow (consent
 * page, token endpoint with rotating refresh tokens), the Accounting API v3 surface Ledgerside
 * uses, signed webhooks (classic and CloudEvents), QuickBooks' per-company limits (10 requests
 * a second, 500 a minute → 429), and faults for tests: refusals with Retry-After, answers lost
 * after the write committed, expired tokens, an unreachable server, latency.
 *
 * Every Customer, Invoice, Estimate and Payment body is validated against the JSON Schema
 * derived from Intuit's XSDs (schema.ts) before any rule runs; `requestid` makes a retried
 * write answer what the first one answered, without applying it again.
 */
import { Hono, type Context } from 'hono';
import { parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';
import { Company, QboFault, notFound, validationFault, type txnEntities, type Change, type CompanyOptions, type EntityName, type Json } from './company.js';
import { pageRoutes } from './pages.js';
import { validateEntity, type ValidatedEntity } from './schema.js';

export interface SimOptions {
  clientId?: string;
  clientSecret?: string;
  /** Signs webhooks (the app's "verifier token"). */
  webhookVerifier?: string;
  /** Where webhooks go; none when unset. */
  webhookUrl?: string;
  webhookFormat?: 'classic' | 'cloudevents';
  /** Batches changes for this long before a webhook (QuickBooks aggregates too); default 50 ms. */
  webhookDelayMs?: number;
  accessTokenSeconds?: number;
  /** Added to every API answer (a real QuickBooks is not instant). */
  latencyMs?: number;
  /** Enforce QuickBooks' limits per company (default on). */
  rateLimit?: { perSecond: number; perMinute: number } | false;
  /** Where the simulator's own pages live, for links (deep links, consent). */
  publicUrl?: () => string;
}

interface Token {
  realmId: string;
  expiresAt: number;
}

type Fault =
  | { kind: 'status'; status: number; retryAfter?: number; count: number; when?: (path: string, method: string) => boolean }
  | { kind: 'lose-answer'; count: number; when?: (path: string, method: string) => boolean };

/** What the simulator counted, per company. */
export interface Counters {
  requests: number;
  writes: number;
  throttled: number;
  rejectedBodies: number;
  refreshes: number;
}

const WRITE_ENTITIES: Record<string, ValidatedEntity | 'other'> = {
  customer: 'Customer',
  invoice: 'Invoice',
  estimate: 'Estimate',
  payment: 'Payment',
};

export class QuickBooksSim {
  readonly companies = new Map<string, Company>();
  readonly app: Hono;
  readonly counters = new Map<string, Counters>();
  private readonly codes = new Map<string, { realmId: string; redirectUri: string; expiresAt: number }>();
  private readonly accessTokens = new Map<string, Token>();
  private readonly refreshTokens = new Map<string, string>(); // refresh → realm
  private readonly requestIds = new Map<string, { status: number; body: string }>();
  private readonly faults: Fault[] = [];
  private readonly windows = new Map<string, number[]>();
  private pendingWebhooks: { realmId: string; change: Change }[] = [];
  private webhookTimer: ReturnType<typeof setTimeout> | null = null;
  /** Webhook deliveries, as sent (tests replay, duplicate or reorder them). */
  readonly webhookLog: { body: string; signature: string; status: number | null }[] = [];
  reachable = true;
  /** While false, webhooks are kept back (see `flushWebhooks`). */
  deliverWebhooks = true;
  private held: { body: string; signature: string }[] = [];
  options: Required<Omit<SimOptions, 'webhookUrl' | 'publicUrl' | 'rateLimit'>> & Pick<SimOptions, 'webhookUrl' | 'publicUrl'> & { rateLimit: SimOptions['rateLimit'] };

  constructor(options: SimOptions = {}) {
    this.options = {
      clientId: options.clientId ?? 'sim-client',
      clientSecret: options.clientSecret ?? 'sim-secret',
      webhookVerifier: options.webhookVerifier ?? 'sim-verifier',
      webhookUrl: options.webhookUrl,
      webhookFormat: options.webhookFormat ?? 'classic',
      webhookDelayMs: options.webhookDelayMs ?? 50,
      accessTokenSeconds: options.accessTokenSeconds ?? 3600,
      latencyMs: options.latencyMs ?? 0,
      rateLimit: options.rateLimit === undefined ? { perSecond: 10, perMinute: 500 } : options.rateLimit,
      publicUrl: options.publicUrl,
    };
    this.app = this.routes();
  }

  // ------------------------------------------------------------------ companies and tokens

  addCompany(options: CompanyOptions): Company {
    const company = new Company(options);
    company.listeners.add((change) => this.queueWebhook(company.realmId, change));
    this.companies.set(company.realmId, company);
    this.counters.set(company.realmId, { requests: 0, writes: 0, throttled: 0, rejectedBodies: 0, refreshes: 0 });
    return company;
  }

  company(realmId: string): Company {
    const company = this.companies.get(realmId);
    if (!company) throw new Error(`No simulated company ${realmId}`);
    return company;
  }

  /** Every access token stops working now (as if an hour had passed). */
  expireAccessTokens(): void {
    for (const token of this.accessTokens.values()) token.expiresAt = 0;
  }

  /** The next `count` API requests (matching `when`) fail with `status` (429: with Retry-After). */
  failNext(count: number, status: number, options: { retryAfter?: number; when?: (path: string, method: string) => boolean } = {}): void {
    this.faults.push({ kind: 'status', status, count, ...options });
  }

  /** The next `count` writes (matching `when`) are applied, then the connection drops before the answer. */
  loseAnswerAfterCommit(count: number, when?: (path: string, method: string) => boolean): void {
    this.faults.push({ kind: 'lose-answer', count, ...(when ? { when } : {}) });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  // ------------------------------------------------------------------ webhooks

  private queueWebhook(realmId: string, change: Change): void {
    if (!this.options.webhookUrl) return;
    this.pendingWebhooks.push({ realmId, change });
    this.webhookTimer ??= setTimeout(() => {
      this.webhookTimer = null;
      const batch = this.pendingWebhooks;
      this.pendingWebhooks = [];
      void this.sendWebhook(batch);
    }, this.options.webhookDelayMs);
  }

  /** The webhook body for changes, in the configured format. */
  webhookBody(changes: { realmId: string; change: Change }[], format = this.options.webhookFormat): string {
    if (format === 'cloudevents') {
      return JSON.stringify(
        changes.map(({ realmId, change }, i) => ({
          specversion: '1.0',
          id: `${crypto.randomUUID()}-${change.entity}-${change.id}-${i}`,
          source: 'intuit.simulator',
          type: `qbo.${change.entity.toLowerCase()}.${cloudOperation(change.operation)}.v1`,
          datacontenttype: 'application/json',
          time: change.at,
          intuitentityid: change.id,
          intuitaccountid: realmId,
          data: {},
        })),
      );
    }
    const byRealm = new Map<string, Change[]>();
    for (const { realmId, change } of changes) byRealm.set(realmId, [...(byRealm.get(realmId) ?? []), change]);
    return JSON.stringify({
      eventNotifications: [...byRealm].map(([realmId, list]) => ({
        realmId,
        dataChangeEvent: { entities: list.map((c) => ({ name: c.entity, id: c.id, operation: c.operation, lastUpdated: c.at })) },
      })),
    });
  }

  async sign(body: string, verifier = this.options.webhookVerifier): Promise<string> {
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(verifier), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)));
    return btoa(String.fromCharCode(...mac));
  }

  private async sendWebhook(batch: { realmId: string; change: Change }[]): Promise<void> {
    const body = this.webhookBody(batch);
    const signature = await this.sign(body);
    if (!this.deliverWebhooks) {
      this.held.push({ body, signature });
      return;
    }
    await this.post(body, signature);
  }

  /** Delivers a webhook body as given (tests: duplicates, old ones, forged signatures). */
  async post(body: string, signature: string): Promise<number | null> {
    const entry = { body, signature, status: null as number | null };
    this.webhookLog.push(entry);
    try {
      const response = await fetch(this.options.webhookUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'intuit-signature': signature },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      entry.status = response.status;
      await response.body?.cancel();
    } catch {
      entry.status = null;
    }
    return entry.status;
  }

  /** Sends what was held back while `deliverWebhooks` was false, in the given order. */
  async flushWebhooks(order: 'as-sent' | 'reversed' = 'as-sent'): Promise<void> {
    const held = order === 'reversed' ? [...this.held].reverse() : this.held;
    this.held = [];
    for (const { body, signature } of held) await this.post(body, signature);
  }

  async idle(): Promise<void> {
    while (this.webhookTimer || this.pendingWebhooks.length) await new Promise((r) => setTimeout(r, 10));
  }

  // ------------------------------------------------------------------ HTTP

  private routes(): Hono {
    const app = new Hono();
    app.get('/connect', (c) => this.consent(c));
    app.post('/connect', async (c) => this.approve(c));
    app.post('/oauth2/v1/tokens/bearer', async (c) => this.token(c));
    app.post('/oauth2/v1/tokens/revoke', async (c) => {
      const form = await c.req.parseBody();
      this.refreshTokens.delete(String(form.token ?? ''));
      this.accessTokens.delete(String(form.token ?? ''));
      return c.body(null, 200);
    });
    app.all('/v3/company/:realm/*', async (c) => this.api(c));
    pageRoutes(app, this);
    return app;
  }

  private consent(c: Context): Response {
    const q = c.req.query();
    if (q.client_id !== this.options.clientId) return c.text('Unknown client_id', 400);
    if (q.response_type !== 'code' || !q.redirect_uri || !q.state) return c.text('response_type=code, redirect_uri and state are required', 400);
    const companies = [...this.companies.values()];
    const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
    return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Connect to the QuickBooks simulator</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}.sim{background:#fff4ce;border:1px solid #e0b400;padding:.5rem .75rem;border-radius:6px}button{font:inherit;padding:.5rem 1rem;margin-top:1rem}</style></head>
<body><p class="sim"><strong>Simulator</strong> — this is Ledgerside’s local QuickBooks Online simulator, not Intuit. No real books are touched.</p>
<h1>Connect an app to a simulated company</h1><form method="post" action="connect">
${Object.entries(q).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('')}
<label>Company <select name="realmId">${companies.map((co) => `<option value="${esc(co.realmId)}">${esc(co.name)}</option>`).join('')}</select></label><br>
<button type="submit" name="decision" value="allow">Connect</button> <button type="submit" name="decision" value="deny">Cancel</button></form></body></html>`);
  }

  private async approve(c: Context): Promise<Response> {
    const form = await c.req.parseBody();
    const redirect = new URL(String(form.redirect_uri));
    redirect.searchParams.set('state', String(form.state));
    if (form.decision !== 'allow') {
      redirect.searchParams.set('error', 'access_denied');
      return c.redirect(redirect.toString(), 302);
    }
    const realmId = String(form.realmId ?? [...this.companies.keys()][0]);
    if (!this.companies.has(realmId)) return c.text('Unknown company', 400);
    redirect.searchParams.set('code', this.issueCode(realmId, String(form.redirect_uri)));
    redirect.searchParams.set('realmId', realmId);
    return c.redirect(redirect.toString(), 302);
  }

  /** An authorization code as the consent page gives one (tests skip the page). */
  issueCode(realmId: string, redirectUri: string): string {
    const code = `code-${crypto.randomUUID()}`;
    this.codes.set(code, { realmId, redirectUri, expiresAt: Date.now() + 5 * 60_000 });
    return code;
  }

  private async token(c: Context): Promise<Response> {
    const auth = c.req.header('authorization') ?? '';
    // RFC 6749 §2.3.1: both halves are form-urlencoded before base64.
    const decode = (part: string | undefined) => (part === undefined ? undefined : decodeURIComponent(part.replace(/\+/g, ' ')));
    const [id, secret] = auth.startsWith('Basic ') ? atob(auth.slice(6)).split(':').map(decode) : [];
    if (id !== this.options.clientId || secret !== this.options.clientSecret) {
      return c.json({ error: 'invalid_client' }, 401);
    }
    const form = await c.req.parseBody();
    let realmId: string;
    if (form.grant_type === 'authorization_code') {
      const grant = this.codes.get(String(form.code));
      this.codes.delete(String(form.code));
      if (!grant || grant.expiresAt < Date.now() || grant.redirectUri !== form.redirect_uri) return c.json({ error: 'invalid_grant' }, 400);
      realmId = grant.realmId;
    } else if (form.grant_type === 'refresh_token') {
      const found = this.refreshTokens.get(String(form.refresh_token));
      if (!found) return c.json({ error: 'invalid_grant' }, 400);
      // Refresh tokens rotate: the old one is spent.
      this.refreshTokens.delete(String(form.refresh_token));
      realmId = found;
      const counters = this.counters.get(realmId);
      if (counters) counters.refreshes++;
    } else {
      return c.json({ error: 'unsupported_grant_type' }, 400);
    }
    const access = `at-${crypto.randomUUID()}`;
    const refresh = `rt-${crypto.randomUUID()}`;
    this.accessTokens.set(access, { realmId, expiresAt: Date.now() + this.options.accessTokenSeconds * 1000 });
    this.refreshTokens.set(refresh, realmId);
    return c.json({
      access_token: access,
      refresh_token: refresh,
      token_type: 'bearer',
      expires_in: this.options.accessTokenSeconds,
      x_refresh_token_expires_in: 8_726_400,
    });
  }

  private throttled(realmId: string): boolean {
    const limit = this.options.rateLimit;
    if (!limit) return false;
    const now = Date.now();
    const window = (this.windows.get(realmId) ?? []).filter((t) => t > now - 60_000);
    const lastSecond = window.filter((t) => t > now - 1000).length;
    if (lastSecond >= limit.perSecond || window.length >= limit.perMinute) {
      this.windows.set(realmId, window);
      return true;
    }
    window.push(now);
    this.windows.set(realmId, window);
    return false;
  }

  private takeFault(kind: Fault['kind'], path: string, method: string): Fault | null {
    const index = this.faults.findIndex((f) => f.kind === kind && f.count > 0 && (!f.when || f.when(path, method)));
    if (index < 0) return null;
    const fault = this.faults[index]!;
    fault.count--;
    if (fault.count === 0) this.faults.splice(index, 1);
    return fault;
  }

  private async api(c: Context): Promise<Response> {
    if (!this.reachable) return dropConnection(c);
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    const time = new Date().toISOString();
    const realmId = c.req.param('realm')!;
    const company = this.companies.get(realmId);
    const path = new URL(c.req.url).pathname.replace(`/v3/company/${realmId}`, '');
    const method = c.req.method;
    const json = (status: number, body: Json) =>
      new Response(stringifyLossless(body) ?? 'null', { status, headers: { 'content-type': 'application/json;charset=UTF-8', intuit_tid: crypto.randomUUID() } });
    const bearer = c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
    const token = this.accessTokens.get(bearer);
    if (!company || !token || token.realmId !== realmId || token.expiresAt <= Date.now()) {
      return json(401, {
        fault: { error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail: token && token.expiresAt <= Date.now() ? 'Token expired' : 'Token invalid', code: '3200' }], type: 'AUTHENTICATION' },
        time,
      });
    }
    const counters = this.counters.get(realmId)!;
    counters.requests++;
    const injected = this.takeFault('status', path, method) as Extract<Fault, { kind: 'status' }> | null;
    if (injected) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (injected.retryAfter !== undefined) headers['retry-after'] = String(injected.retryAfter);
      if (injected.status === 429) counters.throttled++;
      return new Response(JSON.stringify(injected.status === 429 ? throttleBody(time) : { Fault: { Error: [{ Message: 'Service unavailable', Detail: 'The service is temporarily unavailable', code: '10000' }], type: 'SystemFault' }, time }), { status: injected.status, headers });
    }
    if (this.throttled(realmId)) {
      counters.throttled++;
      return new Response(JSON.stringify(throttleBody(time)), { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '1' } });
    }

    const requestId = c.req.query('requestid');
    const replayKey = requestId ? `${realmId}:${requestId}` : null;
    if (method === 'POST' && replayKey && this.requestIds.has(replayKey)) {
      const stored = this.requestIds.get(replayKey)!;
      return new Response(stored.body, { status: stored.status, headers: { 'content-type': 'application/json;charset=UTF-8' } });
    }

    let status = 200;
    let answer: Json | Response;
    try {
      answer = await this.handle(c, company, path, method, counters);
    } catch (error) {
      if (!(error instanceof QboFault)) throw error;
      status = error.status;
      answer = error.toJson(time);
    }
    if (answer instanceof Response) return answer;
    if (status === 200) answer.time = time;
    const text = stringifyLossless(answer) ?? 'null';
    if (method === 'POST' && replayKey) this.requestIds.set(replayKey, { status, body: text });
    if (method === 'POST' && status === 200 && this.takeFault('lose-answer', path, method)) return dropConnection(c);
    return new Response(text, { status, headers: { 'content-type': 'application/json;charset=UTF-8' } });
  }

  private async handle(c: Context, company: Company, path: string, method: string, counters: Counters): Promise<Json | Response> {
    const parts = path.split('/').filter(Boolean);
    const [resource, id, action] = parts;
    const q = c.req.query();
    if (method === 'GET' && resource === 'query') return company.query(q.query ?? '');
    if (method === 'GET' && resource === 'cdc') {
      const since = new Date(q.changedSince ?? '');
      if (Number.isNaN(since.getTime())) throw validationFault('2020', 'Required param missing', 'changedSince is required');
      if (since.getTime() < Date.now() - 30 * 86_400_000) throw validationFault('2030', 'Invalid query parameter', 'changedSince may go back 30 days at most');
      const names = (q.entities ?? '').split(',').map((e) => e.trim()).filter(Boolean);
      return company.cdc(names.map(entityName), since);
    }
    if (method === 'GET' && resource === 'companyinfo') {
      return { CompanyInfo: { Id: company.realmId, CompanyName: company.name, Country: company.country, SyncToken: '0' } };
    }
    if (method === 'GET' && resource === 'preferences') {
      return {
        Preferences: {
          CurrencyPrefs: { MultiCurrencyEnabled: company.multicurrency, HomeCurrency: { value: company.homeCurrency } },
          TaxPrefs: { UsingSalesTax: true, PartnerTaxEnabled: company.automatedSalesTax },
        },
      };
    }
    const entity = WRITE_ENTITIES[resource ?? ''];
    if (!entity) throw validationFault('4001', 'Unsupported operation', `Unsupported resource ${resource ?? ''}`);
    if (method === 'GET' && id && action === 'pdf') {
      if (entity !== 'Invoice' && entity !== 'Estimate') throw notFound(String(entity), id);
      const row = company.get(entity, id);
      return new Response(simplePdf(`${company.name} (QuickBooks simulator)`, `${entity} ${String(row.DocNumber ?? row.Id)}`, `Total ${String(row.TotalAmt)} ${String((row.CurrencyRef as Json).value)}`), {
        headers: { 'content-type': 'application/pdf' },
      });
    }
    if (method === 'GET' && id) return { [entity]: company.get(entity as EntityName, id) };
    if (method !== 'POST') throw validationFault('4001', 'Unsupported operation', `${method} ${path}`);
    counters.writes++;
    if (id && action === 'send') {
      if (entity !== 'Invoice' && entity !== 'Estimate') throw validationFault('4001', 'Unsupported operation', 'send');
      return { [entity]: company.send(entity, id, q.sendTo ?? null) };
    }
    const text = await c.req.text();
    let plain: unknown;
    try {
      plain = JSON.parse(text);
    } catch {
      throw validationFault('2010', 'Request has invalid or unsupported property', 'The request body is not JSON');
    }
    const operation = q.operation;
    // The whole body of a create or update is checked against the schema; void and delete name
    // only Id and SyncToken, which the schema admits too.
    const issues = validateEntity(entity as ValidatedEntity, plain);
    if (issues.length) {
      counters.rejectedBodies++;
      throw new QboFault(400, 'ValidationFault', issues.slice(0, 10).map((i) => ({
        Message: 'Request has invalid or unsupported property',
        Detail: `Property ${i.path} ${i.message}`,
        code: '2010',
        element: i.path,
      })));
    }
    const body = parseLossless(text) as Json;
    if (operation === 'void') {
      if (entity !== 'Invoice') throw validationFault('4001', 'Unsupported operation', `void is for invoices, not ${String(entity)}`);
      return { Invoice: company.void('Invoice', body) };
    }
    if (operation === 'delete') return { [entity]: company.delete(entity as 'Invoice', body) };
    if (operation && operation !== 'update') throw validationFault('4001', 'Unsupported operation', `operation=${operation}`);
    if (entity === 'Customer') return { Customer: company.saveCustomer(body) };
    if (entity === 'Payment') return { Payment: company.savePayment(body) };
    return { [entity]: company.saveTxn(entity as (typeof txnEntities)[number], body) };
  }
}

function entityName(name: string): EntityName {
  const found = (['Customer', 'Invoice', 'Estimate', 'Payment', 'Item', 'TaxCode', 'TaxRate'] as const).find((e) => e.toLowerCase() === name.toLowerCase());
  if (!found) throw validationFault('4001', 'Invalid entity', `Entity ${name} is not supported by change data capture here`);
  return found;
}

function cloudOperation(operation: Change['operation']): string {
  return { Create: 'created', Update: 'updated', Delete: 'deleted', Void: 'voided', Emailed: 'emailed' }[operation];
}

function throttleBody(time: string): Json {
  return { Fault: { Error: [{ Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', Detail: 'The request exceeded the maximum number of requests allowed.', code: '3001' }], type: 'ThrottleExceeded' }, time };
}

/** Ends the request without an answer: the client sees a reset connection. */
function dropConnection(c: Context): Response {
  const incoming = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming;
  incoming?.socket?.destroy();
  return new Response(null, { status: 599 });
}

/** A one-page PDF with three lines of text (the simulator's "invoice PDF"). */
function simplePdf(...lines: string[]): Uint8Array<ArrayBuffer> {
  const text = lines.map((l, i) => `BT /F1 14 Tf 72 ${720 - i * 24} Td (${l.replace(/[()\\]/g, '\\$&').replace(/[^\x20-\x7e]/g, '?')}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(new TextEncoder().encode(out));
}
