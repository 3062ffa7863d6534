// Chat streaming: time to first token and the latency each token adds on its
// way from Gemini to the client, through GraphQL (sendMessage, then chatReply
// over graphql-sse, and over Yoga's own SSE, which the lean door writes:
// src/http/sse-door.ts) and through gRPC (SendMessageStream), against calling
// @google/genai directly on the same fake Gemini.
// A token's latency is its arrival at the client minus the moment the fake
// Gemini wrote it; the direct SDK call is the floor both transports add to,
// so GenPod's per-token overhead is its figure minus the baseline's.
// The server runs in its own process; the fake Gemini, the SDK baseline and
// the clients run here, so both clocks are this process's.
import { performance } from 'node:perf_hooks';
import { GoogleGenAI } from '@google/genai';
import { createClient } from 'graphql-sse';
import type { ChatResponse__Output } from '../src/grpc/generated/genpod/agent/v1/ChatResponse.ts';
import { startFakeGemini, type FakeGemini } from '../test/utils/fake-gemini.ts';
import { gql } from '../test/utils/graphql.ts';
import { agentClients } from '../test/utils/grpc.ts';
import { readEventStream } from '../test/utils/sse.ts';
import { makeTempDir } from '../test/utils/tempdir.ts';
import { startGenPodProcess, stop } from './support/processes.ts';
import type { BenchRow } from './table.ts';

interface RunTiming {
  /** ms from the request to the first token at the client. */
  firstTokenMs: number;
  /** ms from the fake writing each token to the client receiving it. */
  tokenLatencies: number[];
}

interface Figures {
  firstTokenMs: number;
  tokenMs: number;
  tokenP99Ms: number;
}

const tokenDelayMs = 2;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timing(
  fake: FakeGemini,
  prompt: string,
  started: number,
  arrivals: number[],
): Promise<RunTiming> {
  const request = await fake.waitForRequest(prompt);
  return {
    firstTokenMs: (arrivals[0] ?? Number.NaN) - started,
    tokenLatencies: arrivals.map((at, i) => at - (request.chunkSentAt[i] ?? at)),
  };
}

