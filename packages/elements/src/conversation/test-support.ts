/**
 * Shared helpers for the conversation and unread-badge browser tests, over the shared test
 * backend (the server's core in this tab: `../testing/backend.ts`).
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type { LedgerClient } from '@ledgerside/client';
import { demoIds, users } from '@ledgerside/mocks';
import { testClient } from '../testing/backend.js';
import type { LedgerConversation } from './ledger-conversation.js';
import '../provider/define.js';
import './define.js';
import '../unread-badge/define.js';

export const conversationPath = `/v1/conversations/${demoIds.conversationId}`;

export interface MountOptions {
  user?: string;
  type?: string;
  id?: string;
  height?: string;
  hidden?: boolean;
}

/** A provider with the caller's client and one conversation inside, in a sidebar-wide box. */
export async function mountConversation(o: MountOptions = {}): Promise<LedgerConversation> {
  const client = testClient(o.user);
  const wrapper = await fixture(
    html`<div style="width:360px;${o.hidden ? 'display:none' : ''}">
      <ledger-provider .client=${client} locale="en-US">
        <ledger-conversation
          style=${`--ledger-conversation-height:${o.height ?? '28rem'}`}
          transaction-type=${o.type ?? 'invoice'}
          transaction-id=${o.id ?? demoIds.invoices.sent}
        ></ledger-conversation>
      </ledger-provider>
    </div>`,
  );
  return wrapper.querySelector('ledger-conversation')!;
}

export async function mount(template: TemplateResult): Promise<HTMLElement> {
  return fixture(template);
}

export const shadow = (el: Element): ShadowRoot => el.shadowRoot!;

/** Waits until the thread (or its empty state) is shown. */
export async function loaded(el: LedgerConversation): Promise<void> {
  await waitUntil(() => shadow(el).querySelector('[role="log"] article, .empty'), 'the thread loads', { timeout: 5000 });
  await nextFrames();
}

export async function nextFrames(n = 2): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
}

export function thread(el: LedgerConversation): HTMLElement {
  return shadow(el).querySelector<HTMLElement>('[role="log"]')!;
}

/** The rendered row of a message (or of an outbox entry, `out:<key>`). */
export function row(el: LedgerConversation, key: string): HTMLElement | null {
  return shadow(el).querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
}

export function rowWithText(el: LedgerConversation, text: string): HTMLElement | undefined {
  return [...shadow(el).querySelectorAll<HTMLElement>('[role="log"] article')].find((a) => a.textContent!.includes(text));
}

/** Whether a row is inside the thread's visible area (at least partly). */
export function inView(el: LedgerConversation, rowEl: HTMLElement | null | undefined): boolean {
  if (!rowEl) return false;
  const view = thread(el).getBoundingClientRect();
  const rect = rowEl.getBoundingClientRect();
  return rect.bottom > view.top && rect.top < view.bottom;
}

export async function write(el: LedgerConversation, text: string): Promise<void> {
  const textarea = shadow(el).querySelector('textarea')!;
  textarea.value = text;
  textarea.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

export async function recipientsReady(el: LedgerConversation): Promise<void> {
  await waitUntil(() => {
    const toggle = shadow(el).querySelector<HTMLButtonElement>('.to-toggle');
    return toggle && !toggle.disabled;
  }, 'the recipients load');
}

export function postButton(el: LedgerConversation): HTMLButtonElement {
  return shadow(el).querySelector<HTMLButtonElement>('form button[type="submit"]')!;
}

/** Scrolls the thread as a reader would (a wheel turn, then the position). */
export function userScroll(el: LedgerConversation, top: number): void {
  const t = thread(el);
  t.dispatchEvent(new WheelEvent('wheel', { deltaY: top - t.scrollTop, bubbles: true }));
  t.scrollTop = top;
}

/** Scrolls the thread to its end, again while the virtualizer measures rows it had estimated. */
export async function scrollToBottom(el: LedgerConversation): Promise<void> {
  const t = thread(el);
  for (let i = 0; i < 20; i++) {
    userScroll(el, t.scrollHeight);
    await nextFrames(2);
    if (t.scrollHeight - t.scrollTop - t.clientHeight < 2) return;
  }
}

export { demoIds, users };
export { MockApi, settle, testClient, trackedFetch, type Sent } from '../testing/backend.js';

type Api = { as(user?: string): LedgerClient };

/** Someone (by default Ana, the client) writes on the demo thread, over HTTP as themselves; the new message's id. */
export async function say(api: Api, body: string, o: { by?: string; to?: string[]; conversationId?: string } = {}): Promise<string> {
  const { message } = await api.as(o.by ?? users.client.id).postMessage({
    params: { id: o.conversationId ?? demoIds.conversationId },
    body: { recipientIds: o.to ?? [users.agent.id], body },
  });
  return message.id;
}

/** A person has read the demo thread up to a message. */
export async function readUpTo(api: Api, user: string, messageId: string): Promise<void> {
  await api.as(user).markRead({ params: { id: demoIds.conversationId }, body: { messageId } });
}
