// Original file: protos/agent.proto


export interface PromptChangeEvent {
  'sequence'?: (string);
  'kind'?: (string);
  'name'?: (string);
  'version'?: (number);
  'label'?: (string);
  'by'?: (string);
  'fromVersion'?: (number);
  'message'?: (string);
}

export interface PromptChangeEvent__Output {
  'sequence': (string);
  'kind': (string);
  'name': (string);
  'version': (number);
  'label': (string);
  'by': (string);
  'fromVersion': (number);
  'message': (string);
}
