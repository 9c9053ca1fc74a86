#!/usr/bin/env node
// Time to the first rendered story: a built Storybook (`storybook build -o DIR`) served on
// loopback, a cold Chromium page opening one story's iframe, until the sidebar shows a document
// row. `node scripts/measure-story.mjs DIR [story-id] [runs]` prints the median of the runs.
// bench/story-ready.bench.mjs uses the same server and clock (`serveStorybook`, `timeToStory`).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };

/** Serves a built Storybook on loopback; `{ url, close }`. */
export async function serveStorybook(dir) {
  if (!dir || !existsSync(path.join(dir, 'iframe.html'))) throw new Error(`${dir}: not a built Storybook (no iframe.html)`);
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(path.resolve(dir)) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(dir, 'index.html');
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Ready when the sidebar's list shows a document row (runs in the page). */
export const sidebarRow = () => {
  const list = document.querySelector('ledger-sidebar')?.shadowRoot?.querySelector('ledger-document-list');
  return !!list?.shadowRoot?.querySelector('[data-id]');
};

/** Milliseconds from navigation to `ready` in a cold browser context (no cache, no service worker). */
export async function timeToStory(browser, url, storyId, ready = sidebarRow) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const start = Date.now();
    await page.goto(`${url}/iframe.html?id=${storyId}&viewMode=story`);
    await page.waitForFunction(ready, undefined, { timeout: 120_000 });
    return Date.now() - start;
  } finally {
    await context.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, storyId = 'sidebar--invoices', runsArg = '5'] = process.argv.slice(2);
  if (!dir) throw new Error('Usage: measure-story.mjs <storybook-static dir> [story id] [runs]');
  const { chromium } = await import('playwright-core');
  const served = await serveStorybook(dir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const times = [];
  try {
    for (let i = 0; i < Number(runsArg); i++) times.push(await timeToStory(browser, served.url, storyId));
  } finally {
    await browser.close();
    await served.close();
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ storyId, runs: times, medianMs: times[Math.floor(times.length / 2)] }));
}
