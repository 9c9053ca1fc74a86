/**
 * Storybook: builds it (`storybook build`), serves the output on loopback and loads every story
 * of `index.json` in Chromium, failing a story on any console error, uncaught error, Storybook
 * error display or axe violation.
 *
 * Leniencies, each because it is not about the component:
 * - axe's page-level rules (`region`, `landmark-*`, `page-has-heading-one`): a story previews one
 *   component in a bare iframe, not a page;
 * - Chromium's "ResizeObserver loop" notice (the virtualizer resizes inside an observer);
 * - the network line Chromium logs for an API call that the story's mocks fail on purpose
 *   ("Failed to load resource: … status of 500", "… net::ERR_FAILED" for a simulated network
 *   error), only for `/v1/` URLs: the component's handling of it is what the story shows, and
 *   anything the component logs itself still fails.
 *
 * `E2E_STORIES=text` loads only the stories whose id contains `text`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { WAIT, launchChromium, root } from './helpers/e2e.js';
import { contentTypeOf } from '../../packages/server/src/http/static.js';

interface StoryEntry {
  type: 'story' | 'docs';
  id: string;
  title: string;
  name: string;
  importPath: string;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Per story: time to wait for its (mocked) data after it rendered. */
const SETTLE_MS = 1000;

const ignoredConsole = (text: string) => /ResizeObserver loop/.test(text);

/** axe-core as installed for @open-wc/testing (through chai-a11y-axe), else any copy in the store. */
function axePath(): string {
  try {
    let require = createRequire(path.join(root, 'package.json'));
    for (const hop of ['@open-wc/testing', 'chai-a11y-axe']) require = createRequire(require.resolve(hop));
    return require.resolve('axe-core/axe.min.js');
  } catch {
    const store = path.join(root, 'node_modules', '.pnpm');
    const dir = readdirSync(store).find((name) => name.startsWith('axe-core@'));
    const file = dir && path.join(store, dir, 'node_modules', 'axe-core', 'axe.min.js');
    if (file && existsSync(file)) return file;
    throw new Error('axe-core is not installed (expected through @open-wc/testing → chai-a11y-axe)');
  }
}

function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', CI: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: 127, output: `${output}\n${error.message}` }));
    child.on('exit', (code, signal) => resolve({ code: signal ? 1 : (code ?? 1), output }));
  });
}

/**
 * Each seed's database, built once in Node as the browser tests' runner does
 * (`scripts/core-dumps.ts`): a story's core loads it from `/__core/<seed>.tar` (`servedDump`)
 * instead of paying initdb, the migrations and the seed in every story's tab.
 */
function buildDumps(dir: string): Promise<void> {
  return run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/core-dumps.ts'), dir]).then(({ code, output }) => {
    if (code !== 0) throw new Error(`scripts/core-dumps.ts failed:\n${output.slice(-2000)}`);
  });
}

/** A tiny static server for the built Storybook, and the seeds' dumps at `/__core/`. */
function serve(dir: string, dumps: string): Promise<{ url: string; server: Server }> {
  const base = path.resolve(dir);
  const server = createServer((req, res) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (pathname === '/favicon.ico') {
        res.writeHead(204).end(); // Chromium asks on its own; not Storybook's
        return;
      }
      const seed = /^\/__core\/(demo|empty|many)\.tar$/.exec(pathname)?.[1];
      if (seed) {
        const body = await readFile(path.join(dumps, `${seed}.tar`));
        res.writeHead(200, { 'content-type': 'application/x-tar' }).end(body);
        return;
      }
      let file = path.normalize(path.join(base, pathname));
      if (file !== base && !file.startsWith(base + path.sep)) {
        res.writeHead(404).end();
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file).catch(() => null);
      if (!body) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': contentTypeOf(file), 'cache-control': 'no-cache' }).end(body);
    })().catch(() => res.writeHead(500).end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

let outDir: string;
let dumpDir: string;
let dumpsBuilt: Promise<void>;
let http: { url: string; server: Server } | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let stories: StoryEntry[] = [];
let axeSource: string;
let pageLevelRules: string[] = [];

describe('Storybook: every story renders without console errors or axe violations', () => {
  before(async () => {
    outDir = mkdtempSync(path.join(tmpdir(), 'ledgerside-storybook-'));
    dumpDir = mkdtempSync(path.join(tmpdir(), 'ledgerside-story-dumps-'));
    dumpsBuilt = buildDumps(dumpDir);
    dumpsBuilt.catch(() => {}); // awaited with the build
    axeSource = await readFile(axePath(), 'utf8');
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (http ? http.server.close(resolve) : resolve(undefined)));
    rmSync(outDir, { recursive: true, force: true });
    rmSync(dumpDir, { recursive: true, force: true });
  });

  test('storybook build succeeds and indexes the stories', { timeout: 10 * 60_000 }, async () => {
    const bin = path.join(root, 'node_modules', '.bin', 'storybook');
    const { code, output } = await run(bin, ['build', '-o', outDir, '--quiet']);
    assert.equal(code, 0, `storybook build failed:\n${output.slice(-4000)}`);
    const index = JSON.parse(await readFile(path.join(outDir, 'index.json'), 'utf8')) as { entries: Record<string, StoryEntry> };
    const all = Object.values(index.entries).filter((e) => e.type === 'story');
    assert.ok(all.length > 0, 'index.json lists stories');
    stories = all.filter((s) => s.id.includes(process.env.E2E_STORIES ?? ''));
    // Every story file is in the index.
    const files = readdirSync(path.join(root, 'stories')).filter((f) => f.endsWith('.stories.ts'));
    for (const file of files) assert.ok(all.some((s) => s.importPath.endsWith(`/stories/${file}`)), `${file} has stories in the index`);
    await dumpsBuilt;
    http = await serve(outDir, dumpDir);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    context.setDefaultTimeout(WAIT);
    await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  });

  test('every story', { timeout: 30 * 60_000 }, async (t) => {
    if (!stories.length || !http) {
      t.skip('the build failed');
      return;
    }
    for (const story of stories) {
      await t.test(`${story.title} › ${story.name} (${story.id})`, async () => {
        const problems = await loadStory(story);
        assert.deepEqual(problems, [], `${story.id} (${story.importPath}):\n${problems.join('\n\n')}`);
      });
    }
  });
});

