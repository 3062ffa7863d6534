// Original file: protos/agent.proto


export interface RotateSecretsRequest {
}

export interface RotateSecretsRequest__Output {
}
