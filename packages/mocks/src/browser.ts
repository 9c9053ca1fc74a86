/**
 * For Storybook and browser tests: an msw service worker over a scenario. An engine whose
 * worker cannot stream a response to the page (`streamsReachThePage`) takes `./page` instead.
 */
import { setupWorker, type SetupWorker } from 'msw/browser';
import { resolveInput, type MockInput } from './resolve.js';
import type { Scenario, ScenarioOptions } from './scenario.js';

export interface MockWorkerOptions extends ScenarioOptions {
  /** Hide msw's console messages. */
  quiet?: boolean;
  /** Where `mockServiceWorker.js` is served; default `/mockServiceWorker.js`. */
  serviceWorkerUrl?: string;
}

/** What a test or story uses of msw either way: runtime handlers and the life-cycle events. */
export type MockTransport = Pick<SetupWorker, 'use' | 'resetHandlers' | 'restoreHandlers' | 'listHandlers' | 'events'>;

/** Calling it stops the worker (what a test's `after` wants); it also carries the worker and the scenario. */
export interface MockWorker {
  (): void;
  worker: MockTransport;
  /** Which one answers here. */
  transport: 'worker' | 'page';
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
    { worker, transport: 'worker' as const, scenario: resolved },
  );
}

/**
 * Whether msw's service worker can hand a response's body to the page as it streams: it
 * transfers the ReadableStream, which WebKit cannot (https://bugs.webkit.org/show_bug.cgi?id=215485,
 * fixed after WebKitGTK 2.50). There the worker reads a body to its end first, so the live-event
 * stream, which has no end, would never arrive.
 */
export function streamsReachThePage(): boolean {
  try {
    const stream = new ReadableStream({ start: (controller) => controller.close() });
    new MessageChannel().port1.postMessage(stream, [stream]);
    return true;
  } catch {
    return false;
  }
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
