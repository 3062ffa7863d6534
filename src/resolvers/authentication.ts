// Who is calling: the one authentication step both transports run before any
// operation. A missing, malformed, unknown, expired or revoked token is
// UNAUTHENTICATED, worded the same everywhere; the failure is logged with the
// reason and the client's address, never with the token.
import { readBearer, type BearerCredential } from '../core/auth/bearer.ts';
import { clientAddressKey } from '../core/auth/client-address.ts';
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
 * admin token or a cached one), so the request path awaits nothing in the
 * common case (docs/performance.md).
 */
export function authenticate(services: Services, caller: Caller): Principal | Promise<Principal> {
  const credential = readBearer(caller.authorization);
  const known = knownPrincipalOf(services, credential);
  return known ?? authenticateSlowly(services, caller, credential);
}

/**
 * The principal of a token known without I/O (the admin token or a cached
 * one); undefined for anything else, which only `authenticate` may judge.
 * Counts nothing and logs nothing: a caller may ask, then hand the request on
 * to the path that calls `authenticate` (src/http/graphql-door.ts).
 */
export function knownPrincipal(
  services: Services,
  authorization: string | null | undefined,
): Principal | undefined {
  return knownPrincipalOf(services, readBearer(authorization));
}

function knownPrincipalOf(services: Services, credential: BearerCredential): Principal | undefined {
  if (credential.kind !== 'token') return undefined;
  return services.tokens.knownPrincipal(credential.secret) ?? undefined;
}

async function authenticateSlowly(
  services: Services,
  caller: Caller,
  credential: BearerCredential,
): Promise<Principal> {
  // The token is checked first: a valid one always gets through, however
  // often others failed from the same address (a shared NAT, a proxy,
  // 127.0.0.1). Only failures are counted. Tokens hold 256 random bits, so
  // the limit is no defence against guessing (nothing could guess one); it
  // keeps a flood of bad tokens cheap to answer and quiet in the logs.
  if (credential.kind === 'token') {
    const principal = await services.tokens.authenticate(credential.secret);
    if (principal) return principal;
  }
  const address = caller.address === undefined ? undefined : clientAddressKey(caller.address);
  // An address that failed too often is answered RATE_LIMITED, unlogged, until its window refills.
  if (address) await services.rateLimits.assertAuthAllowed(address);
  const reason =
    credential.kind === 'token' ? 'unknown, expired or revoked token' : `${credential.kind} token`;
  services.logger.warn(
    { transport: caller.transport, address: caller.address, reason },
    'authentication failed',
  );
  services.metrics.authFailures.inc({ transport: caller.transport });
  // Throws RATE_LIMITED instead once this address has failed too often.
  if (address) await services.rateLimits.consumeFailedAuth(address);
  throw new Unauthenticated(
    credential.kind === 'missing'
      ? `authentication required: ${hint}`
      : credential.kind === 'malformed'
        ? `the Authorization value is not a bearer token: ${hint}`
        : 'the token is unknown, expired or revoked',
  );
}
