// What every domain operation receives, whichever transport called it.
import type { Principal } from '../core/scopes.ts';
import type { Services } from '../core/services.ts';

export type { Runtime, Services } from '../core/services.ts';

export type Transport = 'graphql' | 'grpc';

/** One call's view of the server. */
export interface Context {
  services: Services;
  transport: Transport;
  requestId: string;
  /** Who is calling; domain operations check its scopes. */
  principal: Principal;
  /** SSE `Last-Event-ID` of a reconnecting client: where its streams resume. */
  lastEventId?: string | undefined;
  /** The raw `x-genpod-actor` header or metadata; writes check it (src/resolvers/change-actor.ts). */
  actorHeader?: string | undefined;
}
