// Original file: protos/agent.proto


export interface LogFilter {
  'levels'?: (string)[];
  'minLevel'?: (string);
  'source'?: (string);
  'component'?: (string);
  'agentId'?: (string);
  'from'?: (string);
  'to'?: (string);
  'text'?: (string);
  'regex'?: (string);
}

export interface LogFilter__Output {
  'levels': (string)[];
  'minLevel': (string);
  'source': (string);
  'component': (string);
  'agentId': (string);
  'from': (string);
  'to': (string);
  'text': (string);
  'regex': (string);
}
