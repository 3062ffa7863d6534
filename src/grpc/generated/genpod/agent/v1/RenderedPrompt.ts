// Original file: protos/agent.proto


export interface RenderedPrompt {
  'name'?: (string);
  'version'?: (number);
  'labels'?: (string)[];
  'text'?: (string);
}

export interface RenderedPrompt__Output {
  'name': (string);
  'version': (number);
  'labels': (string)[];
  'text': (string);
}
