// Original file: protos/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface PushLogsResponse {
  'accepted'?: (number | string | Long);
}

export interface PushLogsResponse__Output {
  'accepted': (string);
}
