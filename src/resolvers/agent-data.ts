// What an agent follows on AgentService.StreamData: the project structure on
// connect (and again after a RESYNC), then file changes and agent status
// updates, in the order the bus delivers them (each carries its sequence).
import { requireScopes } from '../core/auth/scope-check.ts';
import { mergeAsyncIterators, transformAsyncIterator } from '../core/async-iterators.ts';
import { agentStatus, type AgentStatusEvent } from './agents.ts';
import type { Context } from './context.ts';
import type { FileChangeFilterArgs } from './file-change-filter.ts';
import { fileChanges, type FileChangeEvent } from './file-events.ts';
import { tree, type TreeEntry } from './files.ts';

export type AgentDataUpdate =
  | { sequence: string; kind: 'file'; file: FileChangeEvent }
  | { sequence: string; kind: 'structure'; structure: TreeEntry }
  | { sequence: string; kind: 'status'; status: AgentStatusEvent };

export interface AgentDataOptions {
  agentId: string;
  /** Only changes under this folder; the structure is of this folder too. */
  pathPrefix: string;
  /** Resume after this sequence: no initial structure, replay what followed. */
  since?: string | undefined;
  /** How deep the structure goes. @default 4 */
  structureDepth?: number | undefined;
  /** Ends the stream (the client went away). */
  signal?: AbortSignal | undefined;
  /** Filters on the file changes (include, exclude, kinds, .gitignore), as fileChanges takes them. */
  filter?: FileChangeFilterArgs | undefined;
}

export const defaultStructureDepth = 4;

export async function agentData(
  ctx: Context,
  options: AgentDataOptions,
): Promise<AsyncIterableIterator<AgentDataUpdate>> {
  // An agent's view of the project: its structure and file changes.
  requireScopes(ctx.principal, 'agent', 'files:read');
  const depth = options.structureDepth || defaultStructureDepth;
  // Both streams subscribe now (validating their arguments) before anything is read.
  const files = fileChanges(ctx, {
    ...options.filter,
    pathPrefix: options.pathPrefix,
    since: options.since,
  });
  const statuses = agentStatus(ctx, { since: options.since, signal: options.signal });
  const start = ctx.services.bus.currentSequence();
  const structure = async (sequence: string): Promise<AgentDataUpdate> => ({
    sequence,
    kind: 'structure',
    structure: await tree(ctx, { path: options.pathPrefix, depth }),
  });
  const live = mergeAsyncIterators<AgentDataUpdate>([
    transformAsyncIterator(files[Symbol.asyncIterator](), (file) =>
      // A gap in the changes: the agent reloads from a fresh structure.
      file.kind === 'RESYNC'
        ? structure(file.sequence)
        : { sequence: file.sequence, kind: 'file' as const, file },
    ),
    transformAsyncIterator(statuses[Symbol.asyncIterator](), (status) => ({
      sequence: status.sequence,
      kind: 'status' as const,
      status,
    })),
  ]);
  try {
    const initial = options.since === undefined ? [await structure(start)] : [];
    return transformAsyncIterator<AgentDataUpdate, AgentDataUpdate>(live, (update) => update, {
      initial,
    });
  } catch (error) {
    await live.return?.();
    throw error;
  }
}
