// Original file: protos/agent.proto


export interface RotateSecretsResponse {
  'rotated'?: (number);
  'unchanged'?: (number);
}

export interface RotateSecretsResponse__Output {
  'rotated': (number);
  'unchanged': (number);
}
