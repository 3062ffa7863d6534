// Rendering a stored prompt: pick the version (label, number or latest),
// check the values against its declarations, fill in defaults, render.
import type { Database } from '../db/database.ts';
import { InvalidInput } from '../errors.ts';
import { getVersion, type VersionSelector } from './repository.ts';
import { renderTemplate } from './template.ts';
import type { VersionLookup } from './version-cache.ts';
import { resolveValues, type JsonValue } from './variables.ts';

export interface RenderRequest extends VersionSelector {
  name: string;
  /** Values by variable name; null or absent when the prompt needs none. */
  variables?: Readonly<Record<string, unknown>> | null | undefined;
}

export interface RenderedPrompt {
  name: string;
  version: number;
  /** The labels pointing at the rendered version, `latest` included when it is the newest. */
  labels: string[];
  text: string;
  /** The values used, defaults included. */
  variables: Record<string, JsonValue>;
}

/**
 * `lookup` finds the version (a PromptVersionCache's, on the request path);
 * without one, the database is asked directly.
 */
export async function renderStoredPrompt(
  db: Database,
  request: RenderRequest,
  lookup: VersionLookup = (name, selector) => getVersion(db, name, selector),
): Promise<RenderedPrompt> {
  const given: unknown = request.variables ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new InvalidInput('variables must be an object of values by variable name', {
      field: 'variables',
    });
  }
  const version = await lookup(request.name, request);
  const values = resolveValues(version.variables, given as Record<string, unknown>);
  return {
    name: version.prompt,
    version: version.number,
    labels: version.labels,
    text: renderTemplate(version.body, values),
    variables: values,
  };
}
