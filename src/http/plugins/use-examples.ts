// The frontend examples, served by this server itself so they work offline:
// `/examples/live-file?path=<file>` follows one project file through the
// public GraphQL API. Each example is a folder under examples/ with an
// index.html, a stylesheet and a TypeScript entry that esbuild bundles (with
// graphql-sse's browser client) on first request; nothing comes from a CDN.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Plugin, YogaLogger } from 'graphql-yoga';

export interface ExamplesPluginOptions {
  /** Where the examples are served. @default '/examples' */
  basePath?: string;
  /** The folder holding one folder per example. @default the repository's examples/ */
  root?: string;
}

/** The files of one example, relative to its folder. */
interface ExampleFiles {
  page: string;
  stylesheet: string;
  /** Bundled for the browser and served as `<name>.js`. */
  script: string;
}

const examples: Record<string, ExampleFiles> = {
  'live-file': { page: 'index.html', stylesheet: 'live-file.css', script: 'live-file.ts' },
};

interface Asset {
  body: string;
  contentType: string;
}

// The pages load only their own scripts and styles and talk only to this
// origin; the policy makes the browser enforce what the examples promise.
const contentSecurityPolicy =
  "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    charset: 'utf8',
    // The examples are for reading: keep names, and map the bundle back to the .ts sources.
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild wrote nothing for ${entry}`);
  return output.text;
}

/** Loads an asset once and keeps it; a failed load is retried on the next request. */
function once(load: () => Promise<Asset>): () => Promise<Asset> {
  let pending: Promise<Asset> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

function routesFor(basePath: string, root: string): Map<string, () => Promise<Asset>> {
  const routes = new Map<string, () => Promise<Asset>>();
  for (const [name, files] of Object.entries(examples)) {
    const folder = join(root, name);
    const text = (file: string, contentType: string) =>
      once(async () => ({ body: await readFile(join(folder, file), 'utf8'), contentType }));
    const page = text(files.page, 'text/html; charset=utf-8');
    routes.set(`${basePath}/${name}`, page);
    routes.set(`${basePath}/${name}/`, page);
    routes.set(
      `${basePath}/${name}/${files.stylesheet}`,
      text(files.stylesheet, 'text/css; charset=utf-8'),
    );
    routes.set(
      `${basePath}/${name}/${name}.js`,
      once(async () => ({
        body: await bundle(join(folder, files.script)),
        contentType: 'text/javascript; charset=utf-8',
      })),
    );
  }
  return routes;
}

export function useExamples({
  basePath = '/examples',
  root = fileURLToPath(new URL('../../../examples/', import.meta.url)),
}: ExamplesPluginOptions = {}): Plugin {
  const routes = routesFor(basePath, root);
  let logger: YogaLogger | undefined;
  return {
    onYogaInit({ yoga }) {
      logger = yoga.logger;
    },
    onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) return;
      const text = (body: string, status: number, headers: Record<string, string> = {}) =>
        new fetchAPI.Response(body, {
          status,
          headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
        });
      const load = routes.get(url.pathname);
      if (!load) {
        endResponse(text(`no example at ${url.pathname}\n`, 404));
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(text('use GET\n', 405, { allow: 'GET, HEAD' }));
        return;
      }
      return load().then(
        (asset) =>
          endResponse(
            new fetchAPI.Response(request.method === 'HEAD' ? null : asset.body, {
              headers: {
                'content-type': asset.contentType,
                'cache-control': 'no-cache',
                'x-content-type-options': 'nosniff',
                'content-security-policy': contentSecurityPolicy,
              },
            }),
          ),
        (error: unknown) => {
          // Logged in full for the operator; the browser only learns that it failed.
          logger?.error({ err: error, path: url.pathname }, 'could not load an example asset');
          endResponse(text('the example could not be loaded\n', 500));
        },
      );
    },
  };
}
