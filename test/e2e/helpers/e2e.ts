/**
 * End-to-end plumbing: the real Ledgerside server on a fresh copy of the seeded demo store,
 * serving the built example pages, and Debian's Chromium driven by playwright-core, with
 * every console error, page error and Content-Security-Policy violation collected.
 *
 * The examples must be built first (`node scripts/build.mjs`); the root test script does it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../../packages/server/src/index.js';
import { freshDataDir } from '../../../packages/server/test/helpers/server.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const examplesDist = path.join(root, 'examples', 'dist');

/** Generous: the machine is shared and slow. Waits poll; none of them asserts a duration. */
export const WAIT = 30_000;

// ---------------------------------------------------------------- browser

export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** What went wrong in the pages of one context. */
export interface Problems {
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: string[];
  /** Console warnings: printed, not failed on. */
  warnings: string[];
}

export interface WatchOptions {
  /** Console messages (errors and warnings) to leave out, e.g. a benign browser notice. */
  ignore?: (text: string) => boolean;
}

/**
 * A browser context whose pages report console errors, uncaught errors and
 * `securitypolicyviolation` events (listened to from before any page script runs).
 */
export async function watchedContext(
  browser: Browser,
  options: BrowserContextOptions = {},
  watch: WatchOptions = {},
): Promise<{ context: BrowserContext; problems: Problems }> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(WAIT);
  const problems: Problems = { consoleErrors: [], pageErrors: [], cspViolations: [], warnings: [] };
  await context.exposeBinding('__e2eReportCspViolation', (_source, violation: string) => {
    problems.cspViolations.push(violation);
  });
  // tsx (esbuild keepNames) wraps named functions inside page.evaluate callbacks in __name().
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  await context.addInitScript(`addEventListener('securitypolicyviolation', (e) => {
    window.__e2eReportCspViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + (e.sourceFile || e.documentURI) + ':' + e.lineNumber + ' sample: ' + e.sample);
  }, true);`);
  context.on('console', (message) => {
    const text = `${message.text()} (${message.location().url || 'no url'})`;
    if (watch.ignore?.(message.text())) return;
    if (message.type() === 'error') problems.consoleErrors.push(text);
    else if (message.type() === 'warning') problems.warnings.push(text);
  });
  context.on('weberror', (error) => {
    const e = error.error();
    if (watch.ignore?.(e.message)) return;
    problems.pageErrors.push(`${e.message}\n${e.stack ?? ''}`);
  });
  return { context, problems };
}

export function describeProblems(problems: Problems): string {
  return JSON.stringify({ consoleErrors: problems.consoleErrors, pageErrors: problems.pageErrors, cspViolations: problems.cspViolations }, null, 2);
}

/** Waits until the custom elements in the page (and its shadow roots) are upgraded and rendered. */
export async function waitForUpgraded(page: Page, tag: string): Promise<void> {
  await page.waitForFunction(
    (name) => {
      const find = (root: Document | ShadowRoot): Element | null => {
        const hit = root.querySelector(name);
        if (hit) return hit;
        for (const el of root.querySelectorAll('*')) {
          if (el.shadowRoot) {
            const inner = find(el.shadowRoot);
            if (inner) return inner;
          }
        }
        return null;
      };
      const el = find(document);
      return !!el && !!customElements.get(name) && !!el.shadowRoot && el.shadowRoot.childNodes.length > 0;
    },
    tag,
    { timeout: WAIT },
  );
}

// ---------------------------------------------------------------- server

export interface DemoServer {
  url: string;
  server: RunningServer;
  /** A token from the demo's `/dev/token` (what a host backend would mint). */
  token(user: string): Promise<string>;
  /** A JSON call to the API; throws on a status other than `expect`. */
  api<T = Json>(method: string, apiPath: string, options?: { token?: string; body?: unknown; idempotencyKey?: string; ifMatch?: number; expect?: number }): Promise<T>;
  close(): Promise<void>;
}

/** A JSON body: its shape is checked by assertions, not types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function assertExamplesBuilt(): void {
  for (const file of ['helpdesk-ticket/index.html', 'crm-record/index.html', 'elements/ledgerside.js']) {
    if (!existsSync(path.join(examplesDist, file))) {
      throw new Error(`examples/dist/${file} is missing: run \`node scripts/build.mjs\` before the end-to-end tests`);
    }
  }
}

/** The real server, demo mode, on a free port and a fresh copy of the seeded store, serving examples/dist. */
export async function startDemoServer(options: { quickbooks?: boolean } = {}): Promise<DemoServer> {
  assertExamplesBuilt();
  const data = await freshDataDir();
  let server: RunningServer;
  try {
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: data.dir,
      demo: true,
      examplesDir: examplesDist,
      // The demo's QuickBooks simulator, as `pnpm start` runs it.
      ...(options.quickbooks ? { books: { secretKey: randomUUID() + randomUUID() }, quickbooksSimulatorPort: 0, booksPollMs: 200 } : {}),
    });
  } catch (error) {
    data.remove();
    throw error;
  }
  const url = server.url;
  const token = async (user: string) => {
    const response = await fetch(`${url}/dev/token?user=${encodeURIComponent(user)}`);
    if (!response.ok) throw new Error(`/dev/token?user=${user}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { token: string }).token;
  };
  const api: DemoServer['api'] = async (method, apiPath, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    if (options.ifMatch !== undefined) headers['if-match'] = String(options.ifMatch);
    const response = await fetch(`${url}${apiPath}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    const expected = options.expect ?? (method === 'POST' ? 201 : 200);
    if (response.status !== expected) throw new Error(`${method} ${apiPath}: expected ${expected}, got ${response.status}: ${text.slice(0, 600)}`);
    return (text ? JSON.parse(text) : undefined) as Json;
  };
  return {
    url,
    server,
    token,
    api,
    close: async () => {
      await server.close();
      data.remove();
    },
  };
}

export const newIdempotencyKey = () => randomUUID();

export { todayIso } from '@ledgerside/contract';

/** Polls `probe` until it returns a value other than undefined (for server-side state). */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeout = WAIT): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
