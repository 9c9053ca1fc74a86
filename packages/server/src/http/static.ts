/**
 * Serves the repository's example pages at `/examples/`. A missing folder or index gets a
 * generated listing, so the demo works before (and while) the examples are written.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Content-Type a static file is served with. */
export const contentTypeOf = (path: string): string => TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

export { escapeHtml } from './html.js';
import { escapeHtml } from './html.js';

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

async function listing(root: string, demo: boolean): Promise<string> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const pages: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    if (entry.isDirectory() && (await isFile(join(root, entry.name, 'index.html')))) pages.push(`${entry.name}/`);
    else if (entry.isFile() && entry.name.endsWith('.html')) pages.push(entry.name);
  }
  const items = pages.length
    ? pages.map((p) => `<li><a href="/examples/${encodeURI(p)}">${escapeHtml(p)}</a></li>`).join('\n')
    : '<li>No example pages yet: they arrive with the embedding work (the <code>examples/</code> folder).</li>';
  const dev = demo
    ? `<h2>Demo tools</h2><ul>
  <li><a href="/dev/users">/dev/users</a>: the seeded users; <code>/dev/token?user=ID</code> mints a token</li>
  <li><a href="/dev/mailbox">/dev/mailbox</a>: emails the server sent</li></ul>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ledgerside examples</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}</style></head>
<body><h1>Ledgerside</h1><h2>Examples</h2><ul>
${items}
</ul>
${dev}
<h2>API</h2><ul><li><a href="/v1/openapi.json">/v1/openapi.json</a></li></ul></body></html>`;
}

export function serveExamples(root: string, demo: boolean, prefix = '/examples') {
  const base = resolve(root);
  const strip = new RegExp(`^${prefix}/?`);
  return async (c: Context): Promise<Response> => {
    let relative: string;
    try {
      relative = decodeURIComponent(new URL(c.req.url).pathname.replace(strip, ''));
    } catch {
      return c.text('Bad path', 400);
    }
    const path = normalize(join(base, relative));
    if (path !== base && !path.startsWith(base + sep)) return c.text('Not found', 404);
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory() || (!info && relative === '')) {
      if (!new URL(c.req.url).pathname.endsWith('/')) return c.redirect(`${new URL(c.req.url).pathname}/`, 301);
      const index = join(path, 'index.html');
      if (relative === '' && prefix === '/examples' && !(await isFile(index))) return c.html(await listing(base, demo));
      if (await isFile(index)) return file(c, index);
      return c.text('Not found', 404);
    }
    if (!info?.isFile()) return c.text('Not found', 404);
    return file(c, path);
  };
}

async function file(c: Context, path: string): Promise<Response> {
  const body = await readFile(path);
  return c.body(body, 200, {
    'Content-Type': contentTypeOf(path),
    'Cache-Control': 'no-cache',
  });
}

/**
 * The host apps' pages (`pnpm build:apps` → apps/dist/site) at `/apps/<framework>/`. Zendesk
 * POSTs a signedUrls app's first load with its JWT as the form field `token`: the page then
 * carries it in `<meta name="ledgerside-host-proof">` for the app to trade for a session
 * (POST /v1/host-sessions/zendesk). The page holds no secret; it is never cached.
 */
export function serveApps(root: string) {
  const pages = serveExamples(root, false, '/apps');
  return async (c: Context): Promise<Response> => {
    if (c.req.method !== 'POST') return pages(c);
    if (!/^\/apps\/zendesk\/(index\.html)?$/.test(new URL(c.req.url).pathname)) return c.text('Not found', 404);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const token = typeof form.token === 'string' && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(form.token) && form.token.length <= 8192 ? form.token : '';
    const index = join(resolve(root), 'zendesk', 'index.html');
    if (!(await isFile(index))) return c.text('Not found: run `pnpm build:apps`', 404);
    const html = (await readFile(index, 'utf8')).replace('</head>', `<meta name="ledgerside-host-proof" content="${escapeHtml(token)}" />\n</head>`);
    return c.body(html, 200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  };
}
