/**
 * Tokens: short-lived HS256 JWTs minted by the host's backend with its organization's secret.
 * The browser only ever holds the token, never the secret.
 */
import { decodeJwt, jwtVerify, SignJWT } from 'jose';
import { Email, roles, type Role } from '@ledgerside/contract';

export const AUDIENCE = 'ledgerside';

export interface MintTokenOptions {
  organizationId: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  /** The organization's secret (what `GET /dev/users` never shows). */
  secret: string;
  /** Defaults to 10 minutes. */
  expiresInSeconds?: number;
  /** For a client user: the billing customer it acts for. */
  customerId?: string | null;
}

/** Mints a token for one user of one organization; call it on the host's backend. */
export async function mintToken(options: MintTokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    org: options.organizationId,
    name: options.name,
    email: options.email,
    role: options.role,
    ...(options.customerId ? { customerId: options.customerId } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.userId)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresInSeconds ?? 600))
    .sign(new TextEncoder().encode(options.secret));
}

export interface VerifiedClaims {
  organizationId: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  customerId: string | null;
  /** When the token expires (ms since the epoch). */
  expiresAt: number;
}

/** Verifies signature, expiry and audience against the organization's secret; null when invalid. */
export async function verifyToken(
  token: string,
  secretOf: (organizationId: string) => Promise<string | null>,
): Promise<VerifiedClaims | null> {
  let organizationId: unknown;
  try {
    organizationId = decodeJwt(token).org;
  } catch {
    return null;
  }
  if (typeof organizationId !== 'string' || !organizationId) return null;
  const secret = await secretOf(organizationId);
  if (!secret) return null;
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      audience: AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'sub', 'org'],
    });
    const { sub, name, email, role, customerId, exp } = payload as Record<string, unknown>;
    if (typeof sub !== 'string' || !sub || sub.length > 64) return null;
    if (!(roles as readonly unknown[]).includes(role)) return null;
    // The email is a claim the host must send: sessions, recipients and notifications use it.
    if (!Email.safeParse(email).success) return null;
    return {
      organizationId,
      userId: sub,
      name: typeof name === 'string' && name ? name : sub,
      email: email as string,
      role: role as Role,
      customerId: typeof customerId === 'string' && customerId ? customerId : null,
      expiresAt: Number(exp) * 1000,
    };
  } catch {
    return null;
  }
}
