// Original file: protos/agent.proto

import type { PromptMessageList as _genpod_agent_v1_PromptMessageList, PromptMessageList__Output as _genpod_agent_v1_PromptMessageList__Output } from '../../../genpod/agent/v1/PromptMessageList.ts';

export interface ChatPrompt {
  'name'?: (string);
  'label'?: (string);
  'version'?: (number);
  'variablesJson'?: (string);
  'placeholders'?: ({[key: string]: _genpod_agent_v1_PromptMessageList});
}

export interface ChatPrompt__Output {
  'name': (string);
  'label': (string);
  'version': (number);
  'variablesJson': (string);
  'placeholders': ({[key: string]: _genpod_agent_v1_PromptMessageList__Output});
}
