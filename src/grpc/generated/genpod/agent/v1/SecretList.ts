// Original file: protos/agent.proto

import type { SecretInfo as _genpod_agent_v1_SecretInfo, SecretInfo__Output as _genpod_agent_v1_SecretInfo__Output } from '../../../genpod/agent/v1/SecretInfo.ts';

export interface SecretList {
  'secrets'?: (_genpod_agent_v1_SecretInfo)[];
}

export interface SecretList__Output {
  'secrets': (_genpod_agent_v1_SecretInfo__Output)[];
}
