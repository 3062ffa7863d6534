// The frontend examples are served by the server itself: the page, its
// stylesheet and its script (graphql-sse bundled in), with nothing from
// another origin, and clear answers for what is not there.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useExamples } from '../../src/http/plugins/use-examples.ts';
import { makeTempDir } from '../utils/tempdir.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

describe('the live file example over HTTP', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('serves the page with a policy that keeps it on this origin', async () => {
    const response = await fetch(`${t.origin}/examples/live-file?path=README.md`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await response.text();
    expect(html).toContain('<script type="module" src="/examples/live-file/live-file.js">');
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });

  it('serves the script bundled with graphql-sse, importing nothing else', async () => {
    const response = await fetch(`${t.origin}/examples/live-file/live-file.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const script = await response.text();
    expect(script).toContain('node_modules/graphql-sse/');
    expect(script).toContain('subscription LiveFile($path: String!)');
    // One self-contained module: no import statement is left for the browser to fetch.
    expect(script).not.toMatch(/^\s*import\s/m);
    expect(script).not.toMatch(/\bimport\(/);
  });

  it('serves the stylesheet and answers HEAD without a body', async () => {
    const css = await fetch(`${t.origin}/examples/live-file/live-file.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('#content');
    const head = await fetch(`${t.origin}/examples/live-file`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers 404 for an unknown example or asset and 405 for other methods', async () => {
    expect((await fetch(`${t.origin}/examples/nothing-here`)).status).toBe(404);
    expect((await fetch(`${t.origin}/examples/live-file/secret.ts`)).status).toBe(404);
    expect((await fetch(`${t.origin}/examples/live-file/..%2f..%2fpackage.json`)).status).toBe(404);
    const post = await fetch(`${t.origin}/examples/live-file`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('the editor example over HTTP', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('serves Monaco bundled: script, its CSS and its worker, nothing from elsewhere', async () => {
    const html = await (await fetch(`${t.origin}/examples/editor?path=a.ts`)).text();
    expect(html).toContain('<script type="module" src="/examples/editor/editor.js">');
    expect(html).toContain('href="/examples/editor/editor.css"');
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);

    const script = await fetch(`${t.origin}/examples/editor/editor.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const text = await script.text();
    // Booleans, not the text: a failure must not print megabytes of Monaco.
    expect(text.includes('subscription EditorFile(')).toBe(true);
    expect(text.includes('/examples/editor/editor.worker.js')).toBe(true);
    expect(/^\s*import\s/m.test(text)).toBe(false);
    // Minified with a linked map, which is served too.
    expect(text.endsWith('//# sourceMappingURL=/examples/editor/editor.js.map\n')).toBe(true);
    const map = await fetch(`${t.origin}/examples/editor/editor.js.map`);
    expect(map.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await map.json()) as { sources: string[] }).toHaveProperty('sources');

    const css = await fetch(`${t.origin}/examples/editor/editor.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await css.text()).includes('.monaco-editor')).toBe(true);
    const worker = await fetch(`${t.origin}/examples/editor/editor.worker.js`);
    expect(worker.status).toBe(200);
    expect(/^\s*import\s/m.test(await worker.text())).toBe(false);
  });

  it('answers 404 for names the bundle did not write', async () => {
    for (const name of ['missing.js', 'editor.ts', '..%2feditor.js', 'x.ttf', 'editor-sync.ts']) {
      expect((await fetch(`${t.origin}/examples/editor/${name}`)).status, name).toBe(404);
    }
  });
});

describe('an example that fails to build', () => {
  it('answers 500 without details, logs why, and builds again once fixed', async () => {
    const root = await makeTempDir();
    try {
      const folder = join(root.path, 'live-file');
      await mkdir(folder);
      await writeFile(join(folder, 'live-file.ts'), 'export const broken = ;\n');
      const logged: unknown[][] = [];
      const yoga = createYoga({
        schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
        plugins: [useExamples({ root: root.path })],
        logging: {
          debug: () => {},
          info: () => {},
          warn: () => {},
          error: (...args: unknown[]) => logged.push(args),
        },
      });

      const failed = await yoga.fetch('http://localhost/examples/live-file/live-file.js');
      expect(failed.status).toBe(500);
      const body = await failed.text();
      expect(body).toBe('the example could not be loaded\n');
      expect(JSON.stringify(logged)).toContain('live-file.ts');

      await writeFile(join(folder, 'live-file.ts'), 'export const fixed = 1;\n');
      const fixed = await yoga.fetch('http://localhost/examples/live-file/live-file.js');
      expect(fixed.status).toBe(200);
      expect(await fixed.text()).toContain('fixed = 1');
    } finally {
      await root.remove();
    }
  });
});
