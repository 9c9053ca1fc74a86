/** Errors as api.md describes them: a status and `{ error: { code, message, … } }`. */
import type { ErrorBody, ErrorCode } from '@ledgerside/contract';

export interface ErrorIssue {
  path: (string | number)[];
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { issues?: ErrorIssue[]; current?: unknown; reason?: string } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}

export const badRequest = (message: string, issues?: ErrorIssue[]) =>
  new ApiError(400, 'bad_request', message, issues ? { issues } : {});
export const unauthorized = (message = 'A bearer token is required.') => new ApiError(401, 'unauthorized', message);
export const forbidden = (message = 'Your role cannot do this.') => new ApiError(403, 'forbidden', message);
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} was not found.`);
/** A business rule refused the request; `reason` names the rule. */
export const refused = (reason: string, message: string, issues?: ErrorIssue[]) =>
  new ApiError(422, 'unprocessable', message, issues ? { reason, issues } : { reason });
