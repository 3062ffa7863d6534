// Event-loop delay under hostile patterns (issue 18 items 2, 3, 6): /healthz
// latency p99, seen from this process, while a client sends a glob and a log
// regex that backtrack for seconds to minutes in V8's engine, and while five
// clients run regex content searches at once; beside the same server idle,
// measured in the same run. The server runs in its own process.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { agentProto } from '../src/grpc/proto.ts';
import { makeTempDir } from '../test/utils/tempdir.ts';
import { clientOptions } from '../test/utils/grpc.ts';
import { healthzLatency, type Latency } from './support/healthz-latency.ts';
import { startGenPodProcess, stop } from './support/processes.ts';
import type { BenchRow } from './table.ts';

const benchmark = 'hostile patterns';

export async function benchHostilePatterns(quick: boolean): Promise<BenchRow[]> {
  const seconds = quick ? 2 : 8;
  const project = await makeTempDir('genpod-bench-hostile-');
  const data = await makeTempDir('genpod-bench-hostile-data-');
  await writeFile(join(project.path, 'a'.repeat(200)), 'x\n');
  await mkdir(join(project.path, 'src'));
  for (let i = 0; i < 200; i++) {
    await writeFile(
      join(project.path, 'src', `f${i}.ts`),
      `// ${'a'.repeat(60)}\nexport const v${i} = ${i};\n`,
    );
  }
  // The hostile requests run back to back for seconds: the rate limit would
  // cut them short, as for every load generator (docs/benchmarks.md).
  const server = await startGenPodProcess(project.path, data.path, { RATE_LIMIT_PER_MINUTE: '0' });
  const origin = `http://127.0.0.1:${String(server.line.httpPort)}`;
  const logs = new agentProto.LogService(
    `127.0.0.1:${String(server.line.grpcPort)}`,
    grpc.credentials.createInsecure(),
    clientOptions(server.token),
  );
  const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { ...server.authHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  };
  try {
    // 28 `a`s: 13 s per line in V8 (the figure), doubling per `a`.
    await new Promise<void>((resolve, reject) => {
      const call = logs.PushLogs((error) => (error ? reject(error) : resolve()));
      for (let i = 0; i < 50; i++) {
        call.write({ agentId: 'bench', level: 'info', message: `r28${'a'.repeat(28)}!` });
      }
      call.end();
    });
    const idle = await healthzLatency(origin, seconds);
    const glob = await healthzLatency(origin, seconds, () =>
      graphql('{ searchFiles(input: { glob: "*a*a*a*a*a*b" }) { filesScanned } }'),
    );
    const logRegex = await healthzLatency(origin, seconds, () =>
      graphql('{ logs(filter: { regex: "^r28(a+)+$" }, first: 10) { scannedLines } }'),
    );
    const searches = `{ ${Array.from(
      { length: 5 },
      (_, i) => `s${i}: searchFiles(input: { content: "(a+)+b", regex: true }) { filesScanned }`,
    ).join(' ')} }`;
    const contentRegex = await healthzLatency(origin, seconds, () => graphql(searches), {
      concurrency: 5,
    });
    const row = (metric: string, under: Latency): BenchRow => ({
      benchmark,
      metric: `/healthz p99 ${metric} (${under.loadRuns} runs)`,
      unit: 'ms',
      genpod: under.p99Ms,
      baseline: idle.p99Ms,
      baselineName: 'same server idle',
    });
    return [
      row('under searchFiles glob *a*a*a*a*a*b, 200-a name', glob),
      row('under logs regex ^r28(a+)+$, 28-a lines', logRegex),
      row('under 5 clients × 5 regex content searches', contentRegex),
      {
        benchmark,
        metric: '/healthz max under all three',
        unit: 'ms',
        genpod: Math.max(glob.maxMs, logRegex.maxMs, contentRegex.maxMs),
        baseline: idle.maxMs,
        baselineName: 'same server idle',
      },
    ];
  } finally {
    logs.close();
    await stop(server.child);
    await project.remove();
    await data.remove();
  }
}
