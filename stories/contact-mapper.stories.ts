import { html, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { createLedgerClient } from '@ledgerside/client';
import type { HostContact } from '@ledgerside/contract';
import { contacts, createScenario, customers, users, type MockStore } from '@ledgerside/mocks/legacy';
import type { LedgerContactMapper } from '@ledgerside/elements/contact-mapper/ledger-contact-mapper.js';
import { refuseCustomerFields } from '@ledgerside/elements/contact-mapper/test-fixtures.js';
import '@ledgerside/elements/define.js';
import '@ledgerside/elements/contact-mapper/define.js';

const client = (userId: string) => createLedgerClient({ baseUrl: '', getToken: () => `mock:${userId}` });

/** A demo scenario, changed by `setup` before any request is answered; `before` handlers answer first. */
function demo(setup?: (store: MockStore) => void, before: HttpHandler[] = []): HttpHandler[] {
  const { store, handlers } = createScenario('demo');
  setup?.(store);
  return [...before, ...handlers];
}

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
  parameters: { msw: demo() },
  render: () => frame({ contact: { ...contacts.ana, address: customers.acme.billingAddress } }),
};

/** Ana's address changed in the helpdesk (Suite 200): the difference and Update customer. */
export const LinkedWithChanges = {
  parameters: { msw: demo() },
  render: () => frame({ contact: { ...contacts.ana, taxId: 'US-98-7654321' } }),
};

/** Someone changed Acme while the agent looked: the update answers 412 and the latest is shown. */
export const ChangedElsewhere = {
  parameters: {
    msw: demo(undefined, [
      http.patch('/v1/customers/:id', async ({ request }) => {
        // The first update meets a newer version; the store's handler answers the next ones.
        if (request.headers.get('If-Match') === '1') {
          return HttpResponse.json(
            { error: { code: 'precondition_failed', message: 'It was changed meanwhile; here is the current version.' } },
            { status: 412 },
          );
        }
        return undefined;
      }),
    ]),
  },
  render: () => frame({ play: (el) => click(el, 'Update customer') }),
};

/** Waiting for the billing service (after ~150 ms a skeleton shaped like the content). */
export const Loading = {
  parameters: { msw: demo(undefined, [http.get('/v1/contact-links/:id', () => delay('infinite'))]) },
  render: () => frame({}),
};

/** The link could not be loaded: plain words and Retry. */
export const LoadError = {
  parameters: { msw: createScenario('demo', { failing: { fail: ['getContactLink'] } }).handlers },
  render: () => frame({}),
};

/** No contact from the host yet. */
export const NoContact = {
  parameters: { msw: demo() },
  render: () => frame({ contact: undefined }),
};

/** Jana is not linked; with secondary-email matching on, Hradec Software is suggested and why. */
export const Suggestions = {
  parameters: { msw: demo((store) => store.updateIntegration(users.admin.id, { matchSecondaryEmail: true })) },
  render: () => frame({ contact: contacts.jana }),
};

/** Noah matches no customer: one sentence, Create customer, and search. */
export const NoMatch = {
  parameters: { msw: demo() },
  render: () => frame({ contact: contacts.noah }),
};

/** Searching for another customer to link. */
export const Search = {
  parameters: { msw: demo() },
  render: () => frame({ contact: contacts.noah, play: (el) => fill(el, '#search', 'ltd') }),
};

const noahWithAddress: HostContact = {
  ...contacts.noah,
  address: { line1: '221B Baker Street', city: 'London', postalCode: 'NW1 6XE', country: 'GB' },
  taxId: 'GB123456789',
};

/** The create form, prefilled from the contact; locale from the organization and the browser. */
export const CreateForm = {
  parameters: { msw: demo() },
  render: () => frame({ contact: noahWithAddress, play: async (el) => el.openCreateForm() }),
};

/** Preferences copied from an existing customer: currency and language follow it. */
export const CreateCopyingPreferences = {
  parameters: { msw: demo() },
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
  parameters: {
    msw: demo(undefined, [refuseCustomerFields()]),
  },
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
  parameters: { msw: demo(undefined, [http.post('/v1/customers', () => delay('infinite'))]) },
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
  parameters: { msw: demo() },
  render: () => frame({ user: users.lightAgent.id }),
};

/** The integration is turned off: links are kept and shown, nothing can be changed. */
export const IntegrationDisabled = {
  parameters: { msw: demo((store) => store.updateIntegration(users.admin.id, { state: 'disabled' })) },
  render: () => frame({}),
};
