// Prompt bodies are Mustache templates (`{{name}}`). This module finds the
// variables a body uses, checks them against the declared ones when a version
// is saved, and renders a body with checked values.
//
// Prompts are not HTML, so nothing is escaped: `{{x}}` and `{{{x}}}` print the
// same text. A json value printed with `{{x}}` appears as JSON.
//
// Mustache's partial tag `{{> name}}` includes another prompt (see
// include-reference.ts). The included prompt is rendered first, by
// render.ts, and its text is inserted as it is: never parsed as a template.
import Mustache from 'mustache';
import { InvalidInput } from '../errors.ts';
import { parseIncludeReference, type IncludeReference } from './include-reference.ts';
import type { JsonValue, PromptVariable } from './variables.ts';

type Spans = Mustache.TemplateSpans;

/**
 * A writer of our own with its template cache turned off: Mustache's default
 * writer keeps every template it ever parsed, and prompt bodies are unbounded.
 */
const writer = Object.assign(new Mustache.Writer(), { templateCache: undefined });

/** How big and how deep one rendering may go; past either it is BAD_USER_INPUT. */
export interface RenderLimits {
  /** Characters of rendered text. */
  maxChars: number;
  /** Sections inside sections. */
  maxSectionDepth: number;
  /** Tokens visited, every repetition of a section counted: bounds the time of a render that prints little. */
  maxSteps: number;
}

/**
 * Nested sections over lists multiply: three levels over a 200-item list
 * print 8 million copies. These stop a render long before it blocks the
 * event loop or fills memory (each limit measured to cost under ~100 ms).
 */
export const defaultRenderLimits: RenderLimits = {
  maxChars: 2_000_000,
  maxSectionDepth: 16,
  maxSteps: 1_000_000,
};

type Token = Mustache.TemplateSpans[number];

/**
 * Mustache's writer, counting while it renders: every token visited, every
 * character about to be printed, every level of sections. It throws as soon
 * as a limit is passed, so a too-big result is never built.
 */
class BoundedWriter extends Mustache.Writer {
  readonly #limits: RenderLimits;
  #chars = 0;
  #steps = 0;
  #depth = 0;
  readonly #body: string;
  readonly #included: ReadonlyMap<string, string>;

  constructor(limits: RenderLimits, body = '', included?: ReadonlyMap<string, string>) {
    super();
    this.#limits = limits;
    this.#body = body;
    this.#included = included ?? new Map();
    Object.assign(this, { templateCache: undefined });
  }

