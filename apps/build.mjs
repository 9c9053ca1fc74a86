#!/usr/bin/env node
// `pnpm build:apps`: each host framework's app, built (Vite, from packages/hosts) and laid out
// as its own tool expects, in apps/dist/<framework>/ and as one uploadable archive
// apps/dist/ledgerside-<framework>.zip:
//   zendesk    zcli's layout: manifest.json, translations/, assets/ — its sidebar is a page the
//              Ledgerside server serves (signedUrls: Zendesk POSTs its JWT there)
//   zoho-desk  zet's layout: plugin-manifest.json, app/ (widget.html and its scripts)
//   zoho-crm   zet's layout for CRM: app/ (the widget page; CRM takes no plugin-manifest)
//   freshdesk  the FDK's layout: manifest.json, app/, config/ (iparams, request templates)
//   pipedrive, chatwoot  the panel's / dashboard app's page, served by the Ledgerside server
//              (or any host) at the URL you give Pipedrive's Developer Hub / Chatwoot's settings
// The pages the Ledgerside server serves at /apps/<framework>/ go to apps/dist/site/.
//
// Options (each also an environment variable):
//   --api URL               the Ledgerside server (LEDGERSIDE_API; default PUBLIC_URL or http://127.0.0.1:4100)
//   --token-url URL         your backend's token endpoint, for Zoho Desk, Zoho CRM, Freshdesk and Chatwoot
//                           (LEDGERSIDE_TOKEN_URL; default the demo's /dev/token on --api)
//   --pipedrive-backend URL the Pipedrive app's backend (LEDGERSIDE_PIPEDRIVE_BACKEND; default the demo's /dev/hosts/pipedrive)
import { build } from 'vite';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { deflateSync, crc32 } from 'node:zlib';
import { zipSync } from 'fflate';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const quiet = process.env.LEDGERSIDE_BUILD_VERBOSE ? 'info' : 'warn';

const { values } = parseArgs({
  options: { api: { type: 'string' }, 'token-url': { type: 'string' }, 'pipedrive-backend': { type: 'string' } },
});
const api = new URL(values.api ?? process.env.LEDGERSIDE_API ?? process.env.PUBLIC_URL ?? 'http://127.0.0.1:4100').origin;
const tokenUrl = new URL(values['token-url'] ?? process.env.LEDGERSIDE_TOKEN_URL ?? `${api}/dev/token?user=u-agent`);
const pipedriveBackend = values['pipedrive-backend'] ?? process.env.LEDGERSIDE_PIPEDRIVE_BACKEND ?? '/dev/hosts/pipedrive';
const demo = tokenUrl.pathname.startsWith('/dev/') || pipedriveBackend.includes('/dev/');

/** The pages served by the Ledgerside server call it on their own origin; uploaded ones call `api`. */
function placeholders(served) {
  const apiBase = served ? '' : api;
  // 'self' covers what a served page calls on its own origin; everything else is listed.
  const origins = [served ? null : api, tokenUrl.origin === api && served ? null : tokenUrl.origin, /^https?:/.test(pipedriveBackend) ? new URL(pipedriveBackend).origin : null];
  const connect = [...new Set(origins.filter(Boolean))].join(' ');
  return {
    '%LEDGERSIDE_API%': apiBase,
    '%LEDGERSIDE_CONNECT%': connect,
    '%LEDGERSIDE_API_ORIGIN%': api,
    '%LEDGERSIDE_API_HOST%': new URL(api).host,
    '%LEDGERSIDE_TOKEN_URL%': served && tokenUrl.origin === api ? `${tokenUrl.pathname}${tokenUrl.search}` : tokenUrl.href,
    '%LEDGERSIDE_TOKEN_ORIGIN%': tokenUrl.origin,
    '%LEDGERSIDE_TOKEN_PROTOCOL%': tokenUrl.protocol.replace(':', ''),
    '%LEDGERSIDE_TOKEN_HOST%': tokenUrl.host,
    '%LEDGERSIDE_TOKEN_PATH%': `${tokenUrl.pathname}${tokenUrl.search}`,
    '%LEDGERSIDE_PIPEDRIVE_BACKEND%': pipedriveBackend,
  };
}

const fill = (text, map) => Object.entries(map).reduce((out, [key, value]) => out.replaceAll(key, value), text);

/** One page's build: TypeScript and the elements bundled, relative URLs, the placeholders filled. */
async function page(html, outDir, served) {
  const map = placeholders(served);
  await build({
    root: path.dirname(html),
    configFile: false,
    base: './',
    logLevel: quiet,
    resolve: { conditions: ['browser', 'production'] },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    plugins: [{ name: 'ledgerside-app-placeholders', transformIndexHtml: (text) => fill(text, map) }],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      assetsDir: 'assets',
      rollupOptions: { input: { index: html } },
    },
  });
}

