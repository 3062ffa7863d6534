// Original file: protos/agent.proto


export interface ChatResponse {
  'sessionId'?: (string);
  'messageId'?: (string);
  'token'?: (string);
  'done'?: (string);
  'error'?: (string);
  'event'?: "token"|"done"|"error";
}

export interface ChatResponse__Output {
  'sessionId': (string);
  'messageId': (string);
  'token'?: (string);
  'done'?: (string);
  'error'?: (string);
  'event'?: "token"|"done"|"error";
}
