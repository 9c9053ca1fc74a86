import { aTimeout, expect, html, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { LedgerConversation } from '../conversation/ledger-conversation.js';
import { demoIds, MockApi, mount, readUpTo, say, scrollToBottom, testClient, users } from '../conversation/test-support.js';
import type { LedgerUnreadBadge } from './ledger-unread-badge.js';

const api = new MockApi();
const client = (user: string = users.agent.id) => testClient(user);
const shown = (badge: LedgerUnreadBadge) => badge.shadowRoot!.querySelector('[part="badge"] [aria-hidden="true"]')?.textContent ?? '';

async function mountBadges(): Promise<{ one: LedgerUnreadBadge; all: LedgerUnreadBadge; none: LedgerUnreadBadge }> {
  const root = await mount(html`<ledger-provider .client=${client()} locale="en-US">
    <button type="button">Conversation <ledger-unread-badge id="one" transaction-type="invoice" transaction-id=${demoIds.invoices.sent}></ledger-unread-badge></button>
    <button type="button">All <ledger-unread-badge id="all"></ledger-unread-badge></button>
    <button type="button">Quote <ledger-unread-badge id="none" transaction-type="quote" transaction-id=${demoIds.quotes.sent}></ledger-unread-badge></button>
  </ledger-provider>`);
  const get = (id: string) => root.querySelector<LedgerUnreadBadge>(`#${id}`)!;
  await waitUntil(() => shown(get('one')) !== '' && shown(get('all')) !== '', 'the counts load');
  return { one: get('one'), all: get('all'), none: get('none') };
}

describe('<ledger-unread-badge>', () => {
  // The first start builds the core in this tab (migrations and the seed): more than a test takes.
  before(function () {
    this.timeout(60_000);
    return api.start();
  });
  after(() => api.stop());
  beforeEach(() => api.reset());

  it('shows the unread count of a transaction, of all, and nothing at zero', async () => {
    const { one, all, none } = await mountBadges();
    expect(shown(one)).to.equal('3');
    expect(one.count).to.equal(3);
    expect(one.shadowRoot!.querySelector('.visually-hidden')!.textContent).to.equal('3 unread messages');
    expect(shown(all)).to.equal('3');
    expect(none.count).to.equal(0);
    expect(none.shadowRoot!.querySelector('[part="badge"]') === null).to.equal(true);
    expect(api.made('GET', '/v1/unread').length).to.be.greaterThan(0);
    await expect(one.closest('ledger-provider')!).to.be.accessible();
  });

  it('counts a message that arrives live', async () => {
    const { one, all } = await mountBadges();
    await waitUntil(() => api.made('GET', '/v1/events').length > 0);
    await aTimeout(150);
    // Ana writes from her side: the badge hears it as the server's live event.
    await say(api, 'One more');
    await waitUntil(() => shown(one) === '4', 'the badge counts it');
    await waitUntil(() => shown(all) === '4');
  });

  it('follows a conversation on the page marking messages read', async () => {
    const root = await mount(html`<ledger-provider .client=${client()} locale="en-US">
      <ledger-unread-badge transaction-type="invoice" transaction-id=${demoIds.invoices.sent}></ledger-unread-badge>
      <ledger-conversation style="--ledger-conversation-height:40rem" transaction-type="invoice" transaction-id=${demoIds.invoices.sent}></ledger-conversation>
    </ledger-provider>`);
    const badge = root.querySelector('ledger-unread-badge')!;
    const conversation = root.querySelector<LedgerConversation>('ledger-conversation')!;
    await waitUntil(() => conversation.shadowRoot!.querySelector('article'), 'the thread loads');
    await scrollToBottom(conversation);
    await waitUntil(() => conversation.unreadCount === 0, 'read in the thread');
    await waitUntil(() => badge.count === 0, 'the badge follows');
    expect(badge.shadowRoot!.querySelector('[part="badge"]') === null).to.equal(true);
  });

  it('says one message as one, in the plural rules of the language', async () => {
    // The agent has read the thread, then one more message arrives.
    await readUpTo(api, users.agent.id, await say(api, 'read already'));
    await say(api, 'just one');
    const root = await mount(html`<ledger-provider .client=${client()} locale="en-US">
      <ledger-unread-badge transaction-type="invoice" transaction-id=${demoIds.invoices.sent}></ledger-unread-badge>
    </ledger-provider>`);
    const badge = root.querySelector<LedgerUnreadBadge>('ledger-unread-badge')!;
    await waitUntil(() => shown(badge) !== '', 'the count loads');
    expect(badge.shadowRoot!.querySelector('.visually-hidden')!.textContent).to.equal('1 unread message');
    expect(badge.shadowRoot!.querySelector('[part="badge"]')!.getAttribute('title')).to.equal('1 unread message');
  });

  it('shows 99+ above 99', async () => {
    for (let i = 0; i < 120; i++) await say(api, `m${i}`);
    const { one } = await mountBadges();
    expect(shown(one)).to.equal('99+');
    expect(one.shadowRoot!.querySelector('.visually-hidden')!.textContent).to.equal('123 unread messages');
  });

  it('offers a retry when the count cannot be loaded', async () => {
    api.worker.use(http.get('*/v1/unread', () => HttpResponse.json({ error: { code: 'internal', message: 'x' } }, { status: 500 }), { once: true }));
    const root = await mount(html`<ledger-provider .client=${client()} locale="en-US"><ledger-unread-badge></ledger-unread-badge></ledger-provider>`);
    const badge = root.querySelector('ledger-unread-badge')!;
    await waitUntil(() => badge.shadowRoot!.querySelector('[part="retry"]'), 'the retry shows');
    const retry = badge.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry"]')!;
    expect(retry.textContent).to.contain('Unread messages could not be counted. Retry');
    await expect(root).to.be.accessible();
    retry.click();
    await waitUntil(() => shown(badge) === '3', 'loaded on retry');
  });
});
