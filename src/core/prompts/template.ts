// Prompt bodies are Mustache templates (`{{name}}`). This module finds the
// variables a body uses, checks them against the declared ones when a version
// is saved, and renders a body with checked values.
//
// Prompts are not HTML, so nothing is escaped: `{{x}}` and `{{{x}}}` print the
// same text. A json value printed with `{{x}}` appears as JSON.
import Mustache from 'mustache';
import { InvalidInput } from '../errors.ts';
import type { JsonValue, PromptVariable } from './variables.ts';

type Spans = Mustache.TemplateSpans;

/**
 * A writer of our own with its template cache turned off: Mustache's default
 * writer keeps every template it ever parsed, and prompt bodies are unbounded.
 */
const writer = Object.assign(new Mustache.Writer(), { templateCache: undefined });

function lineAndColumn(body: string, offset: number): string {
  const before = body.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
}

/** Mustache's tokens for a body, or a BAD_USER_INPUT that says where the syntax breaks. */
export function parseTemplate(body: string): Spans {
  try {
    return writer.parse(body) as Spans;
  } catch (error) {
    // Mustache says "… at <offset>"; people read lines and columns.
    const message = (error as Error).message;
    const at = / at (\d+)$/.exec(message);
    const text = at?.[1]
      ? `${message.slice(0, at.index)} (${lineAndColumn(body, Number(at[1]))})`
      : message;
    throw new InvalidInput(`template syntax: ${text}`, { field: 'body' });
  }
}

interface Use {
  /** `{{{x}}}` or `{{&x}}` */
  unescaped: boolean;
  /** `{{x.y}}` */
  dotted: boolean;
}

/**
 * The top-level names a body refers to. Inside a section over a json variable,
 * a name the prompt does not declare is a field of the item and is skipped.
 */
function collectUses(
  spans: Spans,
  declared: ReadonlyMap<string, PromptVariable>,
  body: string,
): Map<string, Use> {
  const uses = new Map<string, Use>();
  const walk = (tokens: Spans, insideItem: boolean) => {
    for (const token of tokens) {
      const [type, value, start] = token;
      if (type === 'text' || type === '!' || type === '=') continue;
      if (type === '>') {
        throw new InvalidInput(
          `partials ({{> ${value}}}) are not supported (${lineAndColumn(body, start)})`,
          { field: 'body' },
        );
      }
      if (value === '.') {
        if (!insideItem) {
          throw new InvalidInput(
            `{{.}} only has a meaning inside a section over a json variable (${lineAndColumn(body, start)})`,
            { field: 'body' },
          );
        }
        continue;
      }
      const root = value.split('.')[0] ?? value;
      const variable = declared.get(root);
      if (!insideItem || variable) {
        const use = uses.get(root) ?? { unescaped: false, dotted: false };
        use.unescaped ||= type === '&';
        use.dotted ||= value.includes('.');
        uses.set(root, use);
      }
      if (type === '#' || type === '^') {
        const children = token[4];
        // Only a list or an object pushes a new context whose fields the
        // children may name; booleans, strings and numbers leave them at the top.
        const opensItem = insideItem || variable?.type === 'json';
        if (Array.isArray(children)) walk(children, type === '#' ? opensItem : insideItem);
      }
    }
  };
  walk(spans, false);
  return uses;
}

/**
 * Checks that the body parses, that every variable it uses is declared and
 * every declared variable is used, and that each is used as its type allows.
 */
export function checkTemplate(body: string, declared: readonly PromptVariable[]): void {
  const byName = new Map(declared.map((variable) => [variable.name, variable]));
  const uses = collectUses(parseTemplate(body), byName, body);
  for (const [name, use] of uses) {
    const variable = byName.get(name);
    if (!variable) {
      throw new InvalidInput(`variable "${name}" is used in the template but not declared`, {
        variable: name,
      });
    }
    if (use.dotted && variable.type !== 'json') {
      throw new InvalidInput(
        `variable "${name}" is a ${variable.type}: only a json variable has fields ({{${name}.…}})`,
        { variable: name },
      );
    }
    if (use.unescaped && variable.type === 'json') {
      throw new InvalidInput(
        `variable "${name}" is json: write {{${name}}} to print it as JSON ({{{${name}}}} would print [object Object])`,
        { variable: name },
      );
    }
  }
  for (const variable of declared) {
    if (!uses.has(variable.name)) {
      throw new InvalidInput(
        `variable "${variable.name}" is declared but not used in the template`,
        {
          variable: variable.name,
        },
      );
    }
  }
}

/** Strings as they are; numbers, booleans, lists and objects as JSON text. */
function printValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Renders a checked body with checked values (see `resolveValues`). */
export function renderTemplate(body: string, values: Readonly<Record<string, JsonValue>>): string {
  return writer.render(body, values, undefined, { escape: printValue });
}
