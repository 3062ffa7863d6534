// Requests per second and latency for a small GraphQL query through the whole
// server (Yoga, Pothos, context, resolver), against a bare node:http server
// answering the same JSON: the price of the GraphQL layer.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServer } from '../test/utils/tserver.ts';
import { httpLoad } from './support/http-load.ts';
import type { BenchRow } from './table.ts';

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
    const genpod = await httpLoad(t.graphqlUrl, query, seconds);
    const baseline = await httpLoad(bareUrl, query, seconds);
    const common = { benchmark: 'GraphQL serverInfo query', baselineName: 'bare node:http JSON' };
    return [
      {
        ...common,
        metric: 'throughput',
        unit: 'req/s',
        genpod: genpod.perSecond,
        baseline: baseline.perSecond,
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
