// The dependency floor: what any Lit component that validates with zod/mini and fetches with
// ky ships at least — one element, one schema, one request — bundled exactly like the
// script tag (bench/lib/sizes.mjs builds it with the elements' Vite config).
import { LitElement, css, html } from 'lit';
import * as z from 'zod/mini';
import ky from 'ky';

const Item = z.object({ id: z.string(), total: z.number().check(z.int()), paid: z.optional(z.boolean()) });

export class FloorElement extends LitElement {
  static styles = css`
    :host {
      display: block;
    }
  `;
  static properties = { items: { state: true } };

  constructor() {
    super();
    this.items = [];
  }

  async connectedCallback() {
    super.connectedCallback();
    const body = await ky.get('/v1/items', { retry: 2 }).json();
    this.items = z.array(Item).parse(body);
  }

  render() {
    return html`<ul>
      ${this.items.map((item) => html`<li>${item.id}: ${item.total}</li>`)}
    </ul>`;
  }
}
if (!customElements.get('floor-element')) customElements.define('floor-element', FloorElement);
