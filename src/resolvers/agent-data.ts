// What an agent follows on AgentService.StreamData: the project structure on
// connect (and again after a RESYNC), then file changes and agent status
// updates, in the order the bus delivers them (each carries its sequence).
import { requireScopes } from '../core/auth/scope-check.ts';
import { InvalidInput } from '../core/errors.ts';
import { mergeAsyncIterators, transformAsyncIterator } from '../core/async-iterators.ts';
import { agentStatus, type AgentStatusEvent } from './agents.ts';
import type { Context } from './context.ts';
import type { FileChangeFilterArgs } from './file-change-filter.ts';
import { fileContent, type FileContentEvent } from './file-content.ts';
import { fileChanges, type FileChangeEvent } from './file-events.ts';
import { tree, type TreeEntry } from './files.ts';

export type AgentDataUpdate =
  | { sequence: string; kind: 'file'; file: FileChangeEvent }
  | { sequence: string; kind: 'structure'; structure: TreeEntry }
  | { sequence: string; kind: 'status'; status: AgentStatusEvent }
  | { sequence: string; kind: 'content'; content: FileContentEvent };

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
  /** Files whose content to follow as edits (fileContent with edits: true). */
  contentPaths?: readonly string[] | undefined;
  /** Per followed path, the version the agent holds (else `since` is tried). */
  contentVersions?: Readonly<Record<string, string>> | undefined;
}

/** Files one StreamData call may follow the content of. */
export const maxContentPaths = 32;

export const defaultStructureDepth = 4;

export async function agentData(
  ctx: Context,
  options: AgentDataOptions,
): Promise<AsyncIterableIterator<AgentDataUpdate>> {
  // An agent's view of the project: its structure and file changes.
  requireScopes(ctx.principal, 'agent', 'files:read');
  const depth = options.structureDepth || defaultStructureDepth;
  // Every stream subscribes now (validating its arguments) before anything is read.
  const contents = await followContents(ctx, options);
  let files: AsyncIterable<FileChangeEvent>;
  let statuses: AsyncIterable<AgentStatusEvent>;
  try {
    files = fileChanges(ctx, {
      ...options.filter,
      pathPrefix: options.pathPrefix,
      since: options.since,
    });
    statuses = agentStatus(ctx, { since: options.since, signal: options.signal });
  } catch (error) {
    await closeAll(contents);
    throw error;
  }
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
    ...contents.map((stream) =>
      transformAsyncIterator(stream[Symbol.asyncIterator](), (content) => ({
        sequence: content.sequence,
        kind: 'content' as const,
        content,
      })),
    ),
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

/** One fileContent stream with edits per followed path; all or none are opened. */
async function followContents(
  ctx: Context,
  options: AgentDataOptions,
): Promise<Array<AsyncIterable<FileContentEvent>>> {
  const paths = [...new Set(options.contentPaths ?? [])];
  if (paths.length > maxContentPaths) {
    throw new InvalidInput(`at most ${maxContentPaths} content paths`, { field: 'contentPaths' });
  }
  const streams: Array<AsyncIterable<FileContentEvent>> = [];
  try {
    for (const path of paths) {
      const since = options.contentVersions?.[path] || options.since;
      streams.push(await fileContent(ctx, path, { edits: true, since }));
    }
  } catch (error) {
    await closeAll(streams);
    throw error;
  }
  return streams;
}

async function closeAll(streams: ReadonlyArray<AsyncIterable<unknown>>): Promise<void> {
  await Promise.all(streams.map((stream) => stream[Symbol.asyncIterator]().return?.(undefined)));
}
