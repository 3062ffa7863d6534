// Original file: protos/agent.proto


export interface ListTreeRequest {
  'path'?: (string);
  'depth'?: (number);
  'limit'?: (number);
  'includeIgnored'?: (boolean);
}

export interface ListTreeRequest__Output {
  'path': (string);
  'depth': (number);
  'limit': (number);
  'includeIgnored': (boolean);
}
