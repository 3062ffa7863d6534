// genpod.agent.v1.PromptService: agents fetch a rendered prompt by name and
// label (or version), through the same resolver as GraphQL's renderPrompt.
import { InvalidInput } from '../core/errors.ts';
import type { PromptServiceHandlers } from './generated/genpod/agent/v1/PromptService.ts';
import { renderPrompt } from '../resolvers/prompts.ts';
import type { Services } from '../resolvers/context.ts';
import { unaryCall } from './call-handlers.ts';

export const promptServiceName = 'genpod.agent.v1.PromptService';

/** `variables_json` is one JSON object; empty means no values. */
function parseVariables(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidInput('variables_json must be a JSON object of values by variable name', {
      field: 'variables_json',
    });
  }
}

export function createPromptServiceHandlers(services: Services): PromptServiceHandlers {
  return {
    GetRenderedPrompt: unaryCall(services, async (ctx, request) => {
      // proto3 has no "unset" for scalars: an empty label and version 0 mean absent.
      const rendered = await renderPrompt(ctx, {
        name: request.name,
        label: request.label === '' ? undefined : request.label,
        version: request.version === 0 ? undefined : request.version,
        variables: parseVariables(request.variablesJson) as Record<string, unknown>,
      });
      return {
        name: rendered.name,
        version: rendered.version,
        labels: rendered.labels,
        text: rendered.text,
      };
    }),
  };
}
