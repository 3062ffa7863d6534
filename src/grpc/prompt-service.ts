// genpod.agent.v1.PromptService: agents fetch a rendered prompt by name and
// label (or version), manage labels, read their history and dependents, and
// follow changes, through the same resolvers as GraphQL.
import { InvalidInput } from '../core/errors.ts';
import type { PromptChangeEvent } from './generated/genpod/agent/v1/PromptChangeEvent.ts';
import type { PromptLabelState } from './generated/genpod/agent/v1/PromptLabelState.ts';
import type { PromptMessageList__Output } from './generated/genpod/agent/v1/PromptMessageList.ts';
import type { PromptServiceHandlers } from './generated/genpod/agent/v1/PromptService.ts';
import { PromptType } from './generated/genpod/agent/v1/PromptType.ts';
import type { WatchPromptChangesRequest__Output } from './generated/genpod/agent/v1/WatchPromptChangesRequest.ts';
import * as prompts from '../resolvers/prompts.ts';
import type { Services } from '../resolvers/context.ts';
import { serverStream, unaryCall } from './call-handlers.ts';

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

function labelState(prompt: prompts.PromptRecord, label: string): PromptLabelState {
  return {
    name: prompt.name,
    label,
    version: prompt.labels.find((l) => l.name === label)?.version ?? 0,
    protected: prompt.protectedLabels.includes(label),
  };
}

function toChangeMessage(event: prompts.PromptChangeEvent): PromptChangeEvent {
  return {
    sequence: event.sequence,
    kind: event.kind,
    name: event.name ?? '',
    version: event.version ?? 0,
    label: event.label ?? '',
    by: event.by ?? '',
    fromVersion: event.fromVersion ?? 0,
    message: event.message ?? '',
  };
}

export function createPromptServiceHandlers(services: Services): PromptServiceHandlers {
  return {
    GetRenderedPrompt: unaryCall(services, async (ctx, request) => {
      // proto3 has no "unset" for scalars: an empty label and version 0 mean absent.
      const rendered = await prompts.renderPrompt(ctx, {
        name: request.name,
        label: request.label === '' ? undefined : request.label,
        version: request.version === 0 ? undefined : request.version,
        variables: parseVariables(request.variablesJson) as Record<string, unknown>,
        placeholders: placeholdersOf(request.placeholders),
      });
      return {
        name: rendered.name,
        version: rendered.version,
        labels: rendered.labels,
        text: rendered.text,
        type: promptTypes[rendered.type],
        messages: rendered.messages ?? [],
        configJson: JSON.stringify(rendered.config),
        variablesJson: JSON.stringify(rendered.variables),
      };
    }),
    SetPromptLabel: unaryCall(services, async (ctx, { name, label, version, message }) =>
      labelState(await prompts.setPromptLabel(ctx, { name, label, version, message }), label),
    ),
    RemovePromptLabel: unaryCall(services, async (ctx, { name, label, message }) =>
      labelState(await prompts.removePromptLabel(ctx, { name, label, message }), label),
    ),
    ProtectPromptLabel: unaryCall(services, async (ctx, request) =>
      labelState(
        await prompts.protectPromptLabel(ctx, {
          name: request.name,
          label: request.label,
          protected: request.protected,
        }),
        request.label,
      ),
    ),
    ListPromptLabelHistory: unaryCall(services, async (ctx, { name, label, first, after }) => {
      const page = await prompts.promptLabelHistory(ctx, {
        name,
        label: label === '' ? undefined : label,
        first: first === 0 ? undefined : first,
        after: after === '' ? undefined : after,
      });
      return {
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
      };
    }),
    ListPromptDependents: unaryCall(services, async (ctx, request) => ({
      dependents: await prompts.promptDependents(ctx, request.name),
    })),
    WatchPromptChanges: serverStream(
      services,
      (ctx, request: WatchPromptChangesRequest__Output) =>
        prompts.promptChanged(ctx, {
          name: request.name === '' ? undefined : request.name,
          since: request.since === '' ? undefined : request.since,
        }),
      toChangeMessage,
    ),
  };
}
