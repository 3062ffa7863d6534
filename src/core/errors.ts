// Domain errors: the only errors a client ever sees by name. Each code maps to
// one GraphQL `extensions.code` (src/schema/error-codes.ts) and one gRPC status
// (src/grpc/status.ts); anything else thrown is masked as internal.

export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'UPSTREAM'
  | 'TOO_LARGE'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX';

export class DomainError extends Error {
  override name = 'DomainError';
  readonly code: DomainErrorCode;
  /** Safe to show a client: never holds a secret. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: DomainErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

export class NotFound extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('NOT_FOUND', message, details);
  }
}

export class Conflict extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('CONFLICT', message, details);
  }
}

export class Forbidden extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('FORBIDDEN', message, details);
  }
}

export class InvalidInput extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('BAD_USER_INPUT', message, details);
  }
}

export class Unauthenticated extends DomainError {
  constructor(message = 'a valid bearer token is required') {
    super('UNAUTHENTICATED', message);
  }
}

export class Upstream extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('UPSTREAM', message, details);
  }
}

export class TooLarge extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('TOO_LARGE', message, details);
  }
}

/** The caller used up its allowance; `retryAfterMs` says when to try again. */
export class RateLimited extends DomainError {
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number, message = 'too many requests: slow down and retry later') {
    const wait = Math.max(0, Math.ceil(retryAfterMs));
    super('RATE_LIMITED', message, { retryAfterMs: wait });
    this.retryAfterMs = wait;
  }
}

/** A GraphQL document beyond a configured depth, cost, alias, token or directive limit. */
export class QueryTooComplex extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('QUERY_TOO_COMPLEX', message, details);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
