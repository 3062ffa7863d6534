// Original file: protos/agent.proto


export interface RemovePromptLabelRequest {
  'name'?: (string);
  'label'?: (string);
  'message'?: (string);
}

export interface RemovePromptLabelRequest__Output {
  'name': (string);
  'label': (string);
  'message': (string);
}
