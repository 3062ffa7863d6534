// The checks every chat operation makes: who may chat, and what a content or
// an id may be. GraphQL, gRPC and the chat resolvers all ask here.
import { requireAnyScope } from '../core/auth/scope-check.ts';
import { chatLimits, chatScopes, type ChatSessionView } from '../core/chat/chat-message.ts';
import { InvalidInput, NotFound, TooLarge } from '../core/errors.ts';
import type { Context } from './context.ts';

/** Chat needs the chat scope (or admin), on every transport. */
export function requireChatScope(ctx: Context): void {
  requireAnyScope(ctx.principal, ...chatScopes);
}

export function checkContent(content: string): string {
  if (content.trim().length === 0) {
    throw new InvalidInput('content must not be empty', { field: 'content' });
  }
  if (content.length > chatLimits.contentLength) {
    throw new TooLarge(`content must be at most ${chatLimits.contentLength} characters`, {
      field: 'content',
      limit: chatLimits.contentLength,
    });
  }
  return content;
}

export function checkId(field: string, value: string): string {
  if (value.length === 0 || value.length > 100) {
    throw new InvalidInput(`${field} must be 1 to 100 characters`, { field });
  }
  return value;
}

export async function requireSession(ctx: Context, sessionId: string): Promise<ChatSessionView> {
  const session = await ctx.services.chat.store.findSession(checkId('sessionId', sessionId));
  if (!session) throw new NotFound(`chat session ${sessionId} does not exist`, { sessionId });
  return session;
}
