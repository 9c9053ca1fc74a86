/**
 * `pnpm build:apps`'s packages (apps/dist, built by the test script before the Node tests):
 * - Zoho Desk and Zoho CRM: checked by Zoho's own validator (`zet validate`, npm
 *   zoho-extension-toolkit), which is shown to refuse a broken manifest;
 * - Zendesk: zcli's validator (`zcli apps:validate`) uploads the package to Zendesk's API
 *   (POST /api/v2/apps/validate), unreachable here: checked against ZAF v2's documented keys;
 * - Freshdesk: the FDK installs from Freshworks' CDN, not npm: checked against the FDK's
 *   documented layout and keys;
 * - Pipedrive and Chatwoot have no package format (a panel URL / a dashboard app URL): their
 *   pages are checked to be whole.
 * And each archive holds exactly its folder, at the archive's root.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dist = path.join(root, 'apps/dist');
const zet = path.join(root, 'apps/node_modules/.bin/zet');
const built = existsSync(path.join(dist, 'ledgerside-zendesk.zip'));
const skip = built ? false : 'apps/dist is missing: run `pnpm build:apps`';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- shapes are checked by the assertions
const json = (file: string): any => JSON.parse(readFileSync(path.join(dist, file), 'utf8'));
const files = (dir: string, base = dir): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });

/** `zet validate` in a copy of `dir` (it writes its debug log into the project). */
function zetValidate(dir: string) {
  const copy = mkdtempSync(path.join(tmpdir(), 'ledgerside-zet-'));
  try {
    cpSync(dir, copy, { recursive: true });
    const run = spawnSync(zet, ['validate'], { cwd: copy, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } });
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Width and height of a PNG, from its IHDR. */
function pngSize(file: string): [number, number] {
  const bytes = readFileSync(path.join(dist, file));
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', `${file} is a PNG`);
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

/** The scripts and styles a built page loads, relative to it: all must be in the package. */
function assertPageWhole(page: string): void {
  const html = readFileSync(path.join(dist, page), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="(\.\/[^"]+)"/g)].map((m) => path.join(path.dirname(page), m[1]!));
  assert.ok(refs.length >= 2, `${page} loads its bundle`);
  for (const ref of refs) assert.ok(existsSync(path.join(dist, ref)), `${page} needs ${ref}`);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'[^"]*; style-src 'self'/, `${page} runs under a strict policy`);
  assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|%LEDGERSIDE_/, `${page}: no loosened policy, no unfilled placeholder`);
  assert.doesNotMatch(html, /<script>(?!<\/script>)/, `${page}: no inline script`);
}

