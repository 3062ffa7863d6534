// The one table from domain error codes to gRPC status codes, and the
// translation of anything thrown into a status a client can read.
import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import type { DomainErrorCode } from '../core/errors.ts';
import { isDomainError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';

export const grpcStatusCodes: Record<DomainErrorCode, status> = {
  NOT_FOUND: status.NOT_FOUND,
  CONFLICT: status.ABORTED,
  FORBIDDEN: status.PERMISSION_DENIED,
  BAD_USER_INPUT: status.INVALID_ARGUMENT,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  UPSTREAM: status.UNAVAILABLE,
  TOO_LARGE: status.RESOURCE_EXHAUSTED,
};

/** A status for the client; the domain code travels as `error-code` metadata. */
export function toGrpcStatus(error: unknown, logger: Logger): StatusObject {
  const metadata = new Metadata();
  if (isDomainError(error)) {
    metadata.set('error-code', error.code);
    return { code: grpcStatusCodes[error.code], details: error.message, metadata };
  }
  logger.error({ err: error }, 'unexpected error in a gRPC call');
  return { code: status.INTERNAL, details: 'Unexpected error.', metadata };
}
