// The menu button as a reusable piece: a minimal host with two triggers and one menu.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement, css, html as litHtml } from 'lit';
import { MenuController, type MenuItem } from './menu.js';

type Key = 'copy' | 'rename' | 'remove';

class MenuHost extends LitElement {
  static override styles = [MenuController.styles, css`.box { position: relative; }`];
  chosen: [Key, string][] = [];
  readonly menu = new MenuController<Key>(this, { id: 'm', onSelect: (key, owner) => this.chosen.push([key, owner]) });
  readonly items: MenuItem<Key>[] = [
    { key: 'copy', label: 'Copy' },
    { key: 'rename', label: 'Rename', disabledReason: 'Locked by someone else.' },
    { key: 'remove', label: 'Remove', danger: true, separator: true },
  ];
  override render() {
    return litHtml`<div class="box">
      ${['a', 'b'].map((owner) => this.menu.trigger({ owner, label: `Actions for ${owner}`, items: () => this.items, content: litHtml`⋮` }))}
      <button id="after">after</button>
      ${this.menu.renderMenu()}
    </div>`;
  }
}
customElements.define('ledger-test-menu-host', MenuHost);

describe('MenuController', () => {
  const key = (target: Element, k: string, shiftKey = false) =>
    target.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey, bubbles: true, composed: true, cancelable: true }));

  async function setup() {
    const host = await fixture<MenuHost>(html`<ledger-test-menu-host></ledger-test-menu-host>`);
    const [a, b] = [...host.shadowRoot!.querySelectorAll<HTMLButtonElement>('[aria-haspopup=menu]')];
    const active = () => host.shadowRoot!.activeElement as HTMLElement | null;
    return { host, a: a!, b: b!, active };
  }

  it('has the APG roles and states, and chooses with Enter for the right owner', async () => {
    const { host, b, active } = await setup();
    expect(b.getAttribute('aria-expanded')).to.equal('false');
    expect(b.hasAttribute('aria-controls')).to.equal(false);
    b.focus();
    key(b, 'ArrowDown');
    await waitUntil(() => active()?.getAttribute('role') === 'menuitem', 'focus in the menu');
    const menu = host.shadowRoot!.querySelector('[role=menu]')!;
    expect(menu.getAttribute('aria-label')).to.equal('Actions for b');
    expect(b.getAttribute('aria-controls')).to.equal(menu.id);
    expect(host.shadowRoot!.querySelectorAll('[role=separator]')).to.have.length(1);
    await expect(host).to.be.accessible();
    key(active()!, 'End');
    await waitUntil(() => active()!.textContent!.trim() === 'Remove', 'End');
    key(active()!, 'Enter');
    await waitUntil(() => !host.menu.isOpen(), 'closes');
    expect(host.chosen).to.deep.equal([['remove', 'b']]);
    expect(active()).to.equal(b);
  });

  it('a disabled item stays, says why, and cannot be chosen', async () => {
    const { host, a, active } = await setup();
    a.click();
    await waitUntil(() => active()?.getAttribute('role') === 'menuitem', 'open');
    key(active()!, 'ArrowDown');
    await waitUntil(() => active()!.textContent!.trim() === 'Rename', 'on Rename');
    expect(active()!.getAttribute('aria-disabled')).to.equal('true');
    expect(host.shadowRoot!.getElementById(active()!.getAttribute('aria-describedby')!)!.textContent).to.equal('Locked by someone else.');
    expect(host.shadowRoot!.querySelector('.menu-note')!.textContent).to.equal('Locked by someone else.');
    key(active()!, ' ');
    active()!.click();
    await host.updateComplete;
    expect(host.chosen).to.deep.equal([]);
    expect(host.menu.isOpen()).to.equal(true);
  });

  it('Tab closes the menu and leaves focus on its trigger for the browser to move on', async () => {
    const { host, a, active } = await setup();
    a.click();
    await waitUntil(() => active()?.getAttribute('role') === 'menuitem', 'open');
    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, composed: true, cancelable: true });
    active()!.dispatchEvent(tab);
    expect(tab.defaultPrevented).to.equal(false);
    await waitUntil(() => !host.menu.isOpen(), 'closed');
    expect(active()).to.equal(a);
  });

  it('a click outside closes it without taking focus back', async () => {
    const { host, a, active } = await setup();
    a.click();
    await waitUntil(() => host.menu.isOpen(), 'open');
    const after = host.shadowRoot!.getElementById('after')!;
    after.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    after.focus();
    await waitUntil(() => !host.menu.isOpen(), 'closed');
    expect(active()).to.equal(after);
  });

  it('a second trigger opens its own menu; typing a letter jumps to an item', async () => {
    const { host, a, b, active } = await setup();
    a.click();
    await waitUntil(() => host.menu.isOpen('a'), 'a open');
    b.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    b.click();
    await waitUntil(() => host.menu.isOpen('b') && active()?.getAttribute('role') === 'menuitem', 'b open');
    expect(a.getAttribute('aria-expanded')).to.equal('false');
    key(active()!, 'r');
    await waitUntil(() => active()!.textContent!.trim() === 'Rename', 'r → Rename');
    key(active()!, 'r');
    await waitUntil(() => active()!.textContent!.trim() === 'Remove', 'r again → Remove');
    key(active()!, 'Escape');
    await waitUntil(() => !host.menu.isOpen() && active() === b, 'Escape returns focus');
  });
});
