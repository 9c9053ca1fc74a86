/**
 * Working with the contract's zod/mini schemas without importing zod here: the contract owns
 * that dependency, the server only needs the inferred types and `safeParse`.
 */

/** What a schema produces after parsing (defaults applied): zod's `output` type. */
export type Output<S> = S extends { _zod: { output: infer O } } ? O : undefined;

export type ParseResult =
  | { success: true; data: unknown }
  | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };

/** Every route schema is a zod/mini schema at run time, which has `safeParse`. */
export function safeParse(schema: unknown, value: unknown): ParseResult {
  return (schema as { safeParse(v: unknown): ParseResult }).safeParse(value);
}
