// Original file: protos/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface EntryInfo {
  'kind'?: (string);
  'size'?: (number | string | Long);
  'mtime'?: (string);
}

export interface EntryInfo__Output {
  'kind': (string);
  'size': (string);
  'mtime': (string);
}
