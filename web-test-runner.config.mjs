// Browser tests in real engines (Debian's Chromium, Firefox ESR and WebKitGTK: scripts/engines.mjs), TypeScript through
// esbuild with Lit's decorator settings, and msw's service worker served at the root.
import { createReadStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { ENGINES, launcherFor } from './scripts/engines.mjs';
import { defaultReporter, summaryReporter } from '@web/test-runner';

const root = path.dirname(fileURLToPath(import.meta.url));

const UNREGISTER = /if \(remainingClients\.length === 0\) \{\s*self\.registration\.unregister\(\)\s*\}/;
const workerSource = await readFile(path.join(root, 'packages/mocks/public/mockServiceWorker.js'), 'utf8');
if (!UNREGISTER.test(workerSource)) throw new Error('mockServiceWorker.js no longer unregisters itself as this config expects: check msw\'s worker after an upgrade');
const workerScript = workerSource.replace(UNREGISTER, '/* kept registered for the next test file */');
// One engine per run (`LEDGERSIDE_ENGINE`, Chromium by default); `pnpm test browser` runs all three in turn.
const engine = process.env.LEDGERSIDE_ENGINE ?? 'chromium';
if (!ENGINES.includes(engine)) throw new Error(`LEDGERSIDE_ENGINE is one of ${ENGINES.join(', ')}, not ${engine}`);
const { launcher, concurrency } = await launcherFor(engine);

/** Writes pass/fail/skip counts of leaf tests for scripts/test.mjs's summary line. */
function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      const walk = (suite) => {
        for (const test of suite.tests ?? []) {
          if (test.skipped) counts.skipped += 1;
          else if (test.passed) counts.passed += 1;
          else counts.failed += 1;
        }
        for (const child of suite.suites ?? []) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        // A file that failed to load has no tests to count but must still fail the run.
        if (!session.passed && (session.errors?.length ?? 0) > 0) counts.failed += 1;
      }
      mkdirSync(path.join(root, '.test-results'), { recursive: true });
      writeFileSync(path.join(root, '.test-results', `browser-${engine}.json`), JSON.stringify(counts));
    },
  };
}

/**
 * PGlite (the server core's database, run in the tab) imports Node's modules only on its Node
 * path (`import("fs/promises")` behind a runtime check); in the browser they resolve to an empty
 * module so the dev server can serve the file. Nothing calls them here.
 */
const NODE_BUILTINS = new Set(['fs', 'fs/promises', 'path', 'url', 'util', 'zlib', 'stream', 'stream/promises', 'crypto', 'module']);
function nodeBuiltinsAway() {
  return {
    name: 'node-builtins-away',
    resolveImport({ source, context }) {
      // Only PGlite's: a Node import anywhere in our own code must still fail to load here.
      if (!context.path.includes('/@electric-sql/pglite/')) return undefined;
      const bare = source.replace(/^node:/, '');
      if (NODE_BUILTINS.has(bare)) return '/__node-builtin-away.js';
    },
    serve(context) {
      if (context.path === '/__node-builtin-away.js') return { body: 'export default {};', type: 'js' };
    },
  };
}

/**
 * pdf-lib and fontkit (the core's PDFs) resolve to CommonJS entries the dev server cannot serve
 * as modules: take their own ES builds instead (pdf-lib's is self-contained; fontkit's imports
 * pako, whose 2.x ships an ES build with the same inflate).
 */
const serverRequire = createRequire(path.join(root, 'packages/server/package.json'));
const ES_BUILDS = {
  'pdf-lib': path.join(path.dirname(serverRequire.resolve('pdf-lib/package.json')), 'dist/pdf-lib.esm.js'),
  '@pdf-lib/fontkit': path.join(path.dirname(serverRequire.resolve('@pdf-lib/fontkit/package.json')), 'dist/fontkit.es.js'),
  pako: path.join(root, 'node_modules/pako/dist/pako.esm.mjs'),
};
/**
 * msw/native (its in-page interceptor, which @ledgerside/mocks/page runs in WebKit) is kept
 * from browser builds by msw's `browser: null` condition; here it is wanted on purpose.
 */
const mswRequire = createRequire(path.join(root, 'packages/mocks/package.json'));
const MSW_NATIVE = path.join(path.dirname(mswRequire.resolve('msw/package.json')), 'lib/native/index.mjs');
function mswNative() {
  return {
    name: 'msw-native',
    resolveImport({ source }) {
      if (source === 'msw/native') return `/${path.relative(root, MSW_NATIVE).split(path.sep).join('/')}`;
    },
  };
}
function pdfLibAsModules() {
  return {
    name: 'pdf-lib-as-modules',
    resolveImport({ source }) {
      const file = ES_BUILDS[source];
      if (file) return `/${path.relative(root, file).split(path.sep).join('/')}`;
    },
  };
}

/**
 * `executeServerCommand('node-core-transcript')`: the parity sequence run on the core in Node.
 * It starts with the run (a core built from nothing takes seconds), and the test gets its answer.
 */
