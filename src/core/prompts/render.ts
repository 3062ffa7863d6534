// Rendering a stored prompt: pick the version (by label or number; else the
// production label when there is one, else the newest), resolve the prompts
// it includes, check the values against every declaration in that tree, fill
// in defaults, render the text or the messages, and return the version's
// model config beside it.
import type { Database } from '../db/database.ts';
import { InvalidInput } from '../errors.ts';
import { normalizePlaceholderValues, placeholdersOf, type PromptMessage } from './chat-messages.ts';
import type { PromptType } from './draft.ts';
import { nodesOf, resolveIncludes, type IncludeNode } from './include-tree.ts';
import type { ModelConfig } from './model-config.ts';
import { getRenderVersion, type VersionSelector } from './repository.ts';
import { renderTemplate } from './template.ts';
import type { VersionLookup } from './version-cache.ts';
import { resolveValues, type JsonValue } from './variables.ts';

export interface RenderRequest extends VersionSelector {
  name: string;
  /** Values by variable name; null or absent when the prompt needs none. */
  variables?: Readonly<Record<string, unknown>> | null | undefined;
  /** A CHAT prompt's placeholders: message lists by placeholder name. */
  placeholders?: unknown;
}

export interface RenderedPrompt {
  name: string;
  version: number;
  /** The labels pointing at the rendered version, `latest` included when it is the newest. */
  labels: string[];
  type: PromptType;
  /** A TEXT prompt's text; empty for CHAT. */
  text: string;
  /** A CHAT prompt's messages, placeholders filled; null for TEXT. */
  messages: PromptMessage[] | null;
  /** The version's model config. */
  config: ModelConfig;
  /** The values used, defaults included (of included prompts too). */
  variables: Record<string, JsonValue>;
}

function checkedVariables(request: RenderRequest): Record<string, unknown> {
  const given: unknown = request.variables ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new InvalidInput('variables must be an object of values by variable name', {
      field: 'variables',
    });
  }
  return given as Record<string, unknown>;
}

/**
 * Each prompt of the tree takes the values named by its own declarations;
 * a value no prompt of the tree declares is unknown.
 */
function valuesByNode(
  tree: IncludeNode,
  given: Readonly<Record<string, unknown>>,
): { byNode: Map<IncludeNode, Record<string, JsonValue>>; used: Record<string, JsonValue> } {
  const nodes = nodesOf(tree);
  const declared = new Set(nodes.flatMap((node) => node.version.variables.map((v) => v.name)));
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) {
      throw new InvalidInput(
        `unknown variable "${name}" (declared: ${[...declared].sort().join(', ') || 'none'})`,
        { variable: name },
      );
    }
  }
  const byNode = new Map<IncludeNode, Record<string, JsonValue>>();
  const used: Record<string, JsonValue> = {};
  for (const node of nodes) {
    const own = Object.fromEntries(
      node.version.variables
        .filter((variable) => Object.hasOwn(given, variable.name))
        .map((variable) => [variable.name, given[variable.name]]),
    );
    let values: Record<string, JsonValue>;
    try {
      values = resolveValues(node.version.variables, own);
    } catch (error) {
      if (!(error instanceof InvalidInput) || node === tree) throw error;
      throw new InvalidInput(`include ${node.chain.join(' → ')}: ${error.message}`, {
        ...error.details,
        chain: node.chain,
      });
    }
    byNode.set(node, values);
    Object.assign(used, values);
  }
  return { byNode, used };
}

/** One template of a node, its includes rendered first (each with its own values). */
function renderNodeTemplate(
  node: IncludeNode,
  template: string,
  values: ReadonlyMap<IncludeNode, Record<string, JsonValue>>,
): string {
  const included = new Map<string, string>();
  for (const [reference, child] of node.includes) {
    included.set(reference, renderNodeTemplate(child, child.version.body, values));
  }
  return renderTemplate(template, values.get(node) ?? {}, included);
}

function renderMessages(
  tree: IncludeNode,
  values: ReadonlyMap<IncludeNode, Record<string, JsonValue>>,
  placeholders: unknown,
): PromptMessage[] {
  const templates = tree.version.messages ?? [];
  const given = normalizePlaceholderValues(placeholders);
  const declared = placeholdersOf(templates);
  for (const name of given.keys()) {
    if (!declared.includes(name)) {
      throw new InvalidInput(
        `unknown placeholder "${name}" (declared: ${declared.join(', ') || 'none'})`,
        { placeholder: name },
      );
    }
  }
  return templates.flatMap((message) => {
    if ('placeholder' in message) {
      const filled = given.get(message.placeholder);
      if (!filled) {
        throw new InvalidInput(
          `missing placeholder "${message.placeholder}" (a list of messages)`,
          {
            placeholder: message.placeholder,
          },
        );
      }
      return filled;
    }
    return [{ role: message.role, content: renderNodeTemplate(tree, message.content, values) }];
  });
}

/**
 * `lookup` finds versions (a PromptVersionCache's, on the request path);
 * without one, the database is asked directly.
 */
export async function renderStoredPrompt(
  db: Database,
  request: RenderRequest,
  lookup: VersionLookup = (name, selector) => getRenderVersion(db, name, selector),
): Promise<RenderedPrompt> {
  const given = checkedVariables(request);
  const version = await lookup(request.name, request);
  if (version.type === 'TEXT' && request.placeholders != null) {
    if (normalizePlaceholderValues(request.placeholders).size > 0) {
      throw new InvalidInput(
        `prompt "${version.prompt}" is TEXT: placeholders only fill CHAT prompts`,
        {
          field: 'placeholders',
          prompt: version.prompt,
        },
      );
    }
  }
  const tree = await resolveIncludes(lookup, version);
  const { byNode, used } = valuesByNode(tree, given);
  const chat = version.type === 'CHAT';
  return {
    name: version.prompt,
    version: version.number,
    labels: version.labels,
    type: version.type,
    text: chat ? '' : renderNodeTemplate(tree, version.body, byNode),
    messages: chat ? renderMessages(tree, byNode, request.placeholders) : null,
    config: version.config,
    variables: used,
  };
}
