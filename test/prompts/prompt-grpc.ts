// PromptService calls over a real gRPC channel, for the prompt tests.
import * as grpc from '@grpc/grpc-js';
import { agentProto } from '../../src/grpc/proto.ts';
import type { PromptChangeEvent__Output } from '../../src/grpc/generated/genpod/agent/v1/PromptChangeEvent.ts';
import type { PromptServiceClient } from '../../src/grpc/generated/genpod/agent/v1/PromptService.ts';
import { clientOptions } from '../utils/grpc.ts';

type UnaryMethod =
  | 'GetRenderedPrompt'
  | 'SetPromptLabel'
  | 'RemovePromptLabel'
  | 'ProtectPromptLabel'
  | 'ListPromptLabelHistory'
  | 'ListPromptDependents';

type RequestOf<M extends UnaryMethod> = Parameters<PromptServiceClient[M]>[0];
type ResponseOf<M extends UnaryMethod> =
  Parameters<PromptServiceClient[M]> extends [unknown, infer Callback, ...unknown[]]
    ? Callback extends grpc.requestCallback<infer R>
      ? R
      : never
    : never;

function promptClient(target: string, token: string): PromptServiceClient {
  return new agentProto.PromptService(
    target,
    grpc.credentials.createInsecure(),
    clientOptions(token),
  ) as unknown as PromptServiceClient;
}

/** One unary PromptService call; rejects with the grpc.ServiceError. */
export async function promptRpc<M extends UnaryMethod>(
  target: string,
  token: string,
  method: M,
  request: RequestOf<M>,
): Promise<ResponseOf<M>> {
  const client = promptClient(target, token);
  try {
    return await new Promise((resolve, reject) => {
      const call = client[method].bind(client) as unknown as (
        request: RequestOf<M>,
        callback: (error: grpc.ServiceError | null, response?: ResponseOf<M>) => void,
      ) => void;
      call(request, (error, response) => {
        if (error) reject(error);
        else resolve(response as ResponseOf<M>);
      });
    });
  } finally {
    client.close();
  }
}

/** WatchPromptChanges: the events as they arrive, and a way to stop. */
export function watchPromptChanges(
  target: string,
  token: string,
  request: { name?: string; since?: string },
): { events: PromptChangeEvent__Output[]; stop(): void } {
  const client = promptClient(target, token);
  const events: PromptChangeEvent__Output[] = [];
  const stream = client.WatchPromptChanges(request);
  stream.on('data', (event: PromptChangeEvent__Output) => events.push(event));
  stream.on('error', () => {});
  return {
    events,
    stop() {
      stream.cancel();
      client.close();
    },
  };
}

/** Polls until `check` holds (or fails after `timeoutMs`). */
export async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
