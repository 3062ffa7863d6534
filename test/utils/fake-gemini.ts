// A fake Gemini API on loopback that speaks the real wire format, so tests
// drive the real @google/genai SDK: POST /v1/models/<model>:streamGenerateContent?alt=sse
// (the SDK's default API version; /v1beta is accepted too)
// answered with `data: {GenerateContentResponse JSON}` server-sent events, the
// last carrying finishReason and usageMetadata, or with Google's error JSON.
// Each request is answered by a script chosen by the text of the last user part.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export type GeminiScript =
  /** A normal streamed reply. */
  | {
      kind: 'reply';
      chunks: string[];
      /** Pause before each chunk. @default 0 */
      delayMs?: number;
      /** @default 'STOP' */
      finishReason?: string;
    }
  /** An HTTP error with Google's error body, e.g. 429 with Retry-After. */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** The prompt blocked: one chunk with promptFeedback.blockReason and no candidates. */
  | { kind: 'blocked'; blockReason: string }
  /** Some chunks, then the connection is destroyed mid-stream. */
  | { kind: 'drop'; chunks: string[]; delayMs?: number }
  /** Some chunks, then a clean end of the body without a finishReason. */
  | { kind: 'truncate'; chunks: string[] }
  /** Some chunks, then silence until the client gives up. */
  | { kind: 'stall'; chunks: string[] };

export interface GeminiTurnBody {
  role?: string;
  parts?: Array<{ text?: string }>;
}

export interface FakeGeminiRequest {
  method: string;
  path: string;
  model: string;
  apiKey: string | undefined;
  body: {
    contents?: GeminiTurnBody[];
    systemInstruction?: GeminiTurnBody;
    generationConfig?: Record<string, unknown>;
  };
  /** The text of the last part of the last user turn: what selects the script. */
  prompt: string;
  /** performance.now() when each chunk was written. */
  chunkSentAt: number[];
  /** Set when the client closed the connection before the reply ended. */
  abortedByClient: boolean;
  /** Resolves when the exchange is over, however it ended. */
  closed: Promise<void>;
}

export interface FakeGemini {
  /** For GEMINI_BASE_URL. */
  baseUrl: string;
  /** The key it accepts; any other gets Google's 400 API_KEY_INVALID. */
  apiKey: string;
  requests: FakeGeminiRequest[];
  /** Scripts the reply to prompts that contain `key`. */
  on(key: string, script: GeminiScript): void;
  /** The first request whose prompt contains `key`, once it has arrived. */
  waitForRequest(key: string, timeoutMs?: number): Promise<FakeGeminiRequest>;
  close(): Promise<void>;
}

export const fakeGeminiKey = 'AIzaFAKE-test-key-0123456789abcdef';

const defaultScript: GeminiScript = {
  kind: 'reply',
  chunks: ['Hello', ' from', ' fake', ' Gemini'],
};

function chunkJson(text: string, finishReason: string | undefined, index: number): string {
  const candidate: Record<string, unknown> = {
    content: { parts: [{ text }], role: 'model' },
    index: 0,
  };
  if (finishReason) candidate.finishReason = finishReason;
  return JSON.stringify({
    candidates: [candidate],
    usageMetadata: {
      promptTokenCount: 7,
      candidatesTokenCount: index + 1,
      totalTokenCount: 8 + index,
    },
    modelVersion: 'fake-gemini',
    responseId: 'fake-response',
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFakeGemini(options: { apiKey?: string } = {}): Promise<FakeGemini> {
  const apiKey = options.apiKey ?? fakeGeminiKey;
  const scripts: Array<[string, GeminiScript]> = [];
  const requests: FakeGeminiRequest[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<import('node:net').Socket>();

  const scriptFor = (prompt: string): GeminiScript => {
    // The longest matching key wins, so specific scripts beat general ones.
    let best: [string, GeminiScript] | undefined;
    for (const entry of scripts) {
      if (prompt.includes(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
    }
    return best?.[1] ?? defaultScript;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    // @google/genai 3 calls the stable v1 API by default; v1beta is the same wire format.
    const match = /^\/(?:v1|v1beta)\/models\/([^/:]+):streamGenerateContent$/.exec(url.pathname);
    if (req.method !== 'POST' || !match || url.searchParams.get('alt') !== 'sse') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 404, message: 'not found', status: 'NOT_FOUND' } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as FakeGeminiRequest['body'];
    const userTurns = (body.contents ?? []).filter((turn) => turn.role === 'user');
    const lastParts = userTurns[userTurns.length - 1]?.parts ?? [];
    const prompt = lastParts[lastParts.length - 1]?.text ?? '';
    let markClosed: () => void = () => {};
    const request: FakeGeminiRequest = {
      method: req.method,
      path: `${url.pathname}${url.search}`,
      model: match[1] ?? '',
      apiKey: req.headers['x-goog-api-key']?.toString(),
      body,
      prompt,
      chunkSentAt: [],
      abortedByClient: false,
      closed: new Promise<void>((resolve) => (markClosed = resolve)),
    };
    requests.push(request);
    for (const wake of waiters) wake();
    res.on('close', () => {
      if (!res.writableFinished) request.abortedByClient = true;
      markClosed();
    });

    if (request.apiKey !== apiKey) {
      res.writeHead(400, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(
        JSON.stringify({
          error: {
            code: 400,
            message: 'API key not valid. Please pass a valid API key.',
            status: 'INVALID_ARGUMENT',
            details: [
              {
                '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                reason: 'API_KEY_INVALID',
                domain: 'googleapis.com',
              },
            ],
          },
        }),
      );
      return;
    }

    const script = scriptFor(prompt);
    if (script.kind === 'status') {
      res.writeHead(script.status, {
        'content-type': 'application/json; charset=UTF-8',
        ...script.headers,
      });
      res.end(
        JSON.stringify(
          script.body ?? {
            error: {
              code: script.status,
              message: `fake status ${script.status}`,
              status: 'ERROR',
            },
          },
        ),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (json: string) => {
      if (res.destroyed) return;
      res.write(`data: ${json}\r\n\r\n`);
      request.chunkSentAt.push(performance.now());
    };
    if (script.kind === 'blocked') {
      send(
        JSON.stringify({
          promptFeedback: { blockReason: script.blockReason },
          usageMetadata: { promptTokenCount: 7, totalTokenCount: 7 },
          modelVersion: 'fake-gemini',
        }),
      );
      res.end();
      return;
    }
    const delayMs = 'delayMs' in script ? (script.delayMs ?? 0) : 0;
    for (const [index, text] of script.chunks.entries()) {
      if (delayMs > 0) await sleep(delayMs);
      if (res.destroyed) return;
      const last = index === script.chunks.length - 1;
      const finish = script.kind === 'reply' && last ? (script.finishReason ?? 'STOP') : undefined;
      send(chunkJson(text, finish, index));
    }
    if (script.kind === 'reply' && script.chunks.length === 0) {
      send(chunkJson('', script.finishReason ?? 'STOP', 0));
    }
    if (script.kind === 'drop') {
      // Let the chunks reach the client, then break the connection mid-body.
      await sleep(20);
      res.socket?.destroy();
      return;
    }
    if (script.kind === 'stall') return; // Hold the response open until the client leaves.
    res.end();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.destroy(error as Error);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    on(key, script) {
      scripts.push([key, script]);
    },
    async waitForRequest(key, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = requests.find((r) => r.prompt.includes(key));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no Gemini request for "${key}" arrived`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
          setTimeout(wake, 50);
        });
      }
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
