// Original file: protos/agent.proto


export interface SetPromptLabelRequest {
  'name'?: (string);
  'label'?: (string);
  'version'?: (number);
  'message'?: (string);
}

export interface SetPromptLabelRequest__Output {
  'name': (string);
  'label': (string);
  'version': (number);
  'message': (string);
}
