/**
 * Ledgerside in a Freshdesk ticket sidebar (`support_ticket` → `ticket_sidebar`), through the
 * Freshworks app client (./sdk.ts):
 * - `app.initialized()` gives the client; `client.data.get('ticket' | 'requester' |
 *   'loggedInUser' | 'time_entry')` the ticket, its requester, the agent and the ticket's time;
 * - `app.activated` (the agent opened another ticket, or came back) re-reads them;
 * - `client.instance.resize({ height })` on every layout change, up to Freshdesk's 700 px;
 * - the token comes from your backend through a request template (`ledgersideToken` in
 *   config/requests.json), which carries a secure installation parameter (a key only
 *   Freshworks' server and your backend know); Freshdesk signs nothing about the agent.
 * Time entries carry no rate in Freshdesk: the installation's `hourly_rate` and `currency`
 * (config/iparams.json) price them.
 */
import { parseMajor, isSupportedCurrency, type TimeEntryInput } from '@ledgerside/contract';
import { emailOf, hostContact, idOf } from '../contact.js';
import { HostApp, type HostAppOptions } from '../host-app.js';
import { HostSignInError } from '../session.js';
import { tokenFromAnswer } from '../token-answer.js';
import { freshworksApp, type FreshdeskClient, type FreshworksApp } from './sdk.js';

export const FRESHDESK_HEIGHT = { min: 80, max: 700 } as const;
export const FRESHDESK_TOKEN_TEMPLATE = 'ledgersideToken';

export interface FreshdeskTimeEntry {
  id: number | string;
  billable?: boolean;
  note?: string | null;
  agent_id?: number | string | null;
  /** "hh:mm", as Freshdesk's API writes it. */
  time_spent?: string | null;
  executed_at?: string | null;
  created_at?: string | null;
}

/** "01:30" → 90; anything else → 0. */
export function minutesOf(timeSpent: string | null | undefined): number {
  const match = /^(\d{1,4}):([0-5]\d)$/.exec((timeSpent ?? '').trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : 0;
}

/** Freshdesk's time entries of the ticket, priced at the installation's rate; entries of no time are left out. */
export function freshdeskTimeEntries(entries: readonly FreshdeskTimeEntry[], rate: { hourlyRate: number; currency: string }): TimeEntryInput[] {
  return entries.flatMap((entry) => {
    const hostId = idOf(`freshdesk-time-${entry.id}`);
    const minutes = minutesOf(entry.time_spent);
    const date = (entry.executed_at ?? entry.created_at ?? '').slice(0, 10);
    if (!hostId || minutes < 1 || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return [];
    return [{
      hostId,
      userId: idOf(`freshdesk-agent-${entry.agent_id ?? 'unknown'}`) ?? 'freshdesk-agent',
      date,
      minutes,
      description: (entry.note ?? '').trim().slice(0, 2000),
      billable: entry.billable !== false,
      hourlyRate: rate.hourlyRate,
      currency: rate.currency,
    }];
  });
}

export interface FreshdeskAppOptions extends Omit<HostAppOptions, 'host' | 'resize'> {
  /** Default `window.app` (from the host page's app client). */
  app?: FreshworksApp | null;
}

/** The installation's rate: `hourly_rate` in major units ("120.00") and `currency`, or null. */
function rateOf(iparams: Record<string, unknown>): { hourlyRate: number; currency: string } | null {
  const currency = String(iparams.currency ?? '').trim().toUpperCase();
  if (!isSupportedCurrency(currency)) return null;
  const hourlyRate = parseMajor(String(iparams.hourly_rate ?? ''), currency);
  return hourlyRate === null || hourlyRate < 0 ? null : { hourlyRate, currency };
}

export async function startFreshdeskApp(options: FreshdeskAppOptions = {}): Promise<HostApp> {
  const framework = options.app === undefined ? freshworksApp() : options.app;
  if (!framework) {
    const app = new HostApp({ ...options, host: 'Freshdesk' });
    app.deny('outside-host');
    return app;
  }
  const client: FreshdeskClient = await framework.initialized();
  const app = new HostApp({
    ...options,
    host: 'Freshdesk',
    resize: { limits: FRESHDESK_HEIGHT, report: (height: number) => client.instance.resize({ height: `${height}px` }) },
  });
  const rate = rateOf(await client.iparams.get().catch(() => ({})));

  const read = async () => {
    const get = async (name: 'ticket' | 'requester' | 'loggedInUser' | 'time_entry') => ((await client.data.get(name).catch(() => ({}))) as Record<string, unknown>)[name];
    const [ticket, requester, agent, time] = await Promise.all([get('ticket'), get('requester'), get('loggedInUser'), get('time_entry')]);
    const t = (ticket ?? {}) as { id?: number | string };
    const r = (requester ?? null) as { id?: number | string; name?: string; email?: string; other_emails?: string[]; phone?: string; mobile?: string; company?: { name?: string } } | null;
    const entries = Array.isArray(time) ? time : time ? [time] : [];
    return {
      ticketId: t.id != null ? `freshdesk-${t.id}` : undefined,
      contact: r ? hostContact({ id: `freshdesk-contact-${r.id}`, name: r.name, emails: [r.email, ...(r.other_emails ?? [])], phone: r.phone || r.mobile, company: r.company?.name }) : undefined,
      timeEntries: rate ? freshdeskTimeEntries(entries as FreshdeskTimeEntry[], rate) : undefined,
      agent: (agent ?? {}) as { id?: number | string; contact?: { name?: string; email?: string; language?: string } },
    };
  };
  const first = await read();
  app.setLocale(first.agent.contact?.language);
  app.setAuth(() => async () => {
    let answer: unknown;
    try {
      answer = await client.request.invokeTemplate(FRESHDESK_TOKEN_TEMPLATE, {
        body: JSON.stringify({ host: 'freshdesk', agent: { id: first.agent.id, email: emailOf(first.agent.contact?.email), name: first.agent.contact?.name } }),
      });
    } catch (error) {
      throw new HostSignInError('no-token', `The request template failed: ${JSON.stringify(error)}`, { cause: error });
    }
    const token = tokenFromAnswer(answer);
    if (!token) throw new HostSignInError('no-token', 'Your backend answered no token through Freshdesk.');
    return token;
  });
  const record = (r: Awaited<ReturnType<typeof read>>) => ({ ticketId: r.ticketId, contact: r.contact, ...(r.timeEntries ? { timeEntries: r.timeEntries } : {}) });
  app.setRecord(record(first));
  client.events.on('app.activated', () => {
    void read()
      .then((r) => app.setRecord(record(r)))
      .catch((error: unknown) => console.warn('Ledgerside: could not read the ticket from Freshdesk', error));
  });
  return app;
}
