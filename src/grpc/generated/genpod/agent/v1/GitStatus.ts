// Original file: protos/agent.proto

import type { GitFileStatus as _genpod_agent_v1_GitFileStatus, GitFileStatus__Output as _genpod_agent_v1_GitFileStatus__Output } from '../../../genpod/agent/v1/GitFileStatus.ts';

export interface GitStatus {
  'branch'?: (string);
  'commit'?: (string);
  'upstream'?: (string);
  'ahead'?: (number);
  'behind'?: (number);
  'files'?: (_genpod_agent_v1_GitFileStatus)[];
}

export interface GitStatus__Output {
  'branch': (string);
  'commit': (string);
  'upstream': (string);
  'ahead': (number);
  'behind': (number);
  'files': (_genpod_agent_v1_GitFileStatus__Output)[];
}
