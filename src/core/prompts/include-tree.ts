// Resolving `{{> name}}` includes before a render: every prompt a version
// includes, directly or not, loaded once per render. A cycle, a missing
// prompt, label or version, or an included CHAT prompt is BAD_USER_INPUT
// naming the chain of includes (`a → b → a`).
import { DomainError, InvalidInput } from '../errors.ts';
import { parseIncludeReference, type IncludeReference } from './include-reference.ts';
import type { PromptVersionRecord } from './repository.ts';
import type { VersionLookup } from './version-cache.ts';
import { templateIncludes } from './template.ts';

/** A version and, by reference text, the versions its templates include. */
export interface IncludeNode {
  version: PromptVersionRecord;
  /** How the render got here: `a`, `b@staging`, … from the prompt rendered. */
  chain: string[];
  includes: Map<string, IncludeNode>;
}

/** Deeper than any library needs; stops a runaway chain of distinct prompts. */
export const maxIncludeDepth = 16;

/** The templates of a version: its body, or each message's content. */
export function templatesOf(version: PromptVersionRecord): string[] {
  if (version.messages === null) return [version.body];
  return version.messages.flatMap((message) => ('content' in message ? [message.content] : []));
}

function chainText(chain: readonly string[]): string {
  return chain.join(' → ');
}

async function loadReference(
  lookup: VersionLookup,
  reference: IncludeReference,
  chain: readonly string[],
): Promise<PromptVersionRecord> {
  try {
    return await lookup(reference.name, {
      label: reference.label,
      version: reference.version,
    });
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'NOT_FOUND') throw error;
    throw new InvalidInput(`include ${chainText(chain)}: ${error.message}`, {
      field: 'include',
      chain: [...chain],
    });
  }
}

export async function resolveIncludes(
  lookup: VersionLookup,
  root: PromptVersionRecord,
): Promise<IncludeNode> {
  const loaded = new Map<string, Promise<PromptVersionRecord>>();
  const expand = async (version: PromptVersionRecord, chain: string[]): Promise<IncludeNode> => {
    const node: IncludeNode = { version, chain, includes: new Map() };
    const references = new Map<string, IncludeReference>();
    for (const template of templatesOf(version)) {
      for (const reference of templateIncludes(template)) references.set(reference.text, reference);
    }
    for (const reference of references.values()) {
      const next = [...chain, reference.text];
      const names = chain.map((link) => parseIncludeReference(link).name);
      if (names.includes(reference.name)) {
        throw new InvalidInput(`include cycle: ${chainText(next)}`, {
          field: 'include',
          chain: next,
        });
      }
      if (next.length > maxIncludeDepth) {
        throw new InvalidInput(
          `include ${chainText(next)}: includes nest at most ${maxIncludeDepth} deep`,
          { field: 'include', chain: next },
        );
      }
      let pending = loaded.get(reference.text);
      if (!pending) {
        pending = loadReference(lookup, reference, next);
        loaded.set(reference.text, pending);
      }
      // Includes load one after another: a failure stops the render at its first chain.
      const included = await pending;
      if (included.type !== 'TEXT') {
        throw new InvalidInput(
          `include ${chainText(next)}: "${included.prompt}" is a CHAT prompt; only TEXT prompts can be included`,
          { field: 'include', chain: next, prompt: included.prompt },
        );
      }
      node.includes.set(reference.text, await expand(included, next));
    }
    return node;
  };
  return expand(root, [root.prompt]);
}

/** Every node of the tree, the root first. */
export function nodesOf(root: IncludeNode): IncludeNode[] {
  const nodes: IncludeNode[] = [];
  const visit = (node: IncludeNode) => {
    nodes.push(node);
    for (const child of node.includes.values()) visit(child);
  };
  visit(root);
  return nodes;
}
