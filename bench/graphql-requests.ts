// Requests per second and latency for a small GraphQL query through the whole
// server (Yoga, Pothos, context, resolver), against a bare node:http server
// answering the same JSON: the price of the GraphQL layer.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { startTestServer } from '../test/utils/tserver.ts';
import type { BenchRow } from './table.ts';

interface Load {
  requestsPerSecond: number;
  p99Ms: number;
}

function load(url: string, body: string, seconds: number): Promise<Load> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
        connections: 20,
        duration: seconds,
      },
      (error, result) => {
        if (error) reject(error);
        else if (result.non2xx > 0 || result.errors > 0) reject(new Error('requests failed'));
        else resolve({ requestsPerSecond: result.requests.average, p99Ms: result.latency.p99 });
      },
    );
  });
}

export async function benchGraphQLRequests(quick: boolean): Promise<BenchRow[]> {
  const seconds = quick ? 3 : 10;
  const query = JSON.stringify({ query: '{ serverInfo { version httpPort projectRoot } }' });
  const t = await startTestServer({ LOG_LEVEL: 'warn' });
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          data: { serverInfo: { version: '0.1.0', httpPort: 0, projectRoot: t.projectRoot } },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/graphql`;
  try {
    const genpod = await load(t.graphqlUrl, query, seconds);
    const baseline = await load(bareUrl, query, seconds);
    const common = { benchmark: 'GraphQL serverInfo query', baselineName: 'bare node:http JSON' };
    return [
      {
        ...common,
        metric: 'throughput',
        unit: 'req/s',
        genpod: genpod.requestsPerSecond,
        baseline: baseline.requestsPerSecond,
      },
      {
        ...common,
        metric: 'latency p99',
        unit: 'ms',
        genpod: genpod.p99Ms,
        baseline: baseline.p99Ms,
      },
    ];
  } finally {
    bare.close();
    await t.stop();
  }
}
