// Original file: protos/agent.proto

import type { ReplaceMatch as _genpod_agent_v1_ReplaceMatch, ReplaceMatch__Output as _genpod_agent_v1_ReplaceMatch__Output } from '../../../genpod/agent/v1/ReplaceMatch.ts';

export interface FileReplacement {
  'path'?: (string);
  'status'?: (string);
  'matchCount'?: (number);
  'matches'?: (_genpod_agent_v1_ReplaceMatch)[];
  'diff'?: (string);
  'previousVersion'?: (string);
  'version'?: (string);
  'reason'?: (string);
}

export interface FileReplacement__Output {
  'path': (string);
  'status': (string);
  'matchCount': (number);
  'matches': (_genpod_agent_v1_ReplaceMatch__Output)[];
  'diff': (string);
  'previousVersion': (string);
  'version': (string);
  'reason': (string);
}
