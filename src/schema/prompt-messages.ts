// The shapes of CHAT prompts in GraphQL: the prompt type, message roles, a
// version's message templates and placeholders, and rendered messages.
import type { PromptMessage, PromptMessageTemplate } from '../core/prompts/chat-messages.ts';
import { builder } from './builder.ts';

export const PromptTypeEnum = builder.enumType('PromptType', {
  description: 'Fixed when a prompt is created.',
  values: {
    TEXT: { value: 'TEXT', description: 'One template, rendered to `text`.' },
    CHAT: {
      value: 'CHAT',
      description: 'Messages (and placeholders), rendered to `messages`.',
    },
  } as const,
});

export const PromptMessageRole = builder.enumType('PromptMessageRole', {
  values: {
    SYSTEM: { value: 'system' },
    USER: { value: 'user' },
    ASSISTANT: { value: 'assistant' },
    MODEL: { value: 'model', description: "Gemini's name for the assistant." },
  } as const,
});

export const PromptMessageRef = builder.objectRef<PromptMessage>('PromptMessage').implement({
  description: 'A rendered message of a CHAT prompt.',
  fields: (t) => ({
    role: t.field({ type: PromptMessageRole, resolve: (message) => message.role }),
    content: t.exposeString('content'),
  }),
});

export const PromptMessageTemplateRef = builder
  .objectRef<PromptMessageTemplate>('PromptMessageTemplate')
  .implement({
    description:
      'A message of a CHAT version: a role and a template, or a placeholder a render fills with messages.',
    fields: (t) => ({
      role: t.field({
        type: PromptMessageRole,
        nullable: true,
        resolve: (message) => ('role' in message ? message.role : null),
      }),
      content: t.string({
        nullable: true,
        resolve: (message) => ('content' in message ? message.content : null),
      }),
      placeholder: t.string({
        nullable: true,
        resolve: (message) => ('placeholder' in message ? message.placeholder : null),
      }),
    }),
  });

export const PromptMessageInput = builder.inputType('PromptMessageInput', {
  description: 'Either role and content (a template), or placeholder alone.',
  fields: (t) => ({
    role: t.field({ type: PromptMessageRole }),
    content: t.string(),
    placeholder: t.string({
      description: 'A name; a render fills it with a list of messages (e.g. history).',
    }),
  }),
});
