// Original file: protos/agent.proto


export interface LogRecord {
  'cursor'?: (string);
  'time'?: (string);
  'level'?: (string);
  'source'?: (string);
  'component'?: (string);
  'agentId'?: (string);
  'message'?: (string);
  'fieldsJson'?: (string);
}

export interface LogRecord__Output {
  'cursor': (string);
  'time': (string);
  'level': (string);
  'source': (string);
  'component': (string);
  'agentId': (string);
  'message': (string);
  'fieldsJson': (string);
}