  /**
   * Inserts included prompts' rendered text as it is. Mustache would parse a
   * partial as a template in the including one's context; ours are rendered on
   * their own, with their own declarations, before.
   */
  override renderPartial(token: string[]): string {
    const text = this.#included.get((token[1] ?? '').trim()) ?? '';
    const [, , , end, indentation = '', tagIndex, lineHasNonSpace] = token as unknown as [
      string,
      string,
      number,
      number,
      string,
      number,
      boolean,
    ];
    // A tag alone on its line loses that line's newline to Mustache's
    // "standalone" rule; an included prompt is a block, so it gets it back.
    const standalone =
      tagIndex === 0 && !lineHasNonSpace && /^[ \t]*(\n|$)/.test(this.#body.slice(end));
    const indented =
      standalone && indentation ? indentation + text.replaceAll('\n', `\n${indentation}`) : text;
    const result =
      standalone && /^[ \t]*\n/.test(this.#body.slice(end)) ? `${indented}\n` : indented;
    this.spend(result.length);
    return result;
  }

  /** Counts `chars` more characters of output; Mustache's `escape` calls it for `{{x}}`. */
  spend(chars: number): void {
    this.#chars += chars;
    if (this.#chars > this.#limits.maxChars) {
      throw new InvalidInput(
        `the rendered prompt would be longer than ${this.#limits.maxChars} characters`,
        { limit: 'maxChars', max: this.#limits.maxChars },
      );
    }
  }

  override renderTokens(
    tokens: string[][],
    context: Mustache.Context,
    partials?: Mustache.PartialsOrLookupFn,
    originalTemplate?: string,
    config?: Mustache.RenderOptions,
  ): string {
    // The top level is depth 1; each section's children one deeper.
    if (++this.#depth > this.#limits.maxSectionDepth + 1) {
      throw new InvalidInput(`sections are nested more than ${this.#limits.maxSectionDepth} deep`, {
        limit: 'maxSectionDepth',
        max: this.#limits.maxSectionDepth,
      });
    }
    this.#steps += tokens.length + 1;
    if (this.#steps > this.#limits.maxSteps) {
      throw new InvalidInput(
        `rendering the prompt takes more than ${this.#limits.maxSteps} steps (sections repeat too often)`,
        { limit: 'maxSteps', max: this.#limits.maxSteps },
      );
    }
    // Text and {{{x}}} print here; {{x}} is counted by `escape`, sections by their own tokens.
    for (const token of tokens as unknown as Token[]) {
      if (token[0] === 'text') this.spend(token[1].length);
      else if (token[0] === '&') this.spend(String(context.lookup(token[1]) ?? '').length);
    }
    try {
      return super.renderTokens(tokens, context, partials, originalTemplate, config);
    } finally {
      this.#depth--;
    }
  }
}

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
  const walk = (tokens: Spans, insideItem: boolean, depth = 0) => {
    if (depth > defaultRenderLimits.maxSectionDepth) {
      throw new InvalidInput(
        `sections are nested more than ${defaultRenderLimits.maxSectionDepth} deep`,
        { field: 'body', limit: 'maxSectionDepth', max: defaultRenderLimits.maxSectionDepth },
      );
    }
    for (const token of tokens) {
      const [type, value, start] = token;
      if (type === 'text' || type === '!' || type === '=') continue;
      if (type === '>') {
        try {
          parseIncludeReference(value);
        } catch (error) {
          if (!(error instanceof InvalidInput)) throw error;
          throw new InvalidInput(`${error.message} (${lineAndColumn(body, start)})`, {
            field: 'body',
          });
        }
        continue;
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
        if (Array.isArray(children))
          walk(children, type === '#' ? opensItem : insideItem, depth + 1);
      }
    }
  };
  walk(spans, false);
  return uses;
}

export interface TemplateText {
  text: string;
  /** Where it is, for messages: `body` or `messages[2]`. */
  field: string;
}

/**
 * Checks that each template parses, that every variable they use is declared
 * and every declared variable is used by one of them, and that each is used
 * as its type allows.
 */
export function checkTemplates(
  templates: readonly TemplateText[],
  declared: readonly PromptVariable[],
): void {
  const byName = new Map(declared.map((variable) => [variable.name, variable]));
  const uses = new Map<string, Use>();
  for (const template of templates) {
    let spans: Spans;
    try {
      spans = parseTemplate(template.text);
    } catch (error) {
      if (!(error instanceof InvalidInput) || template.field === 'body') throw error;
      throw new InvalidInput(`${template.field}: ${error.message}`, { field: template.field });
    }
    for (const [name, use] of collectUses(spans, byName, template.text)) {
      const seen = uses.get(name) ?? { unescaped: false, dotted: false };
      seen.unescaped ||= use.unescaped;
      seen.dotted ||= use.dotted;
      uses.set(name, seen);
    }
  }
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

/** One template's check; see checkTemplates. */
export function checkTemplate(body: string, declared: readonly PromptVariable[]): void {
  checkTemplates([{ text: body, field: 'body' }], declared);
}

/** The prompts a (checked) template includes, each reference once, in order. */
export function templateIncludes(body: string): IncludeReference[] {
  // Every include tag holds a `>`, whatever the delimiters: most bodies have
  // none, and need no second parse on each render (docs/performance.md).
  if (!body.includes('>')) return [];
  const found = new Map<string, IncludeReference>();
  const walk = (tokens: Spans) => {
    for (const token of tokens) {
      if (token[0] === '>') {
        const reference = parseIncludeReference(token[1]);
        if (!found.has(reference.text)) found.set(reference.text, reference);
      }
      const children: unknown = token[4];
      if ((token[0] === '#' || token[0] === '^') && Array.isArray(children)) {
        walk(children as Spans);
      }
    }
  };
  walk(parseTemplate(body));
  return [...found.values()];
}

/** Strings as they are; numbers, booleans, lists and objects as JSON text. */
function printValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Renders a checked body with checked values (see `resolveValues`); each
 * `{{> reference}}` becomes `included.get(reference)`, rendered beforehand.
 * @throws InvalidInput (BAD_USER_INPUT) past any of `limits`.
 */
export function renderTemplate(
  body: string,
  values: Readonly<Record<string, JsonValue>>,
  included?: ReadonlyMap<string, string>,
  limits: RenderLimits = defaultRenderLimits,
): string {
  const bounded = new BoundedWriter(limits, body, included);
  const escape = (value: unknown) => {
    const text = printValue(value);
    bounded.spend(text.length);
    return text;
  };
  return bounded.render(body, values, included?.size ? {} : undefined, { escape });
}
