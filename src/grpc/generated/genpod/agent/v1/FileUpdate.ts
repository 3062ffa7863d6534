// Original file: protos/agent.proto

import type { EntryInfo as _genpod_agent_v1_EntryInfo, EntryInfo__Output as _genpod_agent_v1_EntryInfo__Output } from '../../../genpod/agent/v1/EntryInfo.ts';
import type { ChangeActor as _genpod_agent_v1_ChangeActor, ChangeActor__Output as _genpod_agent_v1_ChangeActor__Output } from '../../../genpod/agent/v1/ChangeActor.ts';

export interface FileUpdate {
  'kind'?: (string);
  'path'?: (string);
  'oldPath'?: (string);
  'version'?: (string);
  'entry'?: (_genpod_agent_v1_EntryInfo | null);
  'actor'?: (_genpod_agent_v1_ChangeActor | null);
}

export interface FileUpdate__Output {
  'kind': (string);
  'path': (string);
  'oldPath': (string);
  'version': (string);
  'entry': (_genpod_agent_v1_EntryInfo__Output | null);
  'actor': (_genpod_agent_v1_ChangeActor__Output | null);
}
