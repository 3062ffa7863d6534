// The one table from domain error codes to GraphQL `extensions.code`.
import type { DomainErrorCode } from '../core/errors.ts';

export const graphqlErrorCodes: Record<DomainErrorCode, string> = {
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  UPSTREAM: 'UPSTREAM_ERROR',
  TOO_LARGE: 'TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
};
