// Original file: protos/agent.proto


export interface ProtectPromptLabelRequest {
  'name'?: (string);
  'label'?: (string);
  'protected'?: (boolean);
}

export interface ProtectPromptLabelRequest__Output {
  'name': (string);
  'label': (string);
  'protected': (boolean);
}
