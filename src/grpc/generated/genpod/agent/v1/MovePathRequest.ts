// Original file: protos/agent.proto


export interface MovePathRequest {
  'from'?: (string);
  'to'?: (string);
  'createParents'?: (boolean);
  '_createParents'?: "createParents";
}

export interface MovePathRequest__Output {
  'from': (string);
  'to': (string);
  'createParents'?: (boolean);
  '_createParents'?: "createParents";
}
