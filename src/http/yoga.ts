// The GraphQL server: the Pothos schema, SSE in both protocols, GraphiQL from
// our own assets, domain errors mapped to codes.
import { randomUUID } from 'node:crypto';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphQLSchema } from 'graphql';
import { localDeveloper } from '../core/scopes.ts';
import type { Context, Services } from '../resolvers/context.ts';
import { createMaskError } from './mask-error.ts';
import { useDrainOnShutdown } from './plugins/use-drain-on-shutdown.ts';
import { useExamples } from './plugins/use-examples.ts';
import { useGraphQLSSE } from './plugins/use-graphql-sse.ts';
import { useMetrics } from './plugins/use-metrics.ts';
import { useSSEEventIds } from './plugins/use-sse-event-ids.ts';
import { hasArgument, useSharedSubscriptions } from './plugins/use-shared-subscriptions.ts';

export type GenPodYoga = YogaServerInstance<Record<string, unknown>, Context>;

export function createGraphQLServer(schema: GraphQLSchema, services: Services): GenPodYoga {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    // Bundled GraphiQL: the default page loads from a CDN, which fails offline.
    renderGraphiQL,
    graphiql: { title: 'GenPod server', subscriptionsProtocol: 'GRAPHQL_SSE' },
    maskedErrors: { maskError: createMaskError(services.logger) },
    logging: services.logger.child({ component: 'graphql' }),
    context: ({ request }): Context => ({
      services,
      transport: 'graphql',
      requestId: randomUUID(),
      principal: localDeveloper,
      lastEventId: request.headers.get('last-event-id') ?? undefined,
    }),
    plugins: [
      useGraphQLSSE(),
      useSSEEventIds(),
      // A live change feed needs nothing from before a subscriber joined: share it.
      useSharedSubscriptions({
        shareable: (field, variables) =>
          field.name.value === 'fileChanges' && !hasArgument(field, 'since', variables),
      }),
      useDrainOnShutdown(services.shutdown),
      useMetrics({ metrics: services.metrics }),
      useExamples(),
    ],
  });
}
