// The gRPC baseline for live file events: fs.watch (recursive) and a bare
// grpc-js AgentService.StreamData on the same proto, writing one FileUpdate
// per notification to every open stream. It opens each stream with an empty
// structure message, as GenPod opens it with the project's structure. No
// coalescing, no sequences, no bus, no auth.
import { watch } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { agentProto } from '../../src/grpc/proto.ts';
import type { DataUpdate } from '../../src/grpc/generated/genpod/agent/v1/DataUpdate.ts';
import type { StreamDataRequest__Output } from '../../src/grpc/generated/genpod/agent/v1/StreamDataRequest.ts';

export interface RawGrpcServer {
  /** host:port */
  target: string;
  streams(): number;
  close(): Promise<void>;
}

type Stream = grpc.ServerWritableStream<StreamDataRequest__Output, DataUpdate>;

export async function startRawGrpcServer(root: string): Promise<RawGrpcServer> {
  const streams = new Set<Stream>();
  let sequence = 0;
  const watcher = watch(root, { recursive: true }, (_eventType, filename) => {
    const update: DataUpdate = {
      sequence: String(++sequence),
      file: { kind: 'MODIFIED', path: filename ?? '', oldPath: '', version: '' },
    };
    for (const stream of streams) stream.write(update);
  });
  const StreamData: grpc.handleServerStreamingCall<StreamDataRequest__Output, DataUpdate> = (
    call,
  ) => {
    streams.add(call);
    call.on('cancelled', () => streams.delete(call));
    call.write({ sequence: String(sequence), structure: { json: '{}' } });
  };
  const server = new grpc.Server();
  // Only StreamData: grpc-js answers the service's other RPCs UNIMPLEMENTED.
  server.addService(agentProto.AgentService.service, { StreamData });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    target: `127.0.0.1:${port}`,
    streams: () => streams.size,
    async close() {
      watcher.close();
      for (const stream of streams) stream.end();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    },
  };
}
