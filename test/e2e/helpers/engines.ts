/**
 * One page in any of the three engines, driven the same way: Chromium through Playwright,
 * Firefox ESR through Puppeteer over WebDriver BiDi, WebKitGTK's MiniBrowser through
 * WebKitWebDriver (classic WebDriver) on a virtual display. What a flow does in the page it
 * does with the page's own DOM (a person's click is `element.click()`, typing sets the value
 * and fires `input`), so one flow reads the same in each engine; Playwright's richer tests of
 * the same pages stay in the Chromium-only files.
 */
import { ENGINE_NAMES, chromiumPath, firefoxPath, miniBrowserPath, startWebKitDriver } from '../../../scripts/engines.mjs';
import { WAIT } from './e2e.js';

export type Engine = 'chromium' | 'firefox' | 'webkit';
export const engineName = (engine: Engine): string => ENGINE_NAMES[engine];

export interface EnginePage {
  readonly engine: Engine;
  goto(url: string): Promise<void>;
  /** Evaluates `body` (a function body that may `await` and `return` JSON) in the page, with `PAGE` helpers and `arg`. */
  run<T = unknown>(body: string, arg?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * Helpers every `run` body has: `all(selector)` and `one(selector)` search through open shadow
 * roots; `text(el)` is what a person reads (shadow roots included); `button(within, name)` finds
 * a button by its label. Plain functions in a string: the page's CSP allows no eval of its own,
 * and a compiled function could carry a bundler's helpers with it.
 */
const PAGE = `
  const all = (selector, root = document) => {
    const out = [];
    const walk = (node) => {
      for (const el of node.querySelectorAll('*')) {
        if (el.matches(selector)) out.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    if (root.shadowRoot) walk(root.shadowRoot);
    walk(root);
    return out;
  };
  const one = (selector, root) => all(selector, root)[0] ?? null;
  const text = (el) => {
    if (!el) return '';
    let out = '';
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === 3) out += child.data;
        else if (child.nodeType === 1) { if (child.shadowRoot) walk(child.shadowRoot); walk(child); }
      }
    };
    if (el.shadowRoot) walk(el.shadowRoot);
    walk(el);
    return out.replace(/\\s+/g, ' ').trim();
  };
  const button = (within, name) => all('button, [role=menuitem], [role=tab]', within).find((b) => (b.getAttribute('aria-label') ?? text(b)).trim() === name) ?? null;
`;
const script = (body: string, arg: unknown) => `(async (arg) => { ${PAGE}\n${body}\n})(${JSON.stringify(arg ?? null)})`;

export interface EngineBrowser {
  newPage(): Promise<EnginePage>;
  close(): Promise<void>;
}

export async function launchEngine(engine: Engine): Promise<EngineBrowser> {
  if (engine === 'chromium') {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    return {
      async newPage() {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        return {
          engine,
          goto: async (url) => void (await page.goto(url)),
          run: (body, arg) => page.evaluate(script(body, arg)),
          close: () => context.close(),
        };
      },
      close: () => browser.close(),
    };
  }
  if (engine === 'firefox') {
    const puppeteer = await import('puppeteer-core');
    const browser = await puppeteer.launch({ browser: 'firefox', executablePath: firefoxPath(), headless: true, defaultViewport: { width: 1280, height: 900 } });
    return {
      async newPage() {
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        return {
          engine,
          goto: async (url) => void (await page.goto(url)),
          run: (body, arg) => page.evaluate(script(body, arg)) as Promise<never>,
          close: () => context.close(),
        };
      },
      close: () => browser.close(),
    };
  }
  const driver = await startWebKitDriver();
  const { remote } = await import('webdriverio');
  const sessions = new Set<{ deleteSession(): Promise<void> }>();
  return {
    // A WebDriver session is one window of its own (its own cookies and storage): one per page.
    async newPage() {
      const session = await remote({
        hostname: '127.0.0.1',
        port: driver.port,
        logLevel: 'error',
        capabilities: {
          browserName: 'MiniBrowser',
          'wdio:enforceWebDriverClassic': true,
          'webkitgtk:browserOptions': { binary: miniBrowserPath(), args: ['--automation'] },
        } as WebdriverIO.Capabilities,
      });
      sessions.add(session);
      await session.setTimeout({ script: WAIT });
      // The others' viewport: a smaller window would leave lower lists out of view (and a
      // virtualized list renders no rows out of view).
      await session.setWindowSize(1280, 900).catch(() => {});
      return {
        engine,
        goto: (url) => session.url(url) as Promise<void>,
        // Classic WebDriver's Execute Script awaits a returned promise.
        run: (body, arg) => session.execute(`return ${script(body, arg)}`) as Promise<never>,
        close: async () => {
          sessions.delete(session);
          await session.deleteSession();
        },
      };
    },
    async close() {
      for (const session of sessions) await session.deleteSession().catch(() => {});
      driver.stop();
    },
  };
}

/** Polls `body` in the page until it returns something truthy, which it returns; fails with `what` after `timeout`. */
export async function until<T>(page: EnginePage, what: string, body: string, arg?: unknown, timeout = WAIT): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await page.run<T>(body, arg);
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${engineName(page.engine)}: timed out waiting until ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
