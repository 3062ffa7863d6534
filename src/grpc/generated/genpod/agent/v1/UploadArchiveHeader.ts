// Original file: protos/agent.proto


export interface UploadArchiveHeader {
  'path'?: (string);
}

export interface UploadArchiveHeader__Output {
  'path': (string);
}
