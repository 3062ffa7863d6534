// Builds the gRPC server: the agent services, grpc.health.v1.Health and
// server reflection. Binding a port is the caller's job (src/server.ts).
import { format } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import type { Logger } from '../core/logger.ts';
import type { Services } from '../resolvers/context.ts';
import { agentProto, agentProtoPath, protoLoaderOptions } from './proto.ts';
import { createAgentServiceHandlers } from './agent-service.ts';
import { createChatServiceHandlers } from './chat-service.ts';
import { createGitServiceHandlers, gitServiceName } from './git-service.ts';
import { createLogServiceHandlers, logServiceName } from './log-service.ts';
import { authInterceptor } from './auth-interceptor.ts';
import { metricsInterceptor } from './metrics-interceptor.ts';
import { createPromptServiceHandlers, promptServiceName } from './prompt-service.ts';
import { createSettingsServiceHandlers, settingsServiceName } from './settings-service.ts';

export const agentServiceName = 'genpod.agent.v1.AgentService';
export const chatServiceName = 'genpod.agent.v1.ChatService';

export interface GrpcServer {
  server: grpc.Server;
  health: HealthImplementation;
}

/** grpc-js writes its own diagnostics to stderr; route them into our logs instead. */
function routeGrpcLogs(logger: Logger): void {
  const grpcLogger = logger.child({ component: 'grpc-js' });
  grpc.setLogger({
    error: (...args: unknown[]) => grpcLogger.warn(format(...args)),
    info: (...args: unknown[]) => grpcLogger.debug(format(...args)),
    debug: (...args: unknown[]) => grpcLogger.trace(format(...args)),
  });
}

export function createGrpcServer(services: Services): GrpcServer {
  routeGrpcLogs(services.logger);
  const server = new grpc.Server({
    // MAX_REQUEST_BYTES, as for HTTP bodies; grpc-js refuses a bigger message RESOURCE_EXHAUSTED.
    'grpc.max_receive_message_length': services.config.maxRequestBytes,
    // Metrics first, so refused calls are counted too.
    interceptors: [metricsInterceptor(services.metrics), authInterceptor(services)],
  });
  server.addService(agentProto.AgentService.service, createAgentServiceHandlers(services));
  server.addService(agentProto.ChatService.service, createChatServiceHandlers(services));
  server.addService(agentProto.LogService.service, createLogServiceHandlers(services));
  server.addService(agentProto.PromptService.service, createPromptServiceHandlers(services));
  server.addService(agentProto.SettingsService.service, createSettingsServiceHandlers(services));
  server.addService(agentProto.GitService.service, createGitServiceHandlers(services));

  const health = new HealthImplementation({
    '': 'SERVING',
    [agentServiceName]: 'SERVING',
    [chatServiceName]: 'SERVING',
    [logServiceName]: 'SERVING',
    [promptServiceName]: 'SERVING',
    [settingsServiceName]: 'SERVING',
    [gitServiceName]: 'SERVING',
  });
  health.addToServer(server);
  // Reflection describes the health service too, so tools like grpcurl list it.
  const described = protoLoader.loadSync([agentProtoPath, healthProtoPath], protoLoaderOptions);
  new ReflectionService(described).addToServer(server);
  return { server, health };
}
