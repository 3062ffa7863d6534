// Original file: protos/agent.proto

import type { TreeEntry as _genpod_agent_v1_TreeEntry, TreeEntry__Output as _genpod_agent_v1_TreeEntry__Output } from '../../../genpod/agent/v1/TreeEntry.ts';
import type { Long } from '@grpc/proto-loader';

export interface TreeEntry {
  'path'?: (string);
  'name'?: (string);
  'kind'?: (string);
  'size'?: (number | string | Long);
  'modifiedAt'?: (string);
  'language'?: (string);
  'ignored'?: (boolean);
  'truncated'?: (boolean);
  'childrenListed'?: (boolean);
  'children'?: (_genpod_agent_v1_TreeEntry)[];
}

export interface TreeEntry__Output {
  'path': (string);
  'name': (string);
  'kind': (string);
  'size': (string);
  'modifiedAt': (string);
  'language': (string);
  'ignored': (boolean);
  'truncated': (boolean);
  'childrenListed': (boolean);
  'children': (_genpod_agent_v1_TreeEntry__Output)[];
}
