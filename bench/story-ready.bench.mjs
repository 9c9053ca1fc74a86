#!/usr/bin/env node
// Story ready: the sidebar story (`sidebar--invoices`) in a built Storybook, rendered against
// the reference server's core running in the story's tab (PGlite in memory, migrated and
// seeded as the page starts), from navigation to the first document row — a cold browser
// context per load (no HTTP cache, no service worker yet). The clock and the static server
// are scripts/measure-story.mjs's (`timeToStory`, `serveStorybook`).
//
// Baseline in the same run, alternated: a story of the same build that needs no API
// (`foundations--foundations`, until its element has rendered) — what Storybook itself costs
// before any story data; the difference is the backend's. Also the build's size (bytes, and
// gzip -9 of every file summed).
//
//   node bench/story-ready.bench.mjs [--runs 5] [--dir built-storybook] [--json out.json]
// Without --dir it builds Storybook into a temp folder (after scripts/build.mjs: the manifest).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serveStorybook, sidebarRow, timeToStory } from '../scripts/measure-story.mjs';
import { flag, launchChromium, root } from './lib/cli.mjs';
import { gzipSize } from './lib/sizes.mjs';

const RUNS = Number(flag('runs', '5'));
const JSON_OUT = flag('json', '');
const given = flag('dir', '');

const variants = {
  sidebar: { storyId: 'sidebar--invoices', ready: sidebarRow },
  floor: {
    storyId: 'foundations--foundations',
    ready: () => !!document.querySelector('ledger-foundations-demo')?.shadowRoot?.querySelector('.btn'),
  },
};

const dir = given || mkdtempSync(path.join(tmpdir(), 'ledgerside-storybook-'));
if (!given) {
  console.info('building Storybook…');
  const t0 = Date.now();
  execFileSync(path.join(root, 'node_modules/.bin/storybook'), ['build', '--quiet', '-o', dir], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  console.info(`built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

function sizeOf(folder) {
  let bytes = 0;
  let gzip = 0;
  let files = 0;
  for (const entry of readdirSync(folder, { recursive: true })) {
    const file = path.join(folder, entry);
    if (!statSync(file).isFile()) continue;
    const content = readFileSync(file);
    bytes += content.length;
    gzip += gzipSize(content);
    files += 1;
  }
  return { bytes, gzip, files };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const size = sizeOf(dir);
const served = await serveStorybook(dir);
const browser = await launchChromium();
const times = { sidebar: [], floor: [] };
try {
  // One load of each first (the static server's files from disk), not counted.
  for (const v of Object.values(variants)) await timeToStory(browser, served.url, v.storyId, v.ready);
  for (let i = 0; i < RUNS; i++) {
    for (const name of i % 2 === 0 ? ['sidebar', 'floor'] : ['floor', 'sidebar']) {
      const ms = await timeToStory(browser, served.url, variants[name].storyId, variants[name].ready);
      times[name].push(ms);
      console.info(`run ${i + 1} ${name.padEnd(7)} ${variants[name].storyId}: ${ms} ms from navigation`);
    }
  }
} finally {
  await browser.close();
  await served.close();
  if (!given) rmSync(dir, { recursive: true, force: true });
}
const stat = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
const summary = { sidebar: stat(times.sidebar), floor: stat(times.floor) };
const ratio = summary.sidebar.median / summary.floor.median;
console.info(`\nStory ready (built Storybook, loopback, cold context), ${RUNS} loads each, median (min–max):`);
console.info(`  sidebar--invoices on the in-browser core: ${summary.sidebar.median} ms (${summary.sidebar.min}–${summary.sidebar.max})`);
console.info(`  foundations--foundations (no API):       ${summary.floor.median} ms (${summary.floor.min}–${summary.floor.max})`);
console.info(`  ratio: ${ratio.toFixed(2)}× · the build: ${(size.bytes / 1e6).toFixed(1)} MB, ${(size.gzip / 1e6).toFixed(1)} MB gzip -9 in ${size.files} files`);
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ bench: 'story-ready', runs: RUNS, summary, ratio, size, stories: Object.fromEntries(Object.entries(variants).map(([k, v]) => [k, v.storyId])) }, null, 2));
