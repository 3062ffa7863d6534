// Chat: sessions shared by the frontend, agents and Gemini. Every operation
// of the domain lives here, for GraphQL (src/schema/chat.ts) and gRPC
// (src/grpc/chat-service.ts) alike. Live events of a session travel on one
// bus topic, `chat.session.<id>`: new messages, reply tokens and finished
// messages, each with a sequence number, so any subscriber can resume.
import { requireAnyScope } from '../core/auth/scope-check.ts';
import { performance } from 'node:perf_hooks';
import {
  definedOnly,
  streamGeneration,
  type GeminiTurn,
  type GenerationEvent,
  type GenerationOptions,
  type TokenUsage,
} from '../core/gemini/client.ts';
import {
  GeminiFailure,
  GenerationCancelled,
  type GeminiFailureReason,
} from '../core/gemini/failure.ts';
import { topic, type Delivery, type Topic } from '../core/event-bus.ts';
import { InvalidInput, isDomainError, NotFound, TooLarge } from '../core/errors.ts';
import type { RenderRequest } from '../core/prompts/render.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { readSecret } from '../core/secrets/secret-store.ts';
import type {
  ChatMessage as MessageRow,
  ChatSession as SessionRow,
} from '../generated/prisma/client.ts';
import type { Context, Services } from './context.ts';
import { promptForChat } from './prompts.ts';

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

export const chatLimits = {
  contentLength: 100_000,
  titleLength: 200,
  pageSize: 200,
  /** Messages of history sent to Gemini with each request. */
  historyMessages: 200,
};

// ── Gemini settings ──

interface GeminiSettings {
  baseUrl: string | undefined;
  model: string;
  options: GenerationOptions;
  systemInstruction: string | undefined;
  timeoutMs: number;
}

/**
 * The gemini.* settings in effect (src/core/settings), read for each reply so
 * a change applies to the next one. The API key is read separately, inside
 * the generation, so a key that cannot be read fails the reply, not the post.
 */
function geminiSettings(services: Services): GeminiSettings {
  const { settings, config } = services;
  const systemInstruction = settings.get('gemini.systemInstruction');
  return {
    baseUrl: config.geminiBaseUrl,
    model: settings.get('gemini.model'),
    options: {
      temperature: settings.get('gemini.temperature'),
      topP: settings.get('gemini.topP'),
      topK: settings.get('gemini.topK'),
      maxOutputTokens: settings.get('gemini.maxOutputTokens'),
    },
    systemInstruction: systemInstruction === '' ? undefined : systemInstruction,
    timeoutMs: config.geminiTimeoutMs,
  };
}

/** `gemini.apiKey` from the encrypted secrets, or GEMINI_API_KEY, which overrides it. */
async function geminiApiKey(services: Services): Promise<string | undefined> {
  try {
    return await readSecret(services, 'gemini.apiKey');
  } catch (error) {
    if (isDomainError(error)) {
      throw new GeminiFailure(
        'NOT_CONFIGURED',
        `the stored Gemini API key cannot be read: ${error.message}`,
      );
    }
    throw error;
  }
}

// ── the running generations of one server ──

interface ActiveGeneration {
  messageId: string;
  sessionId: string;
  /** The sequence of the reply's MESSAGE_CREATED event: replaying after it gives every token. */
  startSequence: string;
  content: string;
  controller: AbortController;
  finished: Promise<ChatMessageView>;
}

interface ChatRuntime {
  active: Map<string, ActiveGeneration>;
  shuttingDown: boolean;
}

// Keyed by Services so several servers in one process (tests) stay apart.
const runtimes = new WeakMap<Services, ChatRuntime>();

function runtimeOf(services: Services): ChatRuntime {
  let runtime = runtimes.get(services);
  if (!runtime) {
    const created: ChatRuntime = { active: new Map(), shuttingDown: false };
    services.shutdown.addEventListener(
      'abort',
      () => {
        created.shuttingDown = true;
        for (const generation of created.active.values()) generation.controller.abort();
      },
      { once: true },
    );
    runtimes.set(services, created);
    runtime = created;
  }
  return runtime;
}

