// The Gemini client wrapper against a fake Gemini on loopback, through the
// real @google/genai SDK: streaming, cancel, and every failure classified.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  streamGeneration,
  type GenerationEvent,
  type GenerationRequest,
} from '../../src/core/gemini/client.ts';
import {
  GeminiFailure,
  GenerationCancelled,
  parseRetryAfter,
} from '../../src/core/gemini/failure.ts';
import { startFakeGemini, type FakeGemini } from '../utils/fake-gemini.ts';

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini();
});
afterAll(() => fake.close());

function request(prompt: string, overrides: Partial<GenerationRequest> = {}): GenerationRequest {
  return {
    apiKey: fake.apiKey,
    baseUrl: fake.baseUrl,
    model: 'gemini-test',
    history: [{ role: 'user', parts: [prompt] }],
    signal: new AbortController().signal,
    idleTimeoutMs: 5_000,
    ...overrides,
  };
}

async function run(
  req: GenerationRequest,
): Promise<{ text: string; events: GenerationEvent[]; error: unknown }> {
  const events: GenerationEvent[] = [];
  let error: unknown;
  try {
    for await (const event of streamGeneration(req)) events.push(event);
  } catch (thrown) {
    error = thrown;
  }
  const text = events.map((e) => (e.type === 'text' ? e.text : '')).join('');
  return { text, events, error };
}

async function failureOf(
  req: GenerationRequest,
): Promise<{ failure: GeminiFailure; text: string }> {
  const { error, text } = await run(req);
  expect(error).toBeInstanceOf(GeminiFailure);
  return { failure: error as GeminiFailure, text };
}

