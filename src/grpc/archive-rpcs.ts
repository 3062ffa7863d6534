// The archive RPCs of genpod.agent.v1.AgentService: DownloadArchive streams
// a folder's tar.gz in chunks; UploadArchive takes a header naming the
// folder, then the archive in chunks, and answers once it is unpacked. Both
// call the resolvers behind /files/archive, so rules and errors agree.
import type * as grpc from '@grpc/grpc-js';
import { InvalidInput } from '../core/errors.ts';
import { downloadArchive, uploadArchive } from '../resolvers/file-archives.ts';
import type { Services } from '../resolvers/context.ts';
import { serverStream } from './call-handlers.ts';
import { grpcContext } from './context.ts';
import { toGrpcStatus } from './status.ts';
import type { AgentServiceHandlers } from './generated/genpod/agent/v1/AgentService.ts';
import type { UploadArchiveRequest__Output } from './generated/genpod/agent/v1/UploadArchiveRequest.ts';
import type { UploadArchiveResponse } from './generated/genpod/agent/v1/UploadArchiveResponse.ts';

type ArchiveRpcs = 'DownloadArchive' | 'UploadArchive';

/** The archive's chunks from the messages after the header. */
async function* chunksAfterHeader(
  messages: AsyncIterator<UploadArchiveRequest__Output>,
): AsyncGenerator<Uint8Array> {
  for (let next = await messages.next(); !next.done; next = await messages.next()) {
    if (next.value.part === 'header') {
      throw new InvalidInput('only the first message may be a header', { field: 'header' });
    }
    if (next.value.chunk && next.value.chunk.length > 0) yield next.value.chunk;
  }
}

function uploadHandler(
  services: Services,
): grpc.handleClientStreamingCall<UploadArchiveRequest__Output, UploadArchiveResponse> {
  return (call, callback) => {
    const ctx = grpcContext(services, call);
    const messages = (call as AsyncIterable<UploadArchiveRequest__Output>)[Symbol.asyncIterator]();
    void (async () => {
      const first = await messages.next();
      if (first.done || first.value.part !== 'header' || !first.value.header) {
        throw new InvalidInput('the first message must be a header naming the folder', {
          field: 'header',
        });
      }
      const uploaded = await uploadArchive(ctx, {
        path: first.value.header.path,
        body: chunksAfterHeader(messages),
      });
      return { ...uploaded, bytes: String(uploaded.bytes) };
    })().then(
      (response) => callback(null, response),
      (error: unknown) => {
        callback(toGrpcStatus(error, services.logger));
        // What the client still sends is not read.
        void messages.return?.();
      },
    );
  };
}

export function createArchiveRpcHandlers(
  services: Services,
): Pick<AgentServiceHandlers, ArchiveRpcs> {
  return {
    DownloadArchive: serverStream(
      services,
      async (ctx, request) =>
        (
          await downloadArchive(ctx, {
            path: request.path,
            includeIgnored: request.includeIgnored,
            exclude: request.exclude,
          })
        ).stream as AsyncIterable<Buffer>,
      (chunk: Buffer) => ({ data: chunk }),
    ),
    UploadArchive: uploadHandler(services),
  };
}
