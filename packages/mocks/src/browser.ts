/** For Storybook and browser tests: an msw service worker over a scenario. */
import { setupWorker, type SetupWorker } from 'msw/browser';
import { resolveInput, type MockInput } from './resolve.js';
import type { Scenario, ScenarioOptions } from './scenario.js';

export interface MockWorkerOptions extends ScenarioOptions {
  /** Hide msw's console messages. */
  quiet?: boolean;
  /** Where `mockServiceWorker.js` is served; default `/mockServiceWorker.js`. */
  serviceWorkerUrl?: string;
}

/** Calling it stops the worker (what a test's `after` wants); it also carries the worker and the scenario. */
export interface MockWorker {
  (): void;
  worker: SetupWorker;
  /** The scenario (null when plain handlers were given). */
  scenario: Scenario | null;
}

/** Starts the worker; requests no handler answers go to the network. */
export async function startMockWorker(input: MockInput, options: MockWorkerOptions = {}): Promise<MockWorker> {
  const { quiet = false, serviceWorkerUrl = '/mockServiceWorker.js', ...scenario } = options;
  const { handlers, scenario: resolved } = resolveInput(input, scenario);
  if (stopped) await unregistered();
  const worker = setupWorker(...handlers);
  await worker.start({ onUnhandledRequest: 'bypass', quiet, serviceWorker: { url: serviceWorkerUrl } });
  return Object.assign(
    () => {
      worker.stop();
      stopped = true;
    },
    { worker, scenario: resolved },
  );
}

/**
 * msw's `worker.stop()` tells the service worker its client closed, and the service worker
 * then unregisters itself if no client is left. Starting again before that has happened
 * raced: the new start took the dying registration, and requests made meanwhile went to the
 * network (a 404 in a test that then waited in vain). So a start after a stop waits, briefly,
 * for the old registration to go.
 */
let stopped = false;
async function unregistered(): Promise<void> {
  const deadline = Date.now() + 1000;
  while (Date.now() < deadline && (await navigator.serviceWorker.getRegistrations()).length) {
    await new Promise((r) => setTimeout(r, 10));
  }
  stopped = false;
}

export type { MockInput };
