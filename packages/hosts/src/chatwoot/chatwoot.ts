/**
 * Ledgerside as a Chatwoot dashboard app (a conversation tab, an iframe filling it). Chatwoot
 * has no SDK: its dashboard posts `{ event: 'appContext', data: { conversation, contact,
 * currentAgent } }` as a JSON string to the app's window (app/javascript/dashboard/components/
 * widgets/DashboardApp/Frame.vue), and answers the app's `chatwoot-dashboard-app:fetch-info`
 * with the same. The app asks until it has a context, saying meanwhile that it waits.
 *
 * The message is unsigned and sent to any origin: it says which conversation is open, never
 * who may see it. The token comes from your own backend (`getToken`), which knows its user.
 */
import type { GetToken } from '@ledgerside/client';
import { hostContact } from '../contact.js';
import { HostApp, type HostAppOptions } from '../host-app.js';
import { HostSignInError } from '../session.js';

export const CHATWOOT_FETCH_INFO = 'chatwoot-dashboard-app:fetch-info';

export interface ChatwootContact {
  id: number | string;
  name?: string;
  email?: string | null;
  phone_number?: string | null;
  additional_attributes?: { company_name?: string; [key: string]: unknown };
}

export interface ChatwootAppContext {
  conversation?: { id?: number | string; meta?: { sender?: ChatwootContact } } | null;
  contact?: ChatwootContact | null;
  currentAgent?: { id?: number | string; name?: string; email?: string } | null;
}

export function chatwootContact(contact: ChatwootContact | null | undefined) {
  if (!contact) return undefined;
  return hostContact({
    id: `chatwoot-contact-${contact.id}`,
    name: contact.name,
    emails: [contact.email],
    company: contact.additional_attributes?.company_name,
    phone: contact.phone_number,
  });
}

/** `{ event: 'appContext', data }` from a message's data (a JSON string, or an object), or null. */
export function appContextOf(data: unknown): ChatwootAppContext | null {
  let message = data;
  if (typeof message === 'string') {
    try {
      message = JSON.parse(message);
    } catch {
      return null;
    }
  }
  if (!message || typeof message !== 'object' || (message as { event?: unknown }).event !== 'appContext') return null;
  const context = (message as { data?: unknown }).data;
  return context && typeof context === 'object' ? (context as ChatwootAppContext) : null;
}

export interface ChatwootAppOptions extends Omit<HostAppOptions, 'host' | 'resize'> {
  /** Your backend's Ledgerside token for the signed-in agent (`mintToken()` there). */
  getToken: GetToken;
  /** Chatwoot's origin; when given, messages from any other are ignored. */
  chatwootOrigin?: string;
  /** The window Chatwoot is (default `window.parent`). */
  parent?: Window;
  /** Between asks while no context came (ms); doubles up to 8 s. */
  askEveryMs?: number;
}

export function startChatwootApp(options: ChatwootAppOptions): HostApp {
  const parent = options.parent ?? window.parent;
  const app = new HostApp({ ...options, host: 'Chatwoot' });
  if (parent === window) {
    app.deny('outside-host');
    return app;
  }
  app.setAuth(() => async (tokenOptions) => {
    try {
      return await options.getToken(tokenOptions);
    } catch (error) {
      throw new HostSignInError('no-token', `Your backend gave no Ledgerside token: ${String(error)}`, { cause: error });
    }
  });
  app.wait('no-contact');

  let context: ChatwootAppContext | null = null;
  window.addEventListener('message', (event) => {
    if (event.source !== parent) return;
    if (options.chatwootOrigin && event.origin !== options.chatwootOrigin) return;
    const next = appContextOf(event.data);
    if (!next) return;
    context = next;
    const conversationId = next.conversation?.id;
    app.setRecord({
      ...(conversationId != null ? { ticketId: `chatwoot-${conversationId}` } : {}),
      contact: chatwootContact(next.contact ?? next.conversation?.meta?.sender),
    });
  });

  // Ask now and again until Chatwoot answers (it may not have the conversation yet).
  let wait = options.askEveryMs ?? 1000;
  const ask = () => {
    if (context) return;
    parent.postMessage(CHATWOOT_FETCH_INFO, '*');
    setTimeout(ask, wait);
    wait = Math.min(wait * 2, 8000);
  };
  ask();
  return app;
}