/** Resolves when every running generation has ended and been stored. */
export async function settleGenerations(services: Services): Promise<void> {
  const runtime = runtimes.get(services);
  if (runtime) await Promise.allSettled([...runtime.active.values()].map((g) => g.finished));
}

// ── checks and mapping ──

function requireChatScope(ctx: Context): void {
  requireAnyScope(ctx.principal, 'chat', 'admin');
}

function checkContent(content: string): string {
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

function checkId(field: string, value: string): string {
  if (value.length === 0 || value.length > 100) {
    throw new InvalidInput(`${field} must be 1 to 100 characters`, { field });
  }
  return value;
}

function toSessionView(row: SessionRow): ChatSessionView {
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

async function requireSession(ctx: Context, sessionId: string): Promise<SessionRow> {
  const row = await ctx.services.db.chatSession.findUnique({
    where: { id: checkId('sessionId', sessionId) },
  });
  if (!row) throw new NotFound(`chat session ${sessionId} does not exist`, { sessionId });
  return row;
}

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
  return toSessionView(await ctx.services.db.chatSession.create({ data: { title } }));
}

export async function chatSession(ctx: Context, id: string): Promise<ChatSessionView | null> {
  requireChatScope(ctx);
  const row = await ctx.services.db.chatSession.findUnique({ where: { id: checkId('id', id) } });
  return row ? toSessionView(row) : null;
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
  const rows = await ctx.services.db.chatSession.findMany({
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: first,
    ...(args.after ? { cursor: { id: checkId('after', args.after) }, skip: 1 } : {}),
  });
  return rows.map(toSessionView);
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
  const session = await requireSession(ctx, args.sessionId);
  const backward = args.last != null || args.before != null;
  let rows: MessageRow[];
  let pageInfo: Omit<PageInfo, 'startCursor' | 'endCursor'>;
  if (backward) {
    const last = checkPageSize('last', args.last ?? 50);
    const before = args.before == null ? undefined : positionOfCursor('before', args.before);
    const found = await ctx.services.db.chatMessage.findMany({
      where: {
        sessionId: session.id,
        ...(before === undefined ? {} : { position: { lt: before } }),
      },
      orderBy: { position: 'desc' },
      take: last + 1,
    });
    rows = found.slice(0, last).reverse();
    pageInfo = {
      hasPreviousPage: found.length > last,
      hasNextPage: before !== undefined && before <= session.messageCount,
    };
  } else {
    const first = checkPageSize('first', args.first ?? 50);
    const after = args.after == null ? undefined : positionOfCursor('after', args.after);
    const found = await ctx.services.db.chatMessage.findMany({
      where: { sessionId: session.id, ...(after === undefined ? {} : { position: { gt: after } }) },
      orderBy: { position: 'asc' },
      take: first + 1,
    });
    rows = found.slice(0, first);
    pageInfo = { hasNextPage: found.length > first, hasPreviousPage: (after ?? 0) > 0 };
  }
  const runtime = runtimeOf(ctx.services);
  const messages = rows.map((row) => withLiveContent(runtime, toMessageView(row)));
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
  const row = await ctx.services.db.chatMessage.findUnique({ where: { id: checkId('id', id) } });
  return row ? withLiveContent(runtimeOf(ctx.services), toMessageView(row)) : null;
}

/** A reply still being generated shows the text received so far, not what was stored. */
function withLiveContent(runtime: ChatRuntime, message: ChatMessageView): ChatMessageView {
  const active = runtime.active.get(message.id);
  return active ? { ...message, content: active.content } : message;
}

// ── messages: posting ──

interface NewMessage {
  sessionId: string;
  role: ChatRole;
  authorId: string | null;
  content: string;
  status: ChatMessageStatus;
  model?: string | undefined;
  generationConfig?: Record<string, unknown> | undefined;
}

/**
 * Stores messages at the session's next positions, in one transaction. An
 * unknown session is NOT_FOUND (the counter update finds no row), which
 * spares a read before every post.
 */
async function insertMessages(
  services: Services,
  sessionId: string,
  messages: ReadonlyArray<Omit<NewMessage, 'sessionId'>>,
): Promise<MessageRow[]> {
  try {
    return await services.db.$transaction(async (tx) => {
      const session = await tx.chatSession.update({
        where: { id: sessionId },
        data: { messageCount: { increment: messages.length } },
      });
      const first = session.messageCount - messages.length + 1;
      const rows: MessageRow[] = [];
      for (const [index, message] of messages.entries()) {
        rows.push(
          await tx.chatMessage.create({
            data: {
              sessionId,
              position: first + index,
              role: message.role,
              authorId: message.authorId,
              content: message.content,
              status: message.status,
              model: message.model ?? null,
              ...(message.generationConfig
                ? { generationConfig: message.generationConfig as Prisma.InputJsonObject }
                : {}),
            },
          }),
        );
      }
      return rows;
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'P2025') {
      throw new NotFound(`chat session ${sessionId} does not exist`, { sessionId });
    }
    throw error;
  }
}

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
  const [row] = await insertMessages(ctx.services, sessionId, [authored(ctx, content, authorship)]);
  const message = toMessageView(row as MessageRow);
  await ctx.services.bus.publish(sessionTopic(sessionId), {
    kind: 'MESSAGE_CREATED',
    message,
    origin: authorship.origin,
  });
  return message;
}

function authored(
  ctx: Context,
  content: string,
  authorship: Authorship,
): Omit<NewMessage, 'sessionId'> {
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
  const runtime = runtimeOf(ctx.services);
  if (runtime.shuttingDown) throw new GeminiFailure('UNAVAILABLE', 'the server is shutting down');
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
  const settings = geminiSettings(ctx.services);
  const { model: promptModel, ...promptOptions } = fromPrompt?.generationConfig ?? {};
  const replyModel = model ?? promptModel ?? settings.model;
  const options = { ...settings.options, ...definedOnly(promptOptions) };
  const question = authored(ctx, content, authorship);
  const history = appendTurn(await historyOf(ctx.services, sessionId), question);
  for (const turn of (fromPrompt?.contents ?? []).toReversed()) {
    // A prompt's opening turns go first; a side speaking twice becomes one turn.
    if (history[0]?.role === turn.role) history[0].parts.unshift(...turn.parts);
    else history.unshift({ role: turn.role, parts: [...turn.parts] });
  }
  // Stored on the reply: the settings this call actually used.
  const generationConfig = {
    model: replyModel,
    ...definedOnly(options),
    ...(fromPrompt ? { prompt: fromPrompt.prompt } : {}),
  };

  // The upstream request starts now and its first chunk waits while the
  // question and the empty reply are stored: the write and Gemini's time to
  // first token overlap instead of adding up.
  const controller = new AbortController();
  const upstream = startUpstream(ctx.services, controller.signal, {
    baseUrl: settings.baseUrl,
    model: replyModel,
    history,
    systemInstruction: systemInstruction ?? settings.systemInstruction,
    options,
    idleTimeoutMs: settings.timeoutMs,
  });
  let rows: MessageRow[];
  try {
    rows = await insertMessages(ctx.services, sessionId, [
      question,
      {
        role: 'ASSISTANT',
        authorId: null,
        content: '',
        status: 'STREAMING',
        model: replyModel,
        generationConfig,
      },
    ]);
  } catch (error) {
    controller.abort();
    await upstream.stream.return();
    throw error;
  }
  const message = toMessageView(rows[0] as MessageRow);
  const reply = toMessageView(rows[1] as MessageRow);
  const events = sessionTopic(sessionId);
  await ctx.services.bus.publish(events, {
    kind: 'MESSAGE_CREATED',
    message,
    origin: authorship.origin,
  });
  const created = await ctx.services.bus.publish(events, {
    kind: 'MESSAGE_CREATED',
    message: reply,
    origin: authorship.origin,
  });
  const generation: ActiveGeneration = {
    messageId: reply.id,
    sessionId,
    startSequence: created.sequence,
    content: '',
    controller,
    finished: Promise.resolve(reply),
  };
  runtime.active.set(reply.id, generation);
  // Shutdown may have begun while the messages were stored: this reply ends with the rest.
  if (runtime.shuttingDown) controller.abort();
  generation.finished = generate(ctx.services, runtime, generation, upstream, {
    model: replyModel,
    origin: authorship.origin,
  });
  return { message, reply };
}

interface UpstreamPlan {
  baseUrl: string | undefined;
  model: string;
  history: GeminiTurn[];
  systemInstruction: string | undefined;
  options: GenerationOptions;
  idleTimeoutMs: number;
}

interface Upstream {
  /** performance.now() when the request began, for the latency metrics. */
  startedAt: number;
  stream: AsyncGenerator<GenerationEvent, void, undefined>;
  /** The first event, asked for at once so the request is sent at once. */
  first: Promise<IteratorResult<GenerationEvent, void>>;
}

function startUpstream(services: Services, signal: AbortSignal, plan: UpstreamPlan): Upstream {
  async function* events(): AsyncGenerator<GenerationEvent, void, undefined> {
    const apiKey = await geminiApiKey(services);
    yield* streamGeneration({ ...plan, apiKey, signal });
  }
  const startedAt = performance.now();
  const stream = events();
  const first = stream.next();
  // Observed by generate() later; until then a failure must not count as unhandled.
  first.catch(() => {});
  return { startedAt, stream, first };
}

/**
 * The session's latest finished messages (oldest first) as Gemini turns, in
 * one query that also proves the session exists: nothing is sent upstream
 * for an unknown one.
 */
async function historyOf(services: Services, sessionId: string): Promise<GeminiTurn[]> {
  const session = await services.db.chatSession.findUnique({
    where: { id: sessionId },
    include: {
      messages: {
        where: { status: 'DONE' },
        orderBy: { position: 'desc' },
        take: chatLimits.historyMessages - 1,
      },
    },
  });
  if (!session) throw new NotFound(`chat session ${sessionId} does not exist`, { sessionId });
  let turns: GeminiTurn[] = [];
  for (const row of session.messages.reverse()) {
    turns = appendTurn(turns, {
      role: row.role as ChatRole,
      authorId: row.authorId,
      content: row.content,
    });
  }
  // A conversation must open with the user.
  while (turns[0]?.role === 'model') turns.shift();
  return turns;
}

/** Adds a message as a turn; agents' messages say who wrote them. */
function appendTurn(
  turns: GeminiTurn[],
  message: { role: ChatRole; authorId: string | null; content: string },
): GeminiTurn[] {
  const role = message.role === 'ASSISTANT' ? 'model' : 'user';
  const text =
    message.role === 'AGENT'
      ? `[agent ${message.authorId ?? ''}] ${message.content}`
      : message.content;
  const previous = turns[turns.length - 1];
  // Gemini expects turns to alternate: consecutive posts of one side become one turn.
  if (previous?.role === role) previous.parts.push(text);
  else turns.push({ role, parts: [text] });
  return turns;
}

interface GenerationPlan {
  model: string;
  origin: string | undefined;
}

async function generate(
  services: Services,
  runtime: ChatRuntime,
  generation: ActiveGeneration,
  upstream: Upstream,
  plan: GenerationPlan,
): Promise<ChatMessageView> {
  const events = sessionTopic(generation.sessionId);
  const logger = services.logger.child({ messageId: generation.messageId, model: plan.model });
  const { metrics } = services;
  let status: ChatMessageStatus = 'DONE';
  let error: ChatError | null = null;
  let finishReason: string | null = null;
  let usage: TokenUsage | null = null;
  try {
    for (let next = await upstream.first; !next.done; next = await upstream.stream.next()) {
      const event = next.value;
      if (event.type === 'text') {
        if (generation.content === '') {
          metrics.geminiFirstTokenLatency.observe(
            { model: plan.model },
            (performance.now() - upstream.startedAt) / 1000,
          );
        }
        generation.content += event.text;
        await services.bus.publish(events, {
          kind: 'TOKEN',
          sessionId: generation.sessionId,
          messageId: generation.messageId,
          token: event.text,
        });
      } else {
        finishReason = event.finishReason;
        usage = event.usage;
      }
    }
  } catch (thrown) {
    if (thrown instanceof GenerationCancelled) {
      if (runtime.shuttingDown) {
        status = 'FAILED';
        error = {
          reason: 'INTERRUPTED',
          message: 'the server shut down while the reply was being generated',
          retryAfterSeconds: null,
        };
      } else {
        status = 'CANCELLED';
      }
    } else if (thrown instanceof GeminiFailure) {
      status = 'FAILED';
      error = {
        reason: thrown.reason,
        message: thrown.message,
        retryAfterSeconds: thrown.retryAfterSeconds ?? null,
      };
      logger.warn({ reason: thrown.reason }, `Gemini reply failed: ${thrown.message}`);
    } else {
      status = 'FAILED';
      error = { reason: 'INTERNAL', message: 'Unexpected error.', retryAfterSeconds: null };
      logger.error({ err: thrown }, 'unexpected error while generating a reply');
    }
  }
  const outcome = status === 'DONE' ? 'ok' : status === 'CANCELLED' ? 'cancelled' : 'error';
  metrics.geminiRequests.inc({ model: plan.model, outcome });
  if (status === 'DONE') {
    metrics.geminiLatency.observe(
      { model: plan.model },
      (performance.now() - upstream.startedAt) / 1000,
    );
  }
  if (usage?.promptTokens) {
    metrics.geminiTokens.inc({ model: plan.model, kind: 'prompt' }, usage.promptTokens);
  }
  if (usage?.completionTokens) {
    metrics.geminiTokens.inc({ model: plan.model, kind: 'output' }, usage.completionTokens);
  }
  let finished: ChatMessageView;
  try {
    const row = await services.db.chatMessage.update({
      where: { id: generation.messageId },
      data: {
        content: generation.content,
        status,
        errorReason: error?.reason ?? null,
        errorMessage: error?.message ?? null,
        retryAfterSeconds: error?.retryAfterSeconds ?? null,
        finishReason,
        promptTokens: usage?.promptTokens ?? null,
        completionTokens: usage?.completionTokens ?? null,
        totalTokens: usage?.totalTokens ?? null,
      },
    });
    finished = toMessageView(row);
  } catch (storeError) {
    // The database may already be closing (shutdown); subscribers still learn the outcome.
    logger.error({ err: storeError }, 'could not store the finished reply');
    finished = {
      ...placeholderView(generation, plan.model),
      content: generation.content,
      status,
      error,
      finishReason,
      usage,
    };
  }
  await services.bus.publish(events, {
    kind: 'MESSAGE_FINISHED',
    message: finished,
    origin: plan.origin,
  });
  runtime.active.delete(generation.messageId);
  return finished;
}

function placeholderView(generation: ActiveGeneration, model: string): ChatMessageView {
  const now = new Date();
  return {
    id: generation.messageId,
    sessionId: generation.sessionId,
    position: 0,
    role: 'ASSISTANT',
    authorId: null,
    content: '',
    model,
    status: 'FAILED',
    error: null,
    finishReason: null,
    usage: null,
    generationConfig: null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Stops a reply being generated: the upstream request is aborted and the
 * message ends CANCELLED with the text received so far. A reply that has
 * already ended is returned as it is.
 */
export async function cancelGeneration(ctx: Context, messageId: string): Promise<ChatMessageView> {
  requireChatScope(ctx);
  const active = runtimeOf(ctx.services).active.get(checkId('messageId', messageId));
  if (active) {
    active.controller.abort();
    return active.finished;
  }
  const row = await ctx.services.db.chatMessage.findUnique({ where: { id: messageId } });
  if (!row) throw new NotFound(`message ${messageId} does not exist`, { messageId });
  return toMessageView(row);
}

/**
 * Replies left STREAMING by a server that stopped without finishing them
 * (a crash) can never finish: they are marked FAILED, INTERRUPTED.
 */
export async function failInterruptedReplies(services: Services): Promise<number> {
  const active = [...runtimeOf(services).active.keys()];
  const { count } = await services.db.chatMessage.updateMany({
    where: { status: 'STREAMING', id: { notIn: active } },
    data: {
      status: 'FAILED',
      errorReason: 'INTERRUPTED',
      errorMessage: 'the server stopped while the reply was being generated',
    },
  });
  return count;
}

// ── live streams ──

export type ChatReplyEventKind = 'TOKEN' | 'DONE' | 'ERROR' | 'CANCELLED' | 'RESYNC';

export interface ChatReplyEvent {
  sequence: string;
  kind: ChatReplyEventKind;
  messageId: string;
  sessionId: string;
  /** TOKEN: the new text. */
  token: string | null;
  /** DONE: the full reply; ERROR, CANCELLED, RESYNC: the text so far. */
  text: string | null;
  error: ChatError | null;
  /** DONE, ERROR, CANCELLED: the finished message. */
  message: ChatMessageView | null;
}

export interface ReplyStreamOptions {
  /** Resume after this sequence instead of from the reply's first token. */
  since?: string | null | undefined;
  signal?: AbortSignal | undefined;
}

function terminalEvent(sequence: string, message: ChatMessageView): ChatReplyEvent {
  const interrupted: ChatError = {
    reason: 'INTERRUPTED',
    message: 'the reply is not being generated by this server',
    retryAfterSeconds: null,
  };
  const kind: ChatReplyEventKind =
    message.status === 'DONE' ? 'DONE' : message.status === 'CANCELLED' ? 'CANCELLED' : 'ERROR';
  return {
    sequence,
    kind,
    messageId: message.id,
    sessionId: message.sessionId,
    token: null,
    text: message.content,
    error: kind === 'ERROR' ? (message.error ?? interrupted) : null,
    message,
  };
}

/**
 * A reply token by token, then DONE with the full text (or ERROR / CANCELLED
 * with what had arrived), then the stream ends. Subscribing late replays the
 * tokens from the start; `since` resumes after a sequence seen earlier. A
 * reply already finished yields its one final event.
 */
export async function chatReply(
  ctx: Context,
  messageId: string,
  options: ReplyStreamOptions = {},
): Promise<AsyncIterable<ChatReplyEvent>> {
  requireChatScope(ctx);
  const runtime = runtimeOf(ctx.services);
  let active = runtime.active.get(checkId('messageId', messageId));
  if (!active) {
    const row = await ctx.services.db.chatMessage.findUnique({ where: { id: messageId } });
    if (!row) throw new NotFound(`message ${messageId} does not exist`, { messageId });
    if (row.role !== 'ASSISTANT') {
      throw new InvalidInput(`message ${messageId} is not a reply from Gemini`, { messageId });
    }
    active = runtime.active.get(messageId);
    if (!active && row.status === 'STREAMING' && ctx.services.config.redisUrl) {
      active = generatedElsewhere(toMessageView(row));
    }
    if (!active) return once(terminalEvent(ctx.services.bus.currentSequence(), toMessageView(row)));
  }
  const generation = active;
  // Subscribing in the same tick as the check above: the reply cannot finish unseen.
  const deliveries = ctx.services.bus.subscribe(sessionTopic(generation.sessionId), {
    since: options.since ?? generation.startSequence,
    filter: (event) =>
      event.kind === 'TOKEN'
        ? event.messageId === generation.messageId
        : event.kind === 'MESSAGE_FINISHED' && event.message.id === generation.messageId,
    signal: AbortSignal.any([ctx.services.shutdown, ...(options.signal ? [options.signal] : [])]),
  });
  return replyEvents(generation, deliveries);
}

/**
 * A reply another instance is generating (instances sharing Redis): its
 * tokens reach this one through the bus. Sequences are the publish time in
 * ms × 10⁹ on both buses, so replaying from a second before the reply row was
 * written gives every token from the first; the filter keeps this reply's.
 */
function generatedElsewhere(reply: ChatMessageView): ActiveGeneration {
  const startMs = BigInt(reply.createdAt.getTime() - 1_000);
  return {
    messageId: reply.id,
    sessionId: reply.sessionId,
    startSequence: (startMs * 1_000_000_000n).toString(),
    content: reply.content,
    controller: new AbortController(),
    finished: Promise.resolve(reply),
  };
}

async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}

async function* replyEvents(
  generation: ActiveGeneration,
  deliveries: AsyncIterableIterator<Delivery<ChatBusEvent>>,
): AsyncGenerator<ChatReplyEvent> {
  const base = { messageId: generation.messageId, sessionId: generation.sessionId };
  try {
    for await (const delivery of deliveries) {
      if (delivery.type === 'resync') {
        yield {
          ...base,
          sequence: delivery.sequence,
          kind: 'RESYNC',
          token: null,
          text: generation.content,
          error: null,
          message: null,
        };
        continue;
      }
      const event = delivery.payload;
      if (event.kind === 'TOKEN') {
        yield {
          ...base,
          sequence: delivery.sequence,
          kind: 'TOKEN',
          token: event.token,
          text: null,
          error: null,
          message: null,
        };
      } else if (event.kind === 'MESSAGE_FINISHED') {
        yield terminalEvent(delivery.sequence, event.message);
        return;
      }
    }
  } finally {
    await deliveries.return?.();
  }
}

export type ChatSessionEventKind = 'MESSAGE_CREATED' | 'TOKEN' | 'MESSAGE_FINISHED' | 'RESYNC';

export interface ChatSessionEvent {
  sequence: string;
  kind: ChatSessionEventKind;
  sessionId: string;
  messageId: string | null;
  /** MESSAGE_CREATED, MESSAGE_FINISHED: the message as it is then. */
  message: ChatMessageView | null;
  /** TOKEN: new text of a reply. */
  token: string | null;
}

export interface SessionStreamOptions {
  since?: string | null | undefined;
  /** Also stream each reply's tokens. */
  tokens?: boolean | undefined;
  /** Leave out events this origin caused (a gRPC stream's own messages). */
  excludeOrigin?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Everything that happens in a session: messages posted by anyone (frontend,
 * agents), replies starting and finishing, and optionally reply tokens.
 * Runs until the caller stops; RESYNC means reload with chatMessages.
 */
export async function chatSessionEvents(
  ctx: Context,
  sessionId: string,
  options: SessionStreamOptions = {},
): Promise<AsyncIterable<ChatSessionEvent>> {
  requireChatScope(ctx);
  const session = await requireSession(ctx, sessionId);
  return subscribeSession(ctx.services, session.id, options);
}

/** chatSessionEvents for a session known to exist (gRPC streams resubscribe with it). */
export function subscribeSession(
  services: Services,
  sessionId: string,
  options: SessionStreamOptions = {},
): AsyncIterable<ChatSessionEvent> {
  const { tokens = false, excludeOrigin } = options;
  const deliveries = services.bus.subscribe(sessionTopic(sessionId), {
    since: options.since ?? undefined,
    filter: (event) =>
      (tokens || event.kind !== 'TOKEN') &&
      (excludeOrigin === undefined || event.kind === 'TOKEN' || event.origin !== excludeOrigin),
    signal: AbortSignal.any([services.shutdown, ...(options.signal ? [options.signal] : [])]),
  });
  return sessionEvents(sessionId, deliveries);
}

async function* sessionEvents(
  sessionId: string,
  deliveries: AsyncIterableIterator<Delivery<ChatBusEvent>>,
): AsyncGenerator<ChatSessionEvent> {
  try {
    for await (const delivery of deliveries) {
      if (delivery.type === 'resync') {
        yield {
          sequence: delivery.sequence,
          kind: 'RESYNC',
          sessionId,
          messageId: null,
          message: null,
          token: null,
        };
        continue;
      }
      const event = delivery.payload;
      yield event.kind === 'TOKEN'
        ? {
            sequence: delivery.sequence,
            kind: 'TOKEN',
            sessionId,
            messageId: event.messageId,
            message: null,
            token: event.token,
          }
        : {
            sequence: delivery.sequence,
            kind: event.kind,
            sessionId,
            messageId: event.message.id,
            message: event.message,
            token: null,
          };
    }
  } finally {
    await deliveries.return?.();
  }
}
