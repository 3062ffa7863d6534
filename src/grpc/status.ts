// The one table from domain error codes to gRPC status codes, and the
// translation of anything thrown into a status a client can read.
import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import type { DomainErrorCode } from '../core/errors.ts';
import { isDomainError, RateLimited } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';

export const grpcStatusCodes: Record<DomainErrorCode, status> = {
  NOT_FOUND: status.NOT_FOUND,
  CONFLICT: status.ABORTED,
  FORBIDDEN: status.PERMISSION_DENIED,
  BAD_USER_INPUT: status.INVALID_ARGUMENT,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  UPSTREAM: status.UNAVAILABLE,
  TOO_LARGE: status.RESOURCE_EXHAUSTED,
  RATE_LIMITED: status.RESOURCE_EXHAUSTED,
  // Only GraphQL documents are measured this way; listed so the table stays total.
  QUERY_TOO_COMPLEX: status.INVALID_ARGUMENT,
};

/** A status for the client; the domain code travels as `error-code` metadata. */
export function toGrpcStatus(error: unknown, logger: Logger): StatusObject {
  const metadata = new Metadata();
  if (isDomainError(error)) {
    metadata.set('error-code', error.code);
    // A client backs off this long before retrying (the gRPC twin of HTTP Retry-After).
    if (error instanceof RateLimited) metadata.set('retry-after-ms', String(error.retryAfterMs));
    return { code: grpcStatusCodes[error.code], details: error.message, metadata };
  }
  logger.error({ err: error }, 'unexpected error in a gRPC call');
  return { code: status.INTERNAL, details: 'Unexpected error.', metadata };
}
