/** Every failure of a client call is a `LedgerApiError`; `kind` says which sort it is. */
export type LedgerErrorKind =
  /** The server answered with an error status; `status`, `code`, `issues` say what. */
  | 'http'
  /** No answer: offline, DNS, connection reset, CORS. */
  | 'network'
  /** No answer within `timeoutMs`. */
  | 'timeout'
  /** The caller aborted through its `AbortSignal`. */
  | 'aborted'
  /** The server answered 2xx with a body that does not match the contract. */
  | 'invalid_response';

export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

export interface LedgerApiErrorInit {
  kind: LedgerErrorKind;
  status?: number;
  code?: string;
  message: string;
  issues?: FieldIssue[];
  reason?: string;
  current?: unknown;
  retryAfterMs?: number;
  cause?: unknown;
}

export class LedgerApiError extends Error {
  readonly kind: LedgerErrorKind;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** The error body's `code` (`bad_request`, `precondition_failed`…) or the kind. */
  readonly code: string;
  /** Field-level problems, each with the path of the field in the request body. */
  readonly issues: FieldIssue[];
  /** A refused rule's named reason (422). */
  readonly reason: string | undefined;
  /** The current representation on a 412. */
  readonly current: unknown;
  readonly retryAfterMs: number | undefined;

  constructor(init: LedgerApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'LedgerApiError';
    this.kind = init.kind;
    this.status = init.status ?? 0;
    this.code = init.code ?? init.kind;
    this.issues = init.issues ?? [];
    this.reason = init.reason;
    this.current = init.current;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** Issues keyed by dotted path (`lines.0.quantity`), first message per field. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const issue of this.issues) {
      const key = issue.path.join('.');
      out[key] ??= issue.message;
    }
    return out;
  }

  /** Whether trying the same thing again later could succeed. */
  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || this.status === 429 || this.status >= 500;
  }
}

export function isLedgerApiError(value: unknown): value is LedgerApiError {
  return value instanceof LedgerApiError;
}
