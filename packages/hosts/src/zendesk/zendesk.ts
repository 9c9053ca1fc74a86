/**
 * Ledgerside in a Zendesk ticket sidebar (Zendesk Apps Framework v2), read through the ZAF
 * SDK's client (`ZAFClient.init()`, npm `zendesk_app_framework_sdk`):
 * - the ticket and its requester (`client.get(['ticket.id', 'ticket.requester'])`), the agent
 *   (`currentUser`) for the language and the sign-in;
 * - the requester changing (`ticket.requester.id.changed`, `ticket.requester.email.changed`) and
 *   the app coming back into view (`app.activated`) re-read them;
 * - `client.invoke('resize', { height })` on every layout change;
 * - signing in: the `signedUrls` JWT that Zendesk POSTed with the page (the server put it in a
 *   `<meta name="ledgerside-host-proof">`) for a session, renewed without it afterwards.
 */
import type { HostSession } from '@ledgerside/contract';
import { hostContact } from '../contact.js';
import { HostApp, type HostAppOptions } from '../host-app.js';
import { HostSignInError, hostSessionTokens, sessionClient, toSignInError } from '../session.js';

/** The part of the ZAF client this adapter uses (the SDK's `Client`). */
export interface ZafClient {
  get(paths: string | string[]): Promise<Record<string, unknown>>;
  on(name: string, handler: (data: unknown) => void): void;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  context(): Promise<{ location?: string }>;
}

/** A Zendesk user as ZAF's `ticket.requester` and `currentUser` give it. */
export interface ZendeskUser {
  id: number | string;
  name?: string;
  email?: string;
  locale?: string;
  identities?: { type?: string; value?: string; primary?: boolean }[];
  organizations?: { id?: number; name?: string }[];
}

/** Zendesk documents no height limit; these keep a runaway layout from growing without end. */
export const ZENDESK_HEIGHT = { min: 80, max: 2400 } as const;
export const ZENDESK_LOCATIONS = ['ticket_sidebar', 'new_ticket_sidebar'] as const;

export function zendeskContact(user: ZendeskUser | null | undefined) {
  if (!user) return undefined;
  const identities = user.identities ?? [];
  const emails = [user.email, ...identities.filter((i) => i.type === 'email').sort((a, b) => Number(!!b.primary) - Number(!!a.primary)).map((i) => i.value)];
  return hostContact({
    id: `zendesk-user-${user.id}`,
    name: user.name,
    emails,
    company: user.organizations?.[0]?.name,
    phone: identities.find((i) => i.type === 'phone_number')?.value,
  });
}

/** The JWT the server put in the page from Zendesk's POST, or null (a reload brings none). */
export function zendeskProof(doc: Document = document): string | null {
  return doc.querySelector<HTMLMetaElement>('meta[name="ledgerside-host-proof"]')?.content.trim() || null;
}

export interface ZendeskAppOptions extends Omit<HostAppOptions, 'host' | 'resize'> {
  /** `ZAFClient.init()`: false when the page was opened outside Zendesk (no `origin`/`app_guid`). */
  client: ZafClient | false;
  /** Zendesk's signedUrls JWT; default the page's `<meta name="ledgerside-host-proof">`. */
  proof?: string | null;
}

export async function startZendeskApp(options: ZendeskAppOptions): Promise<HostApp> {
  const { client } = options;
  const app = new HostApp({
    ...options,
    host: 'Zendesk',
    ...(client ? { resize: { limits: ZENDESK_HEIGHT, report: (height: number) => client.invoke('resize', { width: '100%', height: `${height}px` }) } } : {}),
  });
  if (!client) {
    app.deny('outside-host');
    return app;
  }
  const context = await client.context();
  if (!(ZENDESK_LOCATIONS as readonly (string | undefined)[]).includes(context.location)) {
    app.deny('unsupported-place');
    return app;
  }

  const read = async () => {
    const data = await client.get(['ticket.id', 'ticket.requester', 'currentUser']);
    return {
      ticketId: data['ticket.id'] == null ? undefined : `zendesk-${data['ticket.id']}`,
      contact: zendeskContact(data['ticket.requester'] as ZendeskUser | undefined),
      agent: data.currentUser as ZendeskUser | undefined,
    };
  };
  const first = await read();
  app.setLocale(first.agent?.locale);

  const proof = options.proof === undefined ? zendeskProof() : options.proof;
  const api = sessionClient(app.apiBase);
  app.setAuth(() =>
    hostSessionTokens({
      first: async () => {
        if (!proof) throw new HostSignInError('session-ended', 'No signed proof from Zendesk: the app was reloaded without it.');
        const email = first.agent?.email;
        if (!email) throw new HostSignInError('no-token', 'Zendesk did not say who is signed in.');
        return api.zendeskHostSession({ body: { token: proof, user: { name: first.agent?.name ?? email, email } } }).catch((error: unknown) => {
          throw toSignInError(error, 'not-registered');
        });
      },
      again: async (previous: HostSession) => {
        if (!previous.renewal) throw new HostSignInError('session-ended', 'This session cannot be renewed.');
        return api.zendeskHostSession({ body: { renewal: previous.renewal.token } }).catch((error: unknown) => {
          throw toSignInError(error, 'session-ended');
        });
      },
    }),
  );
  app.setRecord({ ticketId: first.ticketId, contact: first.contact });

  // The requester changed on the ticket, or the agent came back to it: read them again.
  const refresh = () =>
    void read()
      .then(({ ticketId, contact }) => app.updateRecord({ ticketId, contact }))
      .catch((error: unknown) => console.warn('Ledgerside: could not read the ticket from Zendesk', error));
  for (const event of ['ticket.requester.id.changed', 'ticket.requester.email.changed', 'app.activated', 'ticket.saved']) client.on(event, refresh);
  return app;
}
