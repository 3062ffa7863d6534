// Who is calling: the one authentication step both transports run before any
// operation. A missing, malformed, unknown, expired or revoked token is
// UNAUTHENTICATED, worded the same everywhere; the failure is logged with the
// reason and the client's address, never with the token.
import { readBearer, type BearerCredential } from '../core/auth/bearer.ts';
import { Unauthenticated } from '../core/errors.ts';
import type { Principal } from '../core/scopes.ts';
import type { Services, Transport } from './context.ts';

export interface Caller {
  transport: Transport;
  /** The client's address, for the log and the failed-attempt limit. */
  address: string | undefined;
  /** The `Authorization` header or metadata value, as received. */
  authorization: string | null | undefined;
}

const hint = 'send Authorization: Bearer <token>';

/**
 * The caller's principal: synchronously when it is known without I/O (the
 * admin token or a cached one, from an address with no recent failures), so
 * the request path awaits nothing in the common case (docs/performance.md).
 */
export function authenticate(services: Services, caller: Caller): Principal | Promise<Principal> {
  const credential = readBearer(caller.authorization);
  if (
    credential.kind === 'token' &&
    (!caller.address || services.rateLimits.authSurelyAllowed(caller.address))
  ) {
    const known = services.tokens.knownPrincipal(credential.secret);
    if (known) return known;
  }
  return authenticateSlowly(services, caller, credential);
}

async function authenticateSlowly(
  services: Services,
  caller: Caller,
  credential: BearerCredential,
): Promise<Principal> {
  // An address that failed too often is refused before its guess is checked.
  if (caller.address) await services.rateLimits.assertAuthAllowed(caller.address);
  if (credential.kind === 'token') {
    const principal = await services.tokens.authenticate(credential.secret);
    if (principal) return principal;
  }
  const reason =
    credential.kind === 'token' ? 'unknown, expired or revoked token' : `${credential.kind} token`;
  services.logger.warn(
    { transport: caller.transport, address: caller.address, reason },
    'authentication failed',
  );
  services.metrics.authFailures.inc({ transport: caller.transport });
  // Throws RATE_LIMITED instead once this address has failed too often.
  if (caller.address) await services.rateLimits.consumeFailedAuth(caller.address);
  throw new Unauthenticated(
    credential.kind === 'missing'
      ? `authentication required: ${hint}`
      : credential.kind === 'malformed'
        ? `the Authorization value is not a bearer token: ${hint}`
        : 'the token is unknown, expired or revoked',
  );
}
