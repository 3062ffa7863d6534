// Original file: protos/agent.proto


export interface GitFileStatus {
  'path'?: (string);
  'oldPath'?: (string);
  'staged'?: (string);
  'unstaged'?: (string);
  'untracked'?: (boolean);
}

export interface GitFileStatus__Output {
  'path': (string);
  'oldPath': (string);
  'staged': (string);
  'unstaged': (string);
  'untracked': (boolean);
}
