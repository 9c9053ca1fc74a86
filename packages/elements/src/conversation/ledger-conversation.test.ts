import { aTimeout, expect, oneEvent, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { Message } from '@ledgerside/contract';
import type { LedgerEvent } from '../events.js';
import { contacts, customers } from '@ledgerside/mocks';
import {
  conversationPath,
  demoIds,
  inView,
  loaded,
  MockApi,
  mountConversation,
  nextFrames,
  postButton,
  readUpTo,
  recipientsReady,
  row,
  rowWithText,
  say,
  scrollToBottom,
  shadow,
  thread,
  users,
  userScroll,
  write,
} from './test-support.js';

const api = new MockApi();
const messagesRoute = '*/v1/conversations/:id/messages';
const ineligible = ['sales_receipt', 'expense', 'billable_expense', 'delayed_charge', 'credit_memo', 'paycheck'] as const;

/** Everything in the server's thread, oldest first. */
async function stored(conversationId: string = demoIds.conversationId, as: string = users.agent.id): Promise<Message[]> {
  const all: Message[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.as(as).listMessages({ params: { id: conversationId }, query: cursor ? { cursor, limit: 200 } : { limit: 200 } });
    all.unshift(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** Opens the recipient list and ticks a person. */
async function choose(el: HTMLElement & { updateComplete: Promise<boolean> }, name: string): Promise<void> {
  const toggle = shadow(el).querySelector<HTMLButtonElement>('.to-toggle')!;
  if (toggle.getAttribute('aria-expanded') !== 'true') toggle.click();
  await el.updateComplete;
  const label = [...shadow(el).querySelectorAll('.option')].find((o) => o.textContent!.includes(name))!;
  const box = label.querySelector('input')!;
  if (!box.checked) box.click();
  await el.updateComplete;
}

describe('<ledger-conversation>', () => {
  // The first start builds the core in this tab (migrations and the seed): more than a test takes.
  before(function () {
    this.timeout(60_000);
    return api.start();
  });
  after(() => api.stop());
  beforeEach(() => api.reset());

  describe('eligibility', () => {
    for (const type of ineligible) {
      it(`refuses a ${type.replace(/_/g, ' ')}: says so plainly, offers nothing to post, asks the server nothing`, async () => {
        const el = await mountConversation({ type, id: 'txn-1' });
        await waitUntil(() => api.made('GET', '/v1/session').length > 0);
        await aTimeout(100);
        const notice = shadow(el).querySelector('[part="notice"]')!;
        expect(notice.textContent).to.contain('Conversations are not available for');
        expect(notice.textContent).to.contain('You can discuss invoices, quotes');
        expect(shadow(el).querySelector('textarea, form, [role="log"]') === null).to.equal(true);
        expect(api.requests.filter((r) => r.path !== '/v1/session' && r.path !== '/v1/events')).to.deep.equal([]);
        await expect(el).to.be.accessible();
      });
    }

    it('names the kind it refuses', async () => {
      const el = await mountConversation({ type: 'credit_memo', id: 'cm-1' });
      expect(shadow(el).querySelector('[part="notice"]')!.textContent).to.contain('not available for credit memos');
    });

    it('shows the server refusing to open a thread (422) in its own words', async () => {
      api.worker.use(
        http.post('*/v1/conversations', () =>
          HttpResponse.json({ error: { code: 'unprocessable', message: 'This invoice is closed for conversation.', reason: 'conversation_not_allowed' } }, { status: 422 }),
        ),
      );
      const el = await mountConversation({ id: demoIds.invoices.overdue });
      await loaded(el);
      await recipientsReady(el);
      await choose(el, 'Ana Smith');
      await write(el, 'Hello?');
      postButton(el).click();
      await waitUntil(() => shadow(el).textContent!.includes('Not sent: This invoice is closed for conversation.'));
      expect((await stored()).length).to.equal(4);
    });
  });

  describe('thread', () => {
    it('shows messages oldest to newest with author, side, recipients and a localized time', async () => {
      const el = await mountConversation();
      await loaded(el);
      const keys = [...shadow(el).querySelectorAll<HTMLElement>('article[data-message-id]')].map((a) => a.dataset.messageId);
      expect(keys).to.deep.equal([...demoIds.messages]);
      const ana = row(el, demoIds.messages[1])!;
      expect(ana.querySelector('.author')!.textContent).to.equal('Ana Smith');
      expect(ana.querySelector('.side')!.textContent).to.equal('Client');
      expect(ana.querySelector('.to')!.textContent).to.equal('To: Alex Agent');
      const time = ana.querySelector('time')!;
      expect(time.getAttribute('datetime')).to.match(/^\d{4}-\d{2}-\d{2}T/);
      expect(time.querySelector('.rel')!.textContent).to.match(/days? ago|yesterday/);
      // Absolute on hover (title) and on focus (the row's focus shows it in place of the relative one).
      expect(time.title).to.match(/\d{4}/);
      const first = row(el, demoIds.messages[0])!;
      expect(first.querySelector('.author')!.textContent).to.equal('You');
      expect(first.querySelector('.side')!.textContent).to.equal('Firm');
      expect(thread(el).getAttribute('role')).to.equal('log');
      await expect(el).to.be.accessible();
    });

    it('shows the absolute time when a message has keyboard focus', async () => {
      const el = await mountConversation();
      await loaded(el);
      const r = row(el, demoIds.messages[1])!;
      r.focus();
      const abs = r.querySelector<HTMLElement>('time .abs')!;
      expect(getComputedStyle(abs).display).to.equal('inline');
      expect(getComputedStyle(r.querySelector('time .rel')!).display).to.equal('none');
    });

    it('renders <img onerror> and <script> in a message as text and runs nothing', async () => {
      const evil =
        '<img src=x onerror="window.__ledgerXss=1"> and <script>window.__ledgerXss=2</script>\n' +
        '<a href="javascript:window.__ledgerXss=3">click</a> javascript:alert(1) https://safe.test/path?q=1';
      const evilId = await say(api, evil);
      const el = await mountConversation();
      await loaded(el);
      await scrollToBottom(el);
      const r = row(el, evilId)!;
      expect(r.querySelector('.body')!.textContent).to.equal(evil);
      expect(shadow(el).querySelectorAll('img, script').length).to.equal(0);
      const links = [...r.querySelectorAll('a')];
      expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://safe.test/path?q=1']);
      expect(links[0]!.rel).to.contain('noopener');
      await aTimeout(50);
      expect((window as { __ledgerXss?: number }).__ledgerXss).to.equal(undefined);
    });

    it('keeps line breaks of a body', async () => {
      const id = await say(api, 'line one\nline two');
      const el = await mountConversation();
      await loaded(el);
      await scrollToBottom(el);
      const body = row(el, id)!.querySelector<HTMLElement>('.body')!;
      expect(getComputedStyle(body).whiteSpace).to.equal('pre-wrap');
      expect(body.getBoundingClientRect().height).to.be.greaterThan(30);
    });

    it('shows a skeleton while loading and an error with Retry that loads again', async () => {
      let fail = true;
      let hold: (() => void) | undefined;
      api.worker.use(
        http.get('*/v1/conversations', async () => {
          await new Promise<void>((r) => (hold = r));
          return fail ? HttpResponse.json({ error: { code: 'internal', message: 'boom' } }, { status: 500 }) : undefined;
        }),
      );
      const el = await mountConversation();
      await waitUntil(() => hold, 'the thread is requested');
      const status = shadow(el).querySelector('[part="skeleton"]')!;
      expect(status.getAttribute('role')).to.equal('status');
      await expect(el).to.be.accessible();
      hold!();
      await waitUntil(() => shadow(el).querySelector('[part="error"]'), 'the error shows');
      expect(shadow(el).querySelector('[part="error"]')!.textContent).to.contain('The billing service had a problem');
      await expect(el).to.be.accessible();
      fail = false;
      hold = undefined;
      shadow(el).querySelector<HTMLButtonElement>('[part="error"] button')!.click();
      await waitUntil(() => hold, 'requested again');
      hold!();
      await loaded(el);
      expect(row(el, demoIds.messages[0])).to.not.equal(null);
    });

    it('shows an empty thread with one action that goes to the composer', async () => {
      const el = await mountConversation({ id: demoIds.invoices.overdue });
      await loaded(el);
      const empty = shadow(el).querySelector('[part="empty"]')!;
      expect(empty.textContent).to.contain('No messages about this transaction yet.');
      await expect(el).to.be.accessible();
      empty.querySelector('button')!.click();
      await el.updateComplete;
      await nextFrames();
      expect(shadow(el).activeElement).to.equal(shadow(el).querySelector('textarea'));
    });
  });

  describe('posting', () => {
    it('posts to the chosen recipients with an idempotency key and shows it in the thread', async () => {
      const el = await mountConversation();
      await loaded(el);
      await recipientsReady(el);
      // A reply goes back to whoever wrote last.
      expect(shadow(el).querySelector('.to-toggle .names')!.textContent).to.equal('Ana Smith');
      await choose(el, 'Ada Admin');
      await expect(el).to.be.accessible();
      await write(el, 'Card is fine. Link: https://pay.example.com/inv');
      const posted = oneEvent(el, 'ledger-message-posted') as Promise<LedgerEvent<'ledger-message-posted'>>;
      postButton(el).click();
      const { detail } = await posted;
      expect(detail.message.body).to.equal('Card is fine. Link: https://pay.example.com/inv');

      const [request] = api.made('POST', `${conversationPath}/messages`);
      expect(request!.headers.get('idempotency-key')).to.match(/^[0-9a-f-]{36}$/);
      expect([...(request!.body as { recipientIds: string[] }).recipientIds].sort()).to.deep.equal([users.admin.id, users.client.id].sort());
      const last = (await stored()).at(-1)!;
      expect(last.recipients.map((r) => r.name).sort()).to.deep.equal(['Ada Admin', 'Ana Smith']);

      await waitUntil(() => row(el, last.id), 'the sent message is in the thread');
      expect(row(el, last.id)!.querySelector('.to')!.textContent).to.equal('To: Ana Smith and Ada Admin');
      expect(row(el, last.id)!.querySelector('a')!.getAttribute('href')).to.equal('https://pay.example.com/inv');
      expect(shadow(el).querySelector('textarea')!.value).to.equal('');
      expect(inView(el, row(el, last.id))).to.equal(true);
    });

    it('asks for a recipient and a text before posting, under the fields', async () => {
      const el = await mountConversation();
      await loaded(el);
      await recipientsReady(el);
      expect(postButton(el).disabled).to.equal(true);
      const toggle = shadow(el).querySelector<HTMLButtonElement>('.to-toggle')!;
      toggle.click();
      await el.updateComplete;
      shadow(el).querySelector<HTMLInputElement>('.option input:checked')!.click();
      await write(el, 'Nobody to read this');
      postButton(el).click();
      await el.updateComplete;
      expect(shadow(el).querySelector('#recipients-error')!.textContent).to.equal('Choose at least one recipient');
      expect(toggle.getAttribute('aria-invalid')).to.equal('true');
      expect(toggle.getAttribute('aria-describedby')).to.equal('recipients-error');
      expect(api.made('POST', /messages$/)).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('posts with Ctrl+Enter, and Escape closes the recipient list', async () => {
      const el = await mountConversation();
      await loaded(el);
      await recipientsReady(el);
      const toggle = shadow(el).querySelector<HTMLButtonElement>('.to-toggle')!;
      toggle.click();
      await el.updateComplete;
      const picker = shadow(el).querySelector<HTMLElement>('#recipients')!;
      expect(picker.hidden).to.equal(false);
      picker.querySelector('input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
      await el.updateComplete;
      expect(picker.hidden).to.equal(true);
      expect(shadow(el).activeElement).to.equal(toggle);

      await write(el, 'Sent from the keyboard');
      const textarea = shadow(el).querySelector('textarea')!;
      textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, composed: true }));
      await waitUntil(async () => (await stored()).at(-1)!.body === 'Sent from the keyboard', 'posted');
    });

    it('shows a message as pending at once, then as sent', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      api.worker.use(
        http.post(messagesRoute, async () => {
          await gate;
          return undefined; // on to the scenario's handler
        }),
      );
      const el = await mountConversation();
      await loaded(el);
      await recipientsReady(el);
      await write(el, 'Pending first');
      postButton(el).click();
      await waitUntil(() => shadow(el).querySelector('article[data-state="sending"]'), 'pending shows');
      const pending = shadow(el).querySelector<HTMLElement>('article[data-state="sending"]')!;
      expect(pending.textContent).to.contain('Pending first');
      expect(pending.textContent).to.contain('Sending…');
      expect(inView(el, pending)).to.equal(true);
      expect(postButton(el).disabled, 'the box is empty again: no double post').to.equal(true);
      await expect(el).to.be.accessible();

      release();
      await waitUntil(() => !shadow(el).querySelector('article[data-state]'), 'no longer pending');
      const sent = rowWithText(el, 'Pending first')!;
      expect(sent.dataset.messageId).to.equal((await stored()).at(-1)!.id);
      expect(sent.querySelector('time')).to.not.equal(null);
      expect((await stored()).filter((m) => m.body === 'Pending first')).to.have.length(1);
    });

    it('keeps a failed post in the thread marked failed, and Retry sends it once with the same key', async () => {
      api.worker.use(
        http.post(messagesRoute, () => HttpResponse.json({ error: { code: 'internal', message: 'boom' } }, { status: 500 }), { once: true }),
      );
      const el = await mountConversation();
      await loaded(el);
      await recipientsReady(el);
      await write(el, 'Try me twice');
      postButton(el).click();
      await waitUntil(() => shadow(el).querySelector('article[data-state="failed"]'), 'failed shows');
      const failed = shadow(el).querySelector<HTMLElement>('article[data-state="failed"]')!;
      expect(failed.textContent).to.contain('Not sent: The billing service had a problem. Please try again.');
      expect((await stored()).some((m) => m.body === 'Try me twice')).to.equal(false);
      await expect(el).to.be.accessible();

      [...failed.querySelectorAll('button')].find((b) => b.textContent === 'Retry')!.click();
      await waitUntil(async () => (await stored()).some((m) => m.body === 'Try me twice'), 'sent on retry');
      await waitUntil(() => !shadow(el).querySelector('article[data-state]'));
      const attempts = api.made('POST', `${conversationPath}/messages`);
      expect(attempts).to.have.length(2);
      expect(attempts[0]!.headers.get('idempotency-key')).to.equal(attempts[1]!.headers.get('idempotency-key'));
      expect((await stored()).filter((m) => m.body === 'Try me twice')).to.have.length(1);
    });

    it('shows the server refusing a post clearly, and Edit takes the text back into the composer', async () => {
      api.worker.use(
        http.post(messagesRoute, () => HttpResponse.json({ error: { code: 'forbidden', message: 'A client cannot do this.' } }, { status: 403 })),
      );
      const el = await mountConversation();
      await loaded(el);
      await recipientsReady(el);
      await write(el, 'Refused text');
      postButton(el).click();
      await waitUntil(() => shadow(el).querySelector('article[data-state="failed"]'));
      const failed = shadow(el).querySelector<HTMLElement>('article[data-state="failed"]')!;
      expect(failed.textContent).to.contain('Not sent: Your role does not allow this.');
      [...failed.querySelectorAll('button')].find((b) => b.textContent === 'Edit')!.click();
      await waitUntil(() => !shadow(el).querySelector('article[data-state]'), 'the unsent message leaves the thread');
      expect(shadow(el).querySelector('textarea')!.value).to.equal('Refused text');
    });

    it('creates the thread with the first message (get-or-create, then the post)', async () => {
      const el = await mountConversation({ id: demoIds.invoices.overdue });
      await loaded(el);
      await recipientsReady(el);
      await choose(el, 'Ana Smith');
      await write(el, 'First words');
      postButton(el).click();
      await waitUntil(() => rowWithText(el, 'First words')?.dataset.messageId, 'posted');
      // The post goes to the thread the server just made (its ids are its own: `conv_…`).
      const { conversation } = await api.as(users.agent.id).getConversation({ query: { transactionType: 'invoice', transactionId: demoIds.invoices.overdue } });
      const order = api.requests.filter((r) => r.method === 'POST').map((r) => r.path.replace(conversation!.id, 'ID'));
      expect(order).to.deep.equal(['/v1/conversations', '/v1/conversations/ID/messages']);
      expect(api.made('POST', '/v1/conversations')[0]!.body).to.deep.equal({ transactionType: 'invoice', transactionId: demoIds.invoices.overdue });
    });

    it("offers the server's recipients: the customer's mapped host contacts too, each address once", async () => {
      // The agent maps a second requester to Acme. Ana is both Acme's client user and its mapped
      // contact (one address): the server lists her once. The old mocks offered no contacts.
      await api.as(users.agent.id).putContactLink({ params: { contactId: contacts.noah.id }, body: { contact: contacts.noah, customerId: customers.acme.id } });
      const el = await mountConversation();
      await loaded(el);
      await recipientsReady(el);
      shadow(el).querySelector<HTMLButtonElement>('.to-toggle')!.click();
      await el.updateComplete;
      const groups = [...shadow(el).querySelectorAll('#recipients fieldset')].map((f) => [
        f.querySelector('legend')!.textContent,
        [...f.querySelectorAll('.option')].map((o) => `${o.querySelector('.who .truncate')!.textContent} <${o.querySelector('.email')!.textContent}>`),
      ]);
      expect(groups).to.deep.equal([
        ['Firm', ['Ada Admin <ada@northwind.test>', 'Lee Light <lee@northwind.test>']],
        ['Client', ['Ana Smith <billing@acme.test>', 'Noah Newman <noah@newco.test>']],
      ]);

      await choose(el, 'Noah Newman');
      await write(el, 'Copying Noah from purchasing');
      postButton(el).click();
      await waitUntil(() => rowWithText(el, 'Copying Noah')?.dataset.messageId, 'posted');
      const last = (await stored()).at(-1)!;
      expect(last.recipients.map((r) => [r.id, r.kind])).to.deep.equal([
        [users.client.id, 'customer_contact'],
        [contacts.noah.id, 'customer_contact'],
      ]);
      expect(row(el, last.id)!.querySelector('.to')!.textContent).to.equal('To: Ana Smith and Noah Newman');
    });
  });

  describe('nothing lost', () => {
    it('keeps the composer text across a reload', async () => {
      let el = await mountConversation();
      await loaded(el);
      await write(el, 'Half-written thought');
      el.closest('div')!.remove();
      el = await mountConversation();
      await loaded(el);
      expect(shadow(el).querySelector('textarea')!.value).to.equal('Half-written thought');
    });

    it('delivers a post made offline exactly once after a reload, with the same idempotency key', async () => {
      api.worker.use(http.post(messagesRoute, () => HttpResponse.error()));
      let el = await mountConversation();
      await loaded(el);
      await recipientsReady(el);
      await write(el, 'Written on the train');
      postButton(el).click();
      await waitUntil(() => shadow(el).querySelector('article[data-state="waiting"]'), 'waits for the network', { timeout: 5000 });
      expect(shadow(el).querySelector('article[data-state="waiting"]')!.textContent).to.contain("It will be sent when you're back online.");
      await expect(el).to.be.accessible();
      expect(Object.values({ ...localStorage }).some((v) => v.includes('Written on the train'))).to.equal(true);
      const offlineKeys = new Set(api.made('POST', /messages$/).map((r) => r.headers.get('idempotency-key')));
      expect(offlineKeys.size).to.equal(1);

      // The page reloads with the network back.
      el.closest('div')!.remove();
      api.worker.resetHandlers(...api.scenario.handlers);
      el = await mountConversation();
      await loaded(el);
      await waitUntil(async () => (await stored()).some((m) => m.body === 'Written on the train'), 'delivered after the reload');
      await waitUntil(() => !shadow(el).querySelector('article[data-state]'));
      const keys = new Set(api.made('POST', /messages$/).map((r) => r.headers.get('idempotency-key')));
      expect(keys.size).to.equal(1);
      expect((await stored()).filter((m) => m.body === 'Written on the train')).to.have.length(1);
      expect(Object.values({ ...localStorage }).some((v) => v.includes('Written on the train'))).to.equal(false);
      await aTimeout(200);
      expect(shadow(el).querySelectorAll('article').length).to.equal(shadow(el).querySelectorAll('article[data-message-id]').length);
      expect([...shadow(el).querySelectorAll('article')].filter((a) => a.textContent!.includes('Written on the train'))).to.have.length(1);
    });

    it('does not post twice when the server stored it but the answer was lost', async () => {
      api.worker.use(
        http.post(messagesRoute, async ({ request }) => {
          // The server stores the component's own request (its token and key); the answer never arrives.
          await api.scenario.fetch(request);
          return HttpResponse.error();
        }),
      );
      let el = await mountConversation();
      await loaded(el);
      await recipientsReady(el);
      await write(el, 'Did it arrive?');
      postButton(el).click();
      await waitUntil(() => shadow(el).querySelector('article[data-state="waiting"]'), 'waits', { timeout: 5000 });
      el.closest('div')!.remove();
      api.worker.resetHandlers(...api.scenario.handlers);
      el = await mountConversation();
      await loaded(el);
      await waitUntil(() => !shadow(el).querySelector('article[data-state]'), 'the outbox empties');
      expect((await stored()).filter((m) => m.body === 'Did it arrive?')).to.have.length(1);
      await scrollToBottom(el);
      expect([...shadow(el).querySelectorAll('article')].filter((a) => a.textContent!.includes('Did it arrive?'))).to.have.length(1);
    });

    it('sends what waited when the network comes back (online)', async () => {
      api.worker.use(http.post(messagesRoute, () => HttpResponse.error()));
      const el = await mountConversation();
      await loaded(el);
      await recipientsReady(el);
      await write(el, 'Queued for later');
      postButton(el).click();
      await waitUntil(() => shadow(el).querySelector('article[data-state="waiting"]'), 'waits', { timeout: 5000 });
      api.worker.resetHandlers(...api.scenario.handlers);
      window.dispatchEvent(new Event('online'));
      await waitUntil(async () => (await stored()).some((m) => m.body === 'Queued for later'), 'sent when online');
      await waitUntil(() => rowWithText(el, 'Queued for later')?.dataset.messageId);
      expect((await stored()).filter((m) => m.body === 'Queued for later')).to.have.length(1);
    });
  });

  describe('unread', () => {
    /** Ana writes `n` more messages to the agent; their ids, oldest first. */
    const addUnread = async (n: number) => {
      const ids: string[] = [];
      for (let i = 1; i <= n; i++) ids.push(await say(api, `Unread ${i}\nwith a second line\nand a third`));
      return ids;
    };

    it('marks messages read only when they are scrolled into view', async () => {
      const unread = await addUnread(12);
      const changes: number[] = [];
      document.addEventListener('ledger-unread-changed', (e) => changes.push((e as LedgerEvent<'ledger-unread-changed'>).detail.count));
      const el = await mountConversation({ height: '22rem' });
      await loaded(el);
      // Opens at the first unread message, with the "New" divider above it.
      expect(row(el, demoIds.messages[1])!.querySelector('.divider')!.textContent).to.equal('New');
      expect(changes[0]).to.equal(15);
      await waitUntil(() => api.made('POST', `${conversationPath}/read`).length > 0, 'what is in view is marked read');
      await aTimeout(400);
      const marked = api.made('POST', `${conversationPath}/read`).map((r) => (r.body as { messageId: string }).messageId);
      expect(marked).to.not.include(unread[11]);
      expect(el.unreadCount).to.be.greaterThan(0).and.lessThan(15);
      expect((await api.as(users.agent.id).getUnread()).total).to.equal(el.unreadCount);
      expect(inView(el, row(el, unread[11]!))).to.equal(false);
      await expect(el).to.be.accessible();

      await scrollToBottom(el);
      await waitUntil(() => el.unreadCount === 0, 'all read at the bottom');
      await waitUntil(async () => (await api.as(users.agent.id).getUnread()).total === 0, 'the server knows');
      expect(api.made('POST', `${conversationPath}/read`).at(-1)!.body).to.deep.equal({ messageId: unread[11] });
      expect(changes.at(-1)).to.equal(0);
      expect(shadow(el).querySelector('[data-unread]') === null).to.equal(true);
    });

    it('marks nothing read while the thread is not visible', async () => {
      await addUnread(2);
      const el = await mountConversation({ hidden: true });
      await waitUntil(() => api.made('GET', `${conversationPath}/messages`).length > 0);
      await aTimeout(600);
      expect(api.made('POST', /\/read$/)).to.have.length(0);
      expect(el.unreadCount).to.equal(5);
    });
  });

  describe('live', () => {
    const liveReady = async () => {
      await waitUntil(() => api.made('GET', '/v1/events').length > 0, 'live events connect');
      await aTimeout(150);
    };

    it('shows a message that arrives live and stays at the bottom when the reader is there', async () => {
      await readUpTo(api, users.agent.id, demoIds.messages[3]);
      const el = await mountConversation();
      await loaded(el);
      await liveReady();
      // Ana writes from her side: it reaches the component as the server's live event.
      const live = await say(api, 'Arrived live');
      await waitUntil(() => row(el, live), 'the live message shows');
      await waitUntil(() => inView(el, row(el, live)), 'and is in view');
      await waitUntil(() => el.unreadCount === 0, 'seen, so read');
      expect(shadow(el).querySelector('[part="new-messages"]') === null).to.equal(true);
    });

    it('offers "new messages ↓" when the reader is further up', async () => {
      let older = '';
      for (let i = 1; i <= 20; i++) older = await say(api, `Older ${i}\nsecond line`);
      await readUpTo(api, users.agent.id, older);
      const el = await mountConversation({ height: '20rem' });
      await loaded(el);
      await liveReady();
      userScroll(el, 0);
      await waitUntil(() => !inView(el, row(el, older)), 'scrolled up');
      await nextFrames(3);
      const live = await say(api, 'While you read above');
      await waitUntil(() => shadow(el).querySelector('[part="new-messages"]'), 'the button shows');
      const button = shadow(el).querySelector<HTMLButtonElement>('[part="new-messages"]')!;
      expect(button.textContent!.trim()).to.equal('1 new message ↓');
      expect(button.parentElement!.getAttribute('aria-live')).to.equal('polite');
      expect(el.unreadCount).to.equal(1);
      await expect(el).to.be.accessible();
      button.click();
      await waitUntil(() => inView(el, row(el, live)), 'jumped to the new message');
      await waitUntil(() => !shadow(el).querySelector('[part="new-messages"]'));
    });
  });

  describe('scale', () => {
    it('loads older pages while scrolling up and keeps the reader in place', async () => {
      let newest = '';
      for (let i = 1; i <= 120; i++) newest = await say(api, `Message ${i}`);
      await readUpTo(api, users.agent.id, newest);
      const el = await mountConversation({ height: '24rem' });
      await loaded(el);
      expect(inView(el, row(el, newest))).to.equal(true);
      expect(api.made('GET', `${conversationPath}/messages`)).to.have.length(1);
      // Well under the 124 messages are in the DOM.
      expect(shadow(el).querySelectorAll('article').length).to.be.lessThan(60);

      let hold: (() => void) | undefined;
      api.worker.use(
        http.get(
          messagesRoute,
          async ({ request }) => {
            if (new URL(request.url).searchParams.has('cursor')) await new Promise<void>((r) => (hold = r));
            return undefined;
          },
          { once: true },
        ),
      );
      const t = thread(el);
      userScroll(el, 0);
      await waitUntil(() => hold, 'the older page is requested');
      await nextFrames(2);
      const view = t.getBoundingClientRect();
      const anchor = [...shadow(el).querySelectorAll<HTMLElement>('article[data-message-id]')].find((a) => a.getBoundingClientRect().bottom > view.top + 1)!;
      const before = anchor.getBoundingClientRect().top - view.top;
      await waitUntil(() => shadow(el).querySelector('.older')?.textContent!.includes('Loading earlier messages'), 'the top says it is loading');
      hold!();
      await waitUntil(() => shadow(el).querySelectorAll<HTMLElement>('article[data-message-id]')[0]?.dataset.messageId !== anchor.dataset.messageId || !inView(el, anchor), 'older rows render');
      await nextFrames(6);
      const again = row(el, anchor.dataset.messageId!)!;
      expect(inView(el, again)).to.equal(true);
      expect(Math.abs(again.getBoundingClientRect().top - t.getBoundingClientRect().top - before)).to.be.lessThan(4);

      // Further up, page by page, to the start.
      for (let i = 0; i < 10 && !shadow(el).querySelector('.start'); i++) {
        userScroll(el, 0);
        await aTimeout(150);
      }
      await waitUntil(() => shadow(el).querySelector('.start'), 'reaches the start');
      expect(row(el, demoIds.messages[0])).to.not.equal(null);
    });

    it('moves between messages with the arrow keys', async () => {
      const el = await mountConversation();
      await loaded(el);
      const t = thread(el);
      t.focus();
      t.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true, composed: true }));
      await waitUntil(() => shadow(el).activeElement?.matches('article'), 'a message has focus');
      const first = (shadow(el).activeElement as HTMLElement).dataset.messageId;
      shadow(el).activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true, composed: true }));
      await waitUntil(() => (shadow(el).activeElement as HTMLElement).dataset.messageId !== first);
      const ids = [...demoIds.messages] as string[];
      expect(ids.indexOf((shadow(el).activeElement as HTMLElement).dataset.messageId!)).to.equal(ids.indexOf(first!) - 1);
      shadow(el).activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true, composed: true }));
      await waitUntil(() => (shadow(el).activeElement as HTMLElement).dataset.messageId === demoIds.messages[3]);
    });
  });

  describe('roles', () => {
    it('lets a light agent comment', async () => {
      const el = await mountConversation({ user: users.lightAgent.id });
      await loaded(el);
      await recipientsReady(el);
      await choose(el, 'Alex Agent');
      await write(el, 'Noted, thanks');
      postButton(el).click();
      await waitUntil(async () => (await stored()).some((m) => m.body === 'Noted, thanks' && m.author.role === 'light_agent'));
      await expect(el).to.be.accessible();
    });

    it('shows a client their own transaction, with their messages as theirs', async () => {
      const el = await mountConversation({ user: users.client.id });
      await loaded(el);
      expect(row(el, demoIds.messages[1])!.hasAttribute('data-mine')).to.equal(true);
      expect(row(el, demoIds.messages[1])!.querySelector('.author')!.textContent).to.equal('You');
      expect(row(el, demoIds.messages[0])!.querySelector('.side')!.textContent).to.equal('Firm');
      await recipientsReady(el);
      await expect(el).to.be.accessible();
    });

    it("tells another customer's client the transaction is not theirs to see", async () => {
      const el = await mountConversation({ user: users.otherClient.id });
      await waitUntil(() => shadow(el).querySelector('[part="error"]'));
      expect(shadow(el).querySelector('[part="error"]')!.textContent).to.contain('not found, or you do not have access to it');
      expect(shadow(el).querySelector('textarea') === null).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('is read-only with one line why while the integration is disabled', async () => {
      await api.as(users.admin.id).updateIntegration({ body: { state: 'disabled' } });
      const el = await mountConversation();
      await loaded(el);
      expect(shadow(el).querySelector('.readonly')!.textContent).to.equal('The billing integration is turned off, so new messages cannot be posted.');
      expect(shadow(el).querySelector('textarea') === null).to.equal(true);
      await expect(el).to.be.accessible();
    });
  });
});
