// Original file: protos/agent.proto


export interface GitDiffResponse {
  'diff'?: (string);
}

export interface GitDiffResponse__Output {
  'diff': (string);
}
