// Original file: protos/agent.proto

import type { PromptMessage as _genpod_agent_v1_PromptMessage, PromptMessage__Output as _genpod_agent_v1_PromptMessage__Output } from '../../../genpod/agent/v1/PromptMessage.ts';

export interface PromptMessageList {
  'messages'?: (_genpod_agent_v1_PromptMessage)[];
}

export interface PromptMessageList__Output {
  'messages': (_genpod_agent_v1_PromptMessage__Output)[];
}
