/**
 * Errors a client can cause, each with its HTTP status and the body shape of api.md:
 * `{ error: { code, message, issues?, reason?, current? } }`.
 */
import type { ErrorBody } from '@ledgerside/contract';

export type Issue = { path: (string | number)[]; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 428 | 429 | 503,
    readonly code: string,
    message: string,
    readonly extra: { issues?: Issue[]; reason?: string; current?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ErrorBody {
    const { issues, reason, current } = this.extra;
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(issues ? { issues } : {}),
        ...(reason ? { reason } : {}),
        ...(current !== undefined ? { current } : {}),
      },
    };
  }
}

export const badRequest = (message: string, issues?: Issue[]) =>
  new ApiError(400, 'bad_request', message, issues ? { issues } : {});
export const unauthorized = (message = 'A valid token is required.') => new ApiError(401, 'unauthorized', message);
export const forbidden = (message = 'Your role cannot do this.') => new ApiError(403, 'forbidden', message);
export const notFound = (what = 'That') => new ApiError(404, 'not_found', `${what} was not found.`);
export const conflict = (reason: string, message: string, issues?: Issue[]) =>
  new ApiError(409, 'conflict', message, issues ? { reason, issues } : { reason });
/** A business rule refused the request; `reason` names the rule, `issues` the fields. */
export const unprocessable = (reason: string, message: string, issues?: Issue[]) =>
  new ApiError(422, 'unprocessable', message, issues ? { reason, issues } : { reason });
export const preconditionFailed = (current: unknown) =>
  new ApiError(412, 'precondition_failed', 'Someone changed this in the meantime; here is the current version.', {
    current,
  });

/** zod issues → our issues (paths kept, symbols dropped). */
export function toIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Issue[] {
  return issues.map((i) => ({
    path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message: i.message,
  }));
}
