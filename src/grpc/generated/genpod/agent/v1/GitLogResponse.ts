// Original file: protos/agent.proto

import type { GitCommit as _genpod_agent_v1_GitCommit, GitCommit__Output as _genpod_agent_v1_GitCommit__Output } from '../../../genpod/agent/v1/GitCommit.ts';

export interface GitLogResponse {
  'commits'?: (_genpod_agent_v1_GitCommit)[];
}

export interface GitLogResponse__Output {
  'commits': (_genpod_agent_v1_GitCommit__Output)[];
}
