// Original file: protos/agent.proto

import type { SettingChange as _genpod_agent_v1_SettingChange, SettingChange__Output as _genpod_agent_v1_SettingChange__Output } from '../../../genpod/agent/v1/SettingChange.ts';

export interface UpdateSettingsRequest {
  'changes'?: (_genpod_agent_v1_SettingChange)[];
}

export interface UpdateSettingsRequest__Output {
  'changes': (_genpod_agent_v1_SettingChange__Output)[];
}
