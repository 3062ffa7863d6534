// Original file: protos/agent.proto


export interface ListSecretsRequest {
}

export interface ListSecretsRequest__Output {
}
