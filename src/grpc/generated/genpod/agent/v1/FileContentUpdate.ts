// Original file: protos/agent.proto

import type { TextEdit as _genpod_agent_v1_TextEdit, TextEdit__Output as _genpod_agent_v1_TextEdit__Output } from '../../../genpod/agent/v1/TextEdit.ts';
import type { ChangeActor as _genpod_agent_v1_ChangeActor, ChangeActor__Output as _genpod_agent_v1_ChangeActor__Output } from '../../../genpod/agent/v1/ChangeActor.ts';

export interface FileContentUpdate {
  'kind'?: (string);
  'path'?: (string);
  'version'?: (string);
  'baseVersion'?: (string);
  'content'?: (string);
  'edits'?: (_genpod_agent_v1_TextEdit)[];
  'actor'?: (_genpod_agent_v1_ChangeActor | null);
}

export interface FileContentUpdate__Output {
  'kind': (string);
  'path': (string);
  'version': (string);
  'baseVersion': (string);
  'content': (string);
  'edits': (_genpod_agent_v1_TextEdit__Output)[];
  'actor': (_genpod_agent_v1_ChangeActor__Output | null);
}
