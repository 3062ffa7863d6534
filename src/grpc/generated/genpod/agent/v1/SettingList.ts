// Original file: protos/agent.proto

import type { Setting as _genpod_agent_v1_Setting, Setting__Output as _genpod_agent_v1_Setting__Output } from '../../../genpod/agent/v1/Setting.ts';

export interface SettingList {
  'settings'?: (_genpod_agent_v1_Setting)[];
}

export interface SettingList__Output {
  'settings': (_genpod_agent_v1_Setting__Output)[];
}
