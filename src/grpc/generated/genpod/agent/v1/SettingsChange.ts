// Original file: protos/agent.proto

import type { Setting as _genpod_agent_v1_Setting, Setting__Output as _genpod_agent_v1_Setting__Output } from '../../../genpod/agent/v1/Setting.ts';

export interface SettingsChange {
  'sequence'?: (string);
  'kind'?: (string);
  'settings'?: (_genpod_agent_v1_Setting)[];
  'principal'?: (string);
  'at'?: (string);
}

export interface SettingsChange__Output {
  'sequence': (string);
  'kind': (string);
  'settings': (_genpod_agent_v1_Setting__Output)[];
  'principal': (string);
  'at': (string);
}
