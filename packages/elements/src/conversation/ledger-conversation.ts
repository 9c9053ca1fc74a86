import { fieldMessage } from '../base/issues.js';
import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { initialState, Task, TaskStatus } from '@lit/task';
import { virtualize, virtualizerRef, type VirtualizeDirectiveConfig, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';
import { isLedgerApiError } from '@ledgerside/client';
import {
  allowsConversation,
  MessageCreate,
  type Conversation,
  type Message,
  type Recipient,
  type TransactionType,
} from '@ledgerside/contract';
import { LedgerElement } from '../base/ledger-element.js';
import type { LedgerLocale } from '../context/locale.js';
import { describeError } from '../base/errors.js';
import { LiveEventsController } from '../controllers/live-events.js';
import { emptyState, errorBanner, skeleton } from '../ui/feedback.js';
import { linkify, type Segment } from './linkify.js';
import { eligibleKinds, transactionKindPlural } from './labels.js';
import { OutboxController, type Draft, type OutboxEntry, type OutboxView } from './outbox.js';
import { ReadTracker } from './read-tracker.js';
import { ThreadLayout } from './thread-layout.js';
import { conversationStyles } from './styles.js';
import { unreadShort } from '../i18n/plural.js';

/** Messages per request; older pages load as the reader scrolls up. */
const PAGE_SIZE = 50;
/** Within this distance of the top, the next older page starts loading. */
const LOAD_OLDER_AT_PX = 400;
/** Within this distance of the bottom, the reader counts as "at the bottom". */
const BOTTOM_SLACK_PX = 48;
/** Read markers are sent at most this often while the reader scrolls. */
const MARK_READ_DELAY_MS = 250;

interface StartItem {
  kind: 'start';
  state: 'more' | 'loading' | 'error' | 'beginning' | 'empty';
}
interface OutgoingItem {
  kind: 'outgoing';
  entry: OutboxView;
}
/**
 * A row of the thread. Messages are listed as loaded, with no wrapper: whether one is the
 * caller's, unread or first unread is worked out when its row renders, so a thread of
 * thousands costs one array copy, not an object per message.
 */
type ThreadItem = StartItem | Message | OutgoingItem;

const isMessage = (item: ThreadItem): item is Message => !('kind' in item);

interface Pin {
  index: number;
  block: 'start' | 'end';
}

interface LoadedThread {
  conversation: Conversation | null;
  items: Message[];
  nextCursor: string | null;
}

const chevron = svg`<path d="M3 6l5 5 5-5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/>`;

/**
 * A two-way conversation about one transaction (an invoice, a quote, a payment…) between the
 * firm's users and the client: a virtualized thread that loads older pages as the reader
 * scrolls up, a composer with recipients, an outbox that keeps unsent messages and the draft
 * across reloads and network loss, and unread tracking by what the reader actually sees.
 *
 * @summary The conversation thread of a transaction, with composer and unread count.
 *
 * @fires ledger-message-posted - A message of the caller's reached the server (`detail.message`).
 * @fires ledger-unread-changed - The caller's unread count for this transaction changed (`detail.count`).
 * @fires ledger-error - Loading the thread or marking it read failed (`detail.operation`).
 *
 * @csspart base - The frame around header, thread and composer.
 * @csspart header - The title row with the unread count.
 * @csspart thread - The scrolling `log` of messages.
 * @csspart message - One message's bubble.
 * @csspart new-messages - The "New messages ↓" button shown when messages arrive below.
 * @csspart composer - The form to write and post a message.
 * @csspart notice - The line saying why conversations are unavailable or read-only.
 * @csspart error - An error banner.
 * @csspart empty - The empty state.
 * @csspart skeleton - The loading placeholder.
 *
 * @cssprop --ledger-conversation-height - Height of the whole component (default 34rem).
 * @cssprop --ledger-conversation-bubble - Background of others' messages.
 * @cssprop --ledger-conversation-bubble-mine - Background of the caller's messages.
 * @cssprop --ledger-conversation-unread - Colour of unread markers and the count.
 */
export class LedgerConversation extends LedgerElement {
  static override styles = [...LedgerElement.styles, conversationStyles];

  private readonly outbox = new OutboxController(this, {
    send: (entry) => this.sendEntry(entry),
  });

  private readonly reads = new ReadTracker(this, {
    root: () => this.thread,
    container: () => this.thread,
    onSeen: (ids) => this.handleSeen(ids),
  });

  private readonly live = new LiveEventsController(this, ['message.posted'], (event) => this.receive(event.data.conversation, event.data.message));

  private readonly threadTask = new Task(this, {
    args: () => [this.client, this.transactionType, this.transactionId, this.userId] as const,
    task: async ([client, type, id, userId], { signal }): Promise<LoadedThread | typeof initialState> => {
      if (!client || !userId || !id || !allowsConversation(type)) return initialState;
      const { conversation } = await client.getConversation({ query: { transactionType: type, transactionId: id } }, { signal });
      if (!conversation) return { conversation: null, items: [], nextCursor: null };
      const page = await client.listMessages({ params: { id: conversation.id }, query: { limit: PAGE_SIZE } }, { signal });
      return { conversation, ...page };
    },
    onComplete: (loaded) => this.applyThread(loaded),
    onError: (error) => this.reportError(error, 'conversation.load'),
  });

  private readonly olderTask = new Task(this, {
    autoRun: false,
    args: () => [this.client, this.conversation?.id, this.nextCursor] as const,
    task: async ([client, id, cursor], { signal }) => {
      if (!client || !id || !cursor) return null;
      return client.listMessages({ params: { id }, query: { cursor, limit: PAGE_SIZE } }, { signal });
    },
    onComplete: (page) => {
      if (page) void this.prependOlder(page.items, page.nextCursor);
    },
  });

  private readonly recipientsTask = new Task(this, {
    args: () => [this.client, this.transactionType, this.transactionId, this.userId, this.canPost] as const,
    task: async ([client, type, id, userId, canPost], { signal }) => {
      if (!client || !userId || !id || !canPost || !allowsConversation(type)) return initialState;
      const { items } = await client.listRecipients({ query: { transactionType: type, transactionId: id } }, { signal });
      return items;
    },
    onComplete: (items) => this.applyDefaultRecipients(items),
  });

  /** The scrolling `log`; also the virtualizer's host (a scroller of its own, see renderThread). */
  @query('.thread') private thread?: VirtualizerHostElement;
  @query('textarea') private textarea?: HTMLTextAreaElement;
  @query('.to-toggle') private toToggle?: HTMLButtonElement;

  @state() private conversation: Conversation | null = null;
  @state() private messages: Message[] = [];
  @state() private nextCursor: string | null = null;
  /** The newest message the caller has read (null: none, or older than what is loaded). */
  @state() private readMarkerId: string | null = null;
  @state() private unread = 0;
  /** Where the "New" divider sits: the first unread message when the thread opened. */
  @state() private dividerId: string | null = null;
  @state() private newBelow = 0;
  @state() private atBottom = true;
  @state() private pin: Pin | null = null;
  @state() private draft: Draft = { body: '', recipientIds: [] };
  @state() private pickerOpen = false;
  @state() private fieldErrors: { recipients?: string; body?: string } = {};

  /** The kind of transaction (`invoice`, `quote`, `customer_payment`…). */
  @property({ attribute: 'transaction-type' }) transactionType = '';
  /** The transaction's id. */
  @property({ attribute: 'transaction-id' }) transactionId = '';

  #unreadAnnounced: string | null = null;
  /** The reader scrolled while pinned: the next render tells the virtualizer to let go. */
  #releasePin = false;
  #scopeShown: string | null = null;
  #recipientsTouched = false;
  #markTimer: ReturnType<typeof setTimeout> | undefined;
  #markTarget: string | null = null;
  #itemsCache: { key: unknown[]; items: ThreadItem[] } | undefined;
  /** The read marker's index in `messages` as of the last render. */
  #readIdx = -1;
  readonly #segments = new WeakMap<Message, Segment[]>();
  #clock: ReturnType<typeof setInterval> | undefined;
  /** Minutes of the clock so far: relative times are recomputed when it moves. */
  #tick = 0;
  readonly #times = new WeakMap<Message, { fmt: LedgerLocale; tick: number; absolute: string; relative: string }>();

  /** The caller's unread messages in this conversation (also sent as `ledger-unread-changed`). */
  get unreadCount(): number {
    return this.unread;
  }

  private get userId(): string | undefined {
    return this.sessionState.session?.user.id;
  }

  private get canPost(): boolean {
    return this.can('messages.post') && !this.integrationDisabled;
  }

  private get eligible(): boolean {
    return allowsConversation(this.transactionType);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Relative times ("5 min ago") move on while the thread is open.
    this.#clock = setInterval(() => {
      this.#tick++;
      this.requestUpdate();
    }, 60_000);
    window.addEventListener('online', this.handleOnline);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
    window.removeEventListener('online', this.handleOnline);
    // What was seen just before the thread closed still counts as read.
    if (this.#markTimer !== undefined && this.#markTarget) void this.sendReadMarker();
    clearTimeout(this.#markTimer);
    this.#markTimer = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('transactionType') || changed.has('transactionId')) this.resetThread();
    // The outbox belongs to one API, user and transaction; switch it when any of them changes.
    const scope = this.outboxScope();
    this.outbox.setScope(scope);
    if (scope !== null && this.#scopeShown !== scope) {
      this.#scopeShown = scope;
      this.draft = this.outbox.draft;
      this.#recipientsTouched = this.draft.recipientIds.length > 0;
    }
  }

  private outboxScope(): string | null {
    const client = this.client;
    const userId = this.userId;
    if (!client || !userId || !this.transactionId || !this.eligible) return null;
    return `${client.url('')}|${userId}|${this.transactionType}:${this.transactionId}`;
  }

  private resetThread(): void {
    this.conversation = null;
    this.messages = [];
    this.nextCursor = null;
    this.readMarkerId = null;
    this.dividerId = null;
    this.unread = 0;
    this.newBelow = 0;
    this.atBottom = true;
    this.pin = null;
    this.fieldErrors = {};
    this.pickerOpen = false;
    this.#markTarget = null;
    clearTimeout(this.#markTimer);
  }

  // ------------------------------------------------------------------ loading

  private applyThread(loaded: LoadedThread): void {
    const { conversation } = loaded;
    // A message sent while the page was loading may be missing from it: keep it.
    let extra: Message[] = [];
    if (this.messages.length) {
      const ids = new Set(loaded.items.map((m) => m.id));
      const lastAt = loaded.items.at(-1)?.createdAt ?? '';
      extra = this.messages.filter((m) => !ids.has(m.id) && m.conversationId === conversation?.id && m.createdAt >= lastAt);
    }
    this.conversation = conversation;
    this.messages = extra.length ? [...loaded.items, ...extra] : loaded.items;
    this.nextCursor = loaded.nextCursor;
    this.readMarkerId = conversation?.lastReadMessageId ?? null;
    this.setUnread(conversation?.unread ?? 0, true);
    this.newBelow = 0;
    // Open at the first unread message, else at the newest.
    let divider = -1;
    for (let i = this.readIndex() + 1; i < this.messages.length; i++) {
      if (this.messages[i]!.author.id !== this.userId) {
        divider = i;
        break;
      }
    }
    this.dividerId = divider >= 0 ? this.messages[divider]!.id : null;
    // Row 0 is the start of the thread, so message i is row i + 1.
    this.pin = divider >= 0 ? { index: divider + 1, block: 'start' } : { index: this.items().length - 1, block: 'end' };
    this.atBottom = divider < 0;
    if (this.recipientsTask.value) this.applyDefaultRecipients(this.recipientsTask.value);
    void this.afterLayout().then(() => this.maybeLoadOlder());
  }

  private applyDefaultRecipients(items: Recipient[]): void {
    if (this.#recipientsTouched) {
      // Keep the draft's choice, minus anyone no longer addressable.
      const allowed = new Set(items.map((r) => r.id));
      const kept = this.draft.recipientIds.filter((id) => allowed.has(id));
      if (kept.length !== this.draft.recipientIds.length) this.updateDraft({ recipientIds: kept });
      return;
    }
    // A reply goes back to whoever wrote last, when they can be addressed.
    const ids = new Set(items.map((r) => r.id));
    let lastOther: Message | undefined;
    for (let i = this.messages.length - 1; i >= 0 && !lastOther; i--) {
      const m = this.messages[i]!;
      if (m.author.id !== this.userId && ids.has(m.author.id)) lastOther = m;
    }
    const pick = lastOther ? [lastOther.author.id] : items.length === 1 ? [items[0]!.id] : [];
    // Not saved: a default is not something the person chose.
    this.draft = { ...this.draft, recipientIds: pick };
  }

  private async prependOlder(older: Message[], nextCursor: string | null): Promise<void> {
    const conversationId = this.conversation?.id;
    if (!older.length || older[0]!.conversationId !== conversationId) {
      this.nextCursor = nextCursor;
      return;
    }
    // Keep the message the reader is looking at where it is on screen.
    const anchor = this.visibleAnchor();
    const known = new Set(this.messages.map((m) => m.id));
    const added = older.filter((m) => !known.has(m.id));
    this.messages = [...added, ...this.messages];
    this.nextCursor = nextCursor;
    if (!anchor) return;
    const index = this.items().findIndex((item, i) => keyOf(item, i) === anchor.key);
    if (index < 0) return;
    this.pin = { index, block: 'start' };
    await this.afterLayout();
    const thread = this.thread;
    const el = this.findRow(anchor.key);
    if (!thread || !el) return;
    const drift = el.getBoundingClientRect().top - thread.getBoundingClientRect().top - anchor.offset;
    if (Math.abs(drift) >= 1) thread.scrollTop += drift;
  }

  /** The first message row at least partly in view, and how far its top is below the thread's. */
  private visibleAnchor(): { key: string; offset: number } | null {
    const thread = this.thread;
    if (!thread) return null;
    const top = thread.getBoundingClientRect().top;
    let best: { key: string; offset: number } | null = null;
    for (const el of thread.querySelectorAll<HTMLElement>('[data-key]')) {
      if (el.dataset.key === 'start') continue;
      const rect = el.getBoundingClientRect();
      if (rect.bottom <= top + 1) continue;
      const offset = rect.top - top;
      if (!best || offset < best.offset) best = { key: el.dataset.key!, offset };
    }
    return best;
  }

  private maybeLoadOlder(): void {
    const thread = this.thread;
    if (!thread || !this.nextCursor || this.olderTask.status === TaskStatus.PENDING || this.olderTask.status === TaskStatus.ERROR) return;
    if (thread.scrollTop < LOAD_OLDER_AT_PX) void this.olderTask.run();
  }

  /** Resolves after Lit has rendered and the virtualizer has measured and positioned rows. */
  private async afterLayout(): Promise<void> {
    await this.updateComplete;
    const virtualizer = this.thread?.[virtualizerRef];
    try {
      await virtualizer?.layoutComplete;
    } catch {
      // Disconnected meanwhile: nothing to wait for.
    }
  }

  // ------------------------------------------------------------------ live and posting

  /** A message from the live events, or the answer to one of ours. */
  private receive(conversation: Conversation, message: Message): void {
    if (conversation.transactionType !== this.transactionType || conversation.transactionId !== this.transactionId) return;
    if (!this.conversation || this.conversation.id !== conversation.id) this.conversation = conversation;
    const mine = message.author.id === this.userId;
    // Our own post answers for itself; the live copy may arrive first.
    if (mine && this.outbox.entries.some((e) => e.sending && e.body.trim() === message.body.trim())) return;
    if (this.messages.some((m) => m.id === message.id)) return;
    const wasAtBottom = this.atBottom;
    this.messages = [...this.messages, message];
    // The server moves the author's read marker to their own message.
    if (mine) this.readMarkerId = message.id;
    this.setUnread(conversation.unread);
    if (wasAtBottom || mine) this.stickToBottom();
    else this.newBelow += 1;
  }

  private async sendEntry(entry: OutboxEntry): Promise<void> {
    const client = this.client;
    const type = this.transactionType;
    const id = this.transactionId;
    if (!client || !allowsConversation(type)) throw new Error('Not connected');
    let conversationId = this.conversation?.id;
    if (!conversationId) {
      // The first message of a thread creates it (get-or-create, so a retry finds the same one).
      const conversation = await client.openConversation({ body: { transactionType: type, transactionId: id } });
      conversationId = conversation.id;
      if (!this.conversation && type === this.transactionType && id === this.transactionId) this.conversation = conversation;
    }
    const result = await client.postMessage(
      { params: { id: conversationId }, body: { transactionType: type, transactionId: id, recipientIds: entry.recipientIds, body: entry.body } },
      { idempotencyKey: entry.key },
    );
    this.emit('ledger-message-posted', { message: result.message });
    if (type !== this.transactionType || id !== this.transactionId) return;
    if (!this.messages.some((m) => m.id === result.message.id)) this.messages = [...this.messages, result.message];
    this.conversation = result.conversation;
    this.readMarkerId = result.message.id;
    this.setUnread(result.conversation.unread, true);
    if (this.atBottom) this.stickToBottom();
  }

  private stickToBottom(): void {
    this.newBelow = 0;
    this.atBottom = true;
    this.pin = { index: Number.MAX_SAFE_INTEGER, block: 'end' };
  }

  // ------------------------------------------------------------------ unread

  /**
   * `confirmed`: the count is the server's answer (to a read marker, a load, a post). It is
   * passed on even when the optimistic count already matched it, so the other counts under
   * the provider end on what the server holds.
   */
  private setUnread(count: number, confirmed = false): void {
    const key = `${this.transactionType}:${this.transactionId}`;
    const changed = count !== this.unread || this.#unreadAnnounced !== key;
    if (!changed && !confirmed) return;
    this.unread = count;
    this.#unreadAnnounced = key;
    if (!allowsConversation(this.transactionType)) return;
    this.live.reportUnread({ transactionType: this.transactionType, transactionId: this.transactionId, count });
    if (changed) this.emit('ledger-unread-changed', { count, transactionType: this.transactionType as TransactionType, transactionId: this.transactionId });
  }

  private readIndex(): number {
    return this.readMarkerId === null ? -1 : this.indexOfMessage(this.readMarkerId);
  }

  /** From the end: the messages asked about (read marker, seen ones) are nearly always the newest. */
  private indexOfMessage(id: string): number {
    const messages = this.messages;
    for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.id === id) return i;
    return -1;
  }

  private handleSeen(ids: string[]): void {
    const marker = this.readIndex();
    let newest = marker;
    for (const id of ids) newest = Math.max(newest, this.indexOfMessage(id));
    if (newest <= marker) return;
    let newlyRead = 0;
    for (let i = marker + 1; i <= newest; i++) if (this.messages[i]!.author.id !== this.userId) newlyRead++;
    const target = this.messages[newest]!;
    this.readMarkerId = target.id;
    this.setUnread(Math.max(0, this.unread - newlyRead));
    this.#markTarget = target.id;
    clearTimeout(this.#markTimer);
    this.#markTimer = setTimeout(() => {
      this.#markTimer = undefined;
      void this.sendReadMarker();
    }, MARK_READ_DELAY_MS);
  }

  private async sendReadMarker(): Promise<void> {
    const client = this.client;
    const conversation = this.conversation;
    const messageId = this.#markTarget;
    if (!client || !conversation || !messageId) return;
    try {
      const updated = await client.markRead({ params: { id: conversation.id }, body: { messageId } });
      // A newer marker may be on its way; its answer will set the count.
      if (this.#markTarget === messageId && this.conversation?.id === updated.id) {
        this.#markTarget = null;
        this.setUnread(updated.unread, true);
      }
    } catch (error) {
      this.reportError(error, 'conversation.markRead');
    }
  }

  // ------------------------------------------------------------------ handlers

  private handleOnline = (): void => {
    if (this.threadTask.status === TaskStatus.ERROR) void this.threadTask.run();
  };

  private handleScroll = (): void => {
    const thread = this.thread;
    if (!thread) return;
    const atBottom = thread.scrollHeight - thread.scrollTop - thread.clientHeight < BOTTOM_SLACK_PX;
    if (atBottom !== this.atBottom) this.atBottom = atBottom;
    if (atBottom && this.newBelow) this.newBelow = 0;
    this.maybeLoadOlder();
  };

  private handleUnpinned = (): void => {
    this.pin = null;
  };

  /**
   * The reader takes over scrolling (wheel, touch, scroll keys, the scrollbar). The
   * virtualizer unpins on a scroll event too, but not while it is correcting its own scroll
   * position, which would pull a reader who scrolls during a correction back.
   */
  private handleScrollIntent = (event: Event): void => {
    if (event.type === 'pointerdown' && event.target !== this.thread) return;
    if (event instanceof KeyboardEvent && !['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' '].includes(event.key)) return;
    if (!this.pin) return;
    this.pin = null;
    this.#releasePin = true;
  };

  /** The same, as a passive listener: it must never delay scrolling. */
  private readonly scrollIntent = { handleEvent: (event: Event) => this.handleScrollIntent(event), passive: true };

  private handleJump = (): void => {
    this.stickToBottom();
    this.thread?.focus({ preventScroll: true });
  };

  private handleLoadOlder = (): void => {
    void this.olderTask.run();
  };

  private handleThreadKeydown = (event: KeyboardEvent): void => {
    this.handleScrollIntent(event);
    if (['ArrowUp', 'ArrowDown', 'Home', 'End'].includes(event.key)) void this.moveFocus(event);
  };

  /** Up/Down move between messages, Home/End to the first and last loaded one. */
  private async moveFocus(event: KeyboardEvent): Promise<void> {
    const thread = this.thread;
    const host = thread;
    if (!thread || !host) return;
    const from = (event.target as HTMLElement).closest<HTMLElement>('.row[data-index]');
    if (!from && event.target !== thread) return;
    const items = this.items();
    let index: number;
    if (event.key === 'Home') index = 1;
    else if (event.key === 'End') index = items.length - 1;
    else if (from) index = Number(from.dataset.index) + (event.key === 'ArrowUp' ? -1 : 1);
    else index = this.edgeRowIndex(event.key === 'ArrowUp' ? 'last' : 'first');
    if (index < 1 || index >= items.length) return;
    event.preventDefault();
    let row = host.querySelector<HTMLElement>(`.row[data-index="${index}"]`);
    if (!row) {
      host[virtualizerRef]?.element(index)?.scrollIntoView({ block: event.key === 'ArrowUp' || event.key === 'Home' ? 'start' : 'end' });
      await this.afterLayout();
      row = host.querySelector<HTMLElement>(`.row[data-index="${index}"]`);
    }
    if (!row) return;
    const view = thread.getBoundingClientRect();
    const rect = row.getBoundingClientRect();
    if (rect.top < view.top) thread.scrollTop -= view.top - rect.top;
    else if (rect.bottom > view.bottom) thread.scrollTop += Math.min(rect.bottom - view.bottom, rect.top - view.top);
    row.focus({ preventScroll: true });
  }

  /** The index of the first or last message row fully in view (or nearest). */
  private edgeRowIndex(edge: 'first' | 'last'): number {
    const thread = this.thread!;
    const view = thread.getBoundingClientRect();
    const rows = [...thread.querySelectorAll<HTMLElement>('.row[data-index]')]
      .map((el) => ({ index: Number(el.dataset.index), rect: el.getBoundingClientRect() }))
      .filter((r) => r.rect.bottom > view.top && r.rect.top < view.bottom)
      .sort((a, b) => a.index - b.index);
    const pick = edge === 'first' ? rows[0] : rows.at(-1);
    return pick?.index ?? (edge === 'first' ? 1 : this.items().length - 1);
  }

  private handleBodyInput = (event: Event): void => {
    this.updateDraft({ body: (event.target as HTMLTextAreaElement).value });
    if (this.fieldErrors.body) this.fieldErrors = { ...this.fieldErrors, body: undefined };
  };

  private handleBodyKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.post();
    }
  };

  private handleSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    this.post();
  };

  private handleToggleRecipients = (): void => {
    this.pickerOpen = !this.pickerOpen;
  };

  private handlePickerKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    this.pickerOpen = false;
    this.toToggle?.focus();
  };

  private handleRecipientChange = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const ids = new Set(this.draft.recipientIds);
    if (input.checked) ids.add(input.value);
    else ids.delete(input.value);
    this.#recipientsTouched = true;
    this.updateDraft({ recipientIds: [...ids] });
    if (this.fieldErrors.recipients) this.fieldErrors = { ...this.fieldErrors, recipients: undefined };
  };

  private handleRetry = (event: Event): void => {
    const key = (event.currentTarget as HTMLElement).dataset.key;
    if (key) this.outbox.retry(key);
  };

  /** Takes an unsent message back into the composer: nothing typed is thrown away. */
  private handleEdit = (event: Event): void => {
    const key = (event.currentTarget as HTMLElement).dataset.key;
    const entry = this.outbox.entries.find((e) => e.key === key);
    if (!entry || entry.sending) return;
    this.outbox.discard(entry.key);
    const body = this.draft.body.trim() ? `${entry.body}\n\n${this.draft.body}` : entry.body;
    this.#recipientsTouched = true;
    this.updateDraft({ body, recipientIds: entry.recipientIds });
    this.focusComposer();
  };

  private handleRetryThread = (): void => {
    void this.threadTask.run();
  };

  private handleRetryOlder = (): void => {
    void this.olderTask.run();
  };

  private handleRetryRecipients = (): void => {
    void this.recipientsTask.run();
  };

  private handleWriteFirst = (): void => {
    this.focusComposer();
  };

  // ------------------------------------------------------------------ public

  /** Moves focus to the message box (e.g. when the host opens the conversation). */
  focusComposer(): void {
    void this.updateComplete.then(() => this.textarea?.focus());
  }

  // ------------------------------------------------------------------ helpers

  private updateDraft(change: Partial<Draft>): void {
    this.draft = { ...this.draft, ...change };
    this.outbox.saveDraft(this.draft);
  }

  private recipientsById(): Map<string, Recipient> {
    const list = this.recipientsTask.value ?? [];
    return new Map(list.map((r) => [r.id, r]));
  }

  private post(): void {
    if (!this.canPost) return;
    const known = this.recipientsById();
    const recipients = this.draft.recipientIds.map((id) => known.get(id)).filter((r): r is Recipient => !!r);
    const parsed = MessageCreate.safeParse({ recipientIds: recipients.map((r) => r.id), body: this.draft.body });
    if (!parsed.success) {
      const errors: { recipients?: string; body?: string } = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === 'recipientIds' ? 'recipients' : issue.path[0] === 'body' ? 'body' : undefined;
        if (field) errors[field] ??= field === 'body' && !this.draft.body.trim() ? msg('Write a message first.') : fieldMessage(issue);
      }
      if (errors.recipients && !this.recipientsById().size) errors.recipients = msg('There is nobody to address yet.');
      this.fieldErrors = errors;
      void this.updateComplete.then(() => (errors.recipients ? this.toToggle : this.textarea)?.focus());
      return;
    }
    this.fieldErrors = {};
    this.pickerOpen = false;
    this.outbox.enqueue(parsed.data.body, recipients);
    this.draft = this.outbox.draft;
    this.stickToBottom();
  }

  private findRow(key: string): HTMLElement | null {
    return this.thread?.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`) ?? null;
  }

  /**
   * The rows the virtualizer shows, memoized so an unrelated update does not re-measure them.
   * Read state is not part of them: a new read marker re-renders the rows in view, no more.
   */
  private items(): ThreadItem[] {
    const outgoing = this.outbox.entries;
    const olderStatus = this.olderTask.status;
    const key = [this.messages, this.nextCursor, olderStatus, outgoing.map((e) => `${e.key}:${e.status}:${e.sending}:${e.error ?? ''}`).join('|')];
    if (this.#itemsCache && key.every((k, i) => k === this.#itemsCache!.key[i])) return this.#itemsCache.items;
    const start: StartItem = {
      kind: 'start',
      state:
        olderStatus === TaskStatus.PENDING
          ? 'loading'
          : olderStatus === TaskStatus.ERROR
            ? 'error'
            : this.nextCursor
              ? 'more'
              : this.messages.length || outgoing.length
                ? 'beginning'
                : 'empty',
    };
    const items: ThreadItem[] = [start, ...this.messages];
    for (const entry of outgoing) items.push({ kind: 'outgoing', entry } satisfies OutgoingItem);
    this.#itemsCache = { key, items };
    return items;
  }

  /**
   * A message's time as shown, formatted once per locale and clock tick: rows re-render on
   * every update of the element (each keystroke in the composer), their time only with the clock.
   */
  private timeOf(message: Message): { absolute: string; relative: string } {
    const fmt = this.fmt;
    let time = this.#times.get(message);
    if (!time || time.fmt !== fmt || time.tick !== this.#tick) {
      time = { fmt, tick: this.#tick, absolute: fmt.dateTime(message.createdAt), relative: fmt.relative(message.createdAt) };
      this.#times.set(message, time);
    }
    return time;
  }

  private segmentsOf(message: Message): Segment[] {
    let segments = this.#segments.get(message);
    if (!segments) this.#segments.set(message, (segments = linkify(message.body)));
    return segments;
  }

  private listOf(names: string[]): string {
    // One name is itself in every locale: no formatter needed (most messages have one recipient).
    if (names.length < 2) return names[0] ?? '';
    const format = listFormat(this.fmt.locale);
    return format ? format.format(names) : names.join(', ');
  }

  // ------------------------------------------------------------------ render

  override render() {
    const unread = this.unread;
    const header = html`<div class="head" part="header">
      <h2>${msg('Conversation')}</h2>
      ${this.eligible && unread > 0 ? html`<span class="count">${unreadShort(unread, this.fmt.number(unread))}</span>` : nothing}
    </div>`;

    if (!this.transactionId) {
      return html`<div class="frame compact" part="base">${header}${emptyState(msg('Choose a transaction to see its conversation.'))}</div>`;
    }
    if (!this.eligible) {
      return html`<div class="frame compact" part="base">
        ${header}
        <p class="banner info notice" part="notice">
          ${msg(str`Conversations are not available for ${transactionKindPlural(this.transactionType)}. You can discuss ${eligibleKinds(this.fmt.locale)}.`)}
        </p>
      </div>`;
    }
    if (this.sessionState.status === 'error') {
      return html`<div class="frame compact" part="base">${header}<div class="notice">${errorBanner(this.sessionState.error)}</div></div>`;
    }
    if (this.sessionState.status === 'ready' && !this.can('conversations.read')) {
      return html`<div class="frame compact" part="base">
        ${header}
        <p class="banner info notice" part="notice">${msg('Your role cannot see conversations.')}</p>
      </div>`;
    }

    return html`<div class="frame" part="base">
      ${header}
      ${this.threadTask.render({
        initial: () => html`<div class="thread-wrap">${skeleton(4, msg('Loading the conversation…'))}</div>`,
        pending: () => html`<div class="thread-wrap">${skeleton(4, msg('Loading the conversation…'))}</div>`,
        error: (error) => html`<div class="thread-wrap"><div class="notice">${errorBanner(error, this.handleRetryThread, this.threadError(error))}</div></div>`,
        complete: () => this.renderThread(),
      })}
      ${this.threadTask.status === TaskStatus.COMPLETE ? this.renderComposer() : nothing}
    </div>`;
  }

  private threadError(error: unknown): string {
    if (isLedgerApiError(error) && error.status === 404) return msg('This transaction was not found, or you do not have access to it.');
    return describeError(error);
  }

  private renderThread(): TemplateResult {
    const items = this.items();
    // For the rows rendered until the next update (the virtualizer renders rows on scroll too).
    this.#readIdx = this.readIndex();
    const layout = this.pin
      ? { type: ThreadLayout, pin: { ...this.pin, index: Math.min(this.pin.index, items.length - 1) } }
      : this.#releasePin
        ? { type: ThreadLayout, pin: null as unknown as undefined }
        : { type: ThreadLayout };
    this.#releasePin = false;
    const empty = items.length === 1;
    const busy = this.threadTask.status === TaskStatus.PENDING || this.olderTask.status === TaskStatus.PENDING;
    // The virtualizer is its own scroller: as a directive it starts inside a template not yet
    // in the document, where it could not find a scrolling ancestor.
    return html`<div class="thread-wrap">
      ${empty
        ? emptyState(
            msg('No messages about this transaction yet.'),
            this.canPost ? html`<button class="btn" type="button" @click=${this.handleWriteFirst}>${msg('Write the first message')}</button>` : undefined,
          )
        : html`<div
            class="thread"
            part="thread"
            role="log"
            aria-label=${msg('Messages')}
            aria-busy=${busy ? 'true' : 'false'}
            tabindex="0"
            @scroll=${this.handleScroll}
            @keydown=${this.handleThreadKeydown}
            @unpinned=${this.handleUnpinned}
            @wheel=${this.scrollIntent}
            @touchstart=${this.scrollIntent}
            @pointerdown=${this.scrollIntent}
          >
            ${this.renderRows(items, layout)}
          </div>`}
      <div class="jump" aria-live="polite">
        ${this.newBelow > 0
          ? html`<button class="btn small" part="new-messages" type="button" @click=${this.handleJump}>
              ${this.newBelow === 1 ? msg('1 new message ↓') : msg(str`${this.newBelow} new messages ↓`)}
            </button>`
          : nothing}
      </div>
    </div>`;
  }

  /** The thread's rows: only those in view and around it, through the virtualizer. */
  private renderRows(items: ThreadItem[], layout: VirtualizeDirectiveConfig<ThreadItem>['layout']): unknown {
    return virtualize({
      items,
      keyFunction: keyOf,
      renderItem: (item: ThreadItem | undefined, index: number) => this.renderItem(item, index),
      layout,
      scroller: true,
    });
  }

  private renderItem(item: ThreadItem | undefined, index: number): TemplateResult {
    // The virtualizer may render its old range once after the list got shorter.
    if (!item) return html`<div class="row" data-key=${`gone:${index}`}></div>`;
    if (isMessage(item)) return this.renderMessage(item, index);
    return item.kind === 'start' ? this.renderStart(item.state) : this.renderOutgoing(item.entry, index);
  }

  private renderStart(state: StartItem['state']): TemplateResult {
    switch (state) {
      case 'loading':
        return html`<div class="row older" data-key="start"><span class="spinner" aria-hidden="true"></span>${msg('Loading earlier messages…')}</div>`;
      case 'error':
        return html`<div class="row older" data-key="start">
          ${errorBanner(this.olderTask.error, this.handleRetryOlder, msg('Earlier messages could not be loaded.'))}
        </div>`;
      case 'more':
        return html`<div class="row older" data-key="start">
          <button class="btn small ghost" type="button" @click=${this.handleLoadOlder}>${msg('Load earlier messages')}</button>
        </div>`;
      case 'beginning':
      case 'empty':
        return html`<div class="row start" data-key="start">${msg('Start of the conversation')}</div>`;
    }
  }

  private renderMeta(author: string, side: 'firm' | 'client', message: Message | null, unread: boolean): TemplateResult {
    return html`<div class="meta">
      ${unread ? html`<span class="dot" aria-hidden="true"></span><span class="visually-hidden">${msg('Unread')}</span>` : nothing}
      <span class="author truncate" title=${author}>${author}</span>
      <span class="side" data-side=${side}>${side === 'client' ? msg('Client') : msg('Firm')}</span>
      ${message ? this.renderTime(message) : nothing}
    </div>`;
  }

  private renderTime(message: Message): TemplateResult {
    const iso = message.createdAt;
    const { absolute, relative } = this.timeOf(message);
    return html`<time datetime=${iso} title=${absolute}
      ><span class="rel" aria-hidden="true">${relative}</span><span class="abs">${absolute}</span></time
    >`;
  }

  private renderRecipients(recipients: readonly Recipient[]): TemplateResult | typeof nothing {
    if (!recipients.length) return nothing;
    const names = this.listOf(recipients.map((r) => r.name));
    return html`<div class="to truncate" title=${names}>${msg(str`To: ${names}`)}</div>`;
  }

  /** Row `index` is message `index - 1` (row 0 is the start of the thread). */
  private renderMessage(message: Message, index: number): TemplateResult {
    const mine = message.author.id === this.userId;
    const unread = !mine && index - 1 > this.#readIdx;
    const firstUnread = message.id === this.dividerId;
    return html`<article
      class="row"
      tabindex="-1"
      data-key=${message.id}
      data-index=${index}
      data-message-id=${message.id}
      ?data-mine=${mine}
      ?data-unread=${unread}
    >
      ${firstUnread ? html`<div class="divider" aria-hidden="true">${msg('New')}</div>` : nothing}
      <div class="bubble" part="message">
        ${this.renderMeta(mine ? msg('You') : message.author.name, message.author.side, message, unread)}
        <p class="body">${this.segmentsOf(message).map((s) => (s.href ? html`<a href=${s.href} target="_blank" rel="noopener noreferrer nofollow">${s.text}</a>` : s.text))}</p>
        ${this.renderRecipients(message.recipients)}
      </div>
    </article>`;
  }

  private renderOutgoing(entry: OutboxView, index: number): TemplateResult {
    const side = this.sessionState.session?.user.role === 'client' ? 'client' : 'firm';
    const state = entry.sending ? 'sending' : entry.offline ? 'waiting' : entry.error ? 'failed' : 'queued';
    return html`<article class="row" tabindex="-1" data-key=${`out:${entry.key}`} data-index=${index} data-mine data-state=${state}>
      <div class="bubble" part="message">
        ${this.renderMeta(msg('You'), side, null, false)}
        <p class="body">${entry.body}</p>
        ${this.renderRecipients(entry.recipients)}
        ${state === 'sending' || state === 'queued'
          ? html`<div class="state">
              ${state === 'sending' ? html`<span class="spinner" aria-hidden="true"></span>${msg('Sending…')}` : msg('Waiting to send…')}
            </div>`
          : html`<div class="state bad">
              <span class="grow"
                >${state === 'waiting'
                  ? msg("Not sent yet: there is no connection. It will be sent when you're back online.")
                  : msg(str`Not sent: ${entry.error ?? ''}`)}</span
              >
              <button class="btn small" type="button" data-key=${entry.key} @click=${this.handleRetry}>${msg('Retry')}</button>
              <button class="btn small ghost" type="button" data-key=${entry.key} @click=${this.handleEdit}>${msg('Edit')}</button>
            </div>`}
      </div>
    </article>`;
  }

  private renderComposer(): TemplateResult {
    if (this.sessionState.status !== 'ready') return html``;
    if (!this.canPost) {
      const why = this.integrationDisabled
        ? msg('The billing integration is turned off, so new messages cannot be posted.')
        : msg('Your role can read this conversation but not post to it.');
      return html`<p class="readonly" part="notice">${why}</p>`;
    }
    const errors = this.fieldErrors;
    return html`<form class="composer" part="composer" novalidate @submit=${this.handleSubmit}>
      ${this.renderRecipientPicker()}
      <label class="visually-hidden" for="body">${msg('Message')}</label>
      <textarea
        id="body"
        name="body"
        rows="3"
        .value=${this.draft.body}
        placeholder=${msg('Write a message…')}
        aria-invalid=${errors.body ? 'true' : 'false'}
        aria-describedby=${errors.body ? 'body-error post-hint' : 'post-hint'}
        @input=${this.handleBodyInput}
        @keydown=${this.handleBodyKeydown}
      ></textarea>
      ${errors.body ? html`<span class="error" id="body-error">${errors.body}</span>` : nothing}
      <div class="actions">
        <span class="hint" id="post-hint">${msg('Ctrl+Enter to post')}</span>
        <button class="btn primary" type="submit" ?disabled=${!this.draft.body.trim()}>${msg('Post')}</button>
      </div>
    </form>`;
  }

  private renderRecipientPicker(): TemplateResult {
    const errors = this.fieldErrors;
    return html`${this.recipientsTask.render({
      pending: () => html`<button class="to-toggle" type="button" disabled>
        <span class="label">${msg('To:')}</span><span class="names placeholder">${msg('Loading recipients…')}</span>
      </button>`,
      error: () => html`<div class="inline-error" role="alert">
        <span class="grow">${msg('The list of recipients could not be loaded.')}</span>
        <button class="btn small" type="button" @click=${this.handleRetryRecipients}>${msg('Retry')}</button>
      </div>`,
      complete: (recipients) => {
        const chosen = new Set(this.draft.recipientIds);
        const names = recipients.filter((r) => chosen.has(r.id)).map((r) => r.name);
        const groups = [
          { legend: msg('Firm'), items: recipients.filter((r) => r.kind === 'firm_user') },
          { legend: msg('Client'), items: recipients.filter((r) => r.kind === 'customer_contact') },
        ].filter((g) => g.items.length);
        return html`<button
            class="to-toggle"
            type="button"
            aria-expanded=${this.pickerOpen ? 'true' : 'false'}
            aria-controls="recipients"
            aria-invalid=${errors.recipients ? 'true' : 'false'}
            aria-describedby=${errors.recipients ? 'recipients-error' : nothing}
            @click=${this.handleToggleRecipients}
          >
            <span class="label">${msg('To:')}</span>
            <span class="names truncate ${names.length ? '' : 'placeholder'}" title=${names.join(', ')}
              >${names.length ? this.listOf(names) : msg('Choose recipients')}</span
            >
            <svg class="chevron" viewBox="0 0 16 16" aria-hidden="true">${chevron}</svg>
          </button>
          ${errors.recipients ? html`<span class="error" id="recipients-error">${errors.recipients}</span>` : nothing}
          <div class="picker" id="recipients" ?hidden=${!this.pickerOpen} @keydown=${this.handlePickerKeydown}>
            ${groups.map(
              (group) => html`<fieldset>
                <legend>${group.legend}</legend>
                ${group.items.map(
                  (r) => html`<label class="option">
                    <input type="checkbox" name="recipient" .value=${r.id} .checked=${chosen.has(r.id)} @change=${this.handleRecipientChange} />
                    <span class="who"><span class="truncate">${r.name}</span><span class="email truncate">${r.email}</span></span>
                  </label>`,
                )}
              </fieldset>`,
            )}
          </div>`;
      },
    })}`;
  }
}

function keyOf(item: ThreadItem | undefined, index: number): string {
  if (!item) return `gone:${index}`;
  if (isMessage(item)) return item.id;
  return item.kind === 'start' ? 'start' : `out:${item.entry.key}`;
}

/** One formatter per locale (making one costs more than formatting a row); null where Intl.ListFormat is missing. */
const listFormats = new Map<string, Intl.ListFormat | null>();
function listFormat(locale: string): Intl.ListFormat | null {
  let format = listFormats.get(locale);
  if (format === undefined) {
    try {
      format = new Intl.ListFormat(locale, { type: 'conjunction' });
    } catch {
      format = null;
    }
    listFormats.set(locale, format);
  }
  return format;
}

declare global {
  interface HTMLElementTagNameMap {
    'ledger-conversation': LedgerConversation;
  }
}
