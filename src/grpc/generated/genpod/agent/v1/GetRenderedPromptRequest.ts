// Original file: protos/agent.proto


export interface GetRenderedPromptRequest {
  'name'?: (string);
  'label'?: (string);
  'version'?: (number);
  'variablesJson'?: (string);
}

export interface GetRenderedPromptRequest__Output {
  'name': (string);
  'label': (string);
  'version': (number);
  'variablesJson': (string);
}
