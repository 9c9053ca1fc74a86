#!/usr/bin/env node
// Screenshots of a story at sidebar widths, light and dark, for looking at what we build:
//   node scripts/shoot.mjs <module.ts> <StoryName> [--out dir] [--wait ms]
// writes <out>/<StoryName>-<320|480>-<light|dark>.png (default out: /tmp/shots).
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const out = flag('out', '/tmp/shots');
const wait = Number(flag('wait', '800'));
const widths = flag('widths', '320,480').split(',').map(Number);
const themes = flag('themes', 'light,dark').split(',');
const [modulePath, story = 'default'] = args;
if (!modulePath) {
  console.error('usage: node scripts/shoot.mjs <module.ts> <StoryName> [--out dir]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
// A cache of its own: several shoots at once must not rewrite each other's pre-bundled deps.
const server = await createServer({
  root,
  configFile: path.join(root, 'vite.config.ts'),
  cacheDir: path.join(tmpdir(), `ledgerside-vite-${process.pid}`),
  server: { port: 0, host: '127.0.0.1' },
  logLevel: 'error',
});
await server.listen();
const { port } = server.httpServer.address();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  for (const theme of themes) {
    for (const width of widths) {
      const page = await browser.newPage({ viewport: { width, height: 720 }, colorScheme: theme === 'dark' ? 'dark' : 'light' });
      page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && console.error(`[console] ${m.text()}`));
      const mod = '/' + path.relative(root, path.resolve(modulePath));
      await page.goto(`http://127.0.0.1:${port}/scripts/preview/index.html?module=${encodeURIComponent(mod)}&story=${story}&theme=${theme}`);
      await page.waitForFunction(() => window.previewReady === true, null, { timeout: 30000 });
      await page.waitForTimeout(wait);
      const file = path.join(out, `${story}-${width}-${theme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(path.join(tmpdir(), `ledgerside-vite-${process.pid}`), { recursive: true, force: true });
}
