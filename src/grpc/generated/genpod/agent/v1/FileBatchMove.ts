// Original file: protos/agent.proto


export interface FileBatchMove {
  'from'?: (string);
  'to'?: (string);
  'ifVersion'?: (string);
}

export interface FileBatchMove__Output {
  'from': (string);
  'to': (string);
  'ifVersion': (string);
}
