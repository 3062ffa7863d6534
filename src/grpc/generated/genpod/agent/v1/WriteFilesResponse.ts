// Original file: protos/agent.proto

import type { FileBatchResult as _genpod_agent_v1_FileBatchResult, FileBatchResult__Output as _genpod_agent_v1_FileBatchResult__Output } from '../../../genpod/agent/v1/FileBatchResult.ts';

export interface WriteFilesResponse {
  'results'?: (_genpod_agent_v1_FileBatchResult)[];
  'requestId'?: (string);
}

export interface WriteFilesResponse__Output {
  'results': (_genpod_agent_v1_FileBatchResult__Output)[];
  'requestId': (string);
}
