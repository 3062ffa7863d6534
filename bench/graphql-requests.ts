// Requests per second and latency for a small GraphQL `file` query (a 1 KiB
// source file: stat, content, version) through the whole server (auth, Yoga,
// Pothos, path jail, resolver), against a bare node:http server that reads
// the same file and answers the same JSON: the price of everything but the
// disk. Each server runs in its own process; autocannon (20 connections)
// runs here, so neither server shares its event loop with the load.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '../test/utils/tempdir.ts';
import { httpLoad } from './support/http-load.ts';
import { repo, startGenPodProcess, startProcess, stop } from './support/processes.ts';
import type { BenchRow } from './table.ts';

const path = 'src/greeting.ts';
const source = Array.from(
  { length: 32 },
  (_, i) => `export const greeting${i} = 'hello from line ${i}';`,
).join('\n');

export async function benchGraphQLRequests(quick: boolean): Promise<BenchRow[]> {
  const seconds = quick ? 2 : 10;
  const dir = await makeTempDir('genpod-bench-graphql-');
  const data = await makeTempDir('genpod-bench-data-');
  await mkdir(join(dir.path, 'src'));
  await writeFile(join(dir.path, path), source);
  const [genpod, bare] = await Promise.all([
    // A load generator, not a client: RATE_LIMIT_PER_MINUTE would refuse most of it.
    startGenPodProcess(dir.path, data.path, { RATE_LIMIT_PER_MINUTE: '0' }),
    startProcess([`${repo}bench/support/bare-file-server-main.ts`, dir.path], {}, /"url"/),
  ]);
  const body = JSON.stringify({
    query:
      'query ($path: String!) { file(path: $path) { path name kind size modifiedAt version content } }',
    variables: { path },
  });
  const genpodUrl = `http://127.0.0.1:${String(genpod.line.httpPort)}/graphql`;
  try {
    // Both answers must hold the file, or the figures compare nothing.
    for (const [url, headers] of [
      [genpodUrl, genpod.authHeaders],
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
    const ours = await httpLoad(genpodUrl, body, seconds, genpod.authHeaders);
    const baseline = await httpLoad(String(bare.line.url), body, seconds, {});
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
    ];
  } finally {
    await stop(genpod.child);
    await stop(bare.child);
    await dir.remove();
    await data.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./table.ts');
  printTable(await benchGraphQLRequests(process.argv.includes('--quick')));
}
