/**
 * Host sessions: a host app frame's signed proof of its user, traded for a short-lived
 * Ledgerside token (`POST /v1/host-sessions/zendesk`, `…/pipedrive`).
 *
 * - Zendesk (`signedUrls: true`): Zendesk POSTs a JWT to the app's URL on its first load only,
 *   RS256 with the installation's key pair; its audience is the installation's URL
 *   (`https://<subdomain>.zendesk.com/api/v2/apps/installations/<id>.json`), its subject the
 *   user. Since it does not come again, the session carries a renewal token (12 h, not
 *   extended by use) that buys new access tokens until the agent reloads the app.
 * - Pipedrive: the panel's JWT (HS256 with the panel's JWT secret) carries `userId` and
 *   `companyId`; the frame asks for a fresh one (`GET_SIGNED_TOKEN`) whenever it needs a session.
 *
 * Any failure — forged, expired, too old, another installation's, an installation no longer
 * registered — is the same 401: the caller learns nothing about which check failed.
 */
import { decodeJwt, importSPKI, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { HostSession, HostUserDetails, SignedHostFramework } from '@ledgerside/contract';
import { mintToken } from './auth.js';
import type { Db } from './db/types.js';
import { findHostInstallation, type HostInstallation } from './host-installations.js';
import { unauthorized } from './http/errors.js';
import { loadOrganization } from './services/organizations.js';

/** The Ledgerside token a session hands out (seconds). */
export const HOST_SESSION_SECONDS = 600;
/** How long a Zendesk session can be renewed without a new proof from Zendesk (seconds). */
export const HOST_RENEWAL_SECONDS = 12 * 3600;
/** Proofs older than this are refused even if unexpired (Zendesk's and Pipedrive's live 5 min). */
const MAX_PROOF_AGE = '10m';
const RENEWAL_AUDIENCE = 'ledgerside-host-renewal';

const ZENDESK_AUDIENCE = /^https:\/\/([a-z0-9][a-z0-9-]{0,62})\.zendesk\.com\/api\/v2\/apps\/installations\/(\d{1,20})\.json$/;
const ZENDESK_SUBJECT = /^(?:https:\/\/[a-z0-9-]+\.zendesk\.com\/api\/v2\/users\/)?(\d{1,20})(?:\.json)?$/;

const refused = (framework: string) =>
  unauthorized(`The ${framework} proof is invalid, expired, or not from a registered installation.`);

function peek(token: string): JWTPayload | null {
  try {
    return decodeJwt(token);
  } catch {
    return null;
  }
}

interface Proven {
  installation: HostInstallation;
  /** The host's id of the user (digits). */
  hostUserId: string;
}

async function proveZendesk(db: Db, token: string): Promise<Proven> {
  const claims = peek(token);
  const audience = typeof claims?.aud === 'string' ? claims.aud : Array.isArray(claims?.aud) && claims.aud.length === 1 ? claims.aud[0]! : '';
  const match = ZENDESK_AUDIENCE.exec(audience);
  if (!match) throw refused('Zendesk');
  const installation = await findHostInstallation(db, 'zendesk', `${match[1]}:${match[2]}`);
  if (!installation) throw refused('Zendesk');
  try {
    const key = await importSPKI(installation.key, 'RS256');
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['RS256'],
      audience,
      maxTokenAge: MAX_PROOF_AGE,
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    const user = ZENDESK_SUBJECT.exec(payload.sub ?? '');
    if (!user) throw refused('Zendesk');
    return { installation, hostUserId: user[1]! };
  } catch {
    throw refused('Zendesk');
  }
}

async function provePipedrive(db: Db, token: string): Promise<Proven> {
  const claims = peek(token);
  const company = claims?.companyId;
  if ((typeof company !== 'number' && typeof company !== 'string') || !/^\d{1,20}$/.test(String(company))) throw refused('Pipedrive');
  const installation = await findHostInstallation(db, 'pipedrive', String(company));
  if (!installation) throw refused('Pipedrive');
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(installation.key), {
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
    });
    const userId = payload.userId;
    if (String(payload.companyId) !== installation.id) throw refused('Pipedrive');
    if ((typeof userId !== 'number' && typeof userId !== 'string') || !/^\d{1,20}$/.test(String(userId))) throw refused('Pipedrive');
    // Pipedrive's tokens live 5 minutes: one meant to last longer was not signed for a panel.
    if (payload.exp! - Date.now() / 1000 > 3600) throw refused('Pipedrive');
    return { installation, hostUserId: String(userId) };
  } catch {
    throw refused('Pipedrive');
  }
}

