// The chat service of one server: the replies it is generating, starting and
// cancelling them, and the shutdown that ends them as INTERRUPTED. Built and
// closed by src/server.ts; operations reach it as `services.chat`.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isDomainError } from '../errors.ts';
import type { EventBus } from '../event-bus.ts';
import { definedOnly, type GeminiTurn, type GenerationOptions } from '../gemini/client.ts';
import { GeminiFailure } from '../gemini/failure.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import { sessionTopic, type ChatMessageView } from './chat-message.ts';
import { ChatMessageStore, type NewMessage } from './message-store.ts';
import {
  appendTurn,
  generateReply,
  startUpstream,
  turnsOf,
  type ActiveGeneration,
} from './reply-generation.ts';

export interface ChatEngineOptions {
  store: ChatMessageStore;
  bus: EventBus;
  settings: SettingsStore;
  secrets: SecretStore;
  metrics: Metrics;
  logger: Logger;
  gemini: { baseUrl: string | undefined; timeoutMs: number };
  /** Aborted when the server begins to shut down: running replies end INTERRUPTED. */
  shutdown: AbortSignal;
}

export interface ReplyRequest {
  sessionId: string;
  /** The message the reply answers, posted with it. */
  question: NewMessage;
  /** Overrides the gemini.model setting. */
  model?: string | undefined;
  /** Overrides the gemini.systemInstruction setting. */
  systemInstruction?: string | undefined;
  /** Override the gemini.* generation settings where defined (a prompt's config). */
  options?: GenerationOptions | undefined;
  /** Turns sent before the session's history (a CHAT prompt's messages). */
  openingTurns?: readonly GeminiTurn[] | undefined;
  /** The prompt the reply was sent with, stored in its generation config. */
  prompt?: { name: string; version: number } | undefined;
  /** An opaque tag copied onto the bus events. */
  origin?: string | undefined;
}

export interface StartedReply {
  message: ChatMessageView;
  /** STREAMING; its tokens follow on the session topic. */
  reply: ChatMessageView;
}

export class ChatEngine {
  readonly store: ChatMessageStore;
  readonly #options: ChatEngineOptions;
  readonly #active = new Map<string, ActiveGeneration>();
  #shuttingDown = false;

  constructor(options: ChatEngineOptions) {
    this.#options = options;
    this.store = options.store;
    options.shutdown.addEventListener('abort', () => void this.interrupt(), { once: true });
  }

  /**
   * Ends every running reply as FAILED, INTERRUPTED (with its text so far) and
   * refuses new ones; resolves once each has been stored and announced. The
   * shutdown calls it before it ends streams, so a reply's followers hear why.
   */
  interrupt(): Promise<void> {
    this.#shuttingDown = true;
    for (const generation of this.#active.values()) generation.controller.abort();
    return this.settle();
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** The reply this server is generating under that id, if any. */
  generation(messageId: string): ActiveGeneration | undefined {
    return this.#active.get(messageId);
  }

  /** A reply still being generated shows the text received so far, not what was stored. */
  withLiveContent(message: ChatMessageView): ChatMessageView {
    const active = this.#active.get(message.id);
    return active ? { ...message, content: active.content } : message;
  }

  /**
   * Posts the question and an empty STREAMING reply, then generates the reply
   * with the session's history. Returns once both are stored and announced.
   */
  async startReply(request: ReplyRequest): Promise<StartedReply> {
    if (this.#shuttingDown) throw new GeminiFailure('UNAVAILABLE', 'the server is shutting down');
    const { store, bus, settings, gemini } = this.#options;
    const { sessionId, question, origin } = request;
    const model = request.model ?? settings.get('gemini.model');
    const history = appendTurn(turnsOf(await store.history(sessionId)), question);
    for (const turn of (request.openingTurns ?? []).toReversed()) {
      // A prompt's opening turns go first; a side speaking twice becomes one turn.
      if (history[0]?.role === turn.role) history[0].parts.unshift(...turn.parts);
      else history.unshift({ role: turn.role, parts: [...turn.parts] });
    }
    const defaultInstruction = settings.get('gemini.systemInstruction');
    const options: GenerationOptions = {
      temperature: settings.get('gemini.temperature'),
      topP: settings.get('gemini.topP'),
      topK: settings.get('gemini.topK'),
      maxOutputTokens: settings.get('gemini.maxOutputTokens'),
      ...definedOnly(request.options ?? {}),
    };
    // Stored on the reply: the settings this call actually used.
    const generationConfig = {
      model,
      ...definedOnly(options),
      ...(request.prompt ? { prompt: request.prompt } : {}),
    };

    // The upstream request starts now and its first chunk waits while the
    // question and the empty reply are stored: the write and Gemini's time to
    // first token overlap instead of adding up. The database driver commits
    // synchronously, blocking the event loop (an fsync), so the commit waits
    // until fetch has had its turn to write the request: started in the same
    // turn, the commit ran first and the request left after it.
    const controller = new AbortController();
    const upstream = startUpstream(() => this.#apiKey(), controller.signal, {
      baseUrl: gemini.baseUrl,
      model,
      history,
      systemInstruction:
        request.systemInstruction ?? (defaultInstruction === '' ? undefined : defaultInstruction),
      options,
      idleTimeoutMs: gemini.timeoutMs,
    });
    let message: ChatMessageView;
    let reply: ChatMessageView;
    try {
      await upstream.sent;
      await nextTurn();
      [message, reply] = (await store.insert(sessionId, [
        question,
        {
          role: 'ASSISTANT',
          authorId: null,
          content: '',
          status: 'STREAMING',
          model,
          generationConfig,
        },
      ])) as [ChatMessageView, ChatMessageView];
    } catch (error) {
      controller.abort();
      await upstream.stream.return();
      throw error;
    }
    const events = sessionTopic(sessionId);
    await bus.publish(events, { kind: 'MESSAGE_CREATED', message, origin });
    const created = await bus.publish(events, { kind: 'MESSAGE_CREATED', message: reply, origin });
    const generation: ActiveGeneration = {
      messageId: reply.id,
      sessionId,
      startSequence: created.sequence,
      content: '',
      controller,
      finished: Promise.resolve(reply),
    };
    this.#active.set(reply.id, generation);
    // Shutdown may have begun while the messages were stored: this reply ends with the rest.
    if (this.#shuttingDown) controller.abort();
    generation.finished = generateReply(this.#options, generation, upstream, {
      model,
      origin,
      shuttingDown: () => this.#shuttingDown,
    }).finally(() => this.#active.delete(generation.messageId));
    return { message, reply };
  }

  /** Aborts a reply this server is generating; resolves with its final state, or undefined. */
  cancel(messageId: string): Promise<ChatMessageView> | undefined {
    const active = this.#active.get(messageId);
    if (!active) return undefined;
    active.controller.abort();
    return active.finished;
  }

  /**
   * Replies left STREAMING by a server that stopped without finishing them
   * (a crash) can never finish: they are marked FAILED, INTERRUPTED.
   */
  failInterruptedReplies(): Promise<number> {
    return this.store.failInterrupted([...this.#active.keys()]);
  }

  /** Resolves when every running generation has ended and been stored. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#active.values()].map((g) => g.finished));
  }

  /** `gemini.apiKey` from the encrypted secrets, or GEMINI_API_KEY, which overrides it. */
  async #apiKey(): Promise<string | undefined> {
    try {
      return await this.#options.secrets.read('gemini.apiKey');
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
}
