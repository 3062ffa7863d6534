// What the prompt library publishes on the event bus after each change.
import { topic } from '../event-bus.ts';

export type PromptChangeKind =
  'CREATED' | 'UPDATED' | 'VERSION_ADDED' | 'LABEL_SET' | 'LABEL_REMOVED' | 'DELETED';

export interface PromptChange {
  kind: PromptChangeKind;
  name: string;
  /** The version created, or the one a label now points at. */
  version?: number | undefined;
  /** For LABEL_SET and LABEL_REMOVED. */
  label?: string | undefined;
  /** The principal that made the change. */
  by: string;
}

export const promptChangesTopic = topic<PromptChange>('prompts');
