// Binding the two listeners, with a one-line reason when a port cannot be had.
import type { Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { ServerCredentials, type Server as GrpcServer } from '@grpc/grpc-js';
import { ConfigError } from './config.ts';
import { gateConnections, type ConnectionCaps } from './core/connection-gate.ts';
import type { Logger } from './core/logger.ts';

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

/** A bound gRPC listener; `close()` stops taking connections (grpc-js ends the open ones). */
export interface GrpcListener {
  port: number;
  close(): void;
}

/**
 * Binds gRPC through a listener of our own, so its connections can be capped
 * (src/core/connection-gate.ts): each accepted socket is handed to grpc-js
 * through its connection injector, where the server's options (keepalive,
 * idle and age limits) apply to it as to any connection grpc-js accepts.
 */
export function listenGrpc(
  server: GrpcServer,
  host: string,
  port: number,
  caps: ConnectionCaps,
  logger: Logger,
): Promise<GrpcListener> {
  const injector = server.createConnectionInjector(ServerCredentials.createInsecure());
  const listener = createServer({ noDelay: true });
  gateConnections(listener, caps, (socket) => injector.injectConnection(socket), logger);
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      injector.destroy();
      reject(new ConfigError(`GRPC_PORT ${port} on ${host} cannot be used: ${describe(error)}`));
    };
    listener.once('error', onError);
    listener.listen(port, host, () => {
      listener.off('error', onError);
      resolve({
        port: (listener.address() as AddressInfo).port,
        close: () => listener.close(),
      });
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
