// A prompt as a markdown file with YAML front matter, so a prompt library can
// live in git:
//
//   ---
//   name: summarize
//   description: Summarize a document
//   tags: [docs]
//   labels: [production]
//   variables:
//     text: string
//     words: { type: number, default: 100, description: Length of the summary }
//   ---
//   Summarize in {{words}} words:
//   {{text}}
//
// A CHAT prompt says `type: CHAT` and holds its messages in the front matter
// (`messages: [{ role: system, content: … }, { placeholder: history }]`),
// with no body. Either type may carry `config:`, the version's model config.
//
// The body is everything after the front matter. Writing adds one newline after
// it and reading removes one, so a body survives a round trip byte for byte.
import matter from 'gray-matter';
import { InvalidInput } from '../errors.ts';
import type { PromptMessageTemplate } from './chat-messages.ts';
import { normalizeLineEndings, promptTypes, type PromptType } from './draft.ts';
import type { ModelConfig } from './model-config.ts';
import type { PromptVariable } from './variables.ts';

export interface PromptFile {
  name: string;
  description: string;
  type: PromptType;
  /** A CHAT prompt's messages as written; checked by checkVersionDraft. */
  messages: unknown[] | undefined;
  /** As written; checked by checkVersionDraft. */
  config: unknown;
  tags: string[];
  /** Labels to point at the version this file holds. */
  labels: string[];
  /** Declarations as written; checked by checkVersionDraft. */
  variables: unknown[];
  /** The version message for an import; not written on export (git has its own). */
  message: string | undefined;
  body: string;
}

const knownKeys = new Set([
  'name',
  'description',
  'type',
  'tags',
  'labels',
  'variables',
  'messages',
  'config',
  'message',
]);

function promptTypeOf(value: unknown): PromptType {
  if (value === undefined || value === null) return 'TEXT';
  const type = typeof value === 'string' ? value.toUpperCase() : undefined;
  if (type === undefined || !(promptTypes as readonly string[]).includes(type)) {
    throw new InvalidInput('front matter "type" must be TEXT or CHAT', { field: 'type' });
  }
  return type as PromptType;
}

function refuseCode(): never {
  throw new InvalidInput('front matter must be YAML: executable front matter (---js) is refused');
}

/**
 * gray-matter would `eval` a `---js` block; files under PROJECT_ROOT may come
 * from anyone who can write there, so those engines are replaced. Passing
 * options also keeps gray-matter from caching every file it parsed.
 */
const matterOptions = {
  engines: { js: refuseCode, javascript: refuseCode, coffee: refuseCode, coffeescript: refuseCode },
};

function textList(value: unknown, key: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new InvalidInput(`front matter "${key}" must be a list of text`, { field: key });
  }
  return value;
}

/** `variables:` as a map from name to a type, or to { type, default, description }. */
function declarationsOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidInput(
      'front matter "variables" must map each name to a type or to { type, default, description }',
      { field: 'variables' },
    );
  }
  return Object.entries(value as Record<string, unknown>).map(([name, spec]) => {
    if (typeof spec === 'string') return { name, type: spec };
    if (typeof spec === 'object' && spec !== null && !Array.isArray(spec)) {
      const unknown = Object.keys(spec).find(
        (key) => !['type', 'default', 'description'].includes(key),
      );
      if (unknown) {
        throw new InvalidInput(`variable "${name}": unknown key "${unknown}"`, { variable: name });
      }
      return { ...spec, name };
    }
    throw new InvalidInput(`variable "${name}" must be a type or { type, default, description }`, {
      variable: name,
    });
  });
}

/** Parses one file; `fallbackName` (the file name without .md) names a prompt whose front matter does not. */
export function parsePromptFile(text: string, fallbackName: string): PromptFile {
  const normalized = normalizeLineEndings(text.replace(/^\uFEFF/, ''));
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(normalized, matterOptions);
  } catch (error) {
    if (error instanceof InvalidInput) throw error;
    const reason = ((error as Error).message || 'unreadable').split('\n')[0];
    throw new InvalidInput(`front matter is not valid YAML: ${reason}`);
  }
  const data: unknown = parsed.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InvalidInput('front matter must be a YAML mapping');
  }
  const fields = data as Record<string, unknown>;
  const unknownKey = Object.keys(fields).find((key) => !knownKeys.has(key));
  if (unknownKey) {
    throw new InvalidInput(
      `unknown front matter key "${unknownKey}" (known: ${[...knownKeys].join(', ')})`,
      { field: unknownKey },
    );
  }
  const { name = fallbackName, description = '', message } = fields;
  if (typeof name !== 'string') throw new InvalidInput('front matter "name" must be text');
  if (typeof description !== 'string') {
    throw new InvalidInput('front matter "description" must be text');
  }
  if (message !== undefined && message !== null && typeof message !== 'string') {
    throw new InvalidInput('front matter "message" must be text');
  }
  if (fields.messages !== undefined && !Array.isArray(fields.messages)) {
    throw new InvalidInput('front matter "messages" must be a list', { field: 'messages' });
  }
  return {
    name,
    description,
    type: promptTypeOf(fields.type),
    messages: fields.messages as unknown[] | undefined,
    config: fields.config,
    tags: textList(fields.tags, 'tags'),
    labels: textList(fields.labels, 'labels'),
    variables: declarationsOf(fields.variables),
    message: typeof message === 'string' ? message : undefined,
    body: parsed.content.endsWith('\n') ? parsed.content.slice(0, -1) : parsed.content,
  };
}

export interface PromptFileContent {
  name: string;
  description: string;
  type: PromptType;
  messages: readonly PromptMessageTemplate[] | null;
  config: ModelConfig;
  tags: readonly string[];
  labels: readonly string[];
  variables: readonly PromptVariable[];
  body: string;
}

/** The file text for one prompt version; empty fields are left out. */
export function formatPromptFile(prompt: PromptFileContent): string {
  const data: Record<string, unknown> = { name: prompt.name };
  if (prompt.description) data.description = prompt.description;
  if (prompt.type !== 'TEXT') data.type = prompt.type;
  if (prompt.tags.length > 0) data.tags = [...prompt.tags];
  if (prompt.labels.length > 0) data.labels = [...prompt.labels];
  if (prompt.variables.length > 0) {
    data.variables = Object.fromEntries(
      prompt.variables.map((variable) => {
        const spec: Record<string, unknown> = { type: variable.type };
        if (variable.default !== undefined) spec.default = variable.default;
        if (variable.description) spec.description = variable.description;
        return [variable.name, Object.keys(spec).length === 1 ? variable.type : spec];
      }),
    );
  }
  if (prompt.messages) data.messages = prompt.messages.map((message) => ({ ...message }));
  if (Object.keys(prompt.config).length > 0) data.config = prompt.config;
  // An object, not a string: gray-matter would parse a string that starts
  // with "---" as front matter of its own.
  return matter.stringify({ content: `${prompt.body}\n` }, data, matterOptions);
}
