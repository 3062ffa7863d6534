// A version before it is saved: body, variables, message and the labels to
// point at it. Every check a version must pass happens here, once, whether it
// came from GraphQL, gRPC or a file in the project.
import { InvalidInput, TooLarge } from '../errors.ts';
import { checkLabelName } from './identifiers.ts';
import { checkTemplate } from './template.ts';
import { normalizeDeclarations, type PromptVariable } from './variables.ts';

export const maxBodyBytes = 256 * 1024;
const maxMessage = 1_000;

export interface VersionDraft {
  body: string;
  variables: PromptVariable[];
  message: string;
  labels: string[];
}

export interface VersionDraftInput {
  body: string;
  variables?: readonly unknown[] | null | undefined;
  message?: string | null | undefined;
  labels?: readonly string[] | null | undefined;
}

/** Line endings are stored as \n, so a prompt reads the same from every editor and git checkout. */
export function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export function checkVersionDraft(input: VersionDraftInput): VersionDraft {
  const body = normalizeLineEndings(input.body);
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > maxBodyBytes) {
    throw new TooLarge(`prompt body is ${bytes} bytes; the limit is ${maxBodyBytes}`, {
      field: 'body',
      limit: maxBodyBytes,
    });
  }
  if (body.includes('\0')) {
    throw new InvalidInput('prompt body must not contain NUL characters', { field: 'body' });
  }
  const message = input.message ?? '';
  if (message.length > maxMessage) {
    throw new InvalidInput(`message must be at most ${maxMessage} characters`, {
      field: 'message',
    });
  }
  const variables = normalizeDeclarations(input.variables ?? []);
  checkTemplate(body, variables);
  const labels = [...new Set((input.labels ?? []).map((label) => checkLabelName(label)))].sort();
  return { body, variables, message, labels };
}
