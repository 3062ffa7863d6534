// What an agent follows on AgentService.StreamData: the project structure on
// connect (and again after a RESYNC), then file changes and agent status
// updates, in the order the bus delivers them (each carries its sequence).
import { Repeater } from '@graphql-yoga/subscription';
import { agentStatus, type AgentStatusEvent } from './agents.ts';
import type { Context } from './context.ts';
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
}

export const defaultStructureDepth = 4;

export function agentData(ctx: Context, options: AgentDataOptions): AsyncIterable<AgentDataUpdate> {
  const depth = options.structureDepth || defaultStructureDepth;
  // Both streams subscribe now (validating their arguments), before any await.
  const files = fileChanges(ctx, { pathPrefix: options.pathPrefix, since: options.since });
  const statuses = agentStatus(ctx, { since: options.since, signal: options.signal });
  const start = ctx.services.bus.currentSequence();
  const structure = async (sequence: string): Promise<AgentDataUpdate> => ({
    sequence,
    kind: 'structure',
    structure: await tree(ctx, { path: options.pathPrefix, depth }),
  });

  async function* fileUpdates(): AsyncGenerator<AgentDataUpdate> {
    for await (const file of files) {
      // A gap in the changes: the agent reloads from a fresh structure.
      yield file.kind === 'RESYNC'
        ? await structure(file.sequence)
        : { sequence: file.sequence, kind: 'file', file };
    }
  }
  async function* statusUpdates(): AsyncGenerator<AgentDataUpdate> {
    for await (const status of statuses)
      yield { sequence: status.sequence, kind: 'status', status };
  }

  async function* stream(): AsyncGenerator<AgentDataUpdate> {
    const live = Repeater.merge([fileUpdates(), statusUpdates()]);
    try {
      if (options.since === undefined) yield await structure(start);
      yield* live;
    } finally {
      await live.return?.();
    }
  }
  return stream();
}
