// Original file: protos/agent.proto


export interface ArchiveChunk {
  'data'?: (Buffer | Uint8Array | string);
}

export interface ArchiveChunk__Output {
  'data': (Buffer);
}
