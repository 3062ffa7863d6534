// Caps on the TCP connections a listener holds: in all, and per client address
// (src/core/auth/client-address.ts: an IPv6 client counts as its /64). Used for
// gRPC, where grpc-js offers no cap of its own: without one, ~20,000 idle
// connections used up the process's file descriptors, and HTTP requests
// failed with them. A connection past a cap is closed at once, before any
// byte of it is read.
import type { Server, Socket } from 'node:net';
import { clientAddressKey } from './auth/client-address.ts';
import type { Logger } from './logger.ts';

export interface ConnectionCaps {
  /** Connections open at once; 0 turns the cap off. */
  maxConnections: number;
  /** Connections open at once from one client address; 0 turns the cap off. */
  maxConnectionsPerAddress: number;
}

/** How often a refusal is logged at most: a flood of them must not flood the log. */
const refusalLogIntervalMs = 10_000;

/**
 * Makes `server` refuse connections past `caps`, and hands every other one
 * to `accept`. The total cap is Node's own `server.maxConnections`.
 */
export function gateConnections(
  server: Server,
  caps: ConnectionCaps,
  accept: (socket: Socket) => void,
  logger: Logger,
): void {
  if (caps.maxConnections > 0) server.maxConnections = caps.maxConnections;
  const perAddress = new Map<string, number>();
  let refused = 0;
  let lastLoggedAt = Number.NEGATIVE_INFINITY;
  const noteRefusal = (reason: string, address: string | undefined) => {
    refused++;
    const now = Date.now();
    if (now - lastLoggedAt < refusalLogIntervalMs) return;
    lastLoggedAt = now;
    logger.warn({ reason, address, refusedSinceLastLine: refused }, 'refused a connection');
    refused = 0;
  };
  server.on('drop', (data) =>
    noteRefusal(`more than ${caps.maxConnections} connections`, data?.remoteAddress),
  );
  server.on('connection', (socket) => {
    if (caps.maxConnectionsPerAddress <= 0 || socket.remoteAddress === undefined) {
      accept(socket);
      return;
    }
    const key = clientAddressKey(socket.remoteAddress);
    const open = perAddress.get(key) ?? 0;
    if (open >= caps.maxConnectionsPerAddress) {
      socket.destroy();
      noteRefusal(`more than ${caps.maxConnectionsPerAddress} connections from one address`, key);
      return;
    }
    perAddress.set(key, open + 1);
    socket.once('close', () => {
      const left = (perAddress.get(key) ?? 1) - 1;
      if (left > 0) perAddress.set(key, left);
      else perAddress.delete(key);
    });
    accept(socket);
  });
}
