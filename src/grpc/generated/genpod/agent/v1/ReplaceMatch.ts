// Original file: protos/agent.proto


export interface ReplaceMatch {
  'line'?: (number);
  'column'?: (number);
  'text'?: (string);
  'replacement'?: (string);
}

export interface ReplaceMatch__Output {
  'line': (number);
  'column': (number);
  'text': (string);
  'replacement': (string);
}
