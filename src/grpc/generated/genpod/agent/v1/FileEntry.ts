// Original file: protos/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface FileEntry {
  'path'?: (string);
  'name'?: (string);
  'kind'?: (string);
  'size'?: (number | string | Long);
  'modifiedAt'?: (string);
  'version'?: (string);
  'binary'?: (boolean);
  'content'?: (string);
  'data'?: (Buffer | Uint8Array | string);
  'language'?: (string);
  'symlinkTarget'?: (string);
  'hasContent'?: (boolean);
  'rangeOffset'?: (number | string | Long);
  'endOfFile'?: (boolean);
}

export interface FileEntry__Output {
  'path': (string);
  'name': (string);
  'kind': (string);
  'size': (string);
  'modifiedAt': (string);
  'version': (string);
  'binary': (boolean);
  'content': (string);
  'data': (Buffer);
  'language': (string);
  'symlinkTarget': (string);
  'hasContent': (boolean);
  'rangeOffset': (string);
  'endOfFile': (boolean);
}
