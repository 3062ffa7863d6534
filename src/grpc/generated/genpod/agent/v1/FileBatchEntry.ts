// Original file: protos/agent.proto

import type { FileBatchWrite as _genpod_agent_v1_FileBatchWrite, FileBatchWrite__Output as _genpod_agent_v1_FileBatchWrite__Output } from '../../../genpod/agent/v1/FileBatchWrite.ts';
import type { FileBatchDelete as _genpod_agent_v1_FileBatchDelete, FileBatchDelete__Output as _genpod_agent_v1_FileBatchDelete__Output } from '../../../genpod/agent/v1/FileBatchDelete.ts';
import type { FileBatchMove as _genpod_agent_v1_FileBatchMove, FileBatchMove__Output as _genpod_agent_v1_FileBatchMove__Output } from '../../../genpod/agent/v1/FileBatchMove.ts';

export interface FileBatchEntry {
  'write'?: (_genpod_agent_v1_FileBatchWrite | null);
  'delete'?: (_genpod_agent_v1_FileBatchDelete | null);
  'move'?: (_genpod_agent_v1_FileBatchMove | null);
  'op'?: "write"|"delete"|"move";
}

export interface FileBatchEntry__Output {
  'write'?: (_genpod_agent_v1_FileBatchWrite__Output | null);
  'delete'?: (_genpod_agent_v1_FileBatchDelete__Output | null);
  'move'?: (_genpod_agent_v1_FileBatchMove__Output | null);
  'op'?: "write"|"delete"|"move";
}
