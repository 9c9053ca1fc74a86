/**
 * Shared setup for the conversation and unread-badge browser tests: one msw worker per test
 * file, a fresh demo store per test, and a record of every request the components made.
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import { createLedgerClient } from '@ledgerside/client';
import { createScenario, demoIds, users, type MockStore, type Scenario } from '@ledgerside/mocks/legacy';
import { startMockWorker, type MockWorker } from '@ledgerside/mocks/browser';
import type { LedgerConversation } from './ledger-conversation.js';
import '../provider/define.js';
import './define.js';
import '../unread-badge/define.js';

export interface Sent {
  method: string;
  path: string;
  search: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export class MockApi {
  worker!: MockWorker['worker'];
  scenario!: Scenario;
  requests: Sent[] = [];
  #stop: MockWorker | undefined;


  get store(): MockStore {
    return this.scenario.store;
  }

  /** Call in `before`: starts the worker and starts recording requests. */
  async start(): Promise<void> {
    this.scenario = createScenario('demo');
    this.#stop = await startMockWorker(this.scenario, { quiet: true });
    this.worker = this.#stop.worker;
    this.worker.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (!url.pathname.startsWith('/v1/')) return;
      const entry: Sent = { method: request.method, path: url.pathname, search: url.searchParams, headers: request.headers, body: undefined };
      this.requests.push(entry);
      if (request.method !== 'GET') void request.clone().text().then((t) => (entry.body = t ? (JSON.parse(t) as unknown) : undefined));
    });
  }

  /**
   * Call in `beforeEach`: a fresh demo store (changed by `setup`), no runtime handlers, no
   * outbox. Waits for what the previous test's elements still had under way (a read marker
   * sent as the thread closed), so it cannot land in this test's store.
   */
  async reset(setup?: (store: MockStore) => void): Promise<void> {
    // The last test's elements were removed a moment ago; let what they started reach fetch.
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 100 && inFlight.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
    this.scenario = createScenario('demo');
    setup?.(this.scenario.store);
    this.worker.resetHandlers(...this.scenario.handlers);
    this.requests = [];
    for (const key of Object.keys(localStorage)) if (key.startsWith('ledgerside:')) localStorage.removeItem(key);
  }

  stop(): void {
    this.#stop?.();
  }

  made(method: string, path: string | RegExp): Sent[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }
}

/** Calls of the test clients under way, but the live event streams (they stay open). */
const inFlight = new Set<Promise<Response>>();

/** The fetch every test client uses, so a test can wait for the previous one's calls. */
export const trackedFetch: typeof fetch = (input, init) => {
  const call = fetch(input, init);
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!url.endsWith('/v1/events')) {
    inFlight.add(call);
    const done = () => inFlight.delete(call);
    call.then(done, done);
  }
  return call;
};

/** A client for a mock user, on the tracked fetch, with short retry delays. */
export function testClient(user: string = users.agent.id) {
  return createLedgerClient({ baseUrl: '', getToken: () => `mock:${user}`, retryDelay: () => 5, fetch: trackedFetch });
}

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
