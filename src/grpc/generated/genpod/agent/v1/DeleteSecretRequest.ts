// Original file: protos/agent.proto


export interface DeleteSecretRequest {
  'name'?: (string);
}

export interface DeleteSecretRequest__Output {
  'name': (string);
}
