// Requests per second and latency for a small GraphQL `file` query (a 1 KiB
// source file: stat, content, version) through the whole server (auth, GraphQL,
// Pothos, path jail, resolver), against a bare node:http server that reads
// the same file and answers the same JSON: the price of everything but the
// disk. The same for gRPC AgentService.ReadFile against a bare grpc-js
// ReadFile on the same proto; and the `file` query with the fast path against
// the same server with GRAPHQL_FAST_PATH=off (src/http/graphql-door.ts). Each
// server runs in its own process; the load (20 connections, or 20 callers on
// one gRPC channel) runs here, so no server shares its event loop with it.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '../test/utils/tempdir.ts';
import * as grpc from '@grpc/grpc-js';
import { agentProto } from '../src/grpc/proto.ts';
import type { FileEntry__Output } from '../src/grpc/generated/genpod/agent/v1/FileEntry.ts';
import { clientOptions } from '../test/utils/grpc.ts';
import { grpcLoad } from './support/grpc-load.ts';
import { httpLoad } from './support/http-load.ts';
import { repo, startGenPodProcess, startProcess, stop } from './support/processes.ts';
import type { BenchRow } from './table.ts';

const path = 'src/greeting.ts';
type ReadFileClient = grpc.Client & {
  ReadFile(
    request: { path: string },
    callback: (error: grpc.ServiceError | null, response?: FileEntry__Output) => void,
  ): grpc.ClientUnaryCall;
};

/** One gRPC channel to `target` and a call that reads the file, checking its content. */
function readFileCaller(target: string, token: string | undefined) {
  const client = new agentProto.AgentService(
    target,
    grpc.credentials.createInsecure(),
    clientOptions(token),
  ) as unknown as ReadFileClient;
  const call = () =>
    new Promise<void>((resolve, reject) =>
      client.ReadFile({ path }, (error, entry) => {
        if (error) reject(error);
        else if (entry?.content !== source) reject(new Error(`${target} did not answer the file`));
        else resolve();
      }),
    );
  return { call, close: () => client.close() };
}

const source = Array.from(
  { length: 32 },
  (_, i) => `export const greeting${i} = 'hello from line ${i}';`,
).join('\n');

export async function benchGraphQLRequests(quick: boolean): Promise<BenchRow[]> {
  const seconds = quick ? 2 : 10;
  const dir = await makeTempDir('genpod-bench-graphql-');
  const data = await makeTempDir('genpod-bench-data-');
  const yogaData = await makeTempDir('genpod-bench-data-');
  await mkdir(join(dir.path, 'src'));
  await writeFile(join(dir.path, path), source);
  const [genpod, yogaOnly, bare] = await Promise.all([
    // A load generator, not a client: RATE_LIMIT_PER_MINUTE would refuse most of it.
    startGenPodProcess(dir.path, data.path, { RATE_LIMIT_PER_MINUTE: '0' }),
    // The same server with every request through Yoga: what the fast path saves.
    startGenPodProcess(dir.path, yogaData.path, {
      RATE_LIMIT_PER_MINUTE: '0',
      GRAPHQL_FAST_PATH: 'off',
    }),
    startProcess([`${repo}bench/support/bare-file-server-main.ts`, dir.path], {}, /"url"/),
  ]);
  const body = JSON.stringify({
    query:
      'query ($path: String!) { file(path: $path) { path name kind size modifiedAt version content } }',
    variables: { path },
  });
  const genpodUrl = `http://127.0.0.1:${String(genpod.line.httpPort)}/graphql`;
  const yogaUrl = `http://127.0.0.1:${String(yogaOnly.line.httpPort)}/graphql`;
  try {
    // Both answers must hold the file, or the figures compare nothing.
    for (const [url, headers] of [
      [genpodUrl, genpod.authHeaders],
      [yogaUrl, yogaOnly.authHeaders],
      [String(bare.line.url), {}],
    ] as const) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
      });
      const answer = (await response.json()) as { data?: { file?: { content?: string } } };
      if (answer.data?.file?.content !== source) {
        throw new Error(`${url} did not answer the file: ${JSON.stringify(answer).slice(0, 200)}`);
      }
    }
    // A short warm-up each, so neither pays for its JIT in the measure.
    await httpLoad(genpodUrl, body, 1, genpod.authHeaders);
    await httpLoad(String(bare.line.url), body, 1, {});
    await httpLoad(yogaUrl, body, 1, yogaOnly.authHeaders);
    const ours = await httpLoad(genpodUrl, body, seconds, genpod.authHeaders);
    const baseline = await httpLoad(String(bare.line.url), body, seconds, {});
    const throughYoga = await httpLoad(yogaUrl, body, seconds, yogaOnly.authHeaders);
    const grpcOurs = readFileCaller(`127.0.0.1:${String(genpod.line.grpcPort)}`, genpod.token);
    const grpcBare = readFileCaller(String(bare.line.grpcTarget), undefined);
    let grpcRows: BenchRow[];
    try {
      const oursGrpc = await grpcLoad(grpcOurs.call, seconds);
      const bareGrpc = await grpcLoad(grpcBare.call, seconds);
      const grpcCommon = {
        benchmark: 'gRPC ReadFile (1 KiB file)',
        baselineName: 'bare grpc-js reading the file',
      };
      grpcRows = [
        {
          ...grpcCommon,
          metric: 'throughput',
          unit: 'calls/s',
          genpod: oursGrpc.perSecond,
          baseline: bareGrpc.perSecond,
        },
        {
          ...grpcCommon,
          metric: 'latency p99',
          unit: 'ms',
          genpod: oursGrpc.p99Ms,
          baseline: bareGrpc.p99Ms,
        },
      ];
    } finally {
      grpcOurs.close();
      grpcBare.close();
    }
    const common = {
      benchmark: 'GraphQL file query (1 KiB file)',
      baselineName: 'bare node:http reading the file',
    };
    return [
      {
        ...common,
        metric: 'throughput',
        unit: 'req/s',
        genpod: ours.perSecond,
        baseline: baseline.perSecond,
      },
      {
        ...common,
        metric: 'latency p99',
        unit: 'ms',
        genpod: ours.p99Ms,
        baseline: baseline.p99Ms,
      },
      {
        benchmark: 'GraphQL file query, fast path',
        baselineName: 'same server, GRAPHQL_FAST_PATH=off',
        metric: 'throughput',
        unit: 'req/s',
        genpod: ours.perSecond,
        baseline: throughYoga.perSecond,
      },
      ...grpcRows,
    ];
  } finally {
    await stop(genpod.child);
    await stop(yogaOnly.child);
    await stop(bare.child);
    await dir.remove();
    await data.remove();
    await yogaData.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./table.ts');
  printTable(await benchGraphQLRequests(process.argv.includes('--quick')));
}
