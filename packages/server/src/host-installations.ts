/**
 * Host app installations: a Zendesk app installation or a Pipedrive company whose app frames
 * sign who is looking, bound to one Ledgerside organization. Registered with the CLI
 * (`register-host`, src/cli.ts) or these functions; read when a frame trades its proof for a
 * session (src/host-sessions.ts).
 */
import { importSPKI } from 'jose';
import { roles, signedHostFrameworks, type Role, type SignedHostFramework } from '@ledgerside/contract';
import type { Db, Sql } from './db/types.js';

export interface HostInstallationInput {
  framework: SignedHostFramework;
  /**
   * Zendesk: `<subdomain>:<app installation id>` (the installation whose URL is the JWT's
   * audience, `https://<subdomain>.zendesk.com/api/v2/apps/installations/<id>.json`).
   * Pipedrive: the company id (the JWT's `companyId`).
   */
  id: string;
  organizationId: string;
  /** Zendesk: the app's public key (PEM, from `GET /api/v2/apps/installations/<id>/public_key.pem`). Pipedrive: the panel's JWT secret. */
  key: string;
  /** The role its users act with (default agent). A client role is not a host app's. */
  role?: Role;
}

export interface HostInstallation {
  framework: SignedHostFramework;
  id: string;
  organizationId: string;
  key: string;
  role: Role;
}

const ZENDESK_ID = /^([a-z0-9][a-z0-9-]{0,62}):(\d{1,20})$/;
const PIPEDRIVE_ID = /^\d{1,20}$/;

/** Throws a message fit for the CLI when the input would never verify a proof. */
async function check(input: HostInstallationInput): Promise<void> {
  if (!(signedHostFrameworks as readonly string[]).includes(input.framework)) {
    throw new Error(`--framework is one of ${signedHostFrameworks.join(', ')} (the others take tokens from your own backend: mintToken())`);
  }
  if (input.framework === 'zendesk') {
    if (!ZENDESK_ID.test(input.id)) throw new Error(`A Zendesk installation is <subdomain>:<installation id>, e.g. acme:360001234567; not ${input.id}`);
    // An RS256 key that jose accepts, or no proof would ever verify.
    await importSPKI(input.key.trim(), 'RS256').catch(() => {
      throw new Error('The Zendesk key must be the app installation\'s public key in PEM ("-----BEGIN PUBLIC KEY-----…")');
    });
  } else {
    if (!PIPEDRIVE_ID.test(input.id)) throw new Error(`A Pipedrive installation is the company id (digits); not ${input.id}`);
    if (input.key.trim().length < 16) throw new Error('The Pipedrive panel\'s JWT secret must be at least 16 characters');
  }
  const role = input.role ?? 'agent';
  if (!(roles as readonly string[]).includes(role) || role === 'client') throw new Error(`--role is admin, agent or light_agent; not ${role}`);
}

/** Registers (or re-keys, or moves) an installation. */
export async function registerHostInstallation(db: Sql, input: HostInstallationInput): Promise<HostInstallation> {
  await check(input);
  const [org] = await db.query('SELECT id FROM organizations WHERE id = $1', [input.organizationId]);
  if (!org) throw new Error(`No organization ${input.organizationId}`);
  const role = input.role ?? 'agent';
  await db.query(
    `INSERT INTO host_installations (framework, id, organization_id, verification_key, role) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (framework, id) DO UPDATE SET organization_id = EXCLUDED.organization_id, verification_key = EXCLUDED.verification_key, role = EXCLUDED.role`,
    [input.framework, input.id, input.organizationId, input.key.trim(), role],
  );
  return { framework: input.framework, id: input.id, organizationId: input.organizationId, key: input.key.trim(), role };
}

/** Removes an installation: its frames' proofs and renewal tokens stop working. */
export async function unregisterHostInstallation(db: Sql, framework: SignedHostFramework, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM host_installations WHERE framework = $1 AND id = $2 RETURNING id', [framework, id])).length > 0;
}

export async function findHostInstallation(db: Db, framework: SignedHostFramework, id: string): Promise<HostInstallation | null> {
  const [row] = await db.query<{ organization_id: string; verification_key: string; role: Role }>(
    'SELECT organization_id, verification_key, role FROM host_installations WHERE framework = $1 AND id = $2',
    [framework, id],
  );
  return row ? { framework, id, organizationId: row.organization_id, key: row.verification_key, role: row.role } : null;
}