function nodeCoreTranscript() {
  let transcript;
  const start = () =>
    (transcript ??= promisify(execFile)(process.execPath, ['--import', 'tsx', 'packages/server/test/parity/node-transcript.ts'], { cwd: root, maxBuffer: 64 * 1024 * 1024 }).then(({ stdout }) => JSON.parse(stdout)));
  const wanted = !process.env.WTR_FILES || process.env.WTR_FILES.includes('core.browser');
  return {
    name: 'node-core-transcript',
    serverStart() {
      if (wanted) start().catch(() => {}); // a failure is reported to the test that asks
    },
    async executeCommand({ command }) {
      if (command !== 'node-core-transcript') return undefined;
      return start();
    },
  };
}

/**
 * Each scenario's database, built once per run in Node (scripts/core-dumps.ts) and served at
 * `/__core/<seed>.tar`: the tab's core loads it instead of paying initdb, the migrations and
 * the seed in every test file. Building starts with the run; a request waits for its seed. If
 * the build fails the route answers 404 and the tab builds the database itself, as in a story.
 */
function coreDumps() {
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerside-core-'));
  const ready = new Map(['demo', 'empty', 'many'].map((seed) => {
    let settle;
    const promise = new Promise((resolve) => (settle = resolve));
    return [seed, { promise, settle }];
  }));
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/core-dumps.ts', dir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
    for (let end; (end = out.indexOf('\n')) >= 0; out = out.slice(end + 1)) ready.get(out.slice(0, end))?.settle(path.join(dir, `${out.slice(0, end)}.tar`));
  });
  const failed = () => { for (const { settle } of ready.values()) settle(null); };
  child.on('error', failed);
  child.on('exit', (code) => {
    if (code) console.error(`scripts/core-dumps.ts exited with ${code}: the tabs build their databases themselves`);
    failed();
  });
  process.on('exit', () => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  return async function coreDump(context, next) {
    const seed = /^\/__core\/(\w+)\.tar$/.exec(context.path)?.[1];
    if (!seed || !ready.has(seed)) return next();
    const file = await ready.get(seed).promise;
    if (!file) return next();
    context.type = 'application/x-tar';
    context.body = await readFile(file);
  };
}

/** The PDFs' font files, for the server core running in the tab (its `fetchedFontSource`). */
const fontsDir = path.dirname(serverRequire.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf'));

export default {
  rootDir: root,
  files: process.env.WTR_FILES ? process.env.WTR_FILES.split(',') : ['packages/elements/src/**/*.test.ts', 'packages/hosts/src/**/*.test.ts', 'test/browser/**/*.test.ts', 'packages/mocks/test/browser/**/*.browser.ts', 'packages/server/test/browser/**/*.browser.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  // Files side by side share one origin and msw's one service worker (which answers each page
  // from that page's own handlers), kept registered below.
  concurrency: Number(process.env.WTR_CONCURRENCY ?? concurrency),
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 10 * 60 * 1000,
  browsers: [launcher],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: path.join(root, 'tsconfig.json'), target: 'es2022' }),
    nodeBuiltinsAway(),
    pdfLibAsModules(),
    mswNative(),
    nodeCoreTranscript(),
  ],
  // The virtualizer's ResizeObserver notice is benign (benchmarks.md); exactly it, and nothing
  // else, is kept from failing the test that happens to be running.
  testRunnerHtml: (testFramework) => `<!doctype html><html><body>
    <script>
      window.LEDGERSIDE_ENGINE = ${JSON.stringify(engine)};
      window.addEventListener('error', (e) => {
        if (String(e.message).startsWith('ResizeObserver loop')) { e.stopImmediatePropagation(); e.preventDefault(); }
      }, true);
    </script>
    <script type="module" src="${testFramework}"></script>
  </body></html>`,
  middleware: [
    coreDumps(),
    function pdfFonts(context, next) {
      if (context.path.startsWith('/__fonts/')) context.url = `/${path.relative(root, fontsDir).split(path.sep).join('/')}/${path.basename(context.path)}`;
      return next();
    },
    // Binary files (PGlite's .data and .wasm, the fonts) are served byte for byte: the dev
    // server's transform chain reads bodies as text, which broke PGlite's FS bundle.
    function binaries(context, next) {
      if (!/\.(data|wasm|ttf)$/.test(context.path)) return next();
      const file = path.join(root, decodeURIComponent(context.path));
      if (!file.startsWith(root + path.sep) || !existsSync(file)) return next();
      context.type = context.path.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
      context.body = createReadStream(file);
    },
    // msw's worker, served from the root scope, minus its unregistering itself when its last
    // client closes: files run side by side, and one finishing as the next opens would pull
    // the worker from under it (its requests then 404, "Failed to update a ServiceWorker").
    function mockServiceWorker(context, next) {
      if (context.path !== '/mockServiceWorker.js') return next();
      context.type = 'text/javascript';
      context.set('cache-control', 'no-cache');
      context.body = workerScript;
    },
  ],
  // Lit's dev-mode notice is expected in tests; everything else the page logs is shown.
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countReporter()],
};
