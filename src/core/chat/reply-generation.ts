// One Gemini reply from request to stored outcome: the upstream request is
// started early, its tokens are published on the session topic as they come,
// and the outcome (DONE, FAILED with a reason, CANCELLED) is stored and
// announced once.
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventBus } from '../event-bus.ts';
import {
  streamGeneration,
  type GeminiTurn,
  type GenerationEvent,
  type GenerationOptions,
  type TokenUsage,
} from '../gemini/client.ts';
import { GeminiFailure, GenerationCancelled } from '../gemini/failure.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import {
  sessionTopic,
  type ChatError,
  type ChatMessageStatus,
  type ChatMessageView,
  type ChatRole,
} from './chat-message.ts';
import type { ChatMessageStore, HistoryMessage } from './message-store.ts';
import { PartialReplyWriter } from './partial-reply-writer.ts';

/** A reply being generated (or, for a stream, followed from another instance). */
export interface ActiveGeneration {
  messageId: string;
  sessionId: string;
  /** The sequence of the reply's MESSAGE_CREATED event: replaying after it gives every token. */
  startSequence: string;
  content: string;
  controller: AbortController;
  finished: Promise<ChatMessageView>;
}

export interface UpstreamPlan {
  baseUrl: string | undefined;
  model: string;
  history: GeminiTurn[];
  systemInstruction: string | undefined;
  options: GenerationOptions;
  idleTimeoutMs: number;
}

export interface Upstream {
  /** performance.now() when the request began, for the latency metrics. */
  startedAt: number;
  stream: AsyncGenerator<GenerationEvent, void, undefined>;
  /** The first event, asked for at once so the request is sent at once. */
  first: Promise<IteratorResult<GenerationEvent, void>>;
  /**
   * Settles once the request has been handed to fetch, or the generation
   * ended before that (no key, cancelled): never rejects.
   */
  sent: Promise<void>;
}

/** Sends the request now; `apiKey` is read inside, so a key that cannot be read fails the reply. */
export function startUpstream(
  apiKey: () => Promise<string | undefined>,
  signal: AbortSignal,
  plan: UpstreamPlan,
): Upstream {
  let onRequestSent: () => void = () => {};
  const requestSent = new Promise<void>((resolve) => (onRequestSent = resolve));
  async function* events(): AsyncGenerator<GenerationEvent, void, undefined> {
    yield* streamGeneration({ ...plan, apiKey: await apiKey(), signal, onRequestSent });
  }
  const startedAt = performance.now();
  const stream = events();
  const first = stream.next();
  // Observed by generateReply() later; until then a failure must not count as unhandled.
  first.catch(() => {});
  const sent = Promise.race([requestSent, first.then(noop, noop)]);
  return { startedAt, stream, first, sent };
}

function noop(): void {}

/** The history as Gemini turns: a conversation opens with the user, sides alternate. */
export function turnsOf(history: readonly HistoryMessage[]): GeminiTurn[] {
  let turns: GeminiTurn[] = [];
  for (const message of history) turns = appendTurn(turns, message);
  while (turns[0]?.role === 'model') turns.shift();
  return turns;
}

/** Adds a message as a turn; agents' messages say who wrote them. */
export function appendTurn(
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

export interface GenerationDeps {
  store: ChatMessageStore;
  bus: EventBus;
  metrics: Metrics;
  logger: Logger;
}

export interface GenerationPlan {
  model: string;
  origin: string | undefined;
  /** Whether an abort means the server is stopping (INTERRUPTED) rather than a cancel. */
  shuttingDown: () => boolean;
}

export async function generateReply(
  deps: GenerationDeps,
  generation: ActiveGeneration,
  upstream: Upstream,
  plan: GenerationPlan,
): Promise<ChatMessageView> {
  const events = sessionTopic(generation.sessionId);
  const logger = deps.logger.child({ messageId: generation.messageId, model: plan.model });
  const { metrics, bus } = deps;
  let status: ChatMessageStatus = 'DONE';
  let error: ChatError | null = null;
  let finishReason: string | null = null;
  let usage: TokenUsage | null = null;
  const partial = new PartialReplyWriter({
    save: (content) => deps.store.savePartialReply(generation.messageId, content),
    logger,
  });
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
        partial.update(generation.content);
        await bus.publish(events, {
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
      if (plan.shuttingDown()) {
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
  // The final store comes last: no partial write may land after it. It
  // starts a turn later, once the last token has gone out: the commit blocks
  // the event loop, and started now it would hold that token back.
  await partial.close();
  await nextTurn();
  recordMetrics(metrics, plan.model, status, upstream.startedAt, usage);
  const outcome = { content: generation.content, status, error, finishReason, usage };
  let finished: ChatMessageView;
  try {
    finished = await deps.store.finishReply(generation.messageId, outcome);
  } catch (storeError) {
    // The database may already be closing (shutdown); subscribers still learn the outcome.
    logger.error({ err: storeError }, 'could not store the finished reply');
    finished = { ...placeholderView(generation, plan.model), ...outcome };
  }
  await bus.publish(events, { kind: 'MESSAGE_FINISHED', message: finished, origin: plan.origin });
  return finished;
}

function recordMetrics(
  metrics: Metrics,
  model: string,
  status: ChatMessageStatus,
  startedAt: number,
  usage: TokenUsage | null,
): void {
  const outcome = status === 'DONE' ? 'ok' : status === 'CANCELLED' ? 'cancelled' : 'error';
  metrics.geminiRequests.inc({ model, outcome });
  if (status === 'DONE') {
    metrics.geminiLatency.observe({ model }, (performance.now() - startedAt) / 1000);
  }
  if (usage?.promptTokens) {
    metrics.geminiTokens.inc({ model, kind: 'prompt' }, usage.promptTokens);
  }
  if (usage?.completionTokens) {
    metrics.geminiTokens.inc({ model, kind: 'output' }, usage.completionTokens);
  }
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
