// How benchmark clients prove who they are: every GenPod server a benchmark
// starts gets a fresh GENPOD_ADMIN_TOKEN, and every client sends it, as
// `Authorization: Bearer` over HTTP and `authorization` metadata over gRPC.
// (The same pattern as test/utils/grpc.ts, which bench/ does not import for
// processes of its own.)
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';

export function newAdminToken(): string {
  return `bench-admin-${randomBytes(16).toString('hex')}`;
}

export function bearerHeaders(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

/** Client options whose interceptor puts the token on every call's metadata. */
export function grpcAuthOptions(token: string): grpc.ClientOptions {
  const interceptor: grpc.Interceptor = (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('authorization', `Bearer ${token}`);
        next(metadata, listener);
      },
    });
  return { interceptors: [interceptor] };
}