describe('the app packages', { skip }, () => {
  it('Zoho Desk: zet validate passes; it refuses a broken manifest', () => {
    const dir = path.join(dist, 'zoho-desk');
    const passed = zetValidate(dir);
    assert.ok(passed.ok, passed.output);
    const manifest = json('zoho-desk/plugin-manifest.json') as { modules: { widgets: { location: string; url: string }[] }; cspDomains: { 'connect-src': string[] }; config: { name: string; secure: boolean }[] };
    assert.deepEqual(manifest.modules.widgets.map((w) => w.location), ['desk.ticket.detail.rightpanel']);
    assert.ok(manifest.cspDomains['connect-src'].length > 0, 'the API origin is allowed');
    assert.ok(manifest.config.some((c) => c.name === 'ledgersideKey' && c.secure), 'the backend key is a secure config parameter');
    assertPageWhole('zoho-desk/app/widget.html');

    const broken = mkdtempSync(path.join(tmpdir(), 'ledgerside-zet-'));
    try {
      cpSync(dir, broken, { recursive: true });
      const wrong = { ...manifest, modules: { widgets: [{ ...manifest.modules.widgets[0], url: '/app/missing.html' }] }, cspDomains: { 'connect-src': ['not a url'] } };
      writeFileSync(path.join(broken, 'plugin-manifest.json'), JSON.stringify(wrong));
      const refused = zetValidate(broken);
      assert.equal(refused.ok, false, 'zet refuses a widget page that does not exist and a CSP domain that is no URL');
      assert.match(refused.output, /connect-src|cspDomains|missing|not found|exist/i, refused.output);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('Zoho CRM: zet validate passes; the archive leaves plugin-manifest.json out, as zet pack does', () => {
    const passed = zetValidate(path.join(dist, 'zoho-crm'));
    assert.ok(passed.ok, passed.output);
    assertPageWhole('zoho-crm/app/widget.html');
    const entries = Object.keys(unzipSync(readFileSync(path.join(dist, 'ledgerside-zoho-crm.zip'))));
    assert.ok(entries.includes('app/widget.html'));
    assert.ok(!entries.includes('plugin-manifest.json'));
  });

  it('Zendesk: ZAF v2’s documented keys — ticket sidebar, signedUrls, the API allowed — translations and logos', () => {
    const manifest = json('zendesk/manifest.json') as Record<string, unknown> & {
      location: { support: Record<string, { url: string }> };
      author: { name: string; email: string };
      domainWhitelist: string[];
    };
    const documented = ['name', 'author', 'defaultLocale', 'private', 'location', 'version', 'frameworkVersion', 'signedUrls', 'domainWhitelist', 'parameters', 'singleInstall', 'requirementsOnly', 'marketingOnly', 'experiments', 'oauth'];
    for (const key of Object.keys(manifest)) assert.ok(documented.includes(key), `${key} is a documented manifest key`);
    assert.equal(manifest.frameworkVersion, '2.0');
    assert.equal(manifest.signedUrls, true);
    assert.ok(manifest.author.name && /@/.test(manifest.author.email));
    const sidebar = manifest.location.support.ticket_sidebar!;
    const api = new URL(sidebar.url);
    assert.equal(api.pathname, '/apps/zendesk/', 'the sidebar is the page the Ledgerside server serves (it receives the signed POST)');
    assert.ok(manifest.domainWhitelist.includes(api.host), 'the API origin is allowed');
    const translations = json(`zendesk/translations/${manifest.defaultLocale}.json`) as { app: Record<string, string> };
    for (const key of ['name', 'short_description', 'long_description', 'installation_instructions']) assert.ok(translations.app[key], `translations app.${key}`);
    assert.deepEqual(pngSize('zendesk/assets/logo.png'), [320, 320]);
    assert.deepEqual(pngSize('zendesk/assets/logo-small.png'), [128, 128]);
    assertPageWhole('site/zendesk/index.html');
  });

  it('Freshdesk: the FDK’s documented layout — ticket_sidebar page and icon, the request template and its parameters', () => {
    const manifest = json('freshdesk/manifest.json') as { 'platform-version': string; product: { freshdesk: { location: Record<string, { url: string; icon: string }>; requests: Record<string, object> } } };
    assert.equal(manifest['platform-version'], '2.3');
    const sidebar = manifest.product.freshdesk.location.ticket_sidebar!;
    assert.ok(existsSync(path.join(dist, 'freshdesk/app', sidebar.url)), 'the sidebar page');
    assert.ok(existsSync(path.join(dist, 'freshdesk/app', sidebar.icon)), 'its icon');
    const requests = json('freshdesk/config/requests.json') as Record<string, { schema: { method: string; protocol: string; host: string; path: string; headers: Record<string, string> } }>;
    const iparams = json('freshdesk/config/iparams.json') as Record<string, { type: string; secure?: boolean; required?: boolean }>;
    for (const name of Object.keys(manifest.product.freshdesk.requests)) {
      const schema = requests[name]?.schema;
      assert.ok(schema, `request template ${name} is declared in config/requests.json`);
      assert.ok(['http', 'https'].includes(schema.protocol) && schema.host && schema.path.startsWith('/'));
      for (const used of JSON.stringify(schema).matchAll(/iparam\.(\w+)/g)) assert.ok(iparams[used[1]!], `iparam ${used[1]} exists`);
    }
    assert.equal(iparams.ledgerside_key?.secure, true, 'the backend key is a secure parameter');
    const html = readFileSync(path.join(dist, 'freshdesk/app/index.html'), 'utf8');
    assert.match(html, /<script src="\{\{\{appclient\}\}\}"><\/script>/, 'the page loads the app client the FDK injects');
    assertPageWhole('freshdesk/app/index.html');
  });

  it('Pipedrive and Chatwoot: their pages are whole', () => {
    assertPageWhole('site/pipedrive/index.html');
    assertPageWhole('site/chatwoot/index.html');
  });

  it('each archive holds its folder, at the archive’s root', () => {
    for (const framework of ['zendesk', 'zoho-desk', 'zoho-crm', 'freshdesk', 'pipedrive', 'chatwoot']) {
      const entries = Object.keys(unzipSync(readFileSync(path.join(dist, `ledgerside-${framework}.zip`)))).sort();
      const expected = files(path.join(dist, framework)).filter((f) => !(framework === 'zoho-crm' && f === 'plugin-manifest.json')).sort();
      assert.deepEqual(entries, expected, framework);
    }
  });
});
