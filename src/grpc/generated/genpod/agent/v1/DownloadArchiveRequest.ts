// Original file: protos/agent.proto


export interface DownloadArchiveRequest {
  'path'?: (string);
  'includeIgnored'?: (boolean);
  'exclude'?: (string)[];
}

export interface DownloadArchiveRequest__Output {
  'path': (string);
  'includeIgnored': (boolean);
  'exclude': (string)[];
}
