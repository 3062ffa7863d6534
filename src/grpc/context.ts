// The Context a gRPC call hands to the resolvers: the caller is the principal
// src/grpc/auth-interceptor.ts authenticated for this call.
import { randomUUID } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';
import { Unauthenticated } from '../core/errors.ts';
import { actorHeader } from '../core/watch/change-actor.ts';
import type { Context, Services } from '../resolvers/context.ts';
import { principalOf } from './auth-interceptor.ts';

export function grpcContext(services: Services, call: { metadata: Metadata }): Context {
  const principal = principalOf(call.metadata);
  // Only a handler registered without the interceptor could get here.
  if (!principal) throw new Unauthenticated();
  const [actor] = call.metadata.get(actorHeader);
  return {
    services,
    transport: 'grpc',
    requestId: randomUUID(),
    principal,
    actorHeader: actor === undefined ? undefined : actor.toString(),
  };
}
