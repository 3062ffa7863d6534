// Original file: protos/agent.proto

import type { FileUpdate as _genpod_agent_v1_FileUpdate, FileUpdate__Output as _genpod_agent_v1_FileUpdate__Output } from '../../../genpod/agent/v1/FileUpdate.ts';
import type { ProjectStructure as _genpod_agent_v1_ProjectStructure, ProjectStructure__Output as _genpod_agent_v1_ProjectStructure__Output } from '../../../genpod/agent/v1/ProjectStructure.ts';
import type { AgentStatus as _genpod_agent_v1_AgentStatus, AgentStatus__Output as _genpod_agent_v1_AgentStatus__Output } from '../../../genpod/agent/v1/AgentStatus.ts';
import type { FileContentUpdate as _genpod_agent_v1_FileContentUpdate, FileContentUpdate__Output as _genpod_agent_v1_FileContentUpdate__Output } from '../../../genpod/agent/v1/FileContentUpdate.ts';

export interface DataUpdate {
  'sequence'?: (string);
  'file'?: (_genpod_agent_v1_FileUpdate | null);
  'structure'?: (_genpod_agent_v1_ProjectStructure | null);
  'status'?: (_genpod_agent_v1_AgentStatus | null);
  'content'?: (_genpod_agent_v1_FileContentUpdate | null);
  'update'?: "file"|"structure"|"status"|"content";
}

export interface DataUpdate__Output {
  'sequence': (string);
  'file'?: (_genpod_agent_v1_FileUpdate__Output | null);
  'structure'?: (_genpod_agent_v1_ProjectStructure__Output | null);
  'status'?: (_genpod_agent_v1_AgentStatus__Output | null);
  'content'?: (_genpod_agent_v1_FileContentUpdate__Output | null);
  'update'?: "file"|"structure"|"status"|"content";
}
