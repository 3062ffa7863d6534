// Original file: protos/agent.proto


export interface SearchFilesMatch {
  'path'?: (string);
  'kind'?: (string);
  'line'?: (number);
  'column'?: (number);
  'lineText'?: (string);
}

export interface SearchFilesMatch__Output {
  'path': (string);
  'kind': (string);
  'line': (number);
  'column': (number);
  'lineText': (string);
}
