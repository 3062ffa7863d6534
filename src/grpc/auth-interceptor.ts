// Every gRPC call, streams included, must carry `authorization: Bearer <token>`
// metadata (docs/contract.md, "Auth"). The interceptor authenticates before the
// handler sees anything; a refused call is answered with UNAUTHENTICATED (or
// RESOURCE_EXHAUSTED when rate limited) and never reaches a handler. Health
// checks stay open: load balancers probe them without credentials.
import { ServerInterceptingCall, type Metadata, type ServerInterceptor } from '@grpc/grpc-js';
import { handleMaybePromise } from '@whatwg-node/promise-helpers';
import { CredentialEnded } from '../core/auth/credential-lifetimes.ts';
import { Unauthenticated } from '../core/errors.ts';
import type { Principal } from '../core/scopes.ts';
import { authenticate } from '../resolvers/authentication.ts';
import type { Services } from '../resolvers/context.ts';
import { toGrpcStatus } from './status.ts';

// The metadata object the interceptor passes on is the one the handler's call
// holds, so it carries the principal to grpcContext() without a string key a
// client could forge.
const principals = new WeakMap<Metadata, Principal>();

export function principalOf(metadata: Metadata): Principal | undefined {
  return principals.get(metadata);
}

/** Services whose methods need no token. */
const openServices = ['/grpc.health.v1.Health/'];

function credentialEndMessage(reason: unknown): string {
  return reason instanceof CredentialEnded ? reason.message : 'the token ended';
}

export function authInterceptor(services: Services): ServerInterceptor {
  return (descriptor, call) => {
    if (openServices.some((prefix) => descriptor.path.startsWith(prefix))) {
      return new ServerInterceptingCall(call);
    }
    const streaming = descriptor.requestStream || descriptor.responseStream;
    // A stream outlives its authentication: it ends when its token does.
    let stopFollowing = () => {};
    const followCredential = (principal: Principal) => {
      const signal = streaming ? services.credentials.signalFor(principal) : undefined;
      if (!signal) return;
      const end = () =>
        call.sendStatus(
          toGrpcStatus(new Unauthenticated(credentialEndMessage(signal.reason)), services.logger),
        );
      signal.addEventListener('abort', end, { once: true });
      stopFollowing = () => signal.removeEventListener('abort', end);
    };
    return new ServerInterceptingCall(call, {
      sendStatus(status, next) {
        stopFollowing();
        next(status);
      },
      start(next) {
        next({
          onCancel() {
            stopFollowing();
          },
          onReceiveMetadata(metadata, passOn) {
            const [authorization] = metadata.get('authorization');
            const refuse = (error: unknown) =>
              call.sendStatus(toGrpcStatus(error, services.logger));
            const admit = (principal: Principal) => {
              try {
                // The handler needs no copy of the secret.
                metadata.remove('authorization');
                principals.set(metadata, principal);
                followCredential(principal);
                passOn(metadata);
              } catch (error) {
                refuse(error);
              }
            };
            const authorised = (): Principal | Promise<Principal> => {
              const principal = authenticate(services, {
                transport: 'grpc',
                authorization: typeof authorization === 'string' ? authorization : undefined,
                // The address alone: getPeer() reads `ip:port`, a new count per connection.
                address: call.getConnectionInfo().remoteAddress,
              });
              if (!services.rateLimits.limitsOperations) return principal;
              return Promise.resolve(principal).then(async (known) => {
                await services.rateLimits.consume(known);
                return known;
              });
            };
            // Synchronous when the principal is known and no limit counts calls:
            // no promise in the way of the common call (docs/performance.md).
            handleMaybePromise(authorised, admit, refuse);
          },
        });
      },
    });
  };
}
