// Original file: protos/agent.proto

import type { PromptLabelMove as _genpod_agent_v1_PromptLabelMove, PromptLabelMove__Output as _genpod_agent_v1_PromptLabelMove__Output } from '../../../genpod/agent/v1/PromptLabelMove.ts';

export interface PromptLabelHistory {
  'moves'?: (_genpod_agent_v1_PromptLabelMove)[];
  'nextCursor'?: (string);
}

export interface PromptLabelHistory__Output {
  'moves': (_genpod_agent_v1_PromptLabelMove__Output)[];
  'nextCursor': (string);
}
