// A rendered prompt as the parts of a Gemini request: a TEXT prompt's text, or
// a CHAT prompt's system messages, is the system instruction; a CHAT prompt's
// other messages open the conversation; the config's generation settings
// (model, temperature, topP, topK, maxOutputTokens) apply to the call. Other
// config keys (tools, …) are kept with the version but not sent.
import { InvalidInput } from '../errors.ts';
import type { GeminiTurn, GenerationOptions } from '../gemini/client.ts';
import type { RenderedPrompt } from './render.ts';

export interface PromptGeneration {
  systemInstruction: string | undefined;
  /** Turns to send before the conversation's own, oldest first. */
  contents: GeminiTurn[];
  generationConfig: GenerationOptions & { model?: string | undefined };
}

const numericSettings = ['temperature', 'topP', 'topK', 'maxOutputTokens'] as const;

function generationConfigOf(rendered: RenderedPrompt): PromptGeneration['generationConfig'] {
  const { config } = rendered;
  const settings: PromptGeneration['generationConfig'] = {};
  for (const key of numericSettings) {
    const value = config[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidInput(
        `config.${key} of prompt "${rendered.name}" version ${rendered.version} must be a number`,
        { field: `config.${key}`, prompt: rendered.name },
      );
    }
    settings[key] = value;
  }
  const model = config.model;
  if (model !== undefined && model !== null) {
    if (typeof model !== 'string' || !/^[A-Za-z0-9._\-/]{1,100}$/.test(model)) {
      throw new InvalidInput(
        `config.model of prompt "${rendered.name}" must be a model name like gemini-2.5-flash`,
        { field: 'config.model', prompt: rendered.name },
      );
    }
    settings.model = model;
  }
  return settings;
}

export function promptGeneration(rendered: RenderedPrompt): PromptGeneration {
  const generationConfig = generationConfigOf(rendered);
  if (rendered.messages === null) {
    return { systemInstruction: rendered.text, contents: [], generationConfig };
  }
  const system: string[] = [];
  const contents: GeminiTurn[] = [];
  for (const message of rendered.messages) {
    if (message.role === 'system') {
      system.push(message.content);
      continue;
    }
    const role = message.role === 'user' ? 'user' : 'model';
    const previous = contents[contents.length - 1];
    // Gemini expects turns to alternate: consecutive messages of one side become one turn.
    if (previous?.role === role) previous.parts.push(message.content);
    else contents.push({ role, parts: [message.content] });
  }
  return {
    systemInstruction: system.length > 0 ? system.join('\n\n') : undefined,
    contents,
    generationConfig,
  };
}
