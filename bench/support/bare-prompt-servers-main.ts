// The baselines for rendering a prompt: a bare grpc-js server on the same
// proto and a bare node:http server, each rendering the same template from
// memory with the same Mustache renderer for every call (the request's
// variables over the same defaults), with no database, no auth, no GraphQL.
// Runs as its own process and prints one JSON line with where both listen.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { renderTemplate } from '../../src/core/prompts/template.ts';
import type { JsonValue } from '../../src/core/prompts/variables.ts';
import { agentProto } from '../../src/grpc/proto.ts';
import type { PromptServiceHandlers } from '../../src/grpc/generated/genpod/agent/v1/PromptService.ts';
import { promptBody, promptDefaults } from './prompt-fixture.ts';

const render = (variables: Record<string, JsonValue>) =>
  renderTemplate(promptBody, { ...promptDefaults, ...variables });

const grpcServer = new grpc.Server();
const handlers: Pick<PromptServiceHandlers, 'GetRenderedPrompt'> = {
  GetRenderedPrompt(call, callback) {
    const text = render(JSON.parse(call.request.variablesJson) as Record<string, JsonValue>);
    callback(null, { name: call.request.name, version: 1, labels: ['production'], text });
  },
};
grpcServer.addService(agentProto.PromptService.service, handlers);
const grpcPort = await new Promise<number>((resolve, reject) =>
  grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
    error ? reject(error) : resolve(port),
  ),
);

const httpServer = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString()) as {
      variables: { v: Record<string, JsonValue> };
    };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ data: { renderPrompt: { text: render(body.variables.v) } } }));
  });
});
await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
const httpPort = (httpServer.address() as AddressInfo).port;
console.log(
  JSON.stringify({
    url: `http://127.0.0.1:${httpPort}/graphql`,
    grpcTarget: `127.0.0.1:${grpcPort}`,
  }),
);
