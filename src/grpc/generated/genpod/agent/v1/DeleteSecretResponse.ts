// Original file: protos/agent.proto


export interface DeleteSecretResponse {
  'deleted'?: (boolean);
}

export interface DeleteSecretResponse__Output {
  'deleted': (boolean);
}
