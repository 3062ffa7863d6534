// AgentService.StreamData: the agent's view of the project, from
// src/resolvers/agent-data.ts, as DataUpdate messages.
import type * as grpc from '@grpc/grpc-js';
import { agentData, type AgentDataUpdate } from '../resolvers/agent-data.ts';
import type { Services } from '../resolvers/context.ts';
import type { ActorView } from '../resolvers/file-events.ts';
import type { ChangeActor } from './generated/genpod/agent/v1/ChangeActor.ts';
import { serverStream } from './call-handlers.ts';
import type { DataUpdate } from './generated/genpod/agent/v1/DataUpdate.ts';
import type { StreamDataRequest__Output } from './generated/genpod/agent/v1/StreamDataRequest.ts';

function toChangeActor(actor: ActorView): ChangeActor {
  return {
    kind: actor.kind,
    principalId: actor.principalId ?? '',
    agentId: actor.agentId ?? '',
    chatSessionId: actor.chatSessionId ?? '',
    chatMessageId: actor.chatMessageId ?? '',
  };
}

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
          actor: update.file.actor && toChangeActor(update.file.actor),
        },
      };
    case 'content': {
      const { content } = update;
      return {
        sequence: update.sequence,
        content: {
          kind: content.kind,
          path: content.path,
          version: content.version ?? '',
          baseVersion: content.baseVersion ?? '',
          content: content.content ?? '',
          edits: content.edits ?? [],
          actor: content.actor ? toChangeActor(content.actor) : null,
        },
      };
    }
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

export function createStreamDataHandler(
  services: Services,
): grpc.handleServerStreamingCall<StreamDataRequest__Output, DataUpdate> {
  return serverStream(
    services,
    (ctx, request: StreamDataRequest__Output, signal) =>
      agentData(ctx, {
        agentId: request.agentId,
        pathPrefix: request.pathPrefix,
        since: request.since === '' ? undefined : request.since,
        signal,
        filter: {
          include: request.include,
          exclude: request.exclude,
          kinds: request.kinds,
          respectGitignore: request.respectGitignore,
        },
        contentPaths: request.contentPaths,
        contentVersions: request.contentVersions,
      }),
    toDataUpdate,
  );
}
