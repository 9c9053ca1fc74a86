// Browser tests in real Chromium (Debian's, never a downloaded one), TypeScript through
// esbuild with Lit's decorator settings, and msw's service worker served at the root.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { defaultReporter, summaryReporter } from '@web/test-runner';

const root = path.dirname(fileURLToPath(import.meta.url));
const chromium = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
if (!chromium) throw new Error('Chromium is missing: run `node scripts/setup.mjs chromium` (apt-get install chromium)');

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
      writeFileSync(path.join(root, '.test-results', 'browser.json'), JSON.stringify(counts));
    },
  };
}

export default {
  rootDir: root,
  files: process.env.WTR_FILES ? process.env.WTR_FILES.split(',') : ['packages/elements/src/**/*.test.ts', 'test/browser/**/*.test.ts', 'packages/mocks/test/browser/**/*.browser.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  // One file at a time: all files share one origin and msw's one service worker, which
  // unregisters itself when its last client closes — a file finishing beside another could pull
  // the worker from under it (its requests then 404, "Failed to update a ServiceWorker").
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 10 * 60 * 1000,
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: chromium,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
      },
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: path.join(root, 'tsconfig.json'), target: 'es2022' }),
  ],
  // The virtualizer's ResizeObserver notice is benign (benchmarks.md); exactly it, and nothing
  // else, is kept from failing the test that happens to be running.
  testRunnerHtml: (testFramework) => `<!doctype html><html><body>
    <script>
      window.addEventListener('error', (e) => {
        if (String(e.message).startsWith('ResizeObserver loop')) { e.stopImmediatePropagation(); e.preventDefault(); }
      }, true);
    </script>
    <script type="module" src="${testFramework}"></script>
  </body></html>`,
  middleware: [
    // msw's worker must be served from the root scope.
    function mockServiceWorker(context, next) {
      if (context.path === '/mockServiceWorker.js') context.url = '/packages/mocks/public/mockServiceWorker.js';
      return next();
    },
  ],
  // Lit's dev-mode notice is expected in tests; everything else the page logs is shown.
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countReporter()],
};
