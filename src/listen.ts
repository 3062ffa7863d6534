// Binding the two listeners, with a one-line reason when a port cannot be had.
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServerCredentials, type Server as GrpcServer } from '@grpc/grpc-js';
import { ConfigError } from './config.ts';

export function listenHttp(server: HttpServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(new ConfigError(`PORT ${port} on ${host} cannot be used: ${describe(error)}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function listenGrpc(server: GrpcServer, host: string, port: number): Promise<number> {
  // IPv6 literals need brackets in a gRPC target.
  const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(target, ServerCredentials.createInsecure(), (error, boundPort) => {
      if (error) {
        const reason = /EADDRINUSE|No address added/.test(error.message)
          ? 'address already in use'
          : error.message;
        reject(new ConfigError(`GRPC_PORT ${port} on ${host} cannot be used: ${reason}`));
      } else resolve(boundPort);
    });
  });
}

function describe(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return 'address already in use';
    case 'EACCES':
      return 'permission denied';
    case 'EADDRNOTAVAIL':
      return 'address not available on this machine';
    default:
      return error.message;
  }
}
