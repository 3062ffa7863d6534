// genpod.agent.v1.AgentService/WriteFiles: the same resolver as GraphQL's
// writeFiles, each oneof entry mapped onto one FileBatchEntryInput.
import { InvalidInput } from '../core/errors.ts';
import * as batch from '../resolvers/file-batch.ts';
import type { Services } from '../resolvers/context.ts';
import { unaryCall } from './call-handlers.ts';
import type { AgentServiceHandlers } from './generated/genpod/agent/v1/AgentService.ts';
import type { FileBatchEntry__Output } from './generated/genpod/agent/v1/FileBatchEntry.ts';

/** proto3 has no null: an empty if_version means none. */
const version = (value: string) => (value === '' ? undefined : value);

function entryOf(entry: FileBatchEntry__Output, index: number): batch.FileBatchEntryInput {
  if (entry.write) {
    const { write } = entry;
    return {
      op: 'WRITE',
      path: write.path,
      ...(write.binary ? { data: write.data } : { content: write.content }),
      ifVersion: version(write.ifVersion),
    };
  }
  if (entry.delete) {
    const { path, recursive, ifVersion } = entry.delete;
    return { op: 'DELETE', path, recursive, ifVersion: version(ifVersion) };
  }
  if (entry.move) {
    const { from, to, ifVersion } = entry.move;
    return { op: 'MOVE', path: from, to, ifVersion: version(ifVersion) };
  }
  throw new InvalidInput(`entries[${index}] sets none of write, delete or move`, {
    field: `entries[${index}]`,
  });
}

export function createFileBatchRpcHandler(services: Services): AgentServiceHandlers['WriteFiles'] {
  return unaryCall(services, async (ctx, request) => {
    const result = await batch.writeFiles(ctx, {
      entries: request.entries.map(entryOf),
      createParents: request.createParents ?? true,
    });
    return {
      requestId: result.requestId,
      results: result.results.map((entry) => ({
        op: entry.op,
        path: entry.path,
        oldPath: entry.oldPath ?? '',
        version: entry.version ?? '',
      })),
    };
  });
}
