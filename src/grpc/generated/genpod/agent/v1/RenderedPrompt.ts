// Original file: protos/agent.proto

import type { PromptType as _genpod_agent_v1_PromptType, PromptType__Output as _genpod_agent_v1_PromptType__Output } from '../../../genpod/agent/v1/PromptType.ts';
import type { PromptMessage as _genpod_agent_v1_PromptMessage, PromptMessage__Output as _genpod_agent_v1_PromptMessage__Output } from '../../../genpod/agent/v1/PromptMessage.ts';

export interface RenderedPrompt {
  'name'?: (string);
  'version'?: (number);
  'labels'?: (string)[];
  'text'?: (string);
  'type'?: (_genpod_agent_v1_PromptType);
  'messages'?: (_genpod_agent_v1_PromptMessage)[];
  'configJson'?: (string);
  'variablesJson'?: (string);
}

export interface RenderedPrompt__Output {
  'name': (string);
  'version': (number);
  'labels': (string)[];
  'text': (string);
  'type': (_genpod_agent_v1_PromptType__Output);
  'messages': (_genpod_agent_v1_PromptMessage__Output)[];
  'configJson': (string);
  'variablesJson': (string);
}
