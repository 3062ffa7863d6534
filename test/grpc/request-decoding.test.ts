// A request whose bytes are not a valid message of its type is bad input:
// INVALID_ARGUMENT with the domain code BAD_USER_INPUT, never INTERNAL. A
// string field must hold valid UTF-8 (proto3's rule): invalid bytes in
// WriteFile's text `content` are refused instead of being stored as U+FFFD.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOptions } from '../utils/grpc.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

const writeFilePath = '/genpod.agent.v1.AgentService/WriteFile';
const identity = (bytes: Buffer) => bytes;

/** A length-delimited protobuf field: tag, length, bytes. */
function field(number: number, bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(number << 3) | 2, bytes.length]), bytes]);
}

/** WriteFileRequest { path = 1; content = 2 } with `content` given as raw bytes. */
function writeFileRequest(path: string, content: Buffer): Buffer {
  return Buffer.concat([field(1, Buffer.from(path)), field(2, content)]);
}

describe('gRPC requests that are not valid messages', () => {
  let t: TestServer;
  let client: grpc.Client;
  beforeAll(async () => {
    t = await startTestServer();
    client = new grpc.Client(
      t.grpcTarget,
      grpc.credentials.createInsecure(),
      clientOptions(t.token),
    );
  });
  afterAll(async () => {
    client.close();
    await t.stop();
  });

  const unary = (bytes: Buffer, on: grpc.Client = client) =>
    new Promise<grpc.ServiceError | null>((resolve) => {
      on.makeUnaryRequest(writeFilePath, identity, identity, bytes, (error) => resolve(error));
    });

  it.each([
    ['an invalid wire type', Buffer.from('this is not protobuf at all')],
    ['a truncated field', Buffer.from([0x0a, 0x40, 0x61])],
    ['a varint that never ends', Buffer.alloc(12, 0xff)],
  ])('answers %s with INVALID_ARGUMENT', async (_name, garbage) => {
    const error = await unary(garbage);
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.metadata.get('error-code')).toEqual(['BAD_USER_INPUT']);
    expect(error?.details).toMatch(/not a valid WriteFileRequest protobuf message/);
  });

  it('answers garbage on a bidirectional stream with INVALID_ARGUMENT', async () => {
    const call = client.makeBidiStreamRequest(
      '/genpod.agent.v1.ChatService/SendMessageStream',
      identity,
      identity,
    );
    const ended = new Promise<grpc.ServiceError>((resolve) => call.on('error', resolve));
    call.write(Buffer.from([0x0f, 0x01]));
    const error = await ended;
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toMatch(/not a valid ChatRequest protobuf message/);
  });

  it('still answers garbage without a token with UNAUTHENTICATED', async () => {
    const anonymous = new grpc.Client(t.grpcTarget, grpc.credentials.createInsecure());
    try {
      expect((await unary(Buffer.from('garbage'), anonymous))?.code).toBe(
        grpc.status.UNAUTHENTICATED,
      );
    } finally {
      anonymous.close();
    }
  });

  it('refuses invalid UTF-8 in WriteFile text content and writes nothing', async () => {
    const error = await unary(writeFileRequest('bad.txt', Buffer.from([0x61, 0xff, 0xfe, 0x62])));
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.details).toMatch(/not valid UTF-8.*bytes field/);
    expect(existsSync(join(t.projectRoot, 'bad.txt'))).toBe(false);
  });

  it('takes valid UTF-8, U+FFFD itself included, and stores it byte for byte', async () => {
    const text = Buffer.from('a\uFFFDb é 😀', 'utf8');
    expect(await unary(writeFileRequest('good.txt', text))).toBeNull();
    expect(await readFile(join(t.projectRoot, 'good.txt'))).toEqual(text);
  });
});
