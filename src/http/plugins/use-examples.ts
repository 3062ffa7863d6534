// The frontend examples, served by this server itself so they work offline:
// `/examples/live-file?path=<file>` follows one project file through the
// public GraphQL API, `/examples/editor?path=<file>` edits one in Monaco.
// Each example is a folder under examples/ with an index.html, a stylesheet
// and a TypeScript entry that esbuild bundles (with graphql-sse's browser
// client, and Monaco with its CSS, font and worker) on first request;
// nothing comes from a CDN.
import { readFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
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
  /** Bundled for the browser and served as `<name>.js` (its CSS, if any, as `<name>.css`). */
  script: string;
  /** More entries (files in the folder) bundled beside it, served as `<key>.js` (e.g. web workers). */
  extraEntries?: Record<string, string>;
  /**
   * Inline source maps keep a small example readable in devtools; Monaco is
   * megabytes, so the editor is minified with linked `.map` files instead.
   */
  large?: boolean;
}

const examples: Record<string, ExampleFiles> = {
  'live-file': { page: 'index.html', stylesheet: 'live-file.css', script: 'live-file.ts' },
  editor: {
    page: 'index.html',
    stylesheet: 'editor-page.css',
    script: 'editor.ts',
    // Monaco runs its text model work in a worker; the page names this URL.
    extraEntries: { 'editor.worker': 'editor-worker.ts' },
    large: true,
  },
};

interface Asset {
  body: string | Uint8Array<ArrayBuffer>;
  contentType: string;
}

// The pages load only their own scripts and styles and talk only to this
// origin; the policy makes the browser enforce what the examples promise.
const contentSecurityPolicy =
  "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ttf': 'font/ttf',
};

/** Bundles an example's entries; returns every output file by its name. */
async function bundle(
  name: string,
  folder: string,
  files: ExampleFiles,
  publicPath: string,
): Promise<Map<string, Asset>> {
  const outdir = join(folder, '.bundle');
  const result = await build({
    entryPoints: {
      [name]: join(folder, files.script),
      ...Object.fromEntries(
        Object.entries(files.extraEntries ?? {}).map(([out, file]) => [out, join(folder, file)]),
      ),
    },
    bundle: true,
    write: false,
    outdir,
    publicPath,
    // Fonts (Monaco's codicons) become files served beside the bundle: the CSP allows 'self' only.
    loader: { '.ttf': 'file' },
    assetNames: '[name]-[hash]',
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    charset: 'utf8',
    // The examples are for reading: keep names, and map the bundle back to the .ts sources.
    sourcemap: files.large ? 'linked' : 'inline',
    minify: files.large === true,
    logLevel: 'silent',
  });
  const outputs = new Map<string, Asset>();
  for (const output of result.outputFiles) {
    const file = relative(outdir, output.path);
    const type = contentTypes[extname(file)] ?? 'application/octet-stream';
    // Fonts are binary; everything else esbuild writes is UTF-8 text.
    const body = type.startsWith('font/') ? new Uint8Array(output.contents) : output.text;
    outputs.set(file, { body, contentType: type });
  }
  if (!outputs.has(`${name}.js`)) throw new Error(`esbuild wrote no ${name}.js`);
  return outputs;
}

/** Loads a value once and keeps it; a failed load is retried on the next request. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/** Finds the asset served at a path: undefined when none is, known without building. */
type Resolve = (pathname: string) => Promise<Asset | undefined>;

function routesFor(basePath: string, root: string): Resolve {
  const routes = new Map<string, () => Promise<Asset>>();
  const bundles = new Map<string, () => Promise<Map<string, Asset>>>();
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
    // Every other file of the folder's URL is one esbuild wrote (scripts, CSS, fonts, maps).
    bundles.set(
      `${basePath}/${name}/`,
      once(() => bundle(name, folder, files, `${basePath}/${name}`)),
    );
  }
  return async (pathname) => {
    const route = routes.get(pathname);
    if (route) return route();
    const slash = pathname.lastIndexOf('/');
    const outputs = bundles.get(pathname.slice(0, slash + 1));
    // Only names esbuild could write: nothing is built for a path that cannot be one.
    if (!outputs || !/^[\w.-]+\.(js|css|map|ttf)$/.test(pathname.slice(slash + 1))) {
      return undefined;
    }
    return (await outputs()).get(pathname.slice(slash + 1));
  };
}

export function useExamples({
  basePath = '/examples',
  root = fileURLToPath(new URL('../../../examples/', import.meta.url)),
}: ExamplesPluginOptions = {}): Plugin {
  const resolve = routesFor(basePath, root);
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
      return resolve(url.pathname).then(
        (asset) => {
          if (!asset) return endResponse(text(`no example at ${url.pathname}\n`, 404));
          if (request.method !== 'GET' && request.method !== 'HEAD') {
            return endResponse(text('use GET\n', 405, { allow: 'GET, HEAD' }));
          }
          endResponse(
            new fetchAPI.Response(request.method === 'HEAD' ? null : asset.body, {
              headers: {
                'content-type': asset.contentType,
                'cache-control': 'no-cache',
                'x-content-type-options': 'nosniff',
                'content-security-policy': contentSecurityPolicy,
              },
            }),
          );
        },
        (error: unknown) => {
          // Logged in full for the operator; the browser only learns that it failed.
          logger?.error({ err: error, path: url.pathname }, 'could not load an example asset');
          endResponse(text('the example could not be loaded\n', 500));
        },
      );
    },
  };
}
