// Browsers may read answers only from the origins CORS_ORIGINS allows; by
// default, pages served from this machine on any port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { postEventStream } from '../utils/sse.ts';

function preflight(t: TestServer, origin: string) {
  return fetch(t.graphqlUrl, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
}

function query(t: TestServer, origin: string) {
  return fetch(t.graphqlUrl, {
    method: 'POST',
    headers: { ...t.authHeaders, origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ health { ok } }' }),
  });
}

describe('CORS by default', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it.each(['http://localhost:5173', 'http://127.0.0.1:3000', 'http://[::1]:8080'])(
    'answers a preflight from %s with the headers our clients send',
    async (origin) => {
      const response = await preflight(t, origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('vary')).toContain('Origin');
      const allowed = response.headers.get('access-control-allow-headers')?.split(/,\s*/);
      expect(allowed).toEqual(
        expect.arrayContaining([
          'authorization',
          'content-type',
          'last-event-id',
          'x-graphql-event-stream-token',
        ]),
      );
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, DELETE');
      // Bearer tokens, not cookies: browsers are not told to send credentials.
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    },
  );

  it('lets a page on localhost read an answer, and Retry-After with it', async () => {
    const response = await query(t, 'http://localhost:5173');
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-expose-headers')).toContain('retry-after');
    expect(await response.json()).toEqual({ data: { health: { ok: true } } });
  });

  it.each([
    'https://evil.example',
    'http://localhost.evil.example',
    'http://127.0.0.1.evil.example:80',
    'https://localhost:5173',
  ])('gives a page on %s no CORS headers, so its browser hides the answer', async (origin) => {
    const before = await preflight(t, origin);
    expect(before.headers.get('access-control-allow-origin')).toBeNull();
    expect(before.headers.get('access-control-allow-headers')).toBeNull();
    const response = await query(t, origin);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS headers belong to one response', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  /** The head of a fileChanges SSE stream, the stream then closed. */
  async function streamHead(origin?: string): Promise<Headers> {
    const controller = new AbortController();
    const response = await postEventStream(
      t.graphqlUrl,
      { query: 'subscription { fileChanges { path } }' },
      { headers: { ...t.authHeaders, ...(origin ? { origin } : {}) }, signal: controller.signal },
    );
    expect(response.status).toBe(200);
    controller.abort();
    return response.headers;
  }

  it('sends none on an SSE stream without Origin after one with it', async () => {
    const withOrigin = await streamHead('http://localhost:5173');
    expect(withOrigin.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const without = await streamHead();
    expect(without.get('access-control-allow-origin')).toBeNull();
    expect(without.get('vary')).toBeNull();
    const other = await streamHead('http://127.0.0.1:3000');
    expect(other.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
  });
});

describe('CORS_ORIGINS set to one site', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      CORS_ORIGINS: 'https://app.example.com, https://*.preview.example.com',
    });
  });
  afterAll(() => t.stop());

  it.each(['https://app.example.com', 'https://pr-12.preview.example.com'])(
    'allows %s',
    async (origin) => {
      expect((await preflight(t, origin)).headers.get('access-control-allow-origin')).toBe(origin);
      expect((await query(t, origin)).headers.get('access-control-allow-origin')).toBe(origin);
    },
  );

  it.each([
    'http://localhost:5173',
    'https://app.example.com.evil.example',
    'http://app.example.com',
  ])('refuses %s', async (origin) => {
    expect((await preflight(t, origin)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await query(t, origin)).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS_ORIGINS=*', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ CORS_ORIGINS: '*' });
  });
  afterAll(() => t.stop());

  it('allows any origin, named back to it', async () => {
    const response = await query(t, 'https://anywhere.example');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
  });
});

describe('CORS_ORIGINS empty', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ CORS_ORIGINS: '' });
  });
  afterAll(() => t.stop());

  it('allows no other origin, loopback pages included', async () => {
    const response = await query(t, 'http://localhost:5173');
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('a CORS wildcard against a hostile Origin header', () => {
  let t: TestServer;
  beforeAll(async () => {
    // Each `*` matches host name characters, `-` among them: in V8's engine
    // this pattern backtracks polynomially on a long Origin of `a-a-a-…`.
    t = await startTestServer({ CORS_ORIGINS: 'https://*-*-*-*-*-*.example.com' });
  });
  afterAll(() => t.stop());

  it('is matched in linear time, before any authentication', async () => {
    const hostile = `https://${'a-'.repeat(70)}!.example.com`; // about 2 s in V8, 22 s at 100
    const started = performance.now();
    const refused = await preflight(t, hostile);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await preflight(t, 'https://a-b-c-d-e-f.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe(
      'https://a-b-c-d-e-f.example.com',
    );
  });
});
