// genpod.agent.v1.ChatService: agents chat with Gemini and with the sessions
// the frontend sees, through the same resolvers as GraphQL.
//
// One SendMessageStream call is one agent's conversation. Each ChatRequest
// either asks Gemini (the reply comes back as `token`s, then `done`) or, with
// relay_only, only posts into the session (acknowledged by one `done`). An
// empty session_id uses the session this stream already works in, or starts
// one; its id is on every ChatResponse. Messages others post in a session the
// stream has used (the frontend, other agents, replies they asked for) arrive
// as one `done` each once finished, or `error` for a failed reply.
//
// A stream is read at the server's pace, not the client's: requests are
// handled one at a time, each counted against the token's rate limit, with a
// turn of the event loop between them so other I/O runs; past
// `maxInFlightPerStream` requests and replies unanswered, reading pauses and
// HTTP/2 flow control holds the client. Every write waits for the client to
// read (docs/hardening.md).
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type ServerDuplexStream } from '@grpc/grpc-js';
import { isDomainError, RateLimited } from '../core/errors.ts';
import * as agents from '../resolvers/agents.ts';
import * as chat from '../resolvers/chat.ts';
import type { Context, Services } from '../resolvers/context.ts';
import { grpcContext } from './context.ts';
import type { ChatRequest__Output } from './generated/genpod/agent/v1/ChatRequest.ts';
import type { ChatResponse } from './generated/genpod/agent/v1/ChatResponse.ts';
import type { ChatServiceHandlers } from './generated/genpod/agent/v1/ChatService.ts';
import { writeWithBackpressure } from './call-handlers.ts';
import { parseVariables, placeholdersOf } from './prompt-service.ts';
import { toGrpcStatus } from './status.ts';

type ChatCall = ServerDuplexStream<ChatRequest__Output, ChatResponse>;

/**
 * Requests read but not yet answered, plus replies still streaming back, one
 * stream may have; beyond it the server stops reading that stream.
 */
export const maxInFlightPerStream = 16;

/**
 * Finished messages of others a stream may have queued while its client is not
 * reading; past it the stream is told it fell behind (RESYNC) and skips ahead.
 */
export const forwardQueueLimit = 64;

export function createChatServiceHandlers(services: Services): ChatServiceHandlers {
  return {
    SendMessageStream(call) {
      let ctx: Context;
      try {
        ctx = grpcContext(services, call);
        // Refuse the whole stream up front rather than each message in it.
        chat.requireChatScope(ctx);
      } catch (error) {
        call.emit('error', toGrpcStatus(error, services.logger));
        return;
      }
      new AgentConversation(services, ctx, call).start();
    },
  };
}

/** The state of one SendMessageStream call. */
class AgentConversation {
  /** Tags the bus events this stream causes, so it is not sent its own messages back. */
  private readonly origin = randomUUID();
  private readonly stopped = new AbortController();
  private currentSessionId: string | undefined;
  private readonly watched = new Set<string>();
  private readonly agentIds = new Set<string>();
  /** Requests are handled one after another, in the order they arrived. */
  private queue: Promise<void> = Promise.resolve();
  /** Replies still streaming back to this agent. */
  private readonly replies = new Set<Promise<void>>();
  private finished = false;
  /** Requests and replies unanswered; see maxInFlightPerStream. */
  private inFlight = 0;
  private paused = false;
  private readonly services: Services;
  private readonly ctx: Context;
  private readonly call: ChatCall;

  constructor(services: Services, ctx: Context, call: ChatCall) {
    this.services = services;
    this.ctx = ctx;
    this.call = call;
  }

  start(): void {
    const { call } = this;
    const onShutdown = () => this.stop();
    this.services.shutdown.addEventListener('abort', onShutdown, { once: true });
    this.stopped.signal.addEventListener('abort', () =>
      this.services.shutdown.removeEventListener('abort', onShutdown),
    );
    call.on('data', (request: ChatRequest__Output) => {
      this.begin();
      this.queue = this.queue
        .then(() => this.handle(request))
        // The database driver runs a write synchronously: without this turn
        // of the loop, a burst of requests would chain writes with no I/O
        // (health checks, other clients) in between.
        .then(() => nextTurn())
        .catch((error) => this.fail(error))
        .finally(() => this.end());
    });
    call.on('end', () => {
      // The agent has sent its last request: answer the ones pending, then end.
      void this.queue.then(async () => {
        await Promise.allSettled([...this.replies]);
        this.stop();
      });
    });
    call.on('cancelled', () => this.stop());
    call.on('error', () => this.stop());
    if (this.services.shutdown.aborted) this.stop();
  }

  /** One more request or reply unanswered: past the bound, stop reading. */
  private begin(): void {
    this.inFlight++;
    if (this.inFlight >= maxInFlightPerStream && !this.paused) {
      this.paused = true;
      this.call.pause();
    }
  }

  private end(): void {
    this.inFlight--;
    if (this.paused && (this.inFlight < maxInFlightPerStream || this.finished)) {
      this.paused = false;
      this.call.resume();
    }
  }

