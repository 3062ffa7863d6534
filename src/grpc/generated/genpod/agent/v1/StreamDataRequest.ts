// Original file: protos/agent.proto


export interface StreamDataRequest {
  'agentId'?: (string);
  'pathPrefix'?: (string);
  'since'?: (string);
  'include'?: (string)[];
  'exclude'?: (string)[];
  'kinds'?: (string)[];
  'respectGitignore'?: (boolean);
  'contentPaths'?: (string)[];
  'contentVersions'?: ({[key: string]: string});
}

export interface StreamDataRequest__Output {
  'agentId': (string);
  'pathPrefix': (string);
  'since': (string);
  'include': (string)[];
  'exclude': (string)[];
  'kinds': (string)[];
  'respectGitignore': (boolean);
  'contentPaths': (string)[];
  'contentVersions': ({[key: string]: string});
}
