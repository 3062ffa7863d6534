// HTTP request bodies over MAX_REQUEST_BYTES are refused 413 with a GraphQL
// error body (TOO_LARGE), without the server reading what is over the limit.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, type GraphQLResponse } from '../utils/graphql.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

const maxBytes = 4096;

function bodyOf(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
    response.on('end', () => resolve(text));
    response.on('error', reject);
  });
}

const expectedError = {
  message: `request body is larger than the ${maxBytes}-byte limit`,
  extensions: { code: 'TOO_LARGE', maxBytes },
};

describe('request body limit', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ MAX_REQUEST_BYTES: String(maxBytes) });
  });
  afterAll(() => t.stop());

  const post = (url: string, body: BodyInit, init: RequestInit = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { ...t.authHeaders, 'content-type': 'application/json' },
      body,
      ...init,
    });

  it('refuses a body whose Content-Length is over MAX_REQUEST_BYTES with 413 TOO_LARGE', async () => {
    const body = JSON.stringify({
      query: '{ health { ok } }',
      variables: { pad: 'x'.repeat(maxBytes) },
    });
    const response = await post(t.graphqlUrl, body);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ errors: [expectedError] });
  });

  it('answers 413 from the declared length alone, before the body arrives', async () => {
    // Declares 1 GiB and sends 10 bytes: a server that waited for the body would never answer.
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(t.graphqlUrl, {
        method: 'POST',
        headers: {
          ...t.authHeaders,
          'content-type': 'application/json',
          'content-length': String(1024 ** 3),
        },
      });
      req.on('response', resolve);
      req.on('error', reject);
      req.write('{"query":"');
    });
    expect(response.statusCode).toBe(413);
    expect(JSON.parse(await bodyOf(response))).toEqual({ errors: [expectedError] });
    response.socket.destroy();
  });

  it('refuses a chunked body the moment it passes the limit, while the client still sends', async () => {
    let sent = 0;
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      // No Content-Length: Node sends the body chunked. It never ends on its own.
      const req = httpRequest(t.graphqlUrl, {
        method: 'POST',
        headers: { ...t.authHeaders, 'content-type': 'application/json' },
      });
      req.on('response', (res) => {
        clearInterval(timer);
        resolve(res);
      });
      req.on('error', reject);
      req.write('{"query":"{ health { ok } }","variables":{"pad":"');
      const timer = setInterval(() => {
        req.write('x'.repeat(1024));
        sent += 1024;
      }, 5);
    });
    expect(response.statusCode).toBe(413);
    expect(JSON.parse(await bodyOf(response))).toEqual({ errors: [expectedError] });
    // It answered soon after the limit, not after some larger amount was buffered.
    expect(sent).toBeLessThan(maxBytes * 16);
    response.socket.destroy();
  });

  it('runs a chunked body under the limit', async () => {
    const encoded = new TextEncoder().encode(JSON.stringify({ query: '{ health { ok } }' }));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoded.slice(0, 10));
        controller.enqueue(encoded.slice(10));
        controller.close();
      },
    });
    const response = await post(t.graphqlUrl, stream, { duplex: 'half' } as RequestInit);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { health: { ok: true } } });
  });

  it('runs a body just under the limit', async () => {
    const query = '{ health { ok } }';
    const padding = maxBytes - JSON.stringify({ query, variables: { pad: '' } }).length;
    const result = await gql(t.graphqlUrl, query, { pad: 'x'.repeat(padding) }, t.authHeaders);
    expect(result).toEqual({ data: { health: { ok: true } } });
  });

  it('refuses an oversized body on the graphql-sse endpoint too', async () => {
    const body = JSON.stringify({
      query: 'subscription { heartbeat(intervalMs: 50) { beat } }',
      variables: { pad: 'x'.repeat(maxBytes) },
    });
    const response = await post(`${t.origin}/graphql/stream`, body, {
      headers: {
        ...t.authHeaders,
        'content-type': 'application/json',
        accept: 'text/event-stream',
      },
    });
    expect(response.status).toBe(413);
    expect((await response.json()) as GraphQLResponse<unknown>).toEqual({
      errors: [expectedError],
    });
  });
});

describe('request body limit by default', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('lets writeFile carry a file of FILES_MAX_BYTES, even one JSON escaping grows', async () => {
    const filesMaxBytes = t.server.services.config.files.maxBytes;
    // Newlines double in JSON (\n): the body is half again the file's size.
    const content = 'a\n'.repeat(filesMaxBytes / 2);
    const result = await gql<{ writeFile: { size: number } }>(
      t.graphqlUrl,
      'mutation ($input: WriteFileInput!) { writeFile(input: $input) { size } }',
      { input: { path: 'big.txt', content } },
      t.authHeaders,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.writeFile.size).toBe(filesMaxBytes);
  });
});
