// Original file: protos/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface LogGap {
  'dropped'?: (number | string | Long);
  'resumeCursor'?: (string);
}

export interface LogGap__Output {
  'dropped': (string);
  'resumeCursor': (string);
}
