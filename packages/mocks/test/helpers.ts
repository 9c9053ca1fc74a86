/** Test helpers: a scenario (the server core) behind msw/node, and fetch against http://ledger.test/v1. */
import { after } from 'node:test';
import { createScenario, type Scenario, type ScenarioName, type ScenarioOptions } from '@ledgerside/mocks';
import { setupMockServer } from '@ledgerside/mocks/node';

export const BASE = 'http://ledger.test/v1';

let stopCurrent: (() => void) | null = null;
after(() => stopCurrent?.());

/** Serves a fresh scenario (replacing the previous one) and returns it. */
export function serve(name: ScenarioName, options: ScenarioOptions = {}): Scenario {
  stopCurrent?.();
  const scenario = createScenario(name, options);
  const mock = setupMockServer(scenario);
  mock.listen('error');
  stopCurrent = () => mock.close();
  return scenario;
}

export interface Call {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function call(method: string, path: string, { token = 'anything', body, headers = {}, signal }: Call = {}) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely typed JSON
  const json: any = text && response.headers.get('Content-Type')?.includes('json') ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, json, text };
}

export const as = (userId: string) => `mock:${userId}`;
