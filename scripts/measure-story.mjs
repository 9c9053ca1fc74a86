#!/usr/bin/env node
// Time to the first rendered story: a built Storybook (`storybook build -o DIR`) served on
// loopback, a cold Chromium page opening one story's iframe, until the sidebar shows a document
// row. `node scripts/measure-story.mjs DIR [story-id] [runs]` prints the median of the runs.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [dir, storyId = 'sidebar--invoices', runsArg = '5'] = process.argv.slice(2);
if (!dir || !existsSync(path.join(dir, 'iframe.html'))) throw new Error('Usage: measure-story.mjs <storybook-static dir> [story id] [runs]');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  let file = path.join(dir, decodeURIComponent(url.pathname));
  if (!file.startsWith(path.resolve(dir)) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(dir, 'index.html');
  res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const { port } = server.address();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const times = [];
for (let i = 0; i < Number(runsArg); i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const start = Date.now();
  await page.goto(`http://127.0.0.1:${port}/iframe.html?id=${storyId}&viewMode=story`);
  await page.waitForFunction(() => {
    const list = document.querySelector('ledger-sidebar')?.shadowRoot?.querySelector('ledger-document-list');
    return !!list?.shadowRoot?.querySelector('[data-id]');
  }, undefined, { timeout: 60_000 });
  times.push(Date.now() - start);
  await context.close();
}
await browser.close();
server.close();
times.sort((a, b) => a - b);
console.log(JSON.stringify({ storyId, runs: times, medianMs: times[Math.floor(times.length / 2)] }));
