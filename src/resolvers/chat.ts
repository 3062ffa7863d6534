// Chat: sessions shared by the frontend, agents and Gemini. The operations of
// the domain, for GraphQL (src/schema/chat.ts) and gRPC
// (src/grpc/chat-service.ts) alike; the generation engine and the message
// store live in src/core/chat, the live streams in ./chat-streams.ts.
import {
  chatLimits,
  sessionTopic,
  type ChatMessageView,
  type ChatSessionView,
} from '../core/chat/chat-message.ts';
import type { NewMessage } from '../core/chat/message-store.ts';
import { GeminiFailure } from '../core/gemini/failure.ts';
import { InvalidInput, NotFound, TooLarge } from '../core/errors.ts';
import type { RenderRequest } from '../core/prompts/render.ts';
import type { Context } from './context.ts';
import { promptForChat } from './prompts.ts';
import { checkContent, checkId, requireChatScope, requireSession } from './chat-checks.ts';

export { requireChatScope } from './chat-checks.ts';

export {
  chatLimits,
  chatScopes,
  sessionTopic,
  toMessageView,
  type ChatBusEvent,
  type ChatError,
  type ChatErrorReason,
  type ChatMessageStatus,
  type ChatMessageView,
  type ChatRole,
  type ChatSessionView,
} from '../core/chat/chat-message.ts';
export {
  chatReply,
  chatSessionEvents,
  subscribeSession,
  type ChatReplyEvent,
  type ChatReplyEventKind,
  type ChatSessionEvent,
  type ChatSessionEventKind,
  type ReplyStreamOptions,
  type SessionStreamOptions,
} from './chat-streams.ts';

// ── sessions ──

export interface CreateChatSessionInput {
  title?: string | null | undefined;
}

export async function createChatSession(
  ctx: Context,
  input: CreateChatSessionInput = {},
): Promise<ChatSessionView> {
  requireChatScope(ctx);
  const title = (input.title ?? '').trim() || 'New chat';
  if (title.length > chatLimits.titleLength) {
    throw new InvalidInput(`title must be at most ${chatLimits.titleLength} characters`, {
      field: 'title',
    });
  }
  return ctx.services.chat.store.createSession(title);
}

export async function chatSession(ctx: Context, id: string): Promise<ChatSessionView | null> {
  requireChatScope(ctx);
  return ctx.services.chat.store.findSession(checkId('id', id));
}

export interface ChatSessionsArgs {
  first?: number | null | undefined;
  /** A session id from an earlier page. */
  after?: string | null | undefined;
}

/** Sessions with the most recent activity first. */
export async function chatSessions(
  ctx: Context,
  args: ChatSessionsArgs = {},
): Promise<ChatSessionView[]> {
  requireChatScope(ctx);
  const first = checkPageSize('first', args.first ?? 50);
  return ctx.services.chat.store.listSessions(
    first,
    args.after ? checkId('after', args.after) : undefined,
  );
}

// ── messages: paging ──

export interface ChatMessagesArgs {
  sessionId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface ChatMessagePage {
  /** Oldest first, whichever direction was paged. */
  messages: ChatMessageView[];
  pageInfo: PageInfo;
}

export function messageCursor(message: { position: number }): string {
  return Buffer.from(`message:${message.position}`).toString('base64url');
}

function positionOfCursor(field: string, cursor: string): number {
  const match = /^message:(\d{1,12})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match?.[1]) throw new InvalidInput(`${field} is not a message cursor`, { field });
  return Number(match[1]);
}

function checkPageSize(field: string, size: number): number {
  if (!Number.isInteger(size) || size < 1 || size > chatLimits.pageSize) {
    throw new InvalidInput(`${field} must be between 1 and ${chatLimits.pageSize}`, { field });
  }
  return size;
}

/**
 * Cursor paging: `first`/`after` pages forward from the start, `last`/`before`
 * backward from the end (a chat view asks for `last: 50` first). Without
 * either, the first 50.
 */
export async function chatMessages(ctx: Context, args: ChatMessagesArgs): Promise<ChatMessagePage> {
  requireChatScope(ctx);
  if ((args.first != null || args.after != null) && (args.last != null || args.before != null)) {
    throw new InvalidInput('page forward (first, after) or backward (last, before), not both');
  }
  const { chat } = ctx.services;
  const session = await requireSession(ctx, args.sessionId);
  const backward = args.last != null || args.before != null;
  let found: ChatMessageView[];
  let pageInfo: Omit<PageInfo, 'startCursor' | 'endCursor'>;
  if (backward) {
    const last = checkPageSize('last', args.last ?? 50);
    const before = args.before == null ? undefined : positionOfCursor('before', args.before);
    const page = await chat.store.messagesBefore(session.id, before, last + 1);
    found = page.slice(0, last).reverse();
    pageInfo = {
      hasPreviousPage: page.length > last,
      hasNextPage: before !== undefined && before <= session.messageCount,
    };
  } else {
    const first = checkPageSize('first', args.first ?? 50);
    const after = args.after == null ? undefined : positionOfCursor('after', args.after);
    const page = await chat.store.messagesAfter(session.id, after, first + 1);
    found = page.slice(0, first);
    pageInfo = { hasNextPage: page.length > first, hasPreviousPage: (after ?? 0) > 0 };
  }
  const messages = found.map((message) => chat.withLiveContent(message));
  const firstMessage = messages[0];
  const lastMessage = messages[messages.length - 1];
  return {
    messages,
    pageInfo: {
      ...pageInfo,
      startCursor: firstMessage ? messageCursor(firstMessage) : null,
      endCursor: lastMessage ? messageCursor(lastMessage) : null,
    },
  };
}

