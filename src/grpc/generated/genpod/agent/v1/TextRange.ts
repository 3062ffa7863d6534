// Original file: protos/agent.proto


export interface TextRange {
  'startLineNumber'?: (number);
  'startColumn'?: (number);
  'endLineNumber'?: (number);
  'endColumn'?: (number);
}

export interface TextRange__Output {
  'startLineNumber': (number);
  'startColumn': (number);
  'endLineNumber': (number);
  'endColumn': (number);
}
