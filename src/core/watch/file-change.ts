// A change to the project's files as clients see it (docs/contract.md, FileChangeEvent).
import { topic } from '../event-bus.ts';

export type FileChangeKind = 'CREATED' | 'MODIFIED' | 'DELETED' | 'MOVED';

export interface ChangeOrigin {
  /** 'disk' for changes the watcher saw; otherwise the transport of the API call. */
  source: 'disk' | 'graphql' | 'grpc';
  /** The API request that made the change, so a client can drop its own echo. */
  requestId?: string | undefined;
  principalId?: string | undefined;
}

export interface FileChange {
  kind: FileChangeKind;
  path: string;
  oldPath?: string | undefined;
  isDirectory: boolean;
  /** The content version after the change; absent for deletions and directories. */
  version?: string | undefined;
  origin: ChangeOrigin;
}

export const fileChangesTopic = topic<FileChange>('files.changes');
