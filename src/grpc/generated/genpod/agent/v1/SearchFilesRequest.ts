// Original file: protos/agent.proto


export interface SearchFilesRequest {
  'path'?: (string);
  'glob'?: (string);
  'content'?: (string);
  'regex'?: (boolean);
  'caseSensitive'?: (boolean);
  'limit'?: (number);
  'includeIgnored'?: (boolean);
}

export interface SearchFilesRequest__Output {
  'path': (string);
  'glob': (string);
  'content': (string);
  'regex': (boolean);
  'caseSensitive': (boolean);
  'limit': (number);
  'includeIgnored': (boolean);
}