/** `zendesk:<installation>:<user>`, `pipedrive:<company>:<user>`: one Ledgerside user per host user and installation. */
function ledgerUserId(proven: Proven): string {
  const scope = proven.installation.framework === 'zendesk' ? proven.installation.id.split(':')[1]! : proven.installation.id;
  return `${proven.installation.framework}:${scope}:${proven.hostUserId}`;
}

interface Identity {
  installation: HostInstallation;
  userId: string;
  name: string;
  email: string;
}

async function session(db: Db, identity: Identity, renewal: HostSession['renewal'] | 'new'): Promise<HostSession> {
  const { installation } = identity;
  const org = await loadOrganization(db, installation.organizationId);
  if (!org) throw refused(installation.framework);
  const now = Math.floor(Date.now() / 1000);
  const token = await mintToken({
    organizationId: org.id,
    userId: identity.userId,
    name: identity.name,
    email: identity.email,
    role: installation.role,
    secret: org.jwt_secret,
    expiresInSeconds: HOST_SESSION_SECONDS,
  });
  let renewalToken: HostSession['renewal'] = renewal === 'new' ? null : renewal;
  if (renewal === 'new') {
    const expires = now + HOST_RENEWAL_SECONDS;
    renewalToken = {
      token: await new SignJWT({ org: org.id, name: identity.name, email: identity.email, inst: `${installation.framework}/${installation.id}` })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(identity.userId)
        .setAudience(RENEWAL_AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(expires)
        .sign(new TextEncoder().encode(org.jwt_secret)),
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }
  return {
    token,
    expiresAt: new Date((now + HOST_SESSION_SECONDS) * 1000).toISOString(),
    renewal: renewalToken,
    user: { id: identity.userId, name: identity.name, email: identity.email, role: installation.role },
    organizationId: org.id,
    installation: { framework: installation.framework, id: installation.id },
  };
}

function identityOf(proven: Proven, user: HostUserDetails): Identity {
  return { installation: proven.installation, userId: ledgerUserId(proven), name: user.name?.trim() || user.email, email: user.email };
}

/** A renewal token (from an earlier Zendesk session) for a new session, while its installation still serves the organization. */
async function renew(db: Db, renewal: string): Promise<HostSession> {
  const claims = peek(renewal);
  const orgId = typeof claims?.org === 'string' ? claims.org : '';
  const org = orgId ? await loadOrganization(db, orgId) : null;
  if (!org) throw refused('Zendesk');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(renewal, new TextEncoder().encode(org.jwt_secret), {
      algorithms: ['HS256'],
      audience: RENEWAL_AUDIENCE,
      requiredClaims: ['exp', 'sub', 'inst'],
    }));
  } catch {
    throw refused('Zendesk');
  }
  const [framework, id] = String(payload.inst).split('/') as [SignedHostFramework, string];
  const installation = framework === 'zendesk' && id ? await findHostInstallation(db, framework, id) : null;
  if (!installation || installation.organizationId !== org.id) throw refused('Zendesk');
  const { name, email } = payload as { name?: unknown; email?: unknown };
  if (typeof name !== 'string' || typeof email !== 'string') throw refused('Zendesk');
  return session(db, { installation, userId: payload.sub!, name, email }, { token: renewal, expiresAt: new Date(payload.exp! * 1000).toISOString() });
}

export async function zendeskHostSession(db: Db, body: { token: string; user: HostUserDetails } | { renewal: string }): Promise<HostSession> {
  if ('renewal' in body) return renew(db, body.renewal);
  const proven = await proveZendesk(db, body.token);
  return session(db, identityOf(proven, body.user), 'new');
}

export async function pipedriveHostSession(db: Db, body: { token: string; user: HostUserDetails }): Promise<HostSession> {
  const proven = await provePipedrive(db, body.token);
  return session(db, identityOf(proven, body.user), null);
}
