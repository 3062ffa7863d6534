// The GraphQL server: the Pothos schema, SSE in both protocols, GraphiQL from
// our own assets, domain errors mapped to codes.
import { randomUUID } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphQLSchema } from 'graphql';
import { Unauthenticated } from '../core/errors.ts';
import { authenticate, knownPrincipal } from '../resolvers/authentication.ts';
import { actorHeader } from '../core/watch/change-actor.ts';
import type { Context, Services } from '../resolvers/context.ts';
import { corsPolicy } from './cors-policy.ts';
import { createGraphQLDoor } from './graphql-door.ts';
import { createSSEDoor } from './sse-door.ts';
import { createMaskError, yogaLogger } from './mask-error.ts';
import { useAuthentication } from './plugins/use-authentication.ts';
import { useCredentialLifetime } from './plugins/use-credential-lifetime.ts';
import { useDrainOnShutdown } from './plugins/use-drain-on-shutdown.ts';
import { useExamples } from './plugins/use-examples.ts';
import { useFileArchives } from './plugins/use-file-archives.ts';
import { useGraphQLSSE } from './plugins/use-graphql-sse.ts';
import { useMetrics } from './plugins/use-metrics.ts';
import { useNoIntrospection } from './plugins/use-no-introspection.ts';
import { useQueryLimits } from './plugins/use-query-limits.ts';
import { useRateLimit } from './plugins/use-rate-limit.ts';
import { useRequestSizeLimit } from './plugins/use-request-size-limit.ts';
import { useSecretInputErrors } from './plugins/use-secret-input-errors.ts';
import { useSSEDoor } from './plugins/use-sse-door.ts';
import { useSSEEventIds } from './plugins/use-sse-event-ids.ts';
import { hasArgument, useSharedSubscriptions } from './plugins/use-shared-subscriptions.ts';

/** Where folders are downloaded and uploaded as archives. */
const archivePath = '/files/archive';

export type GenPodYoga = YogaServerInstance<Record<string, unknown>, Context>;

export interface GraphQLServer {
  yoga: GenPodYoga;
  /** The HTTP server's handler: the fast path for plain JSON queries, the SSE door for Yoga's SSE, Yoga for the rest. */
  handler: RequestListener;
  /** Stops the SSE door's ping timer (streams end through the shutdown signal). */
  close(): void;
}

export function createGraphQLServer(schema: GraphQLSchema, services: Services): GraphQLServer {
  const authentication = useAuthentication({
    authenticate: (authorization, address) =>
      authenticate(services, { transport: 'graphql', authorization, address }),
    // Archives: files:read to download, files:write to upload, checked by the resolvers.
    protectedPaths: { '/metrics': 'logs:read', [archivePath]: null },
    onUnexpectedError: (error) =>
      services.logger.error({ err: error }, 'authentication failed unexpectedly'),
  });
  // Errors the mask logged itself, which Yoga must not log again at error.
  const handled = new WeakSet<object>();
  const maskError = createMaskError(services.logger, { schema, handled });
  const cors = corsPolicy(services.config.corsOrigins);
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    // Bundled GraphiQL: the default page loads from a CDN, which fails offline.
    renderGraphiQL,
    // GraphiQL cannot work without introspection: GRAPHIQL follows GRAPHQL_INTROSPECTION.
    graphiql: services.config.graphiql && {
      title: 'GenPod server',
      subscriptionsProtocol: 'GRAPHQL_SSE',
      // Every request needs a token: the header is there, waiting for one.
      headers: JSON.stringify({ Authorization: 'Bearer <paste a token>' }, null, 2),
    },
    cors,
    maskedErrors: { maskError },
    logging: yogaLogger(services.logger.child({ component: 'graphql' }), handled),
    // useRequestSizeLimit below enforces MAX_REQUEST_BYTES; Yoga's own limit
    // (25 MB) would wrap every body in a stream pipeline and a new Request for
    // nothing: about 17% of a small query's CPU (docs/performance.md).
    maxRequestBodySize: false,
    context: ({ request }): Context => {
      // useAuthentication refused every request it could not authenticate.
      const principal = authentication.principalOf(request);
      if (!principal) throw new Unauthenticated();
      return {
        services,
        transport: 'graphql',
        requestId: randomUUID(),
        principal,
        lastEventId: request.headers.get('last-event-id') ?? undefined,
        actorHeader: request.headers.get(actorHeader) ?? undefined,
      };
    },
    plugins: [
      // Headers only, and a counting wrapper around a chunked body: reads nothing.
      useRequestSizeLimit({
        maxBytes: services.config.maxRequestBytes,
        // Archive uploads stream, bounded by ARCHIVE_MAX_BYTES instead.
        exceptPaths: [archivePath],
      }),
      // Nothing below reads a request before its caller is known.
      authentication,
      useCredentialLifetime(services.credentials),
      useFileArchives({ services, principalOf: authentication.principalOf, path: archivePath }),
      useGraphQLSSE({ ownerOf: (request) => authentication.principalOf(request)?.id }),
      useQueryLimits(services.config.graphqlLimits),
      useSecretInputErrors(),
      ...(services.config.graphqlIntrospection ? [] : [useNoIntrospection()]),
      // Before useSharedSubscriptions: a subscriber joining a shared stream still counts.
      useRateLimit({ rateLimits: services.rateLimits }),
      useSSEEventIds({ pingMs: services.config.sse.pingMs }),
      // A live change feed needs nothing from before a subscriber joined: share it.
      useSharedSubscriptions({
        shareable: (field, variables) =>
          field.name.value === 'fileChanges' && !hasArgument(field, 'since', variables),
      }),
      useDrainOnShutdown(services.shutdown),
      useMetrics({ metrics: services.metrics }),
      useExamples(),
      // Last: it takes the subscription as every plugin above left it.
      useSSEDoor({
        // What Yoga sends when a stream fails: its default message, through our mask.
        errorResult: (error) => ({ errors: [maskError(error, 'Unexpected error.', false)] }),
      }),
    ],
  });
  // Subscriptions over Yoga's SSE are written by the lean door (SSE_DOOR);
  // what the fast path does not serve goes to it, and on to Yoga.
  const sseDoor = services.config.sse.door
    ? createSSEDoor(yoga, {
        pingMs: services.config.sse.pingMs,
        onUnexpectedError: (error) => services.logger.error({ err: error }, 'SSE stream failed'),
      })
    : undefined;
  const handler = createGraphQLDoor({
    yoga,
    next: sseDoor?.listener ?? yoga,
    fastPath: services.config.graphqlFastPath,
    maxRequestBytes: services.config.maxRequestBytes,
    knownPrincipal: (authorization) => knownPrincipal(services, authorization),
    admit: authentication.admit,
    cors,
    maskError,
    metrics: services.metrics,
    onUnexpectedError: (error) =>
      services.logger.error({ err: error }, 'could not answer a GraphQL request'),
  });
  return { yoga, handler, close: () => sseDoor?.close() };
}
