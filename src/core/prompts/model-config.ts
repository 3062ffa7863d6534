// A version's model config: whatever JSON object the caller stores beside the
// template (model, temperature, max output tokens, tools, …). The server only
// reads the generation settings Gemini understands when a chat message is
// sent with the prompt (see chat-generation.ts); the rest travels untouched.
import { InvalidInput, TooLarge } from '../errors.ts';
import { typeProblem, type JsonValue } from './variables.ts';

export type ModelConfig = { [key: string]: JsonValue };

export const maxConfigBytes = 64 * 1024;

export function normalizeConfig(input: unknown): ModelConfig {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new InvalidInput('config must be a JSON object (model, temperature, …)', {
      field: 'config',
    });
  }
  const problem = typeProblem('json', input);
  if (problem) throw new InvalidInput(`config ${problem}`, { field: 'config' });
  const bytes = Buffer.byteLength(JSON.stringify(input), 'utf8');
  if (bytes > maxConfigBytes) {
    throw new TooLarge(`config is ${bytes} bytes; the limit is ${maxConfigBytes}`, {
      field: 'config',
      limit: maxConfigBytes,
    });
  }
  return input as ModelConfig;
}