export async function chatMessage(ctx: Context, id: string): Promise<ChatMessageView | null> {
  requireChatScope(ctx);
  const { chat } = ctx.services;
  const message = await chat.store.findMessage(checkId('id', id));
  return message ? chat.withLiveContent(message) : null;
}

// ── messages: posting ──

export interface PostMessageInput {
  sessionId: string;
  content: string;
}

/** Who a message comes from, when not the calling principal (agents over gRPC). */
export interface Authorship {
  /** AGENT messages carry the agent's id as author. */
  agentId?: string | undefined;
  /** An opaque tag copied onto the bus events this call causes. */
  origin?: string | undefined;
}

/** Posts a message into a session for everyone there to see, without asking Gemini. */
export async function postMessage(
  ctx: Context,
  input: PostMessageInput,
  authorship: Authorship = {},
): Promise<ChatMessageView> {
  requireChatScope(ctx);
  const content = checkContent(input.content);
  const sessionId = checkId('sessionId', input.sessionId);
  const [message] = (await ctx.services.chat.store.insert(sessionId, [
    authored(ctx, content, authorship),
  ])) as [ChatMessageView];
  await ctx.services.bus.publish(sessionTopic(sessionId), {
    kind: 'MESSAGE_CREATED',
    message,
    origin: authorship.origin,
  });
  return message;
}

function authored(ctx: Context, content: string, authorship: Authorship): NewMessage {
  return {
    role: authorship.agentId ? 'AGENT' : 'USER',
    authorId: authorship.agentId ?? ctx.principal.id,
    content,
    status: 'DONE',
  };
}

export interface SendMessageInput extends PostMessageInput {
  /** Overrides the gemini.model setting for this reply. */
  model?: string | null | undefined;
  /** A system instruction for this reply, instead of the gemini.systemInstruction setting. */
  systemInstruction?: string | null | undefined;
  /**
   * A prompt template for this reply: its text (TEXT) or system messages
   * (CHAT) as the system instruction, a CHAT prompt's other messages before
   * the session's history, and its config's generation settings.
   */
  prompt?: ChatPromptSelector | null | undefined;
}

export interface ChatPromptSelector {
  name: string;
  label?: string | null | undefined;
  version?: number | null | undefined;
  /** Values by variable name; the renderer checks their shape and types. */
  variables?: unknown;
  /** A CHAT prompt's placeholders: message lists by name. */
  placeholders?: unknown;
}

export interface SentMessage {
  /** The message posted. */
  message: ChatMessageView;
  /** The assistant's reply, STREAMING: follow it with chatReply. */
  reply: ChatMessageView;
}

/**
 * Posts a message and starts Gemini's reply with the session's history.
 * Returns at once; the reply streams on the session topic and ends DONE,
 * FAILED (with the partial text and the reason) or CANCELLED.
 */
export async function sendMessage(
  ctx: Context,
  input: SendMessageInput,
  authorship: Authorship = {},
): Promise<SentMessage> {
  requireChatScope(ctx);
  const { chat } = ctx.services;
  if (chat.shuttingDown) throw new GeminiFailure('UNAVAILABLE', 'the server is shutting down');
  const content = checkContent(input.content);
  const sessionId = checkId('sessionId', input.sessionId);
  const model = input.model?.trim() || undefined;
  if (model !== undefined && !/^[A-Za-z0-9._\-/]{1,100}$/.test(model)) {
    throw new InvalidInput('model must be a model name like gemini-2.5-flash', { field: 'model' });
  }
  if (input.systemInstruction != null && input.prompt != null) {
    throw new InvalidInput('give systemInstruction or prompt, not both', { field: 'prompt' });
  }
  // Rendered before anything is posted: an unknown prompt or a bad variable posts nothing.
  const fromPrompt =
    input.prompt != null
      ? await promptForChat(ctx.services, {
          ...input.prompt,
          variables: input.prompt.variables as RenderRequest['variables'],
        })
      : undefined;
  const systemInstruction = fromPrompt
    ? fromPrompt.systemInstruction
    : (input.systemInstruction ?? undefined);
  if (systemInstruction !== undefined && systemInstruction.length > chatLimits.contentLength) {
    throw new TooLarge(`systemInstruction must be at most ${chatLimits.contentLength} characters`);
  }
  const { model: promptModel, ...promptOptions } = fromPrompt?.generationConfig ?? {};
  return chat.startReply({
    sessionId,
    question: authored(ctx, content, authorship),
    model: model ?? promptModel,
    systemInstruction,
    options: promptOptions,
    openingTurns: fromPrompt?.contents,
    prompt: fromPrompt?.prompt,
    origin: authorship.origin,
  });
}

/**
 * Stops a reply being generated: the upstream request is aborted and the
 * message ends CANCELLED with the text received so far. A reply that has
 * already ended is returned as it is.
 */
export async function cancelGeneration(ctx: Context, messageId: string): Promise<ChatMessageView> {
  requireChatScope(ctx);
  const { chat } = ctx.services;
  const cancelled = chat.cancel(checkId('messageId', messageId));
  if (cancelled) return cancelled;
  const message = await chat.store.findMessage(messageId);
  if (!message) throw new NotFound(`message ${messageId} does not exist`, { messageId });
  return message;
}
