/**
 * Named scenarios: a store filled with deterministic data (fixed ids, dates relative to a
 * "today" that may be fixed) and the handlers serving it.
 */
import type { HttpHandler } from 'msw';
import { organization, users } from './fixtures.js';
import { createHandlers, type HandlerOptions } from './handlers.js';
import { seedDemo } from './seed-demo.js';
import { seedMany } from './seed-many.js';
import { MockStore } from './store.js';

export const scenarioNames = ['demo', 'empty', 'many', 'slow', 'failing', 'readOnly'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface ScenarioOptions extends HandlerOptions {
  /** The calendar day the data is relative to and overdue is judged by (YYYY-MM-DD); default the real today. */
  today?: string;
  /** Who `GET /session` is for a token that names no user; default the agent (the light agent in `readOnly`). */
  sessionUserId?: string;
}

export interface Scenario {
  name: ScenarioName;
  store: MockStore;
  handlers: HttpHandler[];
}

/** The demo organizations' document templates (the server's seed has the same). */
const DEMO_TEMPLATES = [
  { id: 'standard', name: 'Standard' },
  { id: 'compact', name: 'Compact' },
  { id: 'detailed', name: 'Detailed (itemized)' },
];

/** `slow` delays each response by this much unless `delayMs` says otherwise. */
export const SLOW_DELAY_MS = 1500;

export function createScenario(name: ScenarioName, options: ScenarioOptions = {}): Scenario {
  if (!scenarioNames.includes(name)) throw new TypeError(`Unknown scenario ${String(name)}; one of ${scenarioNames.join(', ')}`);
  const store = new MockStore({
    organization,
    users: Object.values(users),
    sessionUserId: options.sessionUserId ?? (name === 'readOnly' ? users.lightAgent.id : users.agent.id),
    integration: {
      billingAppUrl: 'https://billing.example.com/northwind',
      // As the server's demo organizations: requesters are matched by secondary email too.
      matchSecondaryEmail: name === 'demo',
      templates: DEMO_TEMPLATES,
    },
    ...(options.today ? { today: options.today } : {}),
  });
  if (name === 'many') store.seed(() => seedMany(store));
  else if (name !== 'empty') store.seed(() => seedDemo(store));
  const handlers = createHandlers(store, {
    ...options,
    delayMs: options.delayMs ?? (name === 'slow' ? SLOW_DELAY_MS : 0),
    failing: options.failing ?? name === 'failing',
  });
  return { name, store, handlers };
}
