// Original file: protos/agent.proto


export interface PromptLabelState {
  'name'?: (string);
  'label'?: (string);
  'version'?: (number);
  'protected'?: (boolean);
}

export interface PromptLabelState__Output {
  'name': (string);
  'label': (string);
  'version': (number);
  'protected': (boolean);
}
