// Original file: protos/agent.proto


export interface GitStatusRequest {
}

export interface GitStatusRequest__Output {
}
