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
import { useGraphQLSSE } from './plugins/use-graphql-sse.ts';

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
    context: (): Context => ({
      services,
      transport: 'graphql',
      requestId: randomUUID(),
      principal: localDeveloper,
    }),
    plugins: [useGraphQLSSE(), useDrainOnShutdown(services.shutdown)],
  });
}
