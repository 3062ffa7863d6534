// Original file: protos/agent.proto


export interface ReplaceInFilesRequest {
  'path'?: (string);
  'pattern'?: (string);
  'regex'?: (boolean);
  'caseSensitive'?: (boolean);
  'replacement'?: (string);
  'include'?: (string)[];
  'exclude'?: (string)[];
  'respectGitignore'?: (boolean);
  'dryRun'?: (boolean);
  '_caseSensitive'?: "caseSensitive";
  '_respectGitignore'?: "respectGitignore";
}

export interface ReplaceInFilesRequest__Output {
  'path': (string);
  'pattern': (string);
  'regex': (boolean);
  'caseSensitive'?: (boolean);
  'replacement': (string);
  'include': (string)[];
  'exclude': (string)[];
  'respectGitignore'?: (boolean);
  'dryRun': (boolean);
  '_caseSensitive'?: "caseSensitive";
  '_respectGitignore'?: "respectGitignore";
}
