// What fetching a rendered prompt costs an agent: PromptService.GetRenderedPrompt
// through the whole server (gRPC, auth, resolver, version lookup, variable
// checks, Mustache), against a bare grpc-js server on the same proto that
// renders the same template from memory; and GraphQL renderPrompt against a
// bare node:http server doing the same. GenPod and the baselines each run in
// their own process; the load comes from this one. A CHAT prompt that
// includes the TEXT one ({{> review}}) and fills a placeholder is measured
// against the TEXT prompt alone on the same server: what composition costs.
import * as grpc from '@grpc/grpc-js';
import { agentProto } from '../src/grpc/proto.ts';
import type { GetRenderedPromptRequest } from '../src/grpc/generated/genpod/agent/v1/GetRenderedPromptRequest.ts';
import type { RenderedPrompt__Output } from '../src/grpc/generated/genpod/agent/v1/RenderedPrompt.ts';
import { gql } from '../test/utils/graphql.ts';
import { clientOptions } from '../test/utils/grpc.ts';
import { makeTempDir } from '../test/utils/tempdir.ts';
import { grpcLoad } from './support/grpc-load.ts';
import { httpLoad, type Load } from './support/http-load.ts';
import { repo, startGenPodProcess, startProcess, stop } from './support/processes.ts';
import { promptBody, promptValues, promptVariables } from './support/prompt-fixture.ts';
import type { BenchRow } from './table.ts';

const variables = promptValues;

type PromptClient = grpc.Client & {
  GetRenderedPrompt(
    request: GetRenderedPromptRequest,
    callback: (error: grpc.ServiceError | null, response?: RenderedPrompt__Output) => void,
  ): grpc.ClientUnaryCall;
};

const textRequest: GetRenderedPromptRequest = {
  name: 'review',
  label: 'production',
  variablesJson: JSON.stringify(variables),
};

const chatRequest: GetRenderedPromptRequest = {
  name: 'review-chat',
  label: 'production',
  variablesJson: JSON.stringify({ ...variables, file: 'src/main.ts' }),
  placeholders: {
    history: {
      messages: [
        { role: 'user', content: 'Please review my change.' },
        { role: 'assistant', content: 'Send the file.' },
      ],
    },
  },
};

/**
 * `concurrency` callers each making calls back to back for `seconds`
 * (support/grpc-load.ts); `options` carry the bearer token for GenPod
 * (`clientOptions(token)`), `{}` for the bare server.
 */
async function renderLoad(
  target: string,
  options: grpc.ClientOptions,
  seconds: number,
  concurrency: number,
  request: GetRenderedPromptRequest = textRequest,
): Promise<Load> {
  const client = new agentProto.PromptService(
    target,
    grpc.credentials.createInsecure(),
    options,
  ) as unknown as PromptClient;
  const call = () =>
    new Promise<void>((resolve, reject) =>
      client.GetRenderedPrompt(request, (error) => (error ? reject(error) : resolve())),
    );
  try {
    return await grpcLoad(call, seconds, concurrency);
  } finally {
    client.close();
  }
}

/** The TEXT prompt and the CHAT one including it, stored through GraphQL. */
async function storePrompts(url: string, headers: Record<string, string>): Promise<void> {
  const created = await gql(
    url,
    `mutation($input: CreatePromptInput!) { createPrompt(input: $input) { name } }`,
    {
      input: {
        name: 'review',
        body: promptBody,
        labels: ['production'],
        variables: promptVariables,
      },
    },
    headers,
  );
  if (created.errors) throw new Error(created.errors[0]?.message);
  const createdChat = await gql(
    url,
    `mutation($input: CreatePromptInput!) { createPrompt(input: $input) { name } }`,
    {
      input: {
        name: 'review-chat',
        type: 'CHAT',
        labels: ['production'],
        messages: [
          { role: 'SYSTEM', content: '{{> review@production}}' },
          { placeholder: 'history' },
          { role: 'USER', content: 'Review {{file}}.' },
        ],
        variables: [{ name: 'file', type: 'STRING' }],
        config: { temperature: 0.2 },
      },
    },
    headers,
  );
  if (createdChat.errors) throw new Error(createdChat.errors[0]?.message);
}

