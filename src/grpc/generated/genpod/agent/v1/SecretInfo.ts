// Original file: protos/agent.proto


export interface SecretInfo {
  'name'?: (string);
  'isSet'?: (boolean);
  'source'?: (string);
  'updatedAt'?: (string);
  'updatedBy'?: (string);
  'lastFour'?: (string);
  'readable'?: (boolean);
}

export interface SecretInfo__Output {
  'name': (string);
  'isSet': (boolean);
  'source': (string);
  'updatedAt': (string);
  'updatedBy': (string);
  'lastFour': (string);
  'readable': (boolean);
}
