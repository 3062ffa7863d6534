// Original file: protos/agent.proto

import type { FileBatchEntry as _genpod_agent_v1_FileBatchEntry, FileBatchEntry__Output as _genpod_agent_v1_FileBatchEntry__Output } from '../../../genpod/agent/v1/FileBatchEntry.ts';

export interface WriteFilesRequest {
  'entries'?: (_genpod_agent_v1_FileBatchEntry)[];
  'createParents'?: (boolean);
  '_createParents'?: "createParents";
}

export interface WriteFilesRequest__Output {
  'entries': (_genpod_agent_v1_FileBatchEntry__Output)[];
  'createParents'?: (boolean);
  '_createParents'?: "createParents";
}
