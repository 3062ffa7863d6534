// Original file: protos/agent.proto


export interface SettingChange {
  'key'?: (string);
  'valueJson'?: (string);
  'reset'?: (boolean);
}

export interface SettingChange__Output {
  'key': (string);
  'valueJson': (string);
  'reset': (boolean);
}