/** A solid square PNG (the marketplaces want logos; these are plain brand squares with an "L"). */
function logo(size) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const inL = (x > size * 0.3 && x < size * 0.42 && y > size * 0.22 && y < size * 0.78) || (x > size * 0.3 && x < size * 0.72 && y > size * 0.66 && y < size * 0.78);
      const [r, g, b] = inL ? [255, 255, 255] : [37, 99, 235];
      row.set([r, g, b, 255], 1 + x * 4);
    }
    rows.push(row);
  }
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

function write(file, content) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

function filesOf(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesOf(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

/** apps/dist/<framework>/ as one zip, its files at the archive's root (as each tool uploads them). */
function archive(framework, only = () => true) {
  const dir = path.join(dist, framework);
  const entries = Object.fromEntries(filesOf(dir).filter(only).map((file) => [file, new Uint8Array(readFileSync(path.join(dir, file)))]));
  writeFileSync(path.join(dist, `ledgerside-${framework}.zip`), zipSync(entries, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') }));
}

const tmp = path.join(dist, '.pages');
rmSync(dist, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
const json = (file, map) => fill(readFileSync(path.join(here, file), 'utf8'), map);

// Zendesk: the package zcli uploads, and the sidebar page the server serves.
await page(path.join(here, 'zendesk/page/index.html'), path.join(dist, 'site/zendesk'), true);
write(path.join(dist, 'zendesk/manifest.json'), json('zendesk/manifest.json', placeholders(false)));
cpSync(path.join(here, 'zendesk/translations'), path.join(dist, 'zendesk/translations'), { recursive: true });
write(path.join(dist, 'zendesk/assets/logo.png'), logo(320));
write(path.join(dist, 'zendesk/assets/logo-small.png'), logo(128));
archive('zendesk');

// Pipedrive and Chatwoot: pages the server serves (and archives of them, to host elsewhere).
for (const framework of ['pipedrive', 'chatwoot']) {
  await page(path.join(here, `${framework}/page/index.html`), path.join(dist, 'site', framework), true);
  cpSync(path.join(dist, 'site', framework), path.join(dist, framework), { recursive: true });
  archive(framework);
}

// Zoho Desk: zet's layout.
await page(path.join(here, 'zoho-desk/app/widget.html'), path.join(tmp, 'zoho-desk'), false);
cpSync(path.join(tmp, 'zoho-desk'), path.join(dist, 'zoho-desk/app'), { recursive: true });
cpSync(path.join(here, 'zoho-desk/app/translations'), path.join(dist, 'zoho-desk/app/translations'), { recursive: true });
write(path.join(dist, 'zoho-desk/app/img/logo.png'), logo(128));
write(path.join(dist, 'zoho-desk/app/img/icon.png'), logo(32));
write(path.join(dist, 'zoho-desk/plugin-manifest.json'), json('zoho-desk/plugin-manifest.json', placeholders(false)));
// zet packs it beside the manifest (the extension's server-side resources: none).
write(path.join(dist, 'zoho-desk/resources.json'), '{}\n');
archive('zoho-desk');

// Zoho CRM: zet's CRM layout (its pack leaves plugin-manifest.json out of the archive).
await page(path.join(here, 'zoho-crm/app/widget.html'), path.join(tmp, 'zoho-crm'), false);
cpSync(path.join(tmp, 'zoho-crm'), path.join(dist, 'zoho-crm/app'), { recursive: true });
write(path.join(dist, 'zoho-crm/plugin-manifest.json'), json('zoho-crm/plugin-manifest.json', {}));
archive('zoho-crm', (file) => file !== 'plugin-manifest.json');

// Freshdesk: the FDK's layout.
await page(path.join(here, 'freshdesk/app/index.html'), path.join(tmp, 'freshdesk'), false);
cpSync(path.join(tmp, 'freshdesk'), path.join(dist, 'freshdesk/app'), { recursive: true });
cpSync(path.join(here, 'freshdesk/app/styles'), path.join(dist, 'freshdesk/app/styles'), { recursive: true });
write(path.join(dist, 'freshdesk/manifest.json'), json('freshdesk/manifest.json', {}));
write(path.join(dist, 'freshdesk/config/iparams.json'), json('freshdesk/config/iparams.json', {}));
write(path.join(dist, 'freshdesk/config/requests.json'), json('freshdesk/config/requests.json', placeholders(false)));
archive('freshdesk');

rmSync(tmp, { recursive: true, force: true });
console.log(`built apps/dist: ${readdirSync(dist).filter((f) => f.endsWith('.zip')).join(', ')} for the Ledgerside API at ${api}`);
if (demo) console.log('(token endpoint and Pipedrive backend are the demo server\'s: pass --token-url and --pipedrive-backend for a real deployment)');
if (!existsSync(path.join(dist, 'site/zendesk/index.html'))) throw new Error('the Zendesk page was not built');
