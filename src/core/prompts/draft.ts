// A version before it is saved: a TEXT prompt's body or a CHAT prompt's
// messages, the model config, variables, message and the labels to point at
// it. Every check a version must pass happens here, once, whether it came
// from GraphQL, gRPC or a file in the project.
import { InvalidInput, TooLarge } from '../errors.ts';
import { normalizeMessages, type PromptMessageTemplate } from './chat-messages.ts';
import { checkLabelName } from './identifiers.ts';
import { normalizeConfig, type ModelConfig } from './model-config.ts';
import { checkTemplates } from './template.ts';
import { normalizeDeclarations, type PromptVariable } from './variables.ts';

export const maxBodyBytes = 256 * 1024;
const maxMessage = 1_000;

export const promptTypes = ['TEXT', 'CHAT'] as const;
export type PromptType = (typeof promptTypes)[number];

export interface VersionDraft {
  /** A TEXT prompt's template; empty for CHAT. */
  body: string;
  /** A CHAT prompt's messages; null for TEXT. */
  messages: PromptMessageTemplate[] | null;
  config: ModelConfig;
  variables: PromptVariable[];
  message: string;
  labels: string[];
}

export interface VersionDraftInput {
  body?: string | null | undefined;
  messages?: readonly unknown[] | null | undefined;
  config?: unknown;
  variables?: readonly unknown[] | null | undefined;
  message?: string | null | undefined;
  labels?: readonly string[] | null | undefined;
}

/** Line endings are stored as \n, so a prompt reads the same from every editor and git checkout. */
export function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function checkText(text: string, field: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBodyBytes) {
    throw new TooLarge(`prompt ${field} is ${bytes} bytes; the limit is ${maxBodyBytes}`, {
      field,
      limit: maxBodyBytes,
    });
  }
  if (text.includes('\0')) {
    throw new InvalidInput(`prompt ${field} must not contain NUL characters`, { field });
  }
}

/** The templates of a draft: the body, or each message's content. */
function contentOf(type: PromptType, input: VersionDraftInput) {
  if (type === 'TEXT') {
    if (input.messages != null) {
      throw new InvalidInput('a TEXT prompt has a body, not messages', { field: 'messages' });
    }
    if (input.body == null) {
      throw new InvalidInput('a TEXT prompt needs a body', { field: 'body' });
    }
    const body = normalizeLineEndings(input.body);
    checkText(body, 'body');
    return { body, messages: null, templates: [{ text: body, field: 'body' }] };
  }
  if (input.body != null && input.body !== '') {
    throw new InvalidInput('a CHAT prompt has messages, not a body', { field: 'body' });
  }
  if (input.messages == null) {
    throw new InvalidInput('a CHAT prompt needs messages', { field: 'messages' });
  }
  const messages = normalizeMessages(input.messages);
  const templates = messages.flatMap((message, index) =>
    'content' in message ? [{ text: message.content, field: `messages[${index}]` }] : [],
  );
  checkText(templates.map((template) => template.text).join('\n'), 'messages');
  return { body: '', messages, templates };
}

export function checkVersionDraft(input: VersionDraftInput, type: PromptType): VersionDraft {
  const { body, messages, templates } = contentOf(type, input);
  const message = input.message ?? '';
  if (message.length > maxMessage) {
    throw new InvalidInput(`message must be at most ${maxMessage} characters`, {
      field: 'message',
    });
  }
  const variables = normalizeDeclarations(input.variables ?? []);
  checkTemplates(templates, variables);
  const config = normalizeConfig(input.config);
  const labels = [...new Set((input.labels ?? []).map((label) => checkLabelName(label)))].sort();
  return { body, messages, config, variables, message, labels };
}
