// Chat sessions, messages, Gemini replies streamed token by token, and the
// live events of a session. Each field is one call into src/resolvers/chat.ts.
import * as chat from '../resolvers/chat.ts';
import type { TokenUsage } from '../core/gemini/client.ts';
import type { Scope } from '../core/scopes.ts';
import { builder } from './builder.ts';

/** Every chat field is open to any one of the chat scopes (one list, src/core/chat). */
const chatAuthScopes = Object.fromEntries(chat.chatScopes.map((scope) => [scope, true])) as Partial<
  Record<Scope, boolean>
>;

const ChatRole = builder.enumType('ChatRole', {
  description: 'USER: a person through the frontend; AGENT: an agent over gRPC; ASSISTANT: Gemini.',
  values: ['USER', 'ASSISTANT', 'AGENT'] as const,
});

const ChatMessageStatus = builder.enumType('ChatMessageStatus', {
  values: {
    STREAMING: { description: 'Gemini is still writing it.' },
    DONE: {},
    FAILED: { description: 'Ended by an error; `content` keeps the text that had arrived.' },
    CANCELLED: { description: 'Stopped by cancelGeneration; `content` keeps the text so far.' },
  } as const,
});

const ChatErrorReason = builder.enumType('ChatErrorReason', {
  values: {
    NOT_CONFIGURED: { description: 'No Gemini API key is configured.' },
    AUTH: { description: 'Gemini refused the API key.' },
    RATE_LIMITED: { description: 'HTTP 429; see retryAfterSeconds.' },
    UNAVAILABLE: { description: 'Gemini answered 5xx or could not be reached.' },
    TIMEOUT: { description: 'Gemini sent nothing for longer than GEMINI_TIMEOUT_MS.' },
    SAFETY: { description: 'The prompt or the reply was blocked by a content filter.' },
    DROPPED: { description: 'The stream broke off before the reply was finished.' },
    BAD_REQUEST: { description: 'Gemini refused the request (unknown model, bad option).' },
    INTERRUPTED: { description: 'The server stopped while the reply was being generated.' },
    INTERNAL: { description: 'An unexpected error; the server log has the details.' },
  } as const,
});

const ChatError = builder.objectRef<chat.ChatError>('ChatError').implement({
  description: 'Why a reply failed. Its code is always UPSTREAM_ERROR (or INTERNAL_SERVER_ERROR).',
  fields: (t) => ({
    reason: t.field({ type: ChatErrorReason, resolve: (e) => e.reason }),
    message: t.exposeString('message'),
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', { nullable: true }),
  }),
});

const TokenUsageRef = builder.objectRef<TokenUsage>('TokenUsage').implement({
  fields: (t) => ({
    promptTokens: t.int({ nullable: true, resolve: (u) => u.promptTokens ?? null }),
    completionTokens: t.int({ nullable: true, resolve: (u) => u.completionTokens ?? null }),
    totalTokens: t.int({ nullable: true, resolve: (u) => u.totalTokens ?? null }),
  }),
});

