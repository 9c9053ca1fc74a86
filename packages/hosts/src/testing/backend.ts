/**
 * The adapters' browser tests' backend: the reference server's core in the tab behind msw (in
 * WebKit, msw's interceptor of the page's fetch), as the elements' tests run it, and a token
 * for a demo user — what a host's backend would mint.
 */
import { createScenario, servedDump, tokenFor } from '@ledgerside/mocks';
import { startMockWorker, streamsReachThePage } from '@ledgerside/mocks/browser';
import { startMockInterceptor } from '@ledgerside/mocks/page';

export async function startBackend(): Promise<() => void> {
  const scenario = createScenario('demo', { dump: servedDump });
  await scenario.ready();
  return streamsReachThePage() ? await startMockWorker(scenario, { quiet: true }) : startMockInterceptor(scenario);
}

export const agentToken = (): Promise<string> => Promise.resolve(tokenFor('u-agent'));

/** Text a person reads in `root`, through open shadow roots. */
export function textOf(root: Element | ShadowRoot | Document): string {
  let out = '';
  const walk = (node: Node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out += (child as Text).data;
      else if (child.nodeType === Node.ELEMENT_NODE) {
        const el = child as Element;
        if (el.shadowRoot) walk(el.shadowRoot);
        walk(el);
      }
    }
  };
  walk(root);
  return out.replace(/\s+/g, ' ').trim();
}

/** A fresh mount point for one test's app. */
export function mountPoint(): HTMLElement {
  const el = document.createElement('div');
  el.style.width = '320px';
  document.body.append(el);
  return el;
}

/** Records every call made on a stand-in, by dotted path. */
export function recorder() {
  const calls: { path: string; args: unknown[] }[] = [];
  const record = <A extends unknown[], R>(path: string, fn: (...args: A) => R) => (...args: A): R => {
    calls.push({ path, args });
    return fn(...args);
  };
  return { calls, record, paths: () => [...new Set(calls.map((c) => c.path))].sort() };
}

/** Every callable path of a stand-in object (what it offers). */
export function offered(object: object, prefix = ''): string[] {
  return Object.entries(object).flatMap(([key, value]) =>
    typeof value === 'function' ? [`${prefix}${key}`] : value && typeof value === 'object' ? offered(value, `${prefix}${key}.`) : [],
  ).sort();
}
