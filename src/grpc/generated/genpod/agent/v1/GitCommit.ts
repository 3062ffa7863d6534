// Original file: protos/agent.proto


export interface GitCommit {
  'hash'?: (string);
  'authorName'?: (string);
  'authorEmail'?: (string);
  'authoredAt'?: (string);
  'subject'?: (string);
}

export interface GitCommit__Output {
  'hash': (string);
  'authorName': (string);
  'authorEmail': (string);
  'authoredAt': (string);
  'subject': (string);
}
