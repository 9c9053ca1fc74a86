/** Bearer token → the calling actor, with the organization's settings close at hand. */
import { verifyToken } from '../auth.js';
import type { Db } from '../db/types.js';
import { actorOf, type Actor } from '../services/common.js';
import { loadOrganization, storedCustomerOf, upsertUser, type OrgRow } from '../services/organizations.js';
import { unauthorized } from './errors.js';

/** Organizations change rarely; a short cache saves a query per request without going stale. */
const ORG_TTL_MS = 2000;
/** Verified tokens remembered (a page sends the same token until it nears expiry). */
const TOKEN_CACHE_SIZE = 10_000;

type Claims = NonNullable<Awaited<ReturnType<typeof verifyToken>>>;

export class Authenticator {
  private readonly orgs = new Map<string, { row: OrgRow | null; at: number }>();
  private origins: { set: Set<string>; at: number } | null = null;
  /** Users whose current claims are already stored (so the upsert runs once per change). */
  private readonly stored = new Set<string>();
  /**
   * Tokens already verified, with the secret that verified them: a signature check (WebCrypto
   * HMAC) costs more than the rest of a small request. A hit still needs the organization's
   * current secret to be that one (a rotated secret drops its tokens within ORG_TTL_MS) and
   * the token not to have expired.
   */
  private readonly verified = new Map<string, { claims: Claims; secret: string }>();

  constructor(private readonly db: Db) {}

  async organization(id: string): Promise<OrgRow | null> {
    const hit = this.orgs.get(id);
    if (hit && Date.now() - hit.at < ORG_TTL_MS) return hit.row;
    const row = await loadOrganization(this.db, id);
    this.orgs.set(id, { row, at: Date.now() });
    return row;
  }

  /** Every organization's allowed origins: what a preflight (which carries no token) may use. */
  async allOrigins(): Promise<Set<string>> {
    if (this.origins && Date.now() - this.origins.at < ORG_TTL_MS) return this.origins.set;
    const rows = await this.db.query<{ origin: string }>(
      'SELECT DISTINCT jsonb_array_elements_text(allowed_origins) AS origin FROM organizations',
    );
    this.origins = { set: new Set(rows.map((r) => r.origin)), at: Date.now() };
    return this.origins.set;
  }

  forget(): void {
    this.orgs.clear();
    this.verified.clear();
    this.origins = null;
  }

  async authenticate(token: string | null): Promise<{ actor: Actor; org: OrgRow; expiresAt: number }> {
    if (!token) throw unauthorized();
    const claims = await this.verify(token);
    if (!claims) throw unauthorized('The token is invalid or expired.');
    const org = await this.organization(claims.organizationId);
    if (!org) throw unauthorized('The token is invalid or expired.');
    const customerId =
      claims.role === 'client'
        ? (claims.customerId ?? (await storedCustomerOf(this.db, claims.organizationId, claims.userId)))
        : null;
    const { expiresAt, ...identity } = claims;
    const actor = actorOf({ ...identity, customerId });
    const key = JSON.stringify([actor.organizationId, actor.userId, actor.name, actor.email, actor.role, actor.customerId]);
    if (!this.stored.has(key)) {
      await upsertUser(this.db, actor);
      if (this.stored.size > 50_000) this.stored.clear();
      this.stored.add(key);
    }
    return { actor, org, expiresAt };
  }

  private async verify(token: string): Promise<Claims | null> {
    const hit = this.verified.get(token);
    if (hit) {
      const org = await this.organization(hit.claims.organizationId);
      if (org?.jwt_secret === hit.secret && Date.now() < hit.claims.expiresAt) return hit.claims;
      this.verified.delete(token);
    }
    let secret: string | null = null;
    const claims = await verifyToken(token, async (id) => (secret = (await this.organization(id))?.jwt_secret ?? null));
    if (!claims || secret === null) return null;
    // Oldest first out: a Map iterates in insertion order.
    if (this.verified.size >= TOKEN_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, secret });
    return claims;
  }
}

export function bearerToken(header: string | null | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1]! : null;
}
