// Original file: protos/agent.proto


export interface PromptDependent {
  'name'?: (string);
  'direct'?: (boolean);
  'chain'?: (string)[];
}

export interface PromptDependent__Output {
  'name': (string);
  'direct': (boolean);
  'chain': (string)[];
}
