// genpod.agent.v1.AgentService: file updates, project structure and agent
// status for agents, from the same resolvers as GraphQL.
import type { AgentServiceHandlers } from './generated/genpod/agent/v1/AgentService.ts';
import type { Services } from '../resolvers/context.ts';
import { createFileBatchRpcHandler } from './file-batch-rpc.ts';
import { createArchiveRpcHandlers } from './archive-rpcs.ts';
import type { WithEncodedAnswers } from './encoded-message.ts';
import { createFileRpcHandlers } from './file-rpcs.ts';
import { createReplaceRpcHandler } from './replace-rpc.ts';
import { createStreamDataHandler } from './stream-data.ts';

export function createAgentServiceHandlers(
  services: Services,
): WithEncodedAnswers<AgentServiceHandlers, 'ListTree'> {
  return {
    StreamData: createStreamDataHandler(services),
    ...createFileRpcHandlers(services),
    WriteFiles: createFileBatchRpcHandler(services),
    ReplaceInFiles: createReplaceRpcHandler(services),
    ...createArchiveRpcHandlers(services),
  };
}