export async function benchPromptRender(quick: boolean): Promise<BenchRow[]> {
  const seconds = quick ? 2 : 10;
  const dir = await makeTempDir('genpod-bench-prompt-');
  const data = await makeTempDir('genpod-bench-data-');
  const yogaData = await makeTempDir('genpod-bench-data-');
  const [genpod, yogaOnly, bare] = await Promise.all([
    // A load generator, not a client: RATE_LIMIT_PER_MINUTE would refuse most of it.
    startGenPodProcess(dir.path, data.path, { RATE_LIMIT_PER_MINUTE: '0' }),
    // The same server with every request through Yoga: what the fast path saves.
    startGenPodProcess(dir.path, yogaData.path, {
      RATE_LIMIT_PER_MINUTE: '0',
      GRAPHQL_FAST_PATH: 'off',
    }),
    startProcess([`${repo}bench/support/bare-prompt-servers-main.ts`], {}, /"grpcTarget"/),
  ]);
  const graphqlUrl = `http://127.0.0.1:${String(genpod.line.httpPort)}/graphql`;
  const grpcTarget = `127.0.0.1:${String(genpod.line.grpcPort)}`;
  const bareHttpUrl = String(bare.line.url);
  const bareGrpcTarget = String(bare.line.grpcTarget);
  const yogaUrl = `http://127.0.0.1:${String(yogaOnly.line.httpPort)}/graphql`;
  await storePrompts(graphqlUrl, genpod.authHeaders);
  await storePrompts(yogaUrl, yogaOnly.authHeaders);
  const query = JSON.stringify({
    query:
      'query($v: JSON) { renderPrompt(name: "review", label: "production", variables: $v) { text } }',
    variables: { v: variables },
  });
  // Both must render the same text, or the figures compare nothing.
  const texts = await Promise.all(
    [
      [graphqlUrl, genpod.authHeaders],
      [bareHttpUrl, {}],
      [yogaUrl, yogaOnly.authHeaders],
    ].map(async ([url, headers]) => {
      const response = await fetch(url as string, {
        method: 'POST',
        headers: { ...(headers as Record<string, string>), 'content-type': 'application/json' },
        body: query,
      });
      const answer = (await response.json()) as { data?: { renderPrompt?: { text?: string } } };
      return answer.data?.renderPrompt?.text;
    }),
  );
  if (!texts[0] || texts[0] !== texts[1] || texts[0] !== texts[2]) {
    await Promise.all([stop(genpod.child), stop(yogaOnly.child), stop(bare.child)]);
    throw new Error(`renders differ: ${JSON.stringify(texts)}`);
  }
  try {
    const grpcGenpod = await renderLoad(grpcTarget, clientOptions(genpod.token), seconds, 20);
    const grpcBare = await renderLoad(bareGrpcTarget, {}, seconds, 20);
    const grpcChat = await renderLoad(
      grpcTarget,
      clientOptions(genpod.token),
      seconds,
      20,
      chatRequest,
    );
    const grpcText = await renderLoad(grpcTarget, clientOptions(genpod.token), seconds, 20);
    // A short warm-up each, so neither pays for its JIT in the measure.
    await httpLoad(graphqlUrl, query, 1, genpod.authHeaders);
    await httpLoad(bareHttpUrl, query, 1, {});
    await httpLoad(yogaUrl, query, 1, yogaOnly.authHeaders);
    const httpGenpod = await httpLoad(graphqlUrl, query, seconds, genpod.authHeaders);
    const httpBare = await httpLoad(bareHttpUrl, query, seconds, {});
    const httpYoga = await httpLoad(yogaUrl, query, seconds, yogaOnly.authHeaders);
    const grpcRow = {
      benchmark: 'gRPC GetRenderedPrompt',
      baselineName: 'bare grpc-js rendering from memory',
    };
    const httpRow = {
      benchmark: 'GraphQL renderPrompt',
      baselineName: 'bare node:http rendering from memory',
    };
    const chatRow = {
      benchmark: 'gRPC GetRenderedPrompt, CHAT including TEXT',
      baselineName: 'same server, the TEXT prompt alone',
    };
    return [
      {
        ...chatRow,
        metric: 'throughput',
        unit: 'calls/s',
        genpod: grpcChat.perSecond,
        baseline: grpcText.perSecond,
      },
      {
        ...chatRow,
        metric: 'latency p99',
        unit: 'ms',
        genpod: grpcChat.p99Ms,
        baseline: grpcText.p99Ms,
      },
      {
        ...grpcRow,
        metric: 'throughput',
        unit: 'calls/s',
        genpod: grpcGenpod.perSecond,
        baseline: grpcBare.perSecond,
      },
      {
        ...grpcRow,
        metric: 'latency p99',
        unit: 'ms',
        genpod: grpcGenpod.p99Ms,
        baseline: grpcBare.p99Ms,
      },
      {
        ...httpRow,
        metric: 'throughput',
        unit: 'req/s',
        genpod: httpGenpod.perSecond,
        baseline: httpBare.perSecond,
      },
      {
        ...httpRow,
        metric: 'latency p99',
        unit: 'ms',
        genpod: httpGenpod.p99Ms,
        baseline: httpBare.p99Ms,
      },
      {
        benchmark: 'GraphQL renderPrompt, fast path',
        baselineName: 'same server, GRAPHQL_FAST_PATH=off',
        metric: 'throughput',
        unit: 'req/s',
        genpod: httpGenpod.perSecond,
        baseline: httpYoga.perSecond,
      },
    ];
  } finally {
    await Promise.all([stop(genpod.child), stop(yogaOnly.child), stop(bare.child)]);
    await dir.remove();
    await data.remove();
    await yogaData.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./table.ts');
  printTable(await benchPromptRender(process.argv.includes('--quick')));
}