export async function benchChat(quick: boolean): Promise<BenchRow[]> {
  const runs = quick ? 5 : 30;
  const tokens = quick ? 40 : 150;
  const fake = await startFakeGemini();
  const chunks = Array.from({ length: tokens }, (_, i) => `t${i} `);
  fake.on('bench', { kind: 'reply', chunks, delayMs: tokenDelayMs });
  const project = await makeTempDir('genpod-bench-chat-');
  const data = await makeTempDir('genpod-bench-data-');
  const genpod = await startGenPodProcess(project.path, data.path, {
    GEMINI_BASE_URL: fake.baseUrl,
    GEMINI_API_KEY: fake.apiKey,
  });
  const origin = `http://127.0.0.1:${String(genpod.line.httpPort)}`;
  const t = {
    graphqlUrl: `${origin}/graphql`,
    authHeaders: genpod.authHeaders,
  };
  const sse = createClient({
    url: `${origin}/graphql/stream`,
    headers: t.authHeaders,
    retryAttempts: 0,
  });
  const { chat } = agentClients(`127.0.0.1:${String(genpod.line.grpcPort)}`, genpod.token);
  const ai = new GoogleGenAI({ apiKey: fake.apiKey, httpOptions: { baseUrl: fake.baseUrl } });

  const direct = async (run: number): Promise<RunTiming> => {
    const prompt = `bench direct ${run}`;
    const arrivals: number[] = [];
    const started = performance.now();
    const stream = await ai.models.generateContentStream({
      model: 'gemini-bench',
      contents: prompt,
    });
    for await (const chunk of stream) if (chunk.text) arrivals.push(performance.now());
    return timing(fake, prompt, started, arrivals);
  };

  /** The reply's tokens as they arrive, over graphql-sse or over Yoga's SSE (the door). */
  const replyTokens = async function* (
    protocol: 'graphql-sse' | 'yoga-sse',
    messageId: string | undefined,
  ): AsyncGenerator<string> {
    const query = 'subscription($id: ID!) { chatReply(messageId: $id) { kind token } }';
    if (protocol === 'graphql-sse') {
      const replies = sse.iterate<{ chatReply: { kind: string } }>({
        query,
        variables: { id: messageId },
      });
      for await (const result of replies) yield result.data?.chatReply.kind ?? '';
      return;
    }
    const response = await fetch(t.graphqlUrl, {
      method: 'POST',
      headers: {
        ...t.authHeaders,
        accept: 'text/event-stream',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ query, variables: { id: messageId } }),
    });
    for await (const event of readEventStream(response)) {
      if (event.event !== 'next') continue;
      const result = JSON.parse(event.data) as { data?: { chatReply: { kind: string } } };
      yield result.data?.chatReply.kind ?? '';
    }
  };

  /** A new chat session: each run times one reply, its session made beforehand. */
  const newSession = async (): Promise<string | undefined> => {
    const session = await gql<{ createChatSession: { id: string } }>(
      t.graphqlUrl,
      'mutation { createChatSession { id } }',
      {},
      t.authHeaders,
    );
    return session.data?.createChatSession.id;
  };

  const graphql =
    (protocol: 'graphql-sse' | 'yoga-sse') =>
    async (run: number): Promise<RunTiming> => {
      const prompt = `bench ${protocol} ${run}`;
      const sessionId = await newSession();
      const arrivals: number[] = [];
      const started = performance.now();
      const sent = await gql<{ sendMessage: { reply: { id: string } } }>(
        t.graphqlUrl,
        'mutation($s: ID!, $c: String!) { sendMessage(input: { sessionId: $s, content: $c }) { reply { id } } }',
        { s: sessionId, c: prompt },
        t.authHeaders,
      );
      for await (const kind of replyTokens(protocol, sent.data?.sendMessage.reply.id)) {
        if (kind === 'TOKEN') arrivals.push(performance.now());
      }
      return timing(fake, prompt, started, arrivals);
    };

  const grpc = async (run: number): Promise<RunTiming> => {
    const prompt = `bench grpc ${run}`;
    // The session exists beforehand, as in the GraphQL runs: both time one reply.
    const sessionId = await newSession();
    const arrivals: number[] = [];
    const call = chat.SendMessageStream();
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      call.on('data', (response: ChatResponse__Output) => {
        if (response.event === 'token') arrivals.push(performance.now());
        else {
          call.end();
          resolve();
        }
      });
      call.on('error', reject);
      call.write({ sessionId: sessionId ?? '', content: prompt });
    });
    return timing(fake, prompt, started, arrivals);
  };

  // The ways are measured in turn, round after round, so load from outside
  // (other processes on a shared machine) falls on all three alike.
  const measure = async (
    ways: ReadonlyArray<(index: number) => Promise<RunTiming>>,
  ): Promise<Figures[]> => {
    for (const run of ways) await run(-1); // warm-up: connections, JIT, prepared statements
    const results: RunTiming[][] = ways.map(() => []);
    for (let i = 0; i < runs; i++) {
      for (const [w, run] of ways.entries()) results[w]?.push(await run(i));
    }
    return results.map((timings) => {
      const latencies = timings.flatMap((r) => r.tokenLatencies);
      return {
        firstTokenMs: median(timings.map((r) => r.firstTokenMs)),
        tokenMs: median(latencies),
        tokenP99Ms: percentile(latencies, 99),
      };
    });
  };

  try {
    const [baseline, viaGraphQL, viaYogaSSE, viaGrpc] = await measure([
      direct,
      graphql('graphql-sse'),
      graphql('yoga-sse'),
      grpc,
    ]);
    if (!baseline || !viaGraphQL || !viaYogaSSE || !viaGrpc) {
      throw new Error('a transport was not measured');
    }
    const baselineName = '@google/genai called directly';
    const rows: BenchRow[] = [];
    for (const [transport, figures] of [
      ['GraphQL SSE', viaGraphQL],
      ["Yoga's SSE at /graphql", viaYogaSSE],
      ['gRPC', viaGrpc],
    ] as const) {
      const benchmark = `chat reply via ${transport} (${tokens} tokens)`;
      rows.push(
        {
          benchmark,
          metric: 'time to first token (median)',
          unit: 'ms',
          genpod: figures.firstTokenMs,
          baseline: baseline.firstTokenMs,
          baselineName,
        },
        {
          benchmark,
          metric: 'per-token latency (median)',
          unit: 'ms',
          genpod: figures.tokenMs,
          baseline: baseline.tokenMs,
          baselineName,
        },
        {
          benchmark,
          metric: 'per-token latency p99',
          unit: 'ms',
          genpod: figures.tokenP99Ms,
          baseline: baseline.tokenP99Ms,
          baselineName,
        },
      );
    }
    return rows;
  } finally {
    sse.dispose();
    chat.close();
    await stop(genpod.child);
    await fake.close();
    await project.remove();
    await data.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./table.ts');
  printTable(await benchChat(process.argv.includes('--quick')));
}
