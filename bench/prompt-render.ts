// What fetching a rendered prompt costs an agent: PromptService.GetRenderedPrompt
// through the whole server (gRPC, resolver, two database reads, variable
// checks, Mustache), against a bare grpc-js server on the same proto that
// answers the same text from memory; and GraphQL renderPrompt against a bare
// node:http server answering the same JSON. A CHAT prompt that includes the
// TEXT one ({{> review}}) and fills a placeholder is measured against the
// TEXT prompt alone on the same server: what composition costs a render.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { agentProto } from '../src/grpc/proto.ts';
import type { GetRenderedPromptRequest } from '../src/grpc/generated/genpod/agent/v1/GetRenderedPromptRequest.ts';
import type { PromptServiceHandlers } from '../src/grpc/generated/genpod/agent/v1/PromptService.ts';
import type { RenderedPrompt__Output } from '../src/grpc/generated/genpod/agent/v1/RenderedPrompt.ts';
import { gql } from '../test/utils/graphql.ts';
import { clientOptions } from '../test/utils/grpc.ts';
import { startTestServer } from '../test/utils/tserver.ts';
import { httpLoad, type Load } from './support/http-load.ts';
import type { BenchRow } from './table.ts';

const body = [
  'You are reviewing {{language}} code for {{project}}.',
  '{{#strict}}Be strict about style.{{/strict}}',
  'Rules:',
  '{{#rules}}- {{.}}',
  '{{/rules}}Answer in at most {{words}} words.',
].join('\n');

const variables = {
  language: 'TypeScript',
  project: 'GenPod',
  strict: true,
  rules: ['no any', 'small files'],
};

type PromptClient = grpc.Client & {
  GetRenderedPrompt(
    request: GetRenderedPromptRequest,
    callback: (error: grpc.ServiceError | null, response?: RenderedPrompt__Output) => void,
  ): grpc.ClientUnaryCall;
};

/**
 * `concurrency` callers each making calls back to back for `seconds`; `options`
 * carry the bearer token for GenPod (`clientOptions(token)`), `{}` for the bare server.
 */
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

async function grpcLoad(
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
  for (let i = 0; i < 50; i++) await call();
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const start = performance.now();
        await call();
        latencies.push(performance.now() - start);
      }
    }),
  );
  client.close();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / seconds,
    p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}

async function bareGrpcServer(text: string): Promise<{ target: string; stop(): void }> {
  const server = new grpc.Server();
  const handlers: Pick<PromptServiceHandlers, 'GetRenderedPrompt'> = {
    GetRenderedPrompt(call, callback) {
      JSON.parse(call.request.variablesJson);
      callback(null, { name: call.request.name, version: 1, labels: ['production'], text });
    },
  };
  server.addService(agentProto.PromptService.service, handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { target: `127.0.0.1:${port}`, stop: () => server.forceShutdown() };
}

export async function benchPromptRender(quick: boolean): Promise<BenchRow[]> {
  const seconds = quick ? 2 : 10;
  // A load generator, not a client: RATE_LIMIT_PER_MINUTE would refuse most of it.
  const t = await startTestServer({ LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0' });
  const created = await gql(
    t.graphqlUrl,
    `mutation($input: CreatePromptInput!) { createPrompt(input: $input) { name } }`,
    {
      input: {
        name: 'review',
        body,
        labels: ['production'],
        variables: [
          { name: 'language', type: 'STRING' },
          { name: 'project', type: 'STRING' },
          { name: 'strict', type: 'BOOLEAN', default: false },
          { name: 'rules', type: 'JSON', default: [] },
          { name: 'words', type: 'NUMBER', default: 200 },
        ],
      },
    },
    t.authHeaders,
  );
  if (created.errors) throw new Error(created.errors[0]?.message);
  const createdChat = await gql(
    t.graphqlUrl,
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
    t.authHeaders,
  );
  if (createdChat.errors) throw new Error(createdChat.errors[0]?.message);
  const rendered = await gql<{ renderPrompt: { text: string } }>(
    t.graphqlUrl,
    'query($v: JSON) { renderPrompt(name: "review", label: "production", variables: $v) { text } }',
    { v: variables },
    t.authHeaders,
  );
  const text = rendered.data?.renderPrompt.text ?? '';

  const bareGrpc = await bareGrpcServer(text);
  const bareHttp = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { renderPrompt: { text } } }));
    });
  });
  await new Promise<void>((resolve) => bareHttp.listen(0, '127.0.0.1', resolve));
  const bareHttpUrl = `http://127.0.0.1:${(bareHttp.address() as AddressInfo).port}/graphql`;
  const query = JSON.stringify({
    query:
      'query($v: JSON) { renderPrompt(name: "review", label: "production", variables: $v) { text } }',
    variables: { v: variables },
  });
  try {
    const grpcGenpod = await grpcLoad(t.grpcTarget, clientOptions(t.token), seconds, 20);
    const grpcBare = await grpcLoad(bareGrpc.target, {}, seconds, 20);
    const grpcChat = await grpcLoad(t.grpcTarget, clientOptions(t.token), seconds, 20, chatRequest);
    const grpcText = await grpcLoad(t.grpcTarget, clientOptions(t.token), seconds, 20);
    const httpGenpod = await httpLoad(t.graphqlUrl, query, seconds, t.authHeaders);
    const httpBare = await httpLoad(bareHttpUrl, query, seconds, {});
    const grpcRow = {
      benchmark: 'gRPC GetRenderedPrompt',
      baselineName: 'bare grpc-js, text from memory',
    };
    const httpRow = { benchmark: 'GraphQL renderPrompt', baselineName: 'bare node:http JSON' };
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
    ];
  } finally {
    bareGrpc.stop();
    bareHttp.close();
    await t.stop();
  }
}
