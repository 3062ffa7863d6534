// Original file: protos/agent.proto

import type { PromptDependent as _genpod_agent_v1_PromptDependent, PromptDependent__Output as _genpod_agent_v1_PromptDependent__Output } from '../../../genpod/agent/v1/PromptDependent.ts';

export interface PromptDependents {
  'dependents'?: (_genpod_agent_v1_PromptDependent)[];
}

export interface PromptDependents__Output {
  'dependents': (_genpod_agent_v1_PromptDependent__Output)[];
}
