/**
 * Ledgerside in Zoho Desk's ticket right panel (`desk.ticket.detail.rightpanel`), through the
 * Zoho Desk client SDK (./sdk.ts):
 * - `ZOHODESK.extension.onload()` gives the app (and the agent's locale);
 * - `ZOHODESK.get('ticket.id' | 'ticket.email' | 'ticket.contactId' | 'user')` the ticket, its
 *   contact and the agent;
 * - the token comes from your backend through Zoho's Request API (`ZOHODESK.request`), which
 *   adds the extension's secure config (a key only Zoho's server and your backend know) on its
 *   way: your backend checks it, then `mintToken()`s for the agent it is told about. Zoho Desk
 *   signs nothing about the user; the key proves the call came through your installation.
 * The panel's size is Zoho's; a ticket opened anew loads the panel anew.
 */
import type { GetToken } from '@ledgerside/client';
import { emailOf, hostContact } from '../contact.js';
import { HostApp, type HostAppOptions } from '../host-app.js';
import { HostSignInError } from '../session.js';
import { tokenFromAnswer } from '../token-answer.js';
import { zohoDeskSdk, type ZohoDeskSdk } from './sdk.js';

/** The secure config parameter of plugin-manifest.json that Zoho fills in on its server. */
export const ZOHO_DESK_KEY_PLACEHOLDER = '{{config.ledgersideKey}}';

export interface ZohoDeskAppOptions extends Omit<HostAppOptions, 'host' | 'resize'> {
  /** Default `window.ZOHODESK`. */
  sdk?: ZohoDeskSdk | null;
  /** Your backend's token endpoint, called through Zoho's Request API. */
  tokenUrl: string;
}

async function value(sdk: ZohoDeskSdk, key: string): Promise<unknown> {
  try {
    const answer = await sdk.get(key);
    return answer?.status === 'success' || !('status' in (answer ?? {})) ? answer?.[key] : undefined;
  } catch {
    return undefined;
  }
}

export async function startZohoDeskApp(options: ZohoDeskAppOptions): Promise<HostApp> {
  const sdk = options.sdk === undefined ? zohoDeskSdk() : options.sdk;
  const app = new HostApp({ ...options, host: 'Zoho Desk' });
  if (!sdk) {
    app.deny('outside-host');
    return app;
  }
  const extension = await sdk.extension.onload();
  app.setLocale(extension?.locale);
  const [ticketId, email, contactId, user] = await Promise.all(['ticket.id', 'ticket.email', 'ticket.contactId', 'user'].map((key) => value(sdk, key)));
  const agent = (user ?? {}) as { email?: string; firstName?: string; lastName?: string; name?: string; id?: string };

  const getToken: GetToken = async () => {
    let answer: unknown;
    try {
      answer = await sdk.request({
        url: options.tokenUrl,
        type: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Ledgerside-Key': ZOHO_DESK_KEY_PLACEHOLDER },
        postBody: { host: 'zoho-desk', agent: { id: agent.id, email: emailOf(agent.email), name: agent.name ?? [agent.firstName, agent.lastName].filter(Boolean).join(' ') } },
        responseType: 'json',
      });
    } catch (error) {
      throw new HostSignInError('no-token', `Zoho's Request API failed: ${String(error)}`, { cause: error });
    }
    const token = tokenFromAnswer(answer);
    if (!token) throw new HostSignInError('no-token', 'Your backend answered no token through Zoho.');
    return token;
  };
  app.setAuth(() => getToken);
  app.setRecord({
    ...(ticketId != null && ticketId !== '' ? { ticketId: `zoho-desk-${ticketId}` } : {}),
    contact: hostContact({ id: contactId != null && contactId !== '' ? `zoho-desk-contact-${contactId}` : undefined, emails: [email] }),
  });
  return app;
}
