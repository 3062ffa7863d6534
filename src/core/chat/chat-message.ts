// What a chat session and its messages are, as every layer sees them, and the
// one bus topic per session (`chat.session.<id>`) their live events travel on.
import { topic, type Topic } from '../event-bus.ts';
import type { Scope } from '../scopes.ts';
import type { TokenUsage } from '../gemini/client.ts';
import type { GeminiFailureReason } from '../gemini/failure.ts';
import type {
  ChatMessage as MessageRow,
  ChatSession as SessionRow,
} from '../../generated/prisma/client.ts';

export type ChatRole = 'USER' | 'ASSISTANT' | 'AGENT';
export type ChatMessageStatus = 'STREAMING' | 'DONE' | 'FAILED' | 'CANCELLED';
/** A Gemini failure reason, or INTERRUPTED (the server stopped mid-reply), or INTERNAL. */
export type ChatErrorReason = GeminiFailureReason | 'INTERRUPTED' | 'INTERNAL';

export interface ChatError {
  reason: ChatErrorReason;
  message: string;
  retryAfterSeconds: number | null;
}

export interface ChatSessionView {
  id: string;
  title: string;
  messageCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ChatMessageView {
  id: string;
  sessionId: string;
  /** 1, 2, 3… within the session. */
  position: number;
  role: ChatRole;
  /** The posting principal (USER) or agent (AGENT); null for ASSISTANT. */
  authorId: string | null;
  /** For a message still STREAMING, the text stored so far (see chatReply for the rest). */
  content: string;
  model: string | null;
  status: ChatMessageStatus;
  error: ChatError | null;
  finishReason: string | null;
  usage: TokenUsage | null;
  /** An ASSISTANT reply's generation settings as sent (model, temperature, …, prompt). */
  generationConfig: Record<string, unknown> | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What travels on a session's topic. `origin` lets a gRPC stream skip its own messages. */
export type ChatBusEvent =
  | { kind: 'MESSAGE_CREATED'; message: ChatMessageView; origin: string | undefined }
  | { kind: 'TOKEN'; sessionId: string; messageId: string; token: string }
  | { kind: 'MESSAGE_FINISHED'; message: ChatMessageView; origin: string | undefined };

export function sessionTopic(sessionId: string): Topic<ChatBusEvent> {
  return topic<ChatBusEvent>(`chat.session.${sessionId}`);
}

/** Chat is open to a principal holding any one of these, on every transport. */
export const chatScopes: readonly Scope[] = ['chat', 'admin'];

export const chatLimits = {
  contentLength: 100_000,
  titleLength: 200,
  pageSize: 200,
  /** Messages of history sent to Gemini with each request. */
  historyMessages: 200,
};

export function toSessionView(row: SessionRow): ChatSessionView {
  return {
    id: row.id,
    title: row.title,
    messageCount: row.messageCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toMessageView(row: MessageRow): ChatMessageView {
  const hasUsage =
    row.promptTokens !== null || row.completionTokens !== null || row.totalTokens !== null;
  return {
    id: row.id,
    sessionId: row.sessionId,
    position: row.position,
    role: row.role as ChatRole,
    authorId: row.authorId,
    content: row.content,
    model: row.model,
    status: row.status as ChatMessageStatus,
    error:
      row.errorReason === null
        ? null
        : {
            reason: row.errorReason as ChatErrorReason,
            message: row.errorMessage ?? '',
            retryAfterSeconds: row.retryAfterSeconds,
          },
    finishReason: row.finishReason,
    usage: hasUsage
      ? {
          promptTokens: row.promptTokens ?? undefined,
          completionTokens: row.completionTokens ?? undefined,
          totalTokens: row.totalTokens ?? undefined,
        }
      : null,
    generationConfig: (row.generationConfig as Record<string, unknown> | null) ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
