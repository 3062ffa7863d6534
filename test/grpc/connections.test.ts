// gRPC connections are capped, in all and per client address, and an idle or
// old connection is closed: held-open sockets can no longer use up the
// server's file descriptors.
import { connect as http2Connect } from 'node:http2';
import { connect, type Socket } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentProto } from '../../src/grpc/proto.ts';
import { clientOptions } from '../utils/grpc.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

/** Upper bound for waiting on something the server should do at once. */
const promptlyMs = 5_000;

/** A raw TCP connection to the gRPC port, once established. */
function openSocket(t: TestServer): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(t.server.ports.grpc, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves true once the server closed `socket`, false if it is still open after `withinMs`. */
function closedByServer(socket: Socket, withinMs = promptlyMs): Promise<boolean> {
  if (socket.destroyed || socket.readableEnded) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), withinMs);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    socket.once('close', done);
    socket.once('end', done);
    socket.on('error', () => {});
    socket.resume();
  });
}

/** One ListTree call on a connection of its own. */
function listTree(t: TestServer): Promise<grpc.ServiceError | null> {
  const client = new agentProto.AgentService(t.grpcTarget, grpc.credentials.createInsecure(), {
    ...clientOptions(t.token),
    'grpc.use_local_subchannel_pool': 1,
  });
  return new Promise((resolve) => {
    client.ListTree({ path: '' }, (error: grpc.ServiceError | null) => {
      client.close();
      resolve(error);
    });
  });
}

describe('gRPC connection caps', () => {
  let t: TestServer;
  const held: Socket[] = [];
  beforeAll(async () => {
    t = await startTestServer({ GRPC_MAX_CONNECTIONS_PER_ADDRESS: '3', GRPC_MAX_CONNECTIONS: '5' });
  });
  afterEach(() => {
    for (const socket of held.splice(0)) socket.destroy();
  });
  afterAll(() => t.stop());

  it('closes a connection past GRPC_MAX_CONNECTIONS_PER_ADDRESS, and takes one again once one closed', async () => {
    for (let i = 0; i < 3; i++) held.push(await openSocket(t));
    const extra = await openSocket(t);
    expect(await closedByServer(extra)).toBe(true);
    expect((await listTree(t))?.code).toBe(grpc.status.UNAVAILABLE);

    held.shift()?.destroy();
    // The server counts the close when it sees it: poll until a call gets through.
    let error = await listTree(t);
    for (let tries = 0; error && tries < 50; tries++) error = await listTree(t);
    expect(error).toBeNull();
  });

  it('keeps the connections under the cap working', async () => {
    for (let i = 0; i < 2; i++) held.push(await openSocket(t));
    expect(await listTree(t)).toBeNull();
  });
});

describe('gRPC connection cap in all', () => {
  let t: TestServer;
  const held: Socket[] = [];
  beforeAll(async () => {
    t = await startTestServer({ GRPC_MAX_CONNECTIONS: '4', GRPC_MAX_CONNECTIONS_PER_ADDRESS: '0' });
  });
  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await t.stop();
  });

  it('closes a connection past GRPC_MAX_CONNECTIONS', async () => {
    for (let i = 0; i < 4; i++) held.push(await openSocket(t));
    expect(await closedByServer(await openSocket(t))).toBe(true);
    // HTTP is untouched by gRPC's cap.
    expect((await fetch(`${t.origin}/healthz`)).status).toBe(200);
  });
});

describe('gRPC idle and old connections', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      GRPC_MAX_CONNECTION_IDLE_MS: '300',
      GRPC_MAX_CONNECTION_AGE_MS: '600',
      GRPC_MAX_CONNECTION_AGE_GRACE_MS: '300',
    });
  });
  afterAll(() => t.stop());

  it('closes a connection that carries no call for GRPC_MAX_CONNECTION_IDLE_MS', async () => {
    const session = http2Connect(`http://127.0.0.1:${t.server.ports.grpc}`);
    const goaway = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), promptlyMs);
      session.once('goaway', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    session.on('error', () => {});
    try {
      expect(await goaway).toBe(true);
    } finally {
      session.destroy();
    }
  });

  it('closes a silent TCP connection that never speaks HTTP/2', async () => {
    expect(await closedByServer(await openSocket(t))).toBe(true);
  });

  it('ends a connection older than GRPC_MAX_CONNECTION_AGE_MS plus its grace, open call and all', async () => {
    const client = new agentProto.AgentService(t.grpcTarget, grpc.credentials.createInsecure(), {
      ...clientOptions(t.token),
      'grpc.use_local_subchannel_pool': 1,
    });
    const stream = client.StreamData({ pathPrefix: '' });
    const ended = new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('still open'), promptlyMs);
      const end = () => {
        clearTimeout(timer);
        resolve('ended');
      };
      stream.on('error', end);
      stream.on('end', end);
    });
    stream.on('data', () => {});
    try {
      // A stream that would run forever is cut after about age (±10%) + grace.
      expect(await ended).toBe('ended');
    } finally {
      client.close();
    }
  });
});
