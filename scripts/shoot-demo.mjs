#!/usr/bin/env node
// The screenshot pass of the demo: builds the examples, starts the demo server on a fresh data
// directory and a free port, and screenshots both example pages as each demo user, in each
// language, theme and width (full page; on the helpdesk page the sidebar's other tabs too),
// then writes an index of the files with what the pages logged as errors.
//   node scripts/shoot-demo.mjs [--out dir] [--users u-agent,u-client] [--locales en,es,cs]
//     [--themes light,dark] [--widths 320,480] [--pages helpdesk,crm] [--no-build] [--no-tabs]
// Default out: /tmp/ledgerside-demo-shots (emptied first).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const has = (name) => args.includes(`--${name}`);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const list = (name, fallback) => flag(name, fallback).split(',').filter(Boolean);

const out = path.resolve(flag('out', path.join(tmpdir(), 'ledgerside-demo-shots')));
const locales = list('locales', 'en,es,cs');
const themes = list('themes', 'light,dark');
const widths = list('widths', '320,480').map(Number);
// The CRM page first: the helpdesk's Conversation tab reads the threads, which empties the unread badges.
const pages = list('pages', 'crm,helpdesk');
const tabs = !has('no-tabs');

const paths = { helpdesk: '/examples/helpdesk-ticket/', crm: '/examples/crm-record/' };
/** The helpdesk sidebar's tabs besides the first (Invoices), by their English labels' ids. */
const sidebarTabs = ['customer', 'new', 'conversation'];

if (!has('no-build')) execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// ---------------------------------------------------------------- the demo server

const data = mkdtempSync(path.join(tmpdir(), 'ledgerside-shoot-'));
const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'packages/server/src/main.ts')], {
  cwd: root,
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LEDGERSIDE_DATA: data, LEDGERSIDE_DEMO: '1' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = await new Promise((resolve, reject) => {
  let seen = '';
  server.stdout.on('data', (chunk) => {
    seen += chunk;
    const m = /listening on (http:\/\/\S+)/.exec(seen);
    if (m) resolve(m[1]);
  });
  server.on('exit', (code) => reject(new Error(`the demo server exited (${code}) before listening:\n${seen}`)));
});
const stop = () => {
  server.kill('SIGTERM');
  rmSync(data, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  stop();
  process.exit(130);
});

const { items: allUsers } = await (await fetch(`${base}/dev/users`)).json();
const wanted = flag('users');
const users = wanted ? allUsers.filter((u) => wanted.split(',').includes(u.id)) : allUsers;

// ---------------------------------------------------------------- shooting

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

/** Waits until the Ledgerside elements in the page have rendered and nothing is loading. */
async function settle(page) {
  await page
    .waitForFunction(
      () => {
        const all = [];
        const walk = (node) => {
          for (const el of node.querySelectorAll('*')) {
            if (el.localName.startsWith('ledger-')) all.push(el);
            if (el.shadowRoot) walk(el.shadowRoot);
          }
        };
        walk(document);
        const rendered = all.every((el) => !customElements.get(el.localName) || (el.shadowRoot && el.shadowRoot.childNodes.length > 0));
        const loading = all.some((el) => el.shadowRoot?.querySelector('.skeleton, [aria-busy="true"]'));
        return all.length > 0 && rendered && !loading;
      },
      null,
      { timeout: 15_000 },
    )
    .catch(() => {});
  // Then no request under way for half a second (the live event stream stays open: not counted).
  const deadline = Date.now() + 15_000;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (inFlight.get(page)?.size) quietSince = Date.now();
    else if (Date.now() - quietSince >= 500) break;
    await page.waitForTimeout(100);
  }
  await page.waitForTimeout(200);
}

