// Original file: protos/agent.proto


export interface ListPromptLabelHistoryRequest {
  'name'?: (string);
  'label'?: (string);
  'first'?: (number);
  'after'?: (string);
}

export interface ListPromptLabelHistoryRequest__Output {
  'name': (string);
  'label': (string);
  'first': (number);
  'after': (string);
}
