// genpod.agent.v1.PromptService: agents fetch a rendered prompt by name and
// label (or version), manage labels, read their history and dependents, and
// follow changes, through the same resolvers as GraphQL.
import type * as grpc from '@grpc/grpc-js';
import { InvalidInput } from '../core/errors.ts';
import type { PromptChangeEvent } from './generated/genpod/agent/v1/PromptChangeEvent.ts';
import type { PromptLabelState } from './generated/genpod/agent/v1/PromptLabelState.ts';
import type { PromptMessageList__Output } from './generated/genpod/agent/v1/PromptMessageList.ts';
import type { PromptServiceHandlers } from './generated/genpod/agent/v1/PromptService.ts';
import { PromptType } from './generated/genpod/agent/v1/PromptType.ts';
import type { WatchPromptChangesRequest__Output } from './generated/genpod/agent/v1/WatchPromptChangesRequest.ts';
import * as prompts from '../resolvers/prompts.ts';
import type { Services } from '../resolvers/context.ts';
import { grpcContext } from './context.ts';
import { toGrpcStatus } from './status.ts';

export const promptServiceName = 'genpod.agent.v1.PromptService';

const promptTypes = {
  TEXT: PromptType.PROMPT_TYPE_TEXT,
  CHAT: PromptType.PROMPT_TYPE_CHAT,
} as const satisfies Record<prompts.PromptType, string>;

/** `variables_json` is one JSON object; empty means no values. */
export function parseVariables(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidInput('variables_json must be a JSON object of values by variable name', {
      field: 'variables_json',
    });
  }
}

/** A placeholders map as the renderer takes it; undefined when empty. */
export function placeholdersOf(
  map: Record<string, PromptMessageList__Output>,
): Record<string, { role: string; content: string }[]> | undefined {
  const entries = Object.entries(map);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(
    entries.map(([name, list]) => [
      name,
      list.messages.map((message) => ({ role: message.role, content: message.content })),
    ]),
  );
}

/** Answers a unary call exactly once, from a resolver's result or error. */
function answer<T, R>(
  services: Services,
  callback: grpc.sendUnaryData<R>,
  run: () => T | Promise<T>,
  toMessage: (result: T) => R,
): void {
  Promise.resolve()
    .then(run)
    .then(
      (result) => callback(null, toMessage(result)),
      (error: unknown) => callback(toGrpcStatus(error, services.logger)),
    );
}

function labelState(prompt: prompts.PromptRecord, label: string): PromptLabelState {
  return {
    name: prompt.name,
    label,
    version: prompt.labels.find((l) => l.name === label)?.version ?? 0,
    protected: prompt.protectedLabels.includes(label),
  };
}

function watchPromptChanges(
  services: Services,
): grpc.handleServerStreamingCall<WatchPromptChangesRequest__Output, PromptChangeEvent> {
  return (call) => {
    const cancelled = new AbortController();
    call.on('cancelled', () => cancelled.abort());
    void (async () => {
      let stream: AsyncIterator<prompts.PromptChangeEvent> | undefined;
      try {
        const iterator = prompts.promptChanged(grpcContext(services, call), {
          name: call.request.name === '' ? undefined : call.request.name,
          since: call.request.since === '' ? undefined : call.request.since,
        });
        stream = iterator;
        cancelled.signal.addEventListener('abort', () => void iterator.return?.(), { once: true });
        for (let next = await stream.next(); !next.done; next = await stream.next()) {
          if (cancelled.signal.aborted) break;
          const event = next.value;
          const message: PromptChangeEvent = {
            sequence: event.sequence,
            kind: event.kind,
            name: event.name ?? '',
            version: event.version ?? 0,
            label: event.label ?? '',
            by: event.by ?? '',
            fromVersion: event.fromVersion ?? 0,
            message: event.message ?? '',
          };
          if (!call.write(message)) await new Promise((resolve) => call.once('drain', resolve));
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

export function createPromptServiceHandlers(services: Services): PromptServiceHandlers {
  return {
    GetRenderedPrompt(call, callback) {
      const request = call.request;
      answer(
        services,
        callback,
        () =>
          // proto3 has no "unset" for scalars: an empty label and version 0 mean absent.
          prompts.renderPrompt(grpcContext(services, call), {
            name: request.name,
            label: request.label === '' ? undefined : request.label,
            version: request.version === 0 ? undefined : request.version,
            variables: parseVariables(request.variablesJson) as Record<string, unknown>,
            placeholders: placeholdersOf(request.placeholders),
          }),
        (rendered) => ({
          name: rendered.name,
          version: rendered.version,
          labels: rendered.labels,
          text: rendered.text,
          type: promptTypes[rendered.type],
          messages: rendered.messages ?? [],
          configJson: JSON.stringify(rendered.config),
          variablesJson: JSON.stringify(rendered.variables),
        }),
      );
    },
    SetPromptLabel(call, callback) {
      const { name, label, version, message } = call.request;
      answer(
        services,
        callback,
        () =>
          prompts.setPromptLabel(grpcContext(services, call), { name, label, version, message }),
        (prompt) => labelState(prompt, label),
      );
    },
    RemovePromptLabel(call, callback) {
      const { name, label, message } = call.request;
      answer(
        services,
        callback,
        () => prompts.removePromptLabel(grpcContext(services, call), { name, label, message }),
        (prompt) => labelState(prompt, label),
      );
    },
    ProtectPromptLabel(call, callback) {
      const { name, label } = call.request;
      answer(
        services,
        callback,
        () =>
          prompts.protectPromptLabel(grpcContext(services, call), {
            name,
            label,
            protected: call.request.protected,
          }),
        (prompt) => labelState(prompt, label),
      );
    },
    ListPromptLabelHistory(call, callback) {
      const { name, label, first, after } = call.request;
      answer(
        services,
        callback,
        () =>
          prompts.promptLabelHistory(grpcContext(services, call), {
            name,
            label: label === '' ? undefined : label,
            first: first === 0 ? undefined : first,
            after: after === '' ? undefined : after,
          }),
        (page) => ({
          moves: page.moves.map((move) => ({
            id: move.id,
            label: move.label,
            fromVersion: move.fromVersion ?? 0,
            toVersion: move.toVersion ?? 0,
            by: move.by,
            at: move.at.toISOString(),
            message: move.message,
          })),
          nextCursor: page.hasMore ? (page.endCursor ?? '') : '',
        }),
      );
    },
    ListPromptDependents(call, callback) {
      answer(
        services,
        callback,
        () => prompts.promptDependents(grpcContext(services, call), call.request.name),
        (dependents) => ({ dependents }),
      );
    },
    WatchPromptChanges: watchPromptChanges(services),
  };
}