/** Requests under way per page, but event streams. */
const inFlight = new Map();
function track(page) {
  const set = new Set();
  inFlight.set(page, set);
  page.on('request', (r) => {
    if (!r.url().endsWith('/v1/events')) set.add(r);
  });
  for (const done of ['requestfinished', 'requestfailed']) page.on(done, (r) => set.delete(r));
}

/** A full-page shot with the viewport as tall as the page, so virtualized lists render every visible row. */
async function shootFullPage(page, file, width) {
  const height = await page.evaluate(() => Math.max(document.documentElement.scrollHeight, 640));
  // Scrolled through first, as a person would: a virtualized list renders its rows once seen.
  for (let y = 0; y < height; y += 600) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(60);
  }
  await page.setViewportSize({ width, height: Math.min(height, 8000) });
  await page.evaluate(() => window.scrollTo(0, 0));
  await settle(page);
  await page.screenshot({ path: path.join(out, file), fullPage: true });
}

const index = [];
let count = 0;
const total = pages.length * users.length * locales.length * themes.length * widths.length;
try {
  for (const name of pages) {
    for (const user of users) {
      for (const locale of locales) {
        for (const theme of themes) {
          for (const width of widths) {
            const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: theme === 'dark' ? 'dark' : 'light' });
            const page = await context.newPage();
            track(page);
            const errors = [];
            page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
            page.on('pageerror', (e) => errors.push(e.message));
            const stem = `${name}-${user.id}-${locale}-${theme}-${width}`;
            const query = new URLSearchParams({ user: user.id, locale, theme });
            await page.goto(`${base}${paths[name]}?${query}`);
            await settle(page);
            const files = [`${stem}.png`];
            await shootFullPage(page, files[0], width);
            if (name === 'crm' && tabs) {
              // A document opened from the list, and the conversation about it (not an unread one:
              // reading it would empty the badges of the views still to come).
              await page.setViewportSize({ width, height: 800 });
              await page.locator('ledger-document-list').scrollIntoViewIfNeeded();
              const first = page.locator('ledger-document-list [part=row-open]').first();
              if (await first.waitFor({ timeout: 5000 }).then(() => true, () => false)) {
                await first.click();
                await settle(page);
                await page.locator('#document-conversation').click();
                await settle(page);
                const file = `${stem}-open.png`;
                await shootFullPage(page, file, width);
                files.push(file);
              }
            }
            if (name === 'helpdesk' && tabs) {
              for (const tab of sidebarTabs) {
                const button = page.locator(`ledger-sidebar #tab-${tab}`);
                if (!(await button.count())) continue;
                await button.click();
                await settle(page);
                const file = `${stem}-tab-${tab}.png`;
                await page.locator('ledger-sidebar').screenshot({ path: path.join(out, file) });
                files.push(file);
              }
            }
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
            index.push({ page: name, user: `${user.name} (${user.role}, ${user.organization.name})`, locale, theme, width, files, overflow, errors });
            await context.close();
            count += 1;
            process.stdout.write(`\r${count}/${total} ${stem}            `);
          }
        }
      }
    }
  }
} finally {
  await browser.close();
  stop();
}

const lines = [
  '# Ledgerside demo screenshots',
  '',
  `${count} page views, ${index.reduce((n, e) => n + e.files.length, 0)} files; server ${base}, ${new Date().toISOString()}.`,
  '',
  '| page | user | locale | theme | width | files | notes |',
  '|---|---|---|---|---|---|---|',
  ...index.map((e) => {
    const notes = [e.overflow > 0 ? `overflows by ${e.overflow} px` : '', ...e.errors.map((t) => `error: ${t.replace(/\|/g, '\\|').slice(0, 160)}`)].filter(Boolean).join('; ');
    return `| ${e.page} | ${e.user} | ${e.locale} | ${e.theme} | ${e.width} | ${e.files.join(' ')} | ${notes} |`;
  }),
  '',
];
writeFileSync(path.join(out, 'index.md'), lines.join('\n'));
console.log(`\n${path.join(out, 'index.md')}`);
