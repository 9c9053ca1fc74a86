/**
 * Validation through the schemas' Standard Schema interface, so this package needs no direct
 * zod dependency: the contract's schemas are the only validators.
 */
import { badRequest, type ErrorIssue } from './errors.js';

type PathSegment = PropertyKey | { readonly key: PropertyKey };
type Result<O> =
  | { readonly value: O; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<{ readonly message: string; readonly path?: ReadonlyArray<PathSegment> | undefined }> };

export interface StandardSchema<O = unknown> {
  readonly '~standard': {
    validate(value: unknown): Result<O> | Promise<Result<O>>;
    readonly types?: { readonly output: O } | undefined;
  };
}

/** What a schema produces. */
export type Output<S> = S extends { readonly '~standard': { readonly types?: infer T } }
  ? NonNullable<T> extends { readonly output: infer O }
    ? O
    : unknown
  : undefined;

function segment(s: PathSegment): string | number {
  const key = typeof s === 'object' && s !== null ? s.key : s;
  return typeof key === 'number' ? key : String(key);
}

/** The parsed value, or a 400 whose issues point at the fields. */
export function parse<S extends StandardSchema>(schema: S, value: unknown, what = 'request'): Output<S> {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) throw new TypeError('Asynchronous schemas are not supported');
  if (result.issues === undefined) return result.value as Output<S>;
  const issues: ErrorIssue[] = result.issues.map((i) => ({ path: (i.path ?? []).map(segment), message: i.message }));
  const first = issues[0];
  const where = first && first.path.length ? `${first.path.join('.')}: ` : '';
  return fail(`Invalid ${what}: ${where}${first?.message ?? 'not accepted'}`, issues);
}

function fail(message: string, issues: ErrorIssue[]): never {
  throw badRequest(message, issues);
}

/** A stable JSON text (sorted keys), to compare request bodies for idempotency. */
export function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
