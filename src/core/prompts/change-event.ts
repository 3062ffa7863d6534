// What the prompt library publishes on the event bus after each change.
import { topic } from '../event-bus.ts';

export type PromptChangeKind =
  | 'CREATED'
  | 'UPDATED'
  | 'VERSION_ADDED'
  | 'LABEL_SET'
  | 'LABEL_REMOVED'
  | 'LABEL_PROTECTED'
  | 'LABEL_UNPROTECTED'
  | 'DELETED';

export interface PromptChange {
  kind: PromptChangeKind;
  name: string;
  /** The version created, or the one a label now points at. */
  version?: number | undefined;
  /** For the LABEL_ kinds. */
  label?: string | undefined;
  /** For LABEL_SET and LABEL_REMOVED: where the label pointed before (absent: nowhere). */
  fromVersion?: number | undefined;
  /** For LABEL_SET and LABEL_REMOVED: why, as given with the move. */
  message?: string | undefined;
  /** The principal that made the change. */
  by: string;
}

export const promptChangesTopic = topic<PromptChange>('prompts');
