// Original file: protos/agent.proto

import type { EntryInfo as _genpod_agent_v1_EntryInfo, EntryInfo__Output as _genpod_agent_v1_EntryInfo__Output } from '../../../genpod/agent/v1/EntryInfo.ts';

export interface FileUpdate {
  'kind'?: (string);
  'path'?: (string);
  'oldPath'?: (string);
  'version'?: (string);
  'entry'?: (_genpod_agent_v1_EntryInfo | null);
}

export interface FileUpdate__Output {
  'kind': (string);
  'path': (string);
  'oldPath': (string);
  'version': (string);
  'entry': (_genpod_agent_v1_EntryInfo__Output | null);
}
