/**
 * Host sessions: a helpdesk or CRM app frame (packages/hosts) trades the host framework's
 * signed proof of who is looking — Zendesk's `signedUrls` JWT, Pipedrive's panel JWT — for a
 * short-lived Ledgerside token. The proof names the installation and the host user; the
 * installation (registered with the server's CLI) names the organization and the role.
 */
import { z } from 'zod/mini';
import { Email, Id, IsoDateTime, RoleSchema } from './schemas.js';

/** Host frameworks whose apps prove who the user is with a signed token the server checks. */
export const signedHostFrameworks = ['zendesk', 'pipedrive'] as const;
export type SignedHostFramework = (typeof signedHostFrameworks)[number];

/** A JWT as it travels: three base64url parts, bounded. */
export const HostProofToken = z.string().check(
  z.minLength(1, { error: 'Required' }),
  z.maxLength(8192, { error: 'At most 8192 characters' }),
  z.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, { error: 'Not a JWT' }),
);

/**
 * The host user's name and email as the host's SDK reports them (ZAF's `currentUser`; for
 * Pipedrive, the app's backend): the signed proof carries only the user's id, and Ledgerside
 * needs an address for notifications. The id, installation and organization come from the proof.
 */
export const HostUserDetails = z.object({
  name: z.optional(z.string().check(z.maxLength(200, { error: 'At most 200 characters' }))),
  email: Email,
});

export const HostProof = z.object({ token: HostProofToken, user: HostUserDetails });

/** A Zendesk session renewed with the renewal token its exchange gave (the ZAF JWT comes once). */
export const HostRenewal = z.object({ renewal: HostProofToken });

export const ZendeskSessionRequest = z.union([HostProof, HostRenewal]);
export const PipedriveSessionRequest = HostProof;

const HostSessionToken = z.object({ token: z.string(), expiresAt: IsoDateTime });

export const HostSession = z.object({
  /** The Ledgerside bearer token: keep it in memory, never in a cookie or storage. */
  token: z.string(),
  expiresAt: IsoDateTime,
  /**
   * Where the host's proof cannot be asked for again (Zendesk posts its JWT on the first load
   * only): a longer-lived token that `renewal` trades for a new session. Null where the host
   * signs a fresh proof on request (Pipedrive's `GET_SIGNED_TOKEN`).
   */
  renewal: z.nullable(HostSessionToken),
  user: z.object({ id: Id, name: z.string(), email: Email, role: RoleSchema }),
  organizationId: Id,
  installation: z.object({ framework: z.enum(signedHostFrameworks), id: z.string() }),
});
z.globalRegistry.add(HostSession, { id: 'HostSession' });

export type HostUserDetails = z.infer<typeof HostUserDetails>;
export type ZendeskSessionRequest = z.input<typeof ZendeskSessionRequest>;
export type PipedriveSessionRequest = z.input<typeof PipedriveSessionRequest>;
export type HostSession = z.infer<typeof HostSession>;
