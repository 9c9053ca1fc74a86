/**
 * A story's backend: a mocks scenario — the reference server's core in this tab — whose
 * handlers go in `parameters.msw`, and a loader that gives the story the seeded rows again each
 * time it is shown, then changes them as the people would, over HTTP (`setup`). Storybook runs
 * the loader (after the msw addon's) and so does the screenshot tool.
 */
import { http, type HttpHandler } from 'msw';
import { createLedgerClient, type LedgerClient } from '@ledgerside/client';
import { createScenario, demoIds, servedDump, tokenFor, type Scenario, type ScenarioName, type ScenarioOptions } from '@ledgerside/mocks';

export interface StoryApi {
  readonly scenario: Scenario;
  /** A client acting as a demo user (an id or a role), straight to the core. */
  as(user?: string): LedgerClient;
  /** A change made elsewhere whose live event never reaches the components. */
  quietly<T>(change: () => Promise<T>): Promise<T>;
}

export interface StoryBackend {
  /** Not enumerable: `...backend()` spreads only what Storybook reads into a story. */
  readonly api: StoryApi;
  parameters: { msw: HttpHandler[] };
  loaders: ((context?: { abortSignal?: AbortSignal }) => Promise<Record<string, never>>)[];
}

/** `before`: the story's own handlers, answering ahead of the scenario's (a request held open, a refusal). */
export function backend(
  name: ScenarioName = 'demo',
  options: ScenarioOptions = {},
  setup?: (api: StoryApi) => Promise<unknown>,
  before: HttpHandler[] = [],
): StoryBackend {
  // Made on first use, not when the file loads: Storybook reads every story of a file, and a
  // scenario builds its seed's core at once (the many seed's 10,000 documents take a while).
  let made: Scenario | undefined;
  // A seeded dump beside the page (`/__core/<seed>.tar`, which the Storybook test serves) saves
  // the tab initdb, the migrations and the seed; anywhere else the tab builds the database.
  const scenario = () => (made ??= createScenario(name, { dump: servedDump, ...options }));
  const clients = new Map<string, LedgerClient>();
  const api: StoryApi = {
    get scenario() {
      return scenario();
    },
    as(user = demoIds.users.admin) {
      let client = clients.get(user);
      if (!client) {
        client = createLedgerClient({
          baseUrl: 'http://mocks.invalid',
          getToken: () => tokenFor(user),
          fetch: (input, init) => scenario().fetch(new Request(input, init)),
          retries: 0,
        });
        clients.set(user, client);
      }
      return client;
    },
    quietly: (change) => scenario().quietly(change),
  };
  let shown = false;
  const story = {
    parameters: {
      msw: [
        ...before,
        // The scenario's own handlers, reached through one that makes the scenario first.
        http.all('*/v1/*', async ({ request, requestId }) => {
          for (const handler of scenario().handlers) {
            const result = await handler.run({ request, requestId });
            if (result?.response) return result.response;
          }
          return undefined;
        }),
      ],
    },
    loaders: [
      async () => {
        const core = await scenario().ready();
        // Shown before: whatever was done in it then is undone (the takeover reset only runs
        // when another scenario had the core meanwhile).
        if (shown) await core.reset();
        shown = true;
        await setup?.(api);
        return {};
      },
    ],
  };
  return Object.defineProperty(story, 'api', { value: api, enumerable: false }) as StoryBackend;
}
