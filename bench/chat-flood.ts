// A chat flood (issue 18 item 4): gRPC SendMessageStream calls pouring
// relay_only messages in as fast as the client can write them, ignoring
// backpressure, with the rate limit off so every message is a database
// write. Reported beside the same server idle, in the same run: the server's
// own event-loop delay p99 (prom-client's nodejs_eventloop_lag_p99_seconds,
// which /metrics resets at each scrape, so one scrape before and one after a
// phase measure that phase) and /healthz as a client sees it.
import type { ClientDuplexStream } from '@grpc/grpc-js';
import type { ChatRequest } from '../src/grpc/generated/genpod/agent/v1/ChatRequest.ts';
import type { ChatResponse__Output } from '../src/grpc/generated/genpod/agent/v1/ChatResponse.ts';
import { gql } from '../test/utils/graphql.ts';
import { agentClients } from '../test/utils/grpc.ts';
import { parsePrometheusText } from '../test/utils/prometheus.ts';
import { makeTempDir } from '../test/utils/tempdir.ts';
import { healthzLatency, type Latency } from './support/healthz-latency.ts';
import { startGenPodProcess, stop, type GenPodProcess } from './support/processes.ts';
import type { BenchRow } from './table.ts';

const messagesPerFlood = 500;
const content = 'x'.repeat(2_000);

async function eventLoopP99Ms(origin: string, server: GenPodProcess): Promise<number> {
  const response = await fetch(`${origin}/metrics`, { headers: server.authHeaders });
  const scrape = parsePrometheusText(await response.text());
  return (scrape.value('nodejs_eventloop_lag_p99_seconds') ?? Number.NaN) * 1000;
}

/** One stream, every message written at once; resolves when the server has answered them all. */
function flood(clients: ReturnType<typeof agentClients>, sessionId: string): Promise<number> {
  const call: ClientDuplexStream<ChatRequest, ChatResponse__Output> =
    clients.chat.SendMessageStream();
  let answers = 0;
  call.on('data', () => answers++);
  const ended = new Promise<number>((resolve, reject) => {
    call.on('end', () => resolve(answers));
    call.on('error', reject);
  });
  for (let i = 0; i < messagesPerFlood; i++) {
    call.write({ sessionId, content: `${content} ${i}`, relayOnly: true });
  }
  call.end();
  return ended;
}

/** The server's loop delay p99 and /healthz over one phase. */
async function phase(
  origin: string,
  server: GenPodProcess,
  seconds: number,
  load?: () => Promise<unknown>,
): Promise<{ loopP99Ms: number; healthz: Latency }> {
  await eventLoopP99Ms(origin, server); // resets the server's histogram
  const healthz = await healthzLatency(origin, seconds, load);
  return { loopP99Ms: await eventLoopP99Ms(origin, server), healthz };
}

export async function benchChatFlood(quick: boolean): Promise<BenchRow[]> {
  const seconds = quick ? 5 : 15;
  const temp = await makeTempDir();
  const server = await startGenPodProcess(`${temp.path}/project`, `${temp.path}/data`, {
    RATE_LIMIT_PER_MINUTE: '0',
  });
  const origin = `http://127.0.0.1:${String(server.line.httpPort)}`;
  const clients = agentClients(`127.0.0.1:${String(server.line.grpcPort)}`, server.token);
  try {
    const created = await gql<{ createChatSession: { id: string } }>(
      `${origin}/graphql`,
      'mutation { createChatSession(input: { title: "flood" }) { id } }',
      undefined,
      server.authHeaders,
    );
    const sessionId = created.data?.createChatSession.id;
    if (!sessionId) throw new Error(JSON.stringify(created.errors));
    await flood(clients, sessionId); // warm-up: first statements, channel
    const idle = await phase(origin, server, seconds);
    let answered = 0;
    const started = performance.now();
    const flooded = await phase(origin, server, seconds, async () => {
      answered += await flood(clients, sessionId);
    });
    const perSecond = answered / ((performance.now() - started) / 1000);
    const base = { benchmark: 'chat flood (gRPC, 1 stream)', baselineName: 'same server, idle' };
    console.error(`chat flood: ${Math.round(perSecond)} messages stored per second`);
    return [
      {
        ...base,
        metric: 'event-loop delay p99',
        unit: 'ms',
        genpod: flooded.loopP99Ms,
        baseline: idle.loopP99Ms,
      },
      {
        ...base,
        metric: '/healthz p99',
        unit: 'ms',
        genpod: flooded.healthz.p99Ms,
        baseline: idle.healthz.p99Ms,
      },
      {
        ...base,
        metric: '/healthz max',
        unit: 'ms',
        genpod: flooded.healthz.maxMs,
        baseline: idle.healthz.maxMs,
      },
    ];
  } finally {
    clients.chat.close();
    clients.agent.close();
    await stop(server.child);
    await temp.remove();
  }
}
