// Streams one Gemini reply through @google/genai: the SDK speaks the wire
// format; this module adds what a chat server needs around it. Cancel and an
// idle timeout abort the upstream request through the SDK's `abortSignal`;
// every way a generation can go wrong ends as one GeminiFailure (failure.ts).
import { GoogleGenAI, type Content, type GenerateContentConfig } from '@google/genai';
import {
  blockingFinishReasons,
  classifyGeminiError,
  GeminiFailure,
  GenerationCancelled,
} from './failure.ts';

export interface GeminiTurn {
  role: 'user' | 'model';
  /** Consecutive messages of one side travel as the parts of one turn. */
  parts: string[];
}

export interface GenerationOptions {
  temperature?: number | undefined;
  topP?: number | undefined;
  topK?: number | undefined;
  maxOutputTokens?: number | undefined;
}

export interface GenerationRequest {
  apiKey: string | undefined;
  /** `GEMINI_BASE_URL`; Google's endpoint when undefined. */
  baseUrl: string | undefined;
  model: string;
  /** The conversation so far, oldest first, ending with the turn to answer. */
  history: GeminiTurn[];
  systemInstruction?: string | undefined;
  options?: GenerationOptions | undefined;
  /** Aborting it cancels the upstream request (GenerationCancelled is thrown). */
  signal: AbortSignal;
  /** Longest wait for the first chunk and between chunks. */
  idleTimeoutMs: number;
  /**
   * Called once the request has been handed to fetch, which writes it to a
   * kept-alive connection before the next turn of the event loop: work that
   * blocks the loop (a database commit) can wait for this and overlap with
   * Gemini's time to first token instead of delaying the request.
   */
  onRequestSent?: (() => void) | undefined;
}

export interface TokenUsage {
  promptTokens: number | undefined;
  completionTokens: number | undefined;
  totalTokens: number | undefined;
}

export type GenerationEvent =
  { type: 'text'; text: string } | { type: 'finish'; finishReason: string; usage: TokenUsage };

/**
 * Yields the reply's text as it arrives, then one `finish`. Throws
 * GeminiFailure for every upstream problem (a safety block, a stream that
 * ends without a finishReason included) and GenerationCancelled when
 * `signal` aborted it.
 */
export async function* streamGeneration(
  request: GenerationRequest,
): AsyncGenerator<GenerationEvent, void, undefined> {
  if (!request.apiKey) {
    throw new GeminiFailure(
      'NOT_CONFIGURED',
      'no Gemini API key is configured: set GEMINI_API_KEY or the gemini.apiKey secret',
    );
  }
  const upstream = new AbortController();
  let timedOut = false;
  let idleTimer: NodeJS.Timeout | undefined;
  const armIdleTimer = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      timedOut = true;
      upstream.abort();
    }, request.idleTimeoutMs);
  };
  const cancel = () => upstream.abort();
  if (request.signal.aborted) throw new GenerationCancelled();
  request.signal.addEventListener('abort', cancel, { once: true });

  // ApiError carries no headers; this keeps the one we need from a refusal.
  let retryAfterHeader: string | undefined;
  let responded = false;
  const recordingFetch: typeof fetch = async (input, init) => {
    const pending = fetch(input, init);
    request.onRequestSent?.();
    const response = await pending;
    responded = true;
    if (!response.ok) retryAfterHeader = response.headers.get('retry-after') ?? undefined;
    return response;
  };

  let receivedText = false;
  let finishReason: string | undefined;
  let usage: TokenUsage = {
    promptTokens: undefined,
    completionTokens: undefined,
    totalTokens: undefined,
  };
  armIdleTimer();
  try {
    const ai = new GoogleGenAI({
      apiKey: request.apiKey,
      httpOptions: {
        ...(request.baseUrl ? { baseUrl: request.baseUrl } : {}),
        fetch: recordingFetch,
      },
    });
    const config: GenerateContentConfig = {
      abortSignal: upstream.signal,
      // One request per reply: a resumed hop would bypass our timeout and cancel.
      automaticContinuation: false,
      ...(request.systemInstruction ? { systemInstruction: request.systemInstruction } : {}),
      ...definedOnly(request.options ?? {}),
    };
    const contents: Content[] = request.history.map((turn) => ({
      role: turn.role,
      parts: turn.parts.map((text) => ({ text })),
    }));
    const stream = await ai.models.generateContentStream({
      model: request.model,
      contents,
      config,
    });
    for await (const chunk of stream) {
      armIdleTimer();
      const blockReason = chunk.promptFeedback?.blockReason;
      if (blockReason) {
        const detail = chunk.promptFeedback?.blockReasonMessage;
        throw new GeminiFailure(
          'SAFETY',
          `Gemini blocked the prompt (${blockReason})${detail ? `: ${detail}` : ''}`,
        );
      }
      const candidate = chunk.candidates?.[0];
      const text = (candidate?.content?.parts ?? [])
        .filter((part) => !part.thought && typeof part.text === 'string')
        .map((part) => part.text)
        .join('');
      if (text) {
        receivedText = true;
        yield { type: 'text', text };
      }
      if (chunk.usageMetadata) {
        usage = {
          promptTokens: chunk.usageMetadata.promptTokenCount,
          completionTokens: chunk.usageMetadata.candidatesTokenCount,
          totalTokens: chunk.usageMetadata.totalTokenCount,
        };
      }
      if (candidate?.finishReason) finishReason = candidate.finishReason;
    }
  } catch (error) {
    if (request.signal.aborted && !timedOut) throw new GenerationCancelled();
    throw classifyGeminiError(error, {
      apiKey: request.apiKey,
      model: request.model,
      timedOut,
      timeoutMs: request.idleTimeoutMs,
      receivedText,
      responded,
      retryAfterHeader,
    });
  } finally {
    clearTimeout(idleTimer);
    request.signal.removeEventListener('abort', cancel);
    // Stopping early (the consumer returned) must not leave the request open.
    upstream.abort();
  }
  if (finishReason === undefined) {
    throw new GeminiFailure(
      'DROPPED',
      'the Gemini stream ended before the reply was finished (no finishReason)',
    );
  }
  if (blockingFinishReasons.has(finishReason)) {
    throw new GeminiFailure(
      'SAFETY',
      `Gemini stopped the reply: it was blocked by a content filter (${finishReason})`,
    );
  }
  yield { type: 'finish', finishReason, usage };
}

export function definedOnly(options: GenerationOptions): GenerationOptions {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as GenerationOptions;
}
