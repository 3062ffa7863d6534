// Original file: protos/agent.proto

import type { LogFilter as _genpod_agent_v1_LogFilter, LogFilter__Output as _genpod_agent_v1_LogFilter__Output } from '../../../genpod/agent/v1/LogFilter.ts';

export interface TailLogsRequest {
  'filter'?: (_genpod_agent_v1_LogFilter | null);
  'tail'?: (number);
  'since'?: (string);
}

export interface TailLogsRequest__Output {
  'filter': (_genpod_agent_v1_LogFilter__Output | null);
  'tail': (number);
  'since': (string);
}
