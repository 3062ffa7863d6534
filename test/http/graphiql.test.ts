import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

describe('GraphiQL', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('opens for a browser at GET /graphql with every asset inline (no CDN)', async () => {
    const response = await fetch(t.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('GenPod server');
    // Every script and stylesheet the page loads must come from this server.
    const external = [...html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="(https?:)?\/\//gi)];
    expect(external).toEqual([]);
    expect(html.length).toBeGreaterThan(100_000);
  });
});
