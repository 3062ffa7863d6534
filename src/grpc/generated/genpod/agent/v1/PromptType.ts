// Original file: protos/agent.proto

export const PromptType = {
  PROMPT_TYPE_UNSPECIFIED: 'PROMPT_TYPE_UNSPECIFIED',
  PROMPT_TYPE_TEXT: 'PROMPT_TYPE_TEXT',
  PROMPT_TYPE_CHAT: 'PROMPT_TYPE_CHAT',
} as const;

export type PromptType =
  | 'PROMPT_TYPE_UNSPECIFIED'
  | 0
  | 'PROMPT_TYPE_TEXT'
  | 1
  | 'PROMPT_TYPE_CHAT'
  | 2

export type PromptType__Output = typeof PromptType[keyof typeof PromptType]