describe('streamGeneration', () => {
  it('streams text chunks, then finish with the reason and token usage', async () => {
    fake.on('count', { kind: 'reply', chunks: ['one', ' two', ' three'] });
    const { events, error } = await run(request('count to three'));
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { type: 'text', text: 'one' },
      { type: 'text', text: ' two' },
      { type: 'text', text: ' three' },
      {
        type: 'finish',
        finishReason: 'STOP',
        usage: { promptTokens: 7, completionTokens: 3, totalTokens: 10 },
      },
    ]);
  });

  it('sends the history, system instruction, options and key the way Gemini expects', async () => {
    await run(
      request('', {
        model: 'gemini-wire',
        history: [
          { role: 'user', parts: ['first question'] },
          { role: 'model', parts: ['first answer'] },
          { role: 'user', parts: ['before', 'wire check'] },
        ],
        systemInstruction: 'be brief',
        options: { temperature: 0.2, maxOutputTokens: 64, topK: undefined },
      }),
    );
    const sent = await fake.waitForRequest('wire check');
    expect(sent.path).toBe('/v1/models/gemini-wire:streamGenerateContent?alt=sse');
    expect(sent.apiKey).toBe(fake.apiKey);
    expect(sent.body.contents).toEqual([
      { role: 'user', parts: [{ text: 'first question' }] },
      { role: 'model', parts: [{ text: 'first answer' }] },
      { role: 'user', parts: [{ text: 'before' }, { text: 'wire check' }] },
    ]);
    expect(sent.body.systemInstruction).toMatchObject({ parts: [{ text: 'be brief' }] });
    expect(sent.body.generationConfig).toEqual({ temperature: 0.2, maxOutputTokens: 64 });
  });

  it('aborts the upstream request when cancelled, and says it was cancelled', async () => {
    fake.on('cancel me', { kind: 'stall', chunks: ['partial'] });
    const controller = new AbortController();
    const events: GenerationEvent[] = [];
    let error: unknown;
    try {
      for await (const event of streamGeneration(
        request('cancel me', { signal: controller.signal }),
      )) {
        events.push(event);
        controller.abort();
      }
    } catch (thrown) {
      error = thrown;
    }
    expect(events).toEqual([{ type: 'text', text: 'partial' }]);
    expect(error).toBeInstanceOf(GenerationCancelled);
    const upstream = await fake.waitForRequest('cancel me');
    await upstream.closed;
    expect(upstream.abortedByClient).toBe(true);
  });

  it('fails NOT_CONFIGURED without a key, before any request', async () => {
    const before = fake.requests.length;
    const { failure } = await failureOf(request('no key', { apiKey: undefined }));
    expect(failure.reason).toBe('NOT_CONFIGURED');
    expect(failure.code).toBe('UPSTREAM');
    expect(fake.requests.length).toBe(before);
  });

  it('fails AUTH for a refused key and never repeats the key', async () => {
    const badKey = 'AIzaWRONG-key-that-must-not-leak-42';
    const { failure } = await failureOf(request('bad key', { apiKey: badKey }));
    expect(failure.reason).toBe('AUTH');
    expect(failure.message).toContain('API key not valid');
    expect(
      JSON.stringify({ m: failure.message, d: failure.details, s: failure.stack }),
    ).not.toContain(badKey);
  });

  it.each([401, 403])('fails AUTH on HTTP %i', async (status) => {
    fake.on(`status ${status}`, { kind: 'status', status });
    const { failure } = await failureOf(request(`status ${status}`));
    expect(failure.reason).toBe('AUTH');
    expect(failure.details).toMatchObject({ upstreamStatus: status });
  });

  it('fails RATE_LIMITED on 429 with the Retry-After seconds', async () => {
    fake.on('busy header', {
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '17' },
      body: { error: { code: 429, message: 'Resource exhausted', status: 'RESOURCE_EXHAUSTED' } },
    });
    const { failure } = await failureOf(request('busy header'));
    expect(failure.reason).toBe('RATE_LIMITED');
    expect(failure.retryAfterSeconds).toBe(17);
    expect(failure.message).toMatch(/429.*Resource exhausted.*in 17 s/);
  });

  it("reads the retry delay from Google's RetryInfo when there is no header", async () => {
    fake.on('busy body', {
      kind: 'status',
      status: 429,
      body: {
        error: {
          code: 429,
          message: 'Quota exceeded',
          status: 'RESOURCE_EXHAUSTED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '36.5s' }],
        },
      },
    });
    const { failure } = await failureOf(request('busy body'));
    expect(failure.retryAfterSeconds).toBe(37);
  });

  it.each([500, 503])('fails UNAVAILABLE on HTTP %i', async (status) => {
    fake.on(`server ${status}`, { kind: 'status', status });
    const { failure } = await failureOf(request(`server ${status}`));
    expect(failure.reason).toBe('UNAVAILABLE');
  });

  it('fails BAD_REQUEST when Gemini refuses the request itself', async () => {
    fake.on('unknown model', {
      kind: 'status',
      status: 404,
      body: { error: { code: 404, message: 'models/nope is not found', status: 'NOT_FOUND' } },
    });
    const { failure } = await failureOf(request('unknown model', { model: 'nope' }));
    expect(failure.reason).toBe('BAD_REQUEST');
    expect(failure.message).toContain('models/nope is not found');
  });

  it('fails UNAVAILABLE when nothing listens at the base URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const { failure } = await failureOf(request('nobody', { baseUrl: `http://127.0.0.1:${port}` }));
    expect(failure.reason).toBe('UNAVAILABLE');
  });

  it('fails TIMEOUT when Gemini goes quiet, keeping the text that came', async () => {
    fake.on('go quiet', { kind: 'stall', chunks: ['so far'] });
    const { failure, text } = await failureOf(request('go quiet', { idleTimeoutMs: 300 }));
    expect(failure.reason).toBe('TIMEOUT');
    expect(text).toBe('so far');
    const upstream = await fake.waitForRequest('go quiet');
    await upstream.closed;
    expect(upstream.abortedByClient).toBe(true);
  });

  it('fails SAFETY when the prompt is blocked', async () => {
    fake.on('blocked prompt', { kind: 'blocked', blockReason: 'PROHIBITED_CONTENT' });
    const { failure } = await failureOf(request('blocked prompt'));
    expect(failure.reason).toBe('SAFETY');
    expect(failure.message).toContain('PROHIBITED_CONTENT');
  });

  it('fails SAFETY when the reply is cut off by finishReason SAFETY, keeping its text', async () => {
    fake.on('unsafe reply', { kind: 'reply', chunks: ['fine', ' then'], finishReason: 'SAFETY' });
    const { failure, text } = await failureOf(request('unsafe reply'));
    expect(failure.reason).toBe('SAFETY');
    expect(text).toBe('fine then');
  });

  it('fails DROPPED when the connection breaks mid-reply, keeping its text', async () => {
    fake.on('drop me', { kind: 'drop', chunks: ['half', ' a'] });
    const { failure, text } = await failureOf(request('drop me'));
    expect(failure.reason).toBe('DROPPED');
    expect(text).toBe('half a');
  });

  it('fails DROPPED when the stream ends without a finishReason', async () => {
    fake.on('truncated', { kind: 'truncate', chunks: ['cut'] });
    const { failure, text } = await failureOf(request('truncated'));
    expect(failure.reason).toBe('DROPPED');
    expect(text).toBe('cut');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, an HTTP date, or RetryInfo, preferring the header', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('12', undefined, now)).toBe(12);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', undefined, now)).toBe(30);
    expect(parseRetryAfter(undefined, '4.2s', now)).toBe(5);
    expect(parseRetryAfter('3', '40s', now)).toBe(3);
    expect(parseRetryAfter('soon', 'later', now)).toBeUndefined();
  });
});
