// Original file: protos/agent.proto

import type { ByteRange as _genpod_agent_v1_ByteRange, ByteRange__Output as _genpod_agent_v1_ByteRange__Output } from '../../../genpod/agent/v1/ByteRange.ts';

export interface ReadFileRequest {
  'path'?: (string);
  'metadataOnly'?: (boolean);
  'range'?: (_genpod_agent_v1_ByteRange | null);
}

export interface ReadFileRequest__Output {
  'path': (string);
  'metadataOnly': (boolean);
  'range': (_genpod_agent_v1_ByteRange__Output | null);
}
