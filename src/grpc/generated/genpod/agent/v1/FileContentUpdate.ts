// Original file: protos/agent.proto

import type { TextEdit as _genpod_agent_v1_TextEdit, TextEdit__Output as _genpod_agent_v1_TextEdit__Output } from '../../../genpod/agent/v1/TextEdit.ts';

export interface FileContentUpdate {
  'kind'?: (string);
  'path'?: (string);
  'version'?: (string);
  'baseVersion'?: (string);
  'content'?: (string);
  'edits'?: (_genpod_agent_v1_TextEdit)[];
}

export interface FileContentUpdate__Output {
  'kind': (string);
  'path': (string);
  'version': (string);
  'baseVersion': (string);
  'content': (string);
  'edits': (_genpod_agent_v1_TextEdit__Output)[];
}