async function loadStory(story: StoryEntry): Promise<string[]> {
  const problems: string[] = [];
  const page: Page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() !== 'error' || ignoredConsole(message.text())) return;
    const url = message.location().url;
    // Chromium's own line for an API answer with an error status that the story's mocks chose.
    if (/^Failed to load resource: (the server responded with a status of [45]\d\d|net::ERR_FAILED)/.test(message.text()) && /^[^?#]*\/v1\//.test(url)) return;
    problems.push(`console error: ${message.text()}${url ? ` (${url})` : ''}`);
  });
  page.on('pageerror', (error) => {
    if (!ignoredConsole(error.message)) problems.push(`uncaught: ${error.stack ?? error.message}`);
  });
  try {
    await page.goto(`${http!.url}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story`);
    // Storybook marks the body when the story rendered (or failed to).
    await page.waitForFunction(() => /sb-show-(main|errordisplay|nopreview)/.test(document.body.className), undefined, { timeout: WAIT });
    const shown = await page.evaluate(() => document.body.className);
    if (!/sb-show-main/.test(shown)) {
      const error = await page.evaluate(() => `${document.querySelector('#error-message')?.textContent ?? ''} ${document.querySelector('#error-stack')?.textContent ?? ''}`);
      problems.push(`Storybook did not render the story (${shown}): ${error.trim()}`);
      return problems;
    }
    await page.waitForFunction(() => (document.querySelector('#storybook-root')?.childElementCount ?? 0) > 0, undefined, { timeout: WAIT });
    await page.waitForTimeout(SETTLE_MS);
    await page.addScriptTag({ content: axeSource });
    if (!pageLevelRules.length) {
      pageLevelRules = await page.evaluate(() =>
        (window as unknown as { axe: { getRules(): { ruleId: string }[] } }).axe
          .getRules()
          .map((r) => r.ruleId)
          .filter((id) => id === 'region' || id === 'page-has-heading-one' || id.startsWith('landmark-')),
      );
    }
    const violations = await page.evaluate(async (disabled) => {
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
      const options = { rules: Object.fromEntries(disabled.map((id) => [id, { enabled: false }])), resultTypes: ['violations'] };
      // Storybook's a11y addon runs axe on each render too (one axe per page): wait for its run.
      const deadline = Date.now() + 15_000;
      let result: { violations: AxeViolation[] } | undefined;
      while (!result) {
        try {
          result = await axe.run(document, options);
        } catch (error) {
          if (!/already running/.test(String(error)) || Date.now() > deadline) throw error;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
    }, pageLevelRules);
    for (const v of violations) {
      problems.push(
        `axe ${v.id} (${v.impact}): ${v.help}\n${v.nodes
          .slice(0, 5)
          .map((n) => `  at ${JSON.stringify(n.target)}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`)
          .join('\n')}`,
      );
    }
  } catch (error) {
    problems.push(`load failed: ${(error as Error).message}`);
  } finally {
    await page.close();
  }
  return problems;
}