  /** Resolves once the client can take more (it has read enough), or the stream is over. */
  private async send(response: ChatResponse): Promise<void> {
    if (this.finished || !this.call.writable) return;
    await writeWithBackpressure(this.call, response, this.stopped.signal);
  }

  private async handle(request: ChatRequest__Output): Promise<void> {
    if (this.finished) return;
    const agentId = request.agentId || undefined;
    try {
      // Every message counts, as a GraphQL operation would: the call itself
      // was counted once when it opened.
      await this.services.rateLimits.consume(this.ctx.principal);
      if (agentId && !this.agentIds.has(agentId)) {
        await agents.setAgentStatus(this.ctx, { agentId, state: 'online' });
        this.agentIds.add(agentId);
      }
      if (request.content.trim().length === 0) {
        await this.send({
          sessionId: request.sessionId || this.currentSessionId || '',
          error: 'BAD_USER_INPUT: content must not be empty',
        });
        return;
      }
      const sessionId =
        request.sessionId ||
        this.currentSessionId ||
        (await chat.createChatSession(this.ctx, { title: titleOf(request.content) })).id;
      const authorship = { agentId, origin: this.origin };
      const input = { sessionId, content: request.content };
      if (request.relayOnly) {
        const message = await chat.postMessage(this.ctx, input, authorship);
        this.useSession(sessionId);
        await this.send({ sessionId, messageId: message.id, done: message.content });
        return;
      }
      const prompt = request.prompt;
      const { reply } = await chat.sendMessage(
        this.ctx,
        {
          ...input,
          // proto3 has no "unset" for scalars: an empty label and version 0 mean absent.
          prompt: prompt?.name
            ? {
                name: prompt.name,
                label: prompt.label || undefined,
                version: prompt.version || undefined,
                variables: parseVariables(prompt.variablesJson),
                placeholders: placeholdersOf(prompt.placeholders),
              }
            : undefined,
        },
        authorship,
      );
      this.useSession(sessionId);
      // A reply streaming back is in flight too, until its last event is written.
      this.begin();
      const streaming = this.streamReply(reply.id).finally(() => this.end());
      this.replies.add(streaming);
      void streaming.finally(() => this.replies.delete(streaming));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const retry = error instanceof RateLimited ? ` (retry after ${error.retryAfterMs} ms)` : '';
      await this.send({
        sessionId: request.sessionId || this.currentSessionId || '',
        error: `${error.code}: ${error.message}${retry}`,
      });
    }
  }

  /** Makes `sessionId` this stream's session and forwards what others post there. */
  private useSession(sessionId: string): void {
    this.currentSessionId = sessionId;
    if (this.watched.has(sessionId)) return;
    this.watched.add(sessionId);
    const events = chat.subscribeSession(this.services, sessionId, {
      excludeOrigin: this.origin,
      signal: this.stopped.signal,
      queueLimit: forwardQueueLimit,
    });
    void this.forward(events).catch((error) => this.fail(error));
  }

  private async forward(events: AsyncIterable<chat.ChatSessionEvent>): Promise<void> {
    for await (const event of events) {
      const message = event.message;
      if (event.kind === 'RESYNC') {
        this.services.logger.warn(
          { sessionId: event.sessionId },
          'an agent stream fell behind its session: events were skipped',
        );
        // The agent learns it missed messages, and can read them back.
        await this.send({
          sessionId: event.sessionId,
          error: 'RESYNC: this stream fell behind the session and skipped messages',
        });
      } else if (message && message.status !== 'STREAMING') {
        await this.send(finalResponse(message));
      }
    }
  }

  private async streamReply(messageId: string): Promise<void> {
    const events = await chat.chatReply(this.ctx, messageId, { signal: this.stopped.signal });
    for await (const event of events) {
      const base = { sessionId: event.sessionId, messageId: event.messageId };
      if (event.kind === 'TOKEN' && event.token) await this.send({ ...base, token: event.token });
      else if (event.message) await this.send(finalResponse(event.message));
    }
  }

  /** Something unexpected: the call ends with a status, the rest of the server carries on. */
  private fail(error: unknown): void {
    if (this.finished) return;
    const status = toGrpcStatus(error, this.services.logger);
    this.finished = true;
    this.call.emit('error', status);
    this.cleanUp();
  }

  private stop(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.call.writable) this.call.end();
    this.cleanUp();
  }

  private cleanUp(): void {
    this.stopped.abort();
    for (const agentId of this.agentIds) {
      agents.setAgentStatus(this.ctx, { agentId, state: 'offline' }).catch((error: unknown) => {
        this.services.logger.warn({ err: error, agentId }, 'could not mark an agent offline');
      });
    }
  }
}

function finalResponse(message: chat.ChatMessageView): ChatResponse {
  const base = { sessionId: message.sessionId, messageId: message.id };
  if (message.status === 'DONE') return { ...base, done: message.content };
  if (message.status === 'CANCELLED')
    return { ...base, error: 'CANCELLED: the reply was cancelled' };
  const error = message.error;
  return { ...base, error: error ? `${error.reason}: ${error.message}` : 'FAILED' };
}

function titleOf(content: string): string {
  const line = content.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
