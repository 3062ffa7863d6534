// Original file: protos/agent.proto

import type { SearchFilesMatch as _genpod_agent_v1_SearchFilesMatch, SearchFilesMatch__Output as _genpod_agent_v1_SearchFilesMatch__Output } from '../../../genpod/agent/v1/SearchFilesMatch.ts';

export interface SearchFilesResponse {
  'matches'?: (_genpod_agent_v1_SearchFilesMatch)[];
  'truncated'?: (boolean);
  'filesScanned'?: (number);
}

export interface SearchFilesResponse__Output {
  'matches': (_genpod_agent_v1_SearchFilesMatch__Output)[];
  'truncated': (boolean);
  'filesScanned': (number);
}
