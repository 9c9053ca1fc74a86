import { html, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { delay, http, type HttpHandler } from 'msw';
import { createLedgerClient } from '@ledgerside/client';
import type { HostContact } from '@ledgerside/contract';
import { contacts, customers, demoIds, users } from '@ledgerside/mocks';
import { backend, type StoryApi } from './backend.js';
import type { LedgerContactMapper } from '@ledgerside/elements/contact-mapper/ledger-contact-mapper.js';
import { refuseCustomerFields } from '@ledgerside/elements/contact-mapper/test-fixtures.js';
import '@ledgerside/elements/define.js';
import '@ledgerside/elements/contact-mapper/define.js';

const client = (userId: string) => createLedgerClient({ baseUrl: '', getToken: () => `mock:${userId}` });

/** A demo scenario, changed by `setup` (over HTTP) before the story renders; `before` handlers answer first. */
const demo = (setup?: (api: StoryApi) => Promise<unknown>, before: HttpHandler[] = []) => backend('demo', {}, setup, before);

interface Frame {
  contact?: HostContact | undefined;
  user?: string;
  /** Steps a person takes once the component has loaded (runs in Storybook and in the screenshot tool). */
  play?: (el: LedgerContactMapper) => Promise<void>;
}

function frame(f: Frame): TemplateResult {
  const play = f.play;
  return html`<ledger-provider .client=${client(f.user ?? users.agent.id)} locale="en-US">
    <ledger-contact-mapper
      .contact=${'contact' in f ? f.contact : contacts.ana}
      ${ref((node) => {
        if (node && play) void loaded(node as LedgerContactMapper).then(play);
      })}
    ></ledger-contact-mapper>
  </ledger-provider>`;
}

// ------------------------------------------------------------------ story helpers

const shadowText = (el: LedgerContactMapper) => el.shadowRoot?.textContent ?? '';

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('The story did not reach its state');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function loaded(el: LedgerContactMapper): Promise<LedgerContactMapper> {
  await until(() => !!el.shadowRoot && !el.shadowRoot.querySelector('[part=skeleton]') && shadowText(el).trim() !== '');
  return el;
}

async function click(el: LedgerContactMapper, label: string): Promise<void> {
  const find = () =>
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent!).trim() === label);
  await until(() => !!find());
  find()!.click();
  await el.updateComplete;
}

async function fill(el: LedgerContactMapper, selector: string, value: string): Promise<void> {
  await until(() => !!el.shadowRoot!.querySelector(selector));
  const input = el.shadowRoot!.querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

// ------------------------------------------------------------------ stories

export default {
  title: 'Components/Contact mapper',
  component: 'ledger-contact-mapper',
};

/** Ana is linked to Acme Corp and her details match: the customer, its balance, Unlink. */
export const Linked = {
  ...demo(),
  render: () => frame({ contact: { ...contacts.ana, address: customers.acme.billingAddress } }),
};

/** Ana's address changed in the helpdesk (Suite 200): the difference and Update customer. */
export const LinkedWithChanges = {
  ...demo(),
  render: () => frame({ contact: { ...contacts.ana, taxId: 'US-98-7654321' } }),
};

/** Someone changed Acme while the agent looked: the update answers 412 and the latest is shown. */
export const ChangedElsewhere = (() => {
  const story = demo();
  return {
    ...story,
    render: () =>
      frame({
        play: async (el) => {
          // Ada changes Acme's phone in the billing app; its live event never reaches this page.
          const admin = story.api.as('admin');
          const { version } = await admin.getCustomer({ params: { id: demoIds.customers.acme } });
          await story.api.quietly(() => admin.updateCustomer({ params: { id: demoIds.customers.acme }, body: { phone: '+1 555 0199' }, ifMatch: version }));
          await click(el, 'Update customer');
        },
      }),
  };
})();

/** Waiting for the billing service (after ~150 ms a skeleton shaped like the content). */
export const Loading = {
  ...demo(undefined, [http.get('/v1/contact-links/:id', () => delay('infinite'))]),
  render: () => frame({}),
};

/** The link could not be loaded: plain words and Retry. */
export const LoadError = {
  ...backend('demo', { failing: { fail: ['getContactLink'] } }),
  render: () => frame({}),
};

/** No contact from the host yet. */
export const NoContact = {
  ...demo(),
  render: () => frame({ contact: undefined }),
};

/** Jana is not linked; with secondary-email matching on, Hradec Software is suggested and why. */
export const Suggestions = {
  ...demo((api) => api.as('admin').updateIntegration({ body: { matchSecondaryEmail: true } })),
  render: () => frame({ contact: contacts.jana }),
};

/** Noah matches no customer: one sentence, Create customer, and search. */
export const NoMatch = {
  ...demo(),
  render: () => frame({ contact: contacts.noah }),
};

/** Searching for another customer to link. */
export const Search = {
  ...demo(),
  render: () => frame({ contact: contacts.noah, play: (el) => fill(el, '#search', 'ltd') }),
};

const noahWithAddress: HostContact = {
  ...contacts.noah,
  address: { line1: '221B Baker Street', city: 'London', postalCode: 'NW1 6XE', country: 'GB' },
  taxId: 'GB123456789',
};

/** The create form, prefilled from the contact; locale from the organization and the browser. */
export const CreateForm = {
  ...demo(),
  render: () => frame({ contact: noahWithAddress, play: async (el) => el.openCreateForm() }),
};

/** Preferences copied from an existing customer: currency and language follow it. */
export const CreateCopyingPreferences = {
  ...demo(),
  render: () =>
    frame({
      contact: noahWithAddress,
      play: async (el) => {
        el.openCreateForm();
        await fill(el, '#copy-search', 'hradec');
        await click(el, 'Copy preferences from Hradec Software');
      },
    }),
};

/** The server refused two fields: its words next to them, everything typed kept. */
export const CreateFieldErrors = {
  ...demo(undefined, [refuseCustomerFields()]),
  render: () =>
    frame({
      contact: noahWithAddress,
      play: async (el) => {
        el.openCreateForm();
        await click(el, 'Create and link');
      },
    }),
};

/** Creating: the button shows progress and cannot be pressed twice. */
export const Saving = {
  ...demo(undefined, [http.post('/v1/customers', () => delay('infinite'))]),
  render: () =>
    frame({
      contact: noahWithAddress,
      play: async (el) => {
        el.openCreateForm();
        await click(el, 'Create and link');
      },
    }),
};

/** A light agent sees the link and the differences, and one line saying why nothing can change. */
export const ReadOnly = {
  ...demo(),
  render: () => frame({ user: users.lightAgent.id }),
};

/** The integration is turned off: links are kept and shown, nothing can be changed. */
export const IntegrationDisabled = {
  ...demo((api) => api.as('admin').updateIntegration({ body: { state: 'disabled' } })),
  render: () => frame({}),
};
