// Original file: protos/agent.proto


export interface ProjectStructure {
  'json'?: (string);
}

export interface ProjectStructure__Output {
  'json': (string);
}
