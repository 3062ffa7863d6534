// Original file: protos/agent.proto

import type { UploadArchiveHeader as _genpod_agent_v1_UploadArchiveHeader, UploadArchiveHeader__Output as _genpod_agent_v1_UploadArchiveHeader__Output } from '../../../genpod/agent/v1/UploadArchiveHeader.ts';

export interface UploadArchiveRequest {
  'header'?: (_genpod_agent_v1_UploadArchiveHeader | null);
  'chunk'?: (Buffer | Uint8Array | string);
  'part'?: "header"|"chunk";
}

export interface UploadArchiveRequest__Output {
  'header'?: (_genpod_agent_v1_UploadArchiveHeader__Output | null);
  'chunk'?: (Buffer);
  'part'?: "header"|"chunk";
}
