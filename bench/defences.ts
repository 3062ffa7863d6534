// What the defences cost each request: the same GraphQL query against a
// server with every defence at its default (document limits, the token-
// counting parser, the body-size check, CORS, a per-token rate limit that
// counts every operation but is set high enough never to refuse this load)
// and against the same server with all of them off. Each server runs in its
// own process, one after the other; autocannon (20 connections) runs here.
import { envelop, useEngine, useSchema } from '@envelop/core';
import { getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import { loadConfig } from '../src/config.ts';
import { useQueryLimits } from '../src/http/plugins/use-query-limits.ts';
import { schema } from '../src/schema/index.ts';
import { httpLoad, type Load } from './support/http-load.ts';
import { startGenPodProcess, stop } from './support/processes.ts';
import type { BenchRow } from './table.ts';
import { makeTempDir } from '../test/utils/tempdir.ts';

// A mid-sized document (~60 tokens, depth 3): parse and validate are a real share of it.
const query = JSON.stringify({
  query:
    'query Info($path: String!) { serverInfo { version httpPort grpcPort projectRoot uptimeSeconds startedAt } ' +
    'tree(path: $path) { path name kind children { path name kind } } }',
  variables: { path: '' },
});

const defencesOff = {
  GRAPHQL_MAX_DEPTH: '0',
  GRAPHQL_MAX_COST: '0',
  GRAPHQL_MAX_ALIASES: '0',
  GRAPHQL_MAX_TOKENS: '0',
  GRAPHQL_MAX_DIRECTIVES: '0',
  RATE_LIMIT_PER_MINUTE: '0',
  CORS_ORIGINS: '*',
};

/** Every defence on; the rate limit counts every operation yet never refuses this load. */
const defencesOn = { RATE_LIMIT_PER_MINUTE: String(1_000_000_000) };

interface Server {
  url: string;
  headers: Record<string, string>;
  close(): Promise<void>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const project = await makeTempDir('genpod-bench-defences-');
  const data = await makeTempDir('genpod-bench-defences-data-');
  const server = await startGenPodProcess(project.path, data.path, { LOG_LEVEL: 'info', ...env });
  const url = `http://127.0.0.1:${String(server.line.httpPort)}/graphql`;
  // A page's origin, so CORS is on the path too.
  const headers = { ...server.authHeaders, origin: 'http://localhost:5173' };
  const close = async () => {
    await stop(server.child);
    await project.remove();
    await data.remove();
  };
  const probe = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: query,
  });
  const answer = (await probe.json()) as { data?: { serverInfo?: unknown } };
  if (!answer.data?.serverInfo) {
    await close();
    throw new Error(`no answer: ${JSON.stringify(answer)}`);
  }
  await httpLoad(url, query, 1, headers);
  return { url, headers, close };
}

/**
 * Microseconds to parse and validate `document` through Envelop with the
 * document limits at their defaults, and without them: the limits' own cost,
 * free of HTTP and of the noise of a shared machine's network stack.
 */
function parseAndValidateMicros(document: string, iterations: number, rounds: number) {
  const engine = useEngine({ parse, validate, specifiedRules });
  const plain = envelop({ plugins: [engine, useSchema(schema)] })();
  const limited = envelop({
    plugins: [engine, useSchema(schema), useQueryLimits(loadConfig({}).graphqlLimits)],
  })();
  const run = (enveloped: typeof plain) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) {
      const errors = enveloped.validate(enveloped.schema, enveloped.parse(document));
      if (errors.length > 0) throw new Error(errors[0]?.message);
    }
    return Number(process.hrtime.bigint() - start) / 1e3 / iterations;
  };
  run(plain);
  run(limited);
  let best = { plain: Infinity, limited: Infinity };
  for (let round = 0; round < rounds; round++) {
    best = {
      plain: Math.min(best.plain, run(plain)),
      limited: Math.min(best.limited, run(limited)),
    };
  }
  return best;
}

export async function benchDefences(quick: boolean): Promise<BenchRow[]> {
  const iterations = quick ? 200 : 2_000;
  const seconds = quick ? 2 : 5;
  const rounds = quick ? 2 : 4;
  const small = parseAndValidateMicros(
    (JSON.parse(query) as { query: string }).query,
    iterations * 5,
    rounds + 1,
  );
  // GraphiQL's query on load: the largest document a developer's tools send.
  const introspection = parseAndValidateMicros(
    getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }),
    iterations,
    rounds + 1,
  );
  const [off, on] = await Promise.all([startServer(defencesOff), startServer(defencesOn)]);
  const best: { off: Load; on: Load } = {
    off: { perSecond: 0, p99Ms: Infinity },
    on: { perSecond: 0, p99Ms: Infinity },
  };
  try {
    // Rounds alternate so a busy moment on a shared machine hits both alike; the best round counts.
    for (let round = 0; round < rounds; round++) {
      for (const [name, server] of [
        ['off', off],
        ['on', on],
      ] as const) {
        const load = await httpLoad(server.url, query, seconds, server.headers);
        best[name] = {
          perSecond: Math.max(best[name].perSecond, load.perSecond),
          p99Ms: Math.min(best[name].p99Ms, load.p99Ms),
        };
      }
    }
  } finally {
    await Promise.all([off.close(), on.close()]);
  }
  const limits = {
    metric: 'parse + validate',
    unit: 'µs',
    baselineName: 'the same without document limits',
  };
  const common = {
    benchmark: 'GraphQL query with defences',
    baselineName: 'same server, defences off',
  };
  return [
    {
      ...limits,
      benchmark: 'document limits, 60-token query',
      genpod: small.limited,
      baseline: small.plain,
    },
    {
      ...limits,
      benchmark: 'document limits, GraphiQL introspection',
      genpod: introspection.limited,
      baseline: introspection.plain,
    },
    {
      ...common,
      metric: 'throughput',
      unit: 'req/s',
      genpod: best.on.perSecond,
      baseline: best.off.perSecond,
    },
    {
      ...common,
      metric: 'latency p99',
      unit: 'ms',
      genpod: best.on.p99Ms,
      baseline: best.off.p99Ms,
    },
  ];
}
