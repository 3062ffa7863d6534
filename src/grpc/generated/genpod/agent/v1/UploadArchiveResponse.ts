// Original file: protos/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface UploadArchiveResponse {
  'path'?: (string);
  'files'?: (number);
  'directories'?: (number);
  'symlinks'?: (number);
  'bytes'?: (number | string | Long);
}

export interface UploadArchiveResponse__Output {
  'path': (string);
  'files': (number);
  'directories': (number);
  'symlinks': (number);
  'bytes': (string);
}
