// The three browser engines the browser tests run in, all from Debian's packages (a test
// tool's own browser download fails on these machines): Chromium through Playwright, Firefox
// ESR through Puppeteer over WebDriver BiDi, and WebKitGTK's MiniBrowser through WebKit's own
// WebDriver on a virtual display (Xvfb). `scripts/setup.mjs` installs them.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';

export const ENGINES = ['chromium', 'firefox', 'webkit'];
export const ENGINE_NAMES = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

const first = (paths) => paths.find((p) => p && existsSync(p));

export const chromiumPath = () => first([process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']);
export const firefoxPath = () => first([process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox']);
export const webkitDriverPath = () => first([process.env.WEBKIT_WEBDRIVER_PATH, '/usr/bin/WebKitWebDriver']);
export function miniBrowserPath() {
  if (process.env.MINIBROWSER_PATH) return first([process.env.MINIBROWSER_PATH]);
  if (!existsSync('/usr/lib')) return undefined;
  for (const arch of readdirSync('/usr/lib')) {
    const found = first([`/usr/lib/${arch}/webkit2gtk-4.1/MiniBrowser`, `/usr/lib/${arch}/webkit2gtk-4.0/MiniBrowser`]);
    if (found) return found;
  }
  return undefined;
}
export const xvfbPath = () => first(['/usr/bin/Xvfb']);

/** What is missing to run an engine, in words, or null. */
export function missing(engine) {
  const need = {
    chromium: [[chromiumPath(), 'chromium']],
    firefox: [[firefoxPath(), 'firefox-esr']],
    webkit: [[webkitDriverPath(), 'webkit2gtk-driver'], [miniBrowserPath(), 'libwebkit2gtk-4.1-0'], [xvfbPath(), 'xvfb']],
  }[engine];
  const packages = need.filter(([found]) => !found).map(([, pkg]) => pkg);
  return packages.length ? `${ENGINE_NAMES[engine]} is missing: run \`node scripts/setup.mjs ${engine}\` (apt-get install ${packages.join(' ')})` : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a process, and stops it with this one. */
function started(command, args, options) {
  const child = spawn(command, args, options);
  process.on('exit', () => child.kill());
  return child;
}

/** Xvfb on a display it chooses itself (`-displayfd`), for MiniBrowser, which needs one. */
async function virtualDisplay() {
  const xvfb = started(xvfbPath(), ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    xvfb.stdio[3].on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve({ display: `:${out.trim()}`, xvfb });
    });
    xvfb.on('exit', (code) => reject(new Error(`Xvfb exited with ${code} before it chose a display`)));
  });
}

async function untilAnswers(url, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** WebKitWebDriver on a virtual display of its own, answering on a free port; `stop()` ends both. */
export async function startWebKitDriver() {
  const problem = missing('webkit');
  if (problem) throw new Error(problem);
  const { display, xvfb } = await virtualDisplay();
  const port = await freePort();
  const driver = started(webkitDriverPath(), [`--port=${port}`], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DISPLAY: display } });
  await untilAnswers(`http://127.0.0.1:${port}/status`, 'WebKitWebDriver');
  return { port, stop: () => (driver.kill(), xvfb.kill()) };
}

/**
 * The launcher for an engine, and how many test files it runs at once. The launchers are
 * imported here, not at the top: a run needs only its own engine's.
 */
export async function launcherFor(engine) {
  const problem = missing(engine);
  if (problem) throw new Error(problem);
  if (engine === 'chromium') {
    const { playwrightLauncher } = await import('@web/test-runner-playwright');
    return {
      // Two at a time, one per core.
      concurrency: 2,
      launcher: playwrightLauncher({
        product: 'chromium',
        launchOptions: {
          executablePath: chromiumPath(),
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
        },
      }),
    };
  }
  if (engine === 'firefox') {
    const { puppeteerLauncher } = await import('@web/test-runner-puppeteer');
    return {
      // One at a time: files side by side are tabs of one window, and the tab behind gets neither
      // the focus nor timely frames — its tests timed out (a whole file of them in CI).
      concurrency: 1,
      launcher: puppeteerLauncher({ launchOptions: { browser: 'firefox', executablePath: firefoxPath(), headless: true } }),
    };
  }
  const { port } = await startWebKitDriver();
  const { webdriverLauncher } = await import('@web/test-runner-webdriver');
  return {
    // One at a time: at more, the WebDriver launcher runs the files in iframes of one window,
    // where a file would not have the page (focus, visibility, scrolling) to itself.
    concurrency: 1,
    launcher: webdriverLauncher({
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      capabilities: {
        browserName: 'MiniBrowser',
        // WebKitWebDriver speaks classic WebDriver; webdriverio would ask for BiDi by default.
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary: miniBrowserPath(), args: ['--automation'] },
      },
    }),
  };
}
