// genpod.agent.v1.AgentService: file updates, project structure and agent
// status for agents, from the same resolvers as GraphQL.
import { status } from '@grpc/grpc-js';
import type { AgentServiceHandlers } from './generated/genpod/agent/v1/AgentService.ts';
import type { Services } from '../resolvers/context.ts';

export function createAgentServiceHandlers(_services: Services): AgentServiceHandlers {
  return {
    StreamData(call) {
      call.emit('error', {
        code: status.UNIMPLEMENTED,
        details: 'AgentService.StreamData is not implemented yet',
      });
    },
  };
}
