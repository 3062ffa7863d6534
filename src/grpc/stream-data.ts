// AgentService.StreamData: the agent's view of the project, from
// src/resolvers/agent-data.ts, as DataUpdate messages.
import type * as grpc from '@grpc/grpc-js';
import { agentData, type AgentDataUpdate } from '../resolvers/agent-data.ts';
import type { Services } from '../resolvers/context.ts';
import { grpcContext } from './context.ts';
import type { DataUpdate } from './generated/genpod/agent/v1/DataUpdate.ts';
import type { StreamDataRequest__Output } from './generated/genpod/agent/v1/StreamDataRequest.ts';
import { toGrpcStatus } from './status.ts';

export function toDataUpdate(update: AgentDataUpdate): DataUpdate {
  switch (update.kind) {
    case 'file':
      return {
        sequence: update.sequence,
        file: {
          kind: update.file.kind,
          path: update.file.path,
          oldPath: update.file.oldPath ?? '',
          version: update.file.version ?? '',
          entry: update.file.entry && {
            kind: update.file.entry.kind,
            size: update.file.entry.size,
            mtime: update.file.entry.mtime.toISOString(),
          },
        },
      };
    case 'structure':
      return { sequence: update.sequence, structure: { json: JSON.stringify(update.structure) } };
    case 'status':
      return {
        sequence: update.sequence,
        status: {
          agentId: update.status.agent?.id ?? '',
          state: update.status.kind === 'RESYNC' ? 'RESYNC' : (update.status.agent?.state ?? ''),
          detail: update.status.agent?.detail ?? '',
        },
      };
  }
}

/** Writes with backpressure: waits for 'drain' when the socket is full. */
function write(
  call: grpc.ServerWritableStream<StreamDataRequest__Output, DataUpdate>,
  message: DataUpdate,
) {
  if (call.write(message)) return Promise.resolve();
  return new Promise<void>((resolve) => call.once('drain', resolve));
}

export function createStreamDataHandler(
  services: Services,
): grpc.handleServerStreamingCall<StreamDataRequest__Output, DataUpdate> {
  return (call) => {
    const cancelled = new AbortController();
    call.on('cancelled', () => cancelled.abort());
    void (async () => {
      let stream: AsyncIterator<AgentDataUpdate> | undefined;
      try {
        const request = call.request;
        const updates = await agentData(grpcContext(services, call), {
          agentId: request.agentId,
          pathPrefix: request.pathPrefix,
          since: request.since === '' ? undefined : request.since,
          signal: cancelled.signal,
          filter: {
            include: request.include,
            exclude: request.exclude,
            kinds: request.kinds,
            respectGitignore: request.respectGitignore,
          },
        });
        const iterator = updates[Symbol.asyncIterator]();
        stream = iterator;
        cancelled.signal.addEventListener('abort', () => void iterator.return?.(), { once: true });
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
          if (cancelled.signal.aborted) break;
          await write(call, toDataUpdate(next.value));
        }
        if (!cancelled.signal.aborted) call.end();
      } catch (error) {
        if (!cancelled.signal.aborted) call.emit('error', toGrpcStatus(error, services.logger));
      } finally {
        await stream?.return?.();
      }
    })();
  };
}
