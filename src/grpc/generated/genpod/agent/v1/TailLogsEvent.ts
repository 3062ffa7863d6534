// Original file: protos/agent.proto

import type { LogRecord as _genpod_agent_v1_LogRecord, LogRecord__Output as _genpod_agent_v1_LogRecord__Output } from '../../../genpod/agent/v1/LogRecord.ts';
import type { LogGap as _genpod_agent_v1_LogGap, LogGap__Output as _genpod_agent_v1_LogGap__Output } from '../../../genpod/agent/v1/LogGap.ts';

export interface TailLogsEvent {
  'line'?: (_genpod_agent_v1_LogRecord | null);
  'dropped'?: (_genpod_agent_v1_LogGap | null);
  'event'?: "line"|"dropped";
}

export interface TailLogsEvent__Output {
  'line'?: (_genpod_agent_v1_LogRecord__Output | null);
  'dropped'?: (_genpod_agent_v1_LogGap__Output | null);
  'event'?: "line"|"dropped";
}
