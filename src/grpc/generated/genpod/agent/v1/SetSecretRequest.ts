// Original file: protos/agent.proto


export interface SetSecretRequest {
  'name'?: (string);
  'value'?: (string);
}

export interface SetSecretRequest__Output {
  'name': (string);
  'value': (string);
}
