// Builds the gRPC server: the agent services, grpc.health.v1.Health and
// server reflection. Binding a port is the caller's job (src/server.ts).
import { format } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import type { Config } from '../config.ts';
import type { Logger } from '../core/logger.ts';
import type { Services } from '../resolvers/context.ts';
import { agentProto, agentProtoPath, protoLoaderOptions } from './proto.ts';
import { createAgentServiceHandlers } from './agent-service.ts';
import { withEncodedResponses } from './encoded-message.ts';
import { createChatServiceHandlers } from './chat-service.ts';
import { createGitServiceHandlers, gitServiceName } from './git-service.ts';
import { createLogServiceHandlers, logServiceName } from './log-service.ts';
import { authInterceptor } from './auth-interceptor.ts';
import { metricsInterceptor } from './metrics-interceptor.ts';
import { malformedRequestInterceptor, withCheckedRequests } from './request-decoding.ts';
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

/**
 * grpc-js's timers for each connection (its caps are src/core/connection-gate.ts).
 * A setting of 0 is left out: grpc-js reads an idle time of 0 as "close at once".
 */
function connectionOptions(limits: Config['grpcConnections']): grpc.ChannelOptions {
  const options: Record<string, number> = {};
  const set = (name: string, value: number) => {
    if (value > 0) options[name] = value;
  };
  set('grpc.max_connection_idle_ms', limits.maxIdleMs);
  set('grpc.max_connection_age_ms', limits.maxAgeMs);
  set('grpc.max_connection_age_grace_ms', limits.maxAgeGraceMs);
  set('grpc.keepalive_time_ms', limits.keepaliveTimeMs);
  set('grpc.keepalive_timeout_ms', limits.keepaliveTimeoutMs);
  return options;
}

export function createGrpcServer(services: Services): GrpcServer {
  routeGrpcLogs(services.logger);
  const server = new grpc.Server({
    // MAX_REQUEST_BYTES, as for HTTP bodies; grpc-js refuses a bigger message RESOURCE_EXHAUSTED.
    'grpc.max_receive_message_length': services.config.maxRequestBytes,
    ...connectionOptions(services.config.grpcConnections),
    // Metrics first, so refused calls are counted too; a caller is known before its bytes are judged.
    interceptors: [
      metricsInterceptor(services.metrics),
      authInterceptor(services),
      malformedRequestInterceptor(services.logger),
    ],
  });
  const add = <T extends grpc.ServiceDefinition>(
    definition: T,
    handlers: grpc.UntypedServiceImplementation,
  ) => server.addService(withEncodedResponses(withCheckedRequests(definition)), handlers);
  add(agentProto.AgentService.service, createAgentServiceHandlers(services));
  add(agentProto.ChatService.service, createChatServiceHandlers(services));
  add(agentProto.LogService.service, createLogServiceHandlers(services));
  add(agentProto.PromptService.service, createPromptServiceHandlers(services));
  add(agentProto.SettingsService.service, createSettingsServiceHandlers(services));
  add(agentProto.GitService.service, createGitServiceHandlers(services));

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
