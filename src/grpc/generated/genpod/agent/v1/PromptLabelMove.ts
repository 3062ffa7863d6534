// Original file: protos/agent.proto


export interface PromptLabelMove {
  'id'?: (string);
  'label'?: (string);
  'fromVersion'?: (number);
  'toVersion'?: (number);
  'by'?: (string);
  'at'?: (string);
  'message'?: (string);
}

export interface PromptLabelMove__Output {
  'id': (string);
  'label': (string);
  'fromVersion': (number);
  'toVersion': (number);
  'by': (string);
  'at': (string);
  'message': (string);
}
