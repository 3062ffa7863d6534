// Original file: protos/agent.proto

import type { TextRange as _genpod_agent_v1_TextRange, TextRange__Output as _genpod_agent_v1_TextRange__Output } from '../../../genpod/agent/v1/TextRange.ts';

export interface TextEdit {
  'range'?: (_genpod_agent_v1_TextRange | null);
  'text'?: (string);
}

export interface TextEdit__Output {
  'range': (_genpod_agent_v1_TextRange__Output | null);
  'text': (string);
}
