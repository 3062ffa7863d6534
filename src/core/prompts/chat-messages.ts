// A CHAT prompt's messages: each a role and a template, or a placeholder that
// a render fills with a list of messages (a conversation's history, examples).
import { InvalidInput } from '../errors.ts';

export const chatRoles = ['system', 'user', 'assistant', 'model'] as const;
export type ChatRole = (typeof chatRoles)[number];

export type PromptMessageTemplate = { role: ChatRole; content: string } | { placeholder: string };

/** A rendered message, or one given to fill a placeholder. */
export interface PromptMessage {
  role: ChatRole;
  content: string;
}

const placeholderName = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const maxMessages = 200;
/** Messages given for all placeholders of one render. */
const maxFilledMessages = 1_000;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkRole(role: unknown, where: string): ChatRole {
  if (typeof role === 'string' && (chatRoles as readonly string[]).includes(role)) {
    return role as ChatRole;
  }
  throw new InvalidInput(`${where}: role must be one of ${chatRoles.join(', ')}`, {
    field: 'messages',
  });
}

/**
 * Checks a CHAT version's messages: `{ role, content }` or `{ placeholder }`,
 * placeholder names unique. Keys are put in one order so equal messages
 * compare equal after a round trip through a file.
 */
export function normalizeMessages(input: readonly unknown[]): PromptMessageTemplate[] {
  if (input.length === 0) {
    throw new InvalidInput('a CHAT prompt needs at least one message', { field: 'messages' });
  }
  if (input.length > maxMessages) {
    throw new InvalidInput(`a CHAT prompt may have at most ${maxMessages} messages`, {
      field: 'messages',
    });
  }
  const placeholders = new Set<string>();
  return input.map((item, index) => {
    const where = `message ${index + 1}`;
    if (!isPlainObject(item)) {
      throw new InvalidInput(`${where} must be { role, content } or { placeholder }`, {
        field: 'messages',
      });
    }
    const keys = Object.keys(item).filter((key) => item[key] !== undefined && item[key] !== null);
    if (keys.includes('placeholder')) {
      const name = item.placeholder;
      if (keys.length !== 1 || typeof name !== 'string' || !placeholderName.test(name)) {
        throw new InvalidInput(
          `${where}: a placeholder is { placeholder: name } alone, the name a letter or _ then letters, digits or _`,
          { field: 'messages' },
        );
      }
      if (placeholders.has(name)) {
        throw new InvalidInput(`placeholder "${name}" appears twice`, { placeholder: name });
      }
      placeholders.add(name);
      return { placeholder: name };
    }
    const unknownKey = keys.find((key) => key !== 'role' && key !== 'content');
    if (unknownKey !== undefined || typeof item.content !== 'string') {
      throw new InvalidInput(`${where} must be { role, content } with content a text`, {
        field: 'messages',
      });
    }
    return { role: checkRole(item.role, where), content: item.content.replace(/\r\n?/g, '\n') };
  });
}

/** The placeholders a version declares, in order. */
export function placeholdersOf(messages: readonly PromptMessageTemplate[]): string[] {
  return messages.flatMap((message) => ('placeholder' in message ? [message.placeholder] : []));
}

/** The values given to fill placeholders: an object of message lists by placeholder name. */
export function normalizePlaceholderValues(input: unknown): Map<string, PromptMessage[]> {
  const values = new Map<string, PromptMessage[]>();
  if (input === undefined || input === null) return values;
  if (!isPlainObject(input)) {
    throw new InvalidInput('placeholders must be an object of message lists by name', {
      field: 'placeholders',
    });
  }
  let total = 0;
  for (const [name, list] of Object.entries(input)) {
    if (!Array.isArray(list)) {
      throw new InvalidInput(`placeholder "${name}" must be a list of { role, content }`, {
        placeholder: name,
      });
    }
    total += list.length;
    if (total > maxFilledMessages) {
      throw new InvalidInput(`placeholders may hold at most ${maxFilledMessages} messages`, {
        field: 'placeholders',
      });
    }
    values.set(
      name,
      list.map((item: unknown, index) => {
        const where = `placeholder "${name}" message ${index + 1}`;
        if (!isPlainObject(item) || typeof item.content !== 'string') {
          throw new InvalidInput(`${where} must be { role, content }`, { placeholder: name });
        }
        return { role: checkRole(item.role, where), content: item.content };
      }),
    );
  }
  return values;
}
