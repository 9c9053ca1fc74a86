/**
 * What the client checks the server's answers against: the contract's zod schemas (every
 * route's response, error bodies, live events). A module of its own that the client loads
 * with `import()` (lazy.ts) as it is created, so in a browser bundle the first request does
 * not wait for the schemas, yet no answer is used before it has been checked.
 */
import { ErrorBody, LiveEvent, routes, type RouteDef, type RouteName } from '@ledgerside/contract';
import type { FieldIssue } from './errors.js';

export type Checked = { ok: true; value: unknown } | { ok: false; issues: FieldIssue[] };

/** A route's JSON answer against its response schema. */
export async function checkResponse(name: RouteName, body: unknown): Promise<Checked> {
  const schema = (routes[name] as RouteDef).response;
  if (!schema) return { ok: true, value: body };
  const parsed = schema['~standard'].validate(body);
  const result = parsed instanceof Promise ? await parsed : parsed;
  if (!result.issues) return { ok: true, value: result.value };
  return {
    ok: false,
    issues: result.issues.map((i) => ({
      path: (i.path ?? []).map((p) => (typeof p === 'object' ? (p.key as string | number) : (p as string | number))),
      message: i.message,
    })),
  };
}

/** The `error` of an error answer's body, when the body is one. */
export function errorOf(body: unknown): ErrorBody['error'] | undefined {
  const parsed = ErrorBody.safeParse(body);
  return parsed.success ? parsed.data.error : undefined;
}

/** A live event's data, when it is one this client understands. */
export function liveEventOf(data: unknown): LiveEvent | undefined {
  const parsed = LiveEvent.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}
