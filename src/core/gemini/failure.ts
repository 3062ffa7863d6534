// Why a Gemini generation ended without a finished reply, as one typed
// Upstream error. The messages are written for a person reading a chat: they
// say what happened and what to do, and never carry the API key.
import { ApiError } from '@google/genai';
import { Upstream } from '../errors.ts';

export type GeminiFailureReason =
  /** No API key is configured. */
  | 'NOT_CONFIGURED'
  /** The key was refused (400 API_KEY_INVALID, 401, 403). */
  | 'AUTH'
  /** 429: quota or rate limit; `retryAfterSeconds` when Gemini said. */
  | 'RATE_LIMITED'
  /** 5xx or the service could not be reached. */
  | 'UNAVAILABLE'
  /** No data arrived for longer than the timeout. */
  | 'TIMEOUT'
  /** The prompt or the reply was blocked by a safety filter. */
  | 'SAFETY'
  /** The stream broke off before the reply was finished. */
  | 'DROPPED'
  /** Gemini refused the request itself (unknown model, bad option). */
  | 'BAD_REQUEST';

export class GeminiFailure extends Upstream {
  override name = 'GeminiFailure';
  readonly reason: GeminiFailureReason;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    reason: GeminiFailureReason,
    message: string,
    extra: { status?: number; retryAfterSeconds?: number | undefined } = {},
  ) {
    super(message, {
      reason,
      ...(extra.status === undefined ? {} : { upstreamStatus: extra.status }),
      ...(extra.retryAfterSeconds === undefined
        ? {}
        : { retryAfterSeconds: extra.retryAfterSeconds }),
    });
    this.reason = reason;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

/** Raised instead of a failure when the caller aborted the generation on purpose. */
export class GenerationCancelled extends Error {
  override name = 'GenerationCancelled';
  constructor() {
    super('generation cancelled');
  }
}

/** finishReason values that mean the reply was cut off by a content filter. */
export const blockingFinishReasons: ReadonlySet<string> = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
]);

/** Replaces every occurrence of the key, so no error text can leak it. */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.split(secret).join('[redacted]');
}

interface UpstreamErrorBody {
  message?: string;
  status?: string;
  details?: Array<{ '@type'?: string; reason?: string; retryDelay?: string }>;
}

/** The SDK puts the response body (JSON, or text) in ApiError.message; read what it says. */
function parseApiErrorBody(message: string): UpstreamErrorBody {
  // Errors raised from a stream chunk are prefixed "got status: X. ".
  const start = message.indexOf('{');
  if (start === -1) return { message };
  try {
    const parsed = JSON.parse(message.slice(start)) as { error?: UpstreamErrorBody };
    return parsed.error ?? {};
  } catch {
    return { message };
  }
}

/** Retry-After is seconds or an HTTP date; Google's RetryInfo.retryDelay is like "37s". */
export function parseRetryAfter(
  header: string | undefined,
  retryDelay: string | undefined,
  now = Date.now(),
): number | undefined {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const delay = retryDelay ? /^(\d+(?:\.\d+)?)s$/.exec(retryDelay) : null;
  return delay?.[1] ? Math.ceil(Number(delay[1])) : undefined;
}

export interface FailureContext {
  apiKey: string | undefined;
  model: string;
  /** The idle timer fired. */
  timedOut: boolean;
  timeoutMs: number;
  /** Whether any text had arrived before the error. */
  receivedText: boolean;
  /** Whether Gemini answered at all (a response status arrived). */
  responded: boolean;
  /** The Retry-After header of the last refused response, if any. */
  retryAfterHeader: string | undefined;
}

const networkErrorCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turns whatever the SDK or the network threw into a GeminiFailure. */
export function classifyGeminiError(error: unknown, context: FailureContext): GeminiFailure {
  if (error instanceof GeminiFailure) return error;
  if (context.timedOut) {
    return new GeminiFailure(
      'TIMEOUT',
      `Gemini sent nothing for ${Math.round(context.timeoutMs / 1000)} s: the request was abandoned`,
    );
  }
  if (error instanceof ApiError) {
    const body = parseApiErrorBody(error.message);
    const said = redactSecret(body.message ?? '', context.apiKey).slice(0, 500);
    const suffix = said ? `: ${said}` : '';
    const status = error.status;
    const keyRefused = body.details?.some((d) => d.reason === 'API_KEY_INVALID') ?? false;
    if (status === 401 || status === 403 || (status === 400 && keyRefused)) {
      return new GeminiFailure(
        'AUTH',
        `Gemini refused the API key (HTTP ${status})${suffix}. Check GEMINI_API_KEY or the gemini.apiKey secret`,
        { status },
      );
    }
    if (status === 429) {
      const retryDelay = body.details?.find((d) => d.retryDelay)?.retryDelay;
      const retryAfterSeconds = parseRetryAfter(context.retryAfterHeader, retryDelay);
      const when = retryAfterSeconds === undefined ? 'later' : `in ${retryAfterSeconds} s`;
      return new GeminiFailure(
        'RATE_LIMITED',
        `Gemini rate limit or quota reached (HTTP 429)${suffix}. Try again ${when}`,
        { status, retryAfterSeconds },
      );
    }
    if (status >= 500) {
      return new GeminiFailure('UNAVAILABLE', `Gemini is unavailable (HTTP ${status})${suffix}`, {
        status,
      });
    }
    return new GeminiFailure(
      'BAD_REQUEST',
      `Gemini rejected the request for model ${context.model} (HTTP ${status})${suffix}`,
      { status },
    );
  }
  if (!context.responded) {
    const code = causeCode(error);
    const why = code && networkErrorCodes.has(code) ? ` (${code})` : '';
    return new GeminiFailure('UNAVAILABLE', `Gemini cannot be reached${why}`);
  }
  return new GeminiFailure(
    'DROPPED',
    context.receivedText
      ? 'the connection to Gemini broke off in the middle of the reply'
      : 'the connection to Gemini broke off before the reply began',
  );
}
