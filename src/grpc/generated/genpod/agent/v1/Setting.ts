// Original file: protos/agent.proto


export interface Setting {
  'key'?: (string);
  'type'?: (string);
  'valueJson'?: (string);
  'defaultJson'?: (string);
  'source'?: (string);
  'description'?: (string);
  'envVar'?: (string);
  'appliesLive'?: (boolean);
  'allowedValues'?: (string)[];
  'updatedAt'?: (string);
  'updatedBy'?: (string);
}

export interface Setting__Output {
  'key': (string);
  'type': (string);
  'valueJson': (string);
  'defaultJson': (string);
  'source': (string);
  'description': (string);
  'envVar': (string);
  'appliesLive': (boolean);
  'allowedValues': (string)[];
  'updatedAt': (string);
  'updatedBy': (string);
}