const ChatMessage = builder.objectRef<chat.ChatMessageView>('ChatMessage').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    sessionId: t.exposeID('sessionId'),
    position: t.exposeInt('position', { description: '1, 2, 3… within the session.' }),
    cursor: t.string({
      description: 'For chatMessages(after:, before:).',
      resolve: (m) => chat.messageCursor(m),
    }),
    role: t.field({ type: ChatRole, resolve: (m) => m.role }),
    authorId: t.exposeString('authorId', {
      nullable: true,
      description: 'The principal (USER) or agent id (AGENT); null for ASSISTANT.',
    }),
    content: t.exposeString('content'),
    model: t.exposeString('model', { nullable: true }),
    status: t.field({ type: ChatMessageStatus, resolve: (m) => m.status }),
    error: t.field({ type: ChatError, nullable: true, resolve: (m) => m.error }),
    finishReason: t.exposeString('finishReason', { nullable: true }),
    usage: t.field({ type: TokenUsageRef, nullable: true, resolve: (m) => m.usage }),
    generationConfig: t.field({
      type: 'JSON',
      nullable: true,
      description:
        "An ASSISTANT reply's settings as sent to Gemini: model, temperature, topP, topK, maxOutputTokens, and the prompt { name, version } when sent with one.",
      resolve: (m) => m.generationConfig,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const ChatSession = builder.objectRef<chat.ChatSessionView>('ChatSession').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.exposeString('title'),
    messageCount: t.exposeInt('messageCount'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const PageInfo = builder.objectRef<chat.PageInfo>('ChatPageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage'),
    startCursor: t.exposeString('startCursor', { nullable: true }),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

const ChatMessagePage = builder.objectRef<chat.ChatMessagePage>('ChatMessagePage').implement({
  fields: (t) => ({
    messages: t.field({
      type: [ChatMessage],
      description: 'Oldest first, whichever way the page was taken.',
      resolve: (p) => p.messages,
    }),
    pageInfo: t.field({ type: PageInfo, resolve: (p) => p.pageInfo }),
  }),
});

const SentMessage = builder.objectRef<chat.SentMessage>('SentMessage').implement({
  fields: (t) => ({
    message: t.field({ type: ChatMessage, resolve: (s) => s.message }),
    reply: t.field({
      type: ChatMessage,
      description: 'STREAMING: follow it with the chatReply subscription.',
      resolve: (s) => s.reply,
    }),
  }),
});

const ChatReplyEventKind = builder.enumType('ChatReplyEventKind', {
  values: {
    TOKEN: { description: '`token` holds the next piece of text.' },
    DONE: { description: '`text` holds the full reply; the stream ends.' },
    ERROR: { description: '`error` says why; `text` holds what had arrived; the stream ends.' },
    CANCELLED: { description: '`text` holds what had arrived; the stream ends.' },
    RESYNC: {
      description: 'Events after `since` are gone: `text` holds the whole reply so far.',
    },
  } as const,
});

const ChatReplyEvent = builder.objectRef<chat.ChatReplyEvent>('ChatReplyEvent').implement({
  fields: (t) => ({
    sequence: t.exposeString('sequence', { description: 'Pass as `since` to resume after it.' }),
    kind: t.field({ type: ChatReplyEventKind, resolve: (e) => e.kind }),
    messageId: t.exposeID('messageId'),
    sessionId: t.exposeID('sessionId'),
    token: t.exposeString('token', { nullable: true }),
    text: t.exposeString('text', { nullable: true }),
    error: t.field({ type: ChatError, nullable: true, resolve: (e) => e.error }),
    message: t.field({ type: ChatMessage, nullable: true, resolve: (e) => e.message }),
  }),
});

const ChatSessionEventKind = builder.enumType('ChatSessionEventKind', {
  values: {
    MESSAGE_CREATED: { description: 'Someone posted, or a reply began (status STREAMING).' },
    TOKEN: { description: 'Only with `tokens: true`: new text of a reply.' },
    MESSAGE_FINISHED: { description: 'A reply ended: DONE, FAILED or CANCELLED.' },
    RESYNC: { description: 'Events were lost: reload with chatMessages.' },
  } as const,
});

const ChatSessionEvent = builder.objectRef<chat.ChatSessionEvent>('ChatSessionEvent').implement({
  fields: (t) => ({
    sequence: t.exposeString('sequence'),
    kind: t.field({ type: ChatSessionEventKind, resolve: (e) => e.kind }),
    sessionId: t.exposeID('sessionId'),
    messageId: t.exposeID('messageId', { nullable: true }),
    message: t.field({ type: ChatMessage, nullable: true, resolve: (e) => e.message }),
    token: t.exposeString('token', { nullable: true }),
  }),
});

builder.queryFields((t) => ({
  chatSessions: t.field({
    authScopes: chatAuthScopes,
    type: [ChatSession],
    description: 'Most recently active first.',
    args: {
      first: t.arg.int({ required: true, defaultValue: 50 }),
      after: t.arg.id({ description: 'The id of the last session of the previous page.' }),
    },
    resolve: (_root, args, ctx) =>
      chat.chatSessions(ctx, { first: args.first, after: args.after?.toString() }),
  }),
  chatSession: t.field({
    authScopes: chatAuthScopes,
    type: ChatSession,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => chat.chatSession(ctx, args.id.toString()),
  }),
  chatMessages: t.field({
    authScopes: chatAuthScopes,
    type: ChatMessagePage,
    description:
      'Pages forward with first/after, or backward from the newest with last/before. Default: the first 50.',
    args: {
      sessionId: t.arg.id({ required: true }),
      first: t.arg.int(),
      after: t.arg.string(),
      last: t.arg.int(),
      before: t.arg.string(),
    },
    resolve: (_root, args, ctx) =>
      chat.chatMessages(ctx, { ...args, sessionId: args.sessionId.toString() }),
  }),
  chatMessage: t.field({
    authScopes: chatAuthScopes,
    type: ChatMessage,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => chat.chatMessage(ctx, args.id.toString()),
  }),
}));

const CreateChatSessionInput = builder.inputType('CreateChatSessionInput', {
  fields: (t) => ({ title: t.string() }),
});

const PostMessageInput = builder.inputType('PostMessageInput', {
  fields: (t) => ({
    sessionId: t.id({ required: true }),
    content: t.string({ required: true }),
  }),
});

const ChatPromptInput = builder.inputType('ChatPromptInput', {
  description:
    "A prompt template for the reply: a TEXT prompt's text, or a CHAT prompt's system messages, is the system instruction; a CHAT prompt's other messages come before the session's history; the config's model, temperature, topP, topK and maxOutputTokens apply.",
  fields: (t) => ({
    name: t.string({ required: true }),
    label: t.string({
      description:
        'A label such as production; default: production when the prompt has it, else the newest version.',
    }),
    version: t.int(),
    variables: t.field({ type: 'JSON', description: 'Values by variable name.' }),
    placeholders: t.field({
      type: 'JSON',
      description: "A CHAT prompt's placeholders: message lists by name.",
    }),
  }),
});

const SendMessageInput = builder.inputType('SendMessageInput', {
  fields: (t) => ({
    sessionId: t.id({ required: true }),
    content: t.string({ required: true }),
    model: t.string({ description: 'Overrides the gemini.model setting for this reply.' }),
    systemInstruction: t.string({
      description: 'Overrides the gemini.systemInstruction setting for this reply.',
    }),
    prompt: t.field({
      type: ChatPromptInput,
      description:
        'Renders a prompt template as the system instruction (instead of systemInstruction).',
    }),
  }),
});

builder.mutationFields((t) => ({
  createChatSession: t.field({
    authScopes: chatAuthScopes,
    type: ChatSession,
    args: { input: t.arg({ type: CreateChatSessionInput, required: true, defaultValue: {} }) },
    resolve: (_root, args, ctx) => chat.createChatSession(ctx, args.input),
  }),
  sendMessage: t.field({
    authScopes: chatAuthScopes,
    type: SentMessage,
    description:
      "Posts a message and starts Gemini's reply with the session's history; returns at once with the reply STREAMING.",
    args: { input: t.arg({ type: SendMessageInput, required: true }) },
    resolve: (_root, args, ctx) =>
      chat.sendMessage(ctx, { ...args.input, sessionId: args.input.sessionId.toString() }),
  }),
  postMessage: t.field({
    authScopes: chatAuthScopes,
    type: ChatMessage,
    description: 'Posts a message for the agents and people in the session, without asking Gemini.',
    args: { input: t.arg({ type: PostMessageInput, required: true }) },
    resolve: (_root, args, ctx) =>
      chat.postMessage(ctx, { ...args.input, sessionId: args.input.sessionId.toString() }),
  }),
  cancelGeneration: t.field({
    authScopes: chatAuthScopes,
    type: ChatMessage,
    description:
      'Stops a reply (the upstream request is aborted); it ends CANCELLED with its text so far.',
    args: { messageId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => chat.cancelGeneration(ctx, args.messageId.toString()),
  }),
}));

builder.subscriptionField('chatReply', (t) =>
  t.field({
    authScopes: chatAuthScopes,
    type: ChatReplyEvent,
    description:
      'A reply token by token from its start, then DONE, ERROR or CANCELLED, and the stream ends. `since` resumes after a sequence.',
    args: { messageId: t.arg.id({ required: true }), since: t.arg.string() },
    subscribe: (_root, args, ctx) =>
      chat.chatReply(ctx, args.messageId.toString(), { since: args.since }),
    resolve: (event) => event,
  }),
);

builder.subscriptionField('chatSessionEvents', (t) =>
  t.field({
    authScopes: chatAuthScopes,
    type: ChatSessionEvent,
    description:
      'Messages posted in a session by anyone (people, agents) and replies starting and ending; with `tokens`, reply tokens too.',
    args: {
      sessionId: t.arg.id({ required: true }),
      since: t.arg.string(),
      tokens: t.arg.boolean({ required: true, defaultValue: false }),
    },
    subscribe: (_root, args, ctx) =>
      chat.chatSessionEvents(ctx, args.sessionId.toString(), {
        since: args.since,
        tokens: args.tokens,
      }),
    resolve: (event) => event,
  }),
);
