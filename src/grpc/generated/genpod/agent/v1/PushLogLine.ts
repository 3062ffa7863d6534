// Original file: protos/agent.proto


export interface PushLogLine {
  'agentId'?: (string);
  'level'?: (string);
  'message'?: (string);
  'time'?: (string);
  'fieldsJson'?: (string);
}

export interface PushLogLine__Output {
  'agentId': (string);
  'level': (string);
  'message': (string);
  'time': (string);
  'fieldsJson': (string);
}
