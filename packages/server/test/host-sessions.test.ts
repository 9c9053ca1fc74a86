/**
 * Host sessions over real HTTP: installations registered with the CLI, then Zendesk's
 * signedUrls JWT (RS256, the installation's key pair) and Pipedrive's panel JWT (HS256, the
 * panel's secret) traded for Ledgerside tokens — and every proof that must not sign anyone in
 * (forged, expired, too old, another installation's, unregistered) answered 401.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { startServer, type RunningServer } from '../src/index.js';
import { client, expectError, expectStatus, type Client } from './helpers/http.js';
import { freshDataDir } from './helpers/server.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const SUBDOMAIN = 'acmehelp';
const INSTALLATION = '360001234567';
const AUDIENCE = `https://${SUBDOMAIN}.zendesk.com/api/v2/apps/installations/${INSTALLATION}.json`;
const COMPANY = 7_654_321;
const PIPEDRIVE_SECRET = 'pipedrive-panel-secret-for-tests-0123';
const agent = { name: 'Zed Agent', email: 'zed@acme-help.example' };

function cli(dataDir: string, ...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(packageDir, 'src/cli.ts'), ...args], {
    env: { ...process.env, LEDGERSIDE_DATA: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
  });
  return { status: run.status, out: run.stdout.trim(), err: run.stderr.trim() };
}

interface ZafClaims {
  aud?: string;
  sub?: string;
  iat?: number;
  exp?: number;
}

async function zafJwt(key: CryptoKey, claims: ZafClaims = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ context: { product: 'support', location: 'ticket_sidebar' } })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(`${SUBDOMAIN}.zendesk.com`)
    .setAudience(claims.aud ?? AUDIENCE)
    .setSubject(claims.sub ?? `https://${SUBDOMAIN}.zendesk.com/api/v2/users/777.json`)
    .setIssuedAt(claims.iat ?? now)
    .setExpirationTime(claims.exp ?? now + 300)
    .sign(key);
}

async function pipedriveJwt(secret: string, claims: Record<string, unknown> = {}, exp = Math.floor(Date.now() / 1000) + 300): Promise<string> {
  return new SignJWT({ userId: 42, companyId: COMPANY, ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('host sessions: a host frame’s signed proof for a Ledgerside token', () => {
  let data: { dir: string; remove(): void };
  let keys: string;
  let server: RunningServer;
  let api: Client;
  let zendeskKey: CryptoKey;
  let otherKey: CryptoKey;
  let zendeskPublicPem: string;

  before(async () => {
    data = await freshDataDir();
    keys = mkdtempSync(join(tmpdir(), 'ledgerside-host-keys-'));
    const pair = await generateKeyPair('RS256', { extractable: true });
    zendeskKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    zendeskPublicPem = await exportSPKI(pair.publicKey);
    writeFileSync(join(keys, 'zendesk.pem'), zendeskPublicPem);
    writeFileSync(join(keys, 'pipedrive.txt'), `${PIPEDRIVE_SECRET}\n`);

    const created = cli(data.dir, 'create-organization', '--id', 'org-acme-help', '--name', 'Acme Help', '--currency', 'EUR');
    assert.equal(created.status, 0, created.err);
    const zendesk = cli(data.dir, 'register-host', '--framework', 'zendesk', '--installation', `${SUBDOMAIN}:${INSTALLATION}`, '--organization', 'org-acme-help', '--key-file', join(keys, 'zendesk.pem'));
    assert.equal(zendesk.status, 0, zendesk.err);
    assert.deepEqual(JSON.parse(zendesk.out), { framework: 'zendesk', installation: `${SUBDOMAIN}:${INSTALLATION}`, organization: 'org-acme-help', role: 'agent' });
    const pipedrive = cli(data.dir, 'register-host', '--framework', 'pipedrive', '--installation', String(COMPANY), '--organization', 'org-acme-help', '--key-file', join(keys, 'pipedrive.txt'), '--role', 'light_agent');
    assert.equal(pipedrive.status, 0, pipedrive.err);

    server = await startServer({ port: 0, dataDir: data.dir, examplesDir: null, checkResponses: true });
    api = client(server.url);
  });

  after(async () => {
    await server?.close();
    data?.remove();
    rmSync(keys, { recursive: true, force: true });
  });

  it('the CLI refuses what could never verify: a key that is no public key, an unknown organization, a client role', () => {
    writeFileSync(join(keys, 'not-a-key.pem'), 'hello');
    const badKey = cli(data.dir, 'register-host', '--framework', 'zendesk', '--installation', 'x:1', '--organization', 'org-acme-help', '--key-file', join(keys, 'not-a-key.pem'));
    assert.notEqual(badKey.status, 0);
    assert.match(badKey.err, /public key in PEM/);
    const unknownOrg = cli(data.dir, 'register-host', '--framework', 'pipedrive', '--installation', '1', '--organization', 'org-nope', '--key-file', join(keys, 'pipedrive.txt'));
    assert.match(unknownOrg.err, /No organization org-nope/);
    const client = cli(data.dir, 'register-host', '--framework', 'pipedrive', '--installation', '1', '--organization', 'org-acme-help', '--key-file', join(keys, 'pipedrive.txt'), '--role', 'client');
    assert.match(client.err, /--role is admin, agent or light_agent/);
    const unsigned = cli(data.dir, 'register-host', '--framework', 'chatwoot', '--installation', '1', '--organization', 'org-acme-help', '--key-file', join(keys, 'pipedrive.txt'));
    assert.match(unsigned.err, /mintToken/);
  });

  it('Zendesk: the signedUrls JWT gives a session for that agent of that organization, which renews without a new proof', async () => {
    const reply = await api.post('/v1/host-sessions/zendesk', { body: { token: await zafJwt(zendeskKey), user: agent } });
    expectStatus(reply, 200);
    assert.equal(reply.body.user.id, `zendesk:${INSTALLATION}:777`);
    assert.equal(reply.body.user.role, 'agent');
    assert.equal(reply.body.organizationId, 'org-acme-help');
    assert.deepEqual(reply.body.installation, { framework: 'zendesk', id: `${SUBDOMAIN}:${INSTALLATION}` });
    const lifetime = Date.parse(reply.body.expiresAt) - Date.now();
    assert.ok(lifetime > 0 && lifetime <= 600_000, `a short-lived token (${lifetime} ms)`);
    assert.ok(Date.parse(reply.body.renewal.expiresAt) - Date.now() > 11 * 3600_000, 'renewable for the working day');

    const session = await api.get('/v1/session', { token: reply.body.token });
    expectStatus(session, 200);
    assert.equal(session.body.user.name, 'Zed Agent');
    assert.equal(session.body.user.email, agent.email);
    assert.equal(session.body.organization.id, 'org-acme-help');

    const renewed = await api.post('/v1/host-sessions/zendesk', { body: { renewal: reply.body.renewal.token } });
    expectStatus(renewed, 200);
    assert.equal(renewed.body.user.id, reply.body.user.id);
    assert.equal(renewed.body.renewal.expiresAt, reply.body.renewal.expiresAt, 'using it does not extend it');
    expectStatus(await api.get('/v1/session', { token: renewed.body.token }), 200);
  });

  it('Zendesk: forged, expired, too old, another installation’s, alg none or confused → 401, and a session token is no renewal', async () => {
    const now = Math.floor(Date.now() / 1000);
    const session = await api.post('/v1/host-sessions/zendesk', { body: { token: await zafJwt(zendeskKey), user: agent } });
    const [header, payload] = (await zafJwt(zendeskKey)).split('.');
    const cases: [string, string][] = [
      ['forged (another key)', await zafJwt(otherKey)],
      ['expired', await zafJwt(zendeskKey, { iat: now - 400, exp: now - 60 })],
      ['too old (issued an hour ago, still unexpired)', await zafJwt(zendeskKey, { iat: now - 3600, exp: now + 300 })],
      ['another installation', await zafJwt(zendeskKey, { aud: `https://${SUBDOMAIN}.zendesk.com/api/v2/apps/installations/999.json` })],
      ['another account', await zafJwt(zendeskKey, { aud: `https://evil.zendesk.com/api/v2/apps/installations/${INSTALLATION}.json` })],
      ['not a Zendesk audience', await zafJwt(zendeskKey, { aud: 'https://example.com/app' })],
      ['a subject that is no user', await zafJwt(zendeskKey, { sub: 'https://acmehelp.zendesk.com/api/v2/groups/5.json' })],
      ['alg none', `${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`],
      ['HS256 signed with the public key', await new SignJWT(JSON.parse(Buffer.from(payload!, 'base64url').toString())).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(zendeskPublicPem))],
      ['tampered payload', `${header}.${base64url({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: '1' })}.${(await zafJwt(zendeskKey)).split('.')[2]}`],
    ];
    for (const [what, token] of cases) {
      expectError(await api.post('/v1/host-sessions/zendesk', { body: { token, user: agent } }), 401, 'unauthorized', what);
    }
    expectError(await api.post('/v1/host-sessions/zendesk', { body: { renewal: session.body.token } }), 401, 'unauthorized', 'an access token as renewal');
    expectError(await api.post('/v1/host-sessions/zendesk', { body: { renewal: await pipedriveJwt(PIPEDRIVE_SECRET) } }), 401, 'unauthorized', 'a Pipedrive token as renewal');
    // The route's schema: a proof without the user's address is bad input, not a sign-in.
    expectError(await api.post('/v1/host-sessions/zendesk', { body: { token: await zafJwt(zendeskKey) } }), 400, 'bad_request', 'no user');
    expectError(await api.post('/v1/host-sessions/zendesk', { body: { token: 'not a jwt', user: agent } }), 400, 'bad_request', 'no JWT');
  });

  it('Pipedrive: the panel JWT gives a session with the installation’s role and no renewal; forged, expired or another company’s → 401', async () => {
    const reply = await api.post('/v1/host-sessions/pipedrive', { body: { token: await pipedriveJwt(PIPEDRIVE_SECRET), user: { name: 'Pia Sales', email: 'pia@acme-help.example' } } });
    expectStatus(reply, 200);
    assert.equal(reply.body.user.id, `pipedrive:${COMPANY}:42`);
    assert.equal(reply.body.user.role, 'light_agent');
    assert.equal(reply.body.renewal, null);
    const session = await api.get('/v1/session', { token: reply.body.token });
    expectStatus(session, 200);
    assert.equal(session.body.user.role, 'light_agent');

    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string][] = [
      ['forged', await pipedriveJwt('another-secret-entirely-0123456789')],
      ['expired', await pipedriveJwt(PIPEDRIVE_SECRET, {}, now - 10)],
      ['another company', await pipedriveJwt(PIPEDRIVE_SECRET, { companyId: 1234 })],
      ['no user', await pipedriveJwt(PIPEDRIVE_SECRET, { userId: undefined })],
      ['meant to last a day', await pipedriveJwt(PIPEDRIVE_SECRET, {}, now + 86_400)],
      ['alg none', `${base64url({ alg: 'none' })}.${base64url({ userId: 42, companyId: COMPANY, exp: now + 60 })}.`],
    ];
    for (const [what, token] of cases) {
      expectError(await api.post('/v1/host-sessions/pipedrive', { body: { token, user: agent } }), 401, 'unauthorized', what);
    }
    expectError(await api.post('/v1/host-sessions/pipedrive', { body: { token: await pipedriveJwt(PIPEDRIVE_SECRET), user: { email: 'not-an-address' } } }), 400, 'bad_request', 'bad email');
  });

  it('unregistering an installation retires its proofs and its sessions’ renewals', async () => {
    const reply = await api.post('/v1/host-sessions/zendesk', { body: { token: await zafJwt(zendeskKey), user: agent } });
    expectStatus(reply, 200);
    await server.close();
    const removed = cli(data.dir, 'unregister-host', '--framework', 'zendesk', '--installation', `${SUBDOMAIN}:${INSTALLATION}`);
    assert.equal(removed.status, 0, removed.err);
    server = await startServer({ port: 0, dataDir: data.dir, examplesDir: null });
    api = client(server.url);
    expectError(await api.post('/v1/host-sessions/zendesk', { body: { token: await zafJwt(zendeskKey), user: agent } }), 401, 'unauthorized', 'proof');
    expectError(await api.post('/v1/host-sessions/zendesk', { body: { renewal: reply.body.renewal.token } }), 401, 'unauthorized', 'renewal');
  });
});
