// Original file: protos/agent.proto

import type { ChatPrompt as _genpod_agent_v1_ChatPrompt, ChatPrompt__Output as _genpod_agent_v1_ChatPrompt__Output } from '../../../genpod/agent/v1/ChatPrompt.ts';

export interface ChatRequest {
  'sessionId'?: (string);
  'content'?: (string);
  'agentId'?: (string);
  'relayOnly'?: (boolean);
  'prompt'?: (_genpod_agent_v1_ChatPrompt | null);
}

export interface ChatRequest__Output {
  'sessionId': (string);
  'content': (string);
  'agentId': (string);
  'relayOnly': (boolean);
  'prompt': (_genpod_agent_v1_ChatPrompt__Output | null);
}
