// The Context a gRPC call hands to the resolvers.
import { randomUUID } from 'node:crypto';
import { localDeveloper } from '../core/scopes.ts';
import type { Context, Services } from '../resolvers/context.ts';

export function grpcContext(services: Services): Context {
  return { services, transport: 'grpc', requestId: randomUUID(), principal: localDeveloper };
}
