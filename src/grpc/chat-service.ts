// genpod.agent.v1.ChatService: agents chat with Gemini and with the sessions
// the frontend sees, through the same resolvers as GraphQL.
import { status } from '@grpc/grpc-js';
import type { ChatServiceHandlers } from './generated/genpod/agent/v1/ChatService.ts';
import type { Services } from '../resolvers/context.ts';

export function createChatServiceHandlers(_services: Services): ChatServiceHandlers {
  return {
    SendMessageStream(call) {
      call.emit('error', {
        code: status.UNIMPLEMENTED,
        details: 'ChatService.SendMessageStream is not implemented yet',
      });
    },
  };
}
