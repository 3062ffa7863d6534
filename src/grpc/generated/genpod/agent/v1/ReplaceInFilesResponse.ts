// Original file: protos/agent.proto

import type { FileReplacement as _genpod_agent_v1_FileReplacement, FileReplacement__Output as _genpod_agent_v1_FileReplacement__Output } from '../../../genpod/agent/v1/FileReplacement.ts';

export interface ReplaceInFilesResponse {
  'dryRun'?: (boolean);
  'files'?: (_genpod_agent_v1_FileReplacement)[];
  'filesScanned'?: (number);
  'filesChanged'?: (number);
  'matchCount'?: (number);
}

export interface ReplaceInFilesResponse__Output {
  'dryRun': (boolean);
  'files': (_genpod_agent_v1_FileReplacement__Output)[];
  'filesScanned': (number);
  'filesChanged': (number);
  'matchCount': (number);
}
