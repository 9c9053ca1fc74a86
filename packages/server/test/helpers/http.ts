/** Plain-fetch calls to a running server, with the JSON body read and typed loosely. */
import assert from 'node:assert/strict';

/** A JSON body in a test: its shape is checked by assertions (and the server's schemas), not types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent verbatim (for malformed-body tests). */
  rawBody?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  ifMatch?: number | string;
  idempotencyKey?: string;
}

export function client(baseUrl: string) {
  async function call<T = Json>(method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.ifMatch !== undefined) headers['if-match'] = String(options.ifMatch);
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json')
      ? await response.json()
      : type.includes('pdf')
        ? new Uint8Array(await response.arrayBuffer())
        : await response.text();
    return { status: response.status, body: parsed as T, headers: response.headers };
  }
  return {
    call,
    get: <T = Json>(path: string, o?: CallOptions) => call<T>('GET', path, o),
    post: <T = Json>(path: string, o?: CallOptions) => call<T>('POST', path, o),
    put: <T = Json>(path: string, o?: CallOptions) => call<T>('PUT', path, o),
    patch: <T = Json>(path: string, o?: CallOptions) => call<T>('PATCH', path, o),
    del: <T = Json>(path: string, o?: CallOptions) => call<T>('DELETE', path, o),
  };
}

export type Client = ReturnType<typeof client>;

/** Asserts a status, showing the body when it differs. */
export function expectStatus(reply: Reply, status: number, what = ''): void {
  assert.equal(reply.status, status, `${what} expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body).slice(0, 600)}`);
}

/** Asserts the error body shape of api.md. */
export function expectError(reply: Reply, status: number, code: string, what = ''): void {
  expectStatus(reply, status, what);
  assert.equal(typeof reply.body?.error?.message, 'string', `${what} error.message`);
  assert.equal(reply.body.error.code, code, `${what} error.code: ${JSON.stringify(reply.body)}`);
}

export function today(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** A minimal valid invoice for a customer. */
export function invoiceBody(customerId: string, extra: Record<string, unknown> = {}) {
  return {
    kind: 'invoice',
    customerId,
    currency: 'USD',
    issueDate: today(),
    lines: [{ description: 'Work', quantity: 1.5, unitPrice: 10_000, taxRatePercent: 10 }],
    ...extra,
  };
}
