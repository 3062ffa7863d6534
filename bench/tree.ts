// `tree` of a generated folder (100,000 files; 10,000 in quick mode) through
// the whole server, GraphQL and gRPC, against `find` on the same folder: names
// only (`find`), and with the size and modification time of every entry
// (`find -printf`), which is what `tree` reports. The server runs in a process
// of its own, as find does, so the client's parsing of the answer is not
// counted against the server's event loop.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { makeTempDir } from '../test/utils/tempdir.ts';
import { grpcTransport, valueOf, type TreeResult } from '../test/files/transports.ts';
import { startGenPodProcess, stop } from './support/processes.ts';
import { generateFileTree } from './support/file-tree.ts';
import type { BenchRow } from './table.ts';
import { medianMs } from './support/median-time.ts';

const run = promisify(execFile);

/** root → pkg* → mod* → files */
const depth = 3;

function selection(level: number): string {
  const fields = 'path name kind size modifiedAt language truncated';
  return level === 0 ? fields : `${fields} children { ${selection(level - 1)} }`;
}

function countNodes(node: { children?: unknown[] | null }): number {
  return (node.children ?? []).reduce<number>(
    (sum, child) => sum + 1 + countNodes(child as { children?: unknown[] | null }),
    0,
  );
}

export async function benchTree(quick: boolean): Promise<BenchRow[]> {
  const files = quick ? 10_000 : 100_000;
  const times = quick ? 3 : 5;
  const folder = await makeTempDir('genpod-bench-tree-');
  await generateFileTree(folder.path, files);
  const data = await makeTempDir('genpod-bench-tree-data-');
  // The watcher of live files has nothing to do with this measure: keep it off the folder.
  const server = await startGenPodProcess(folder.path, data.path, { WATCH_IGNORE: 'pkg*' });
  const graphqlUrl = `http://127.0.0.1:${String(server.line.httpPort)}/graphql`;
  const grpc = grpcTransport(
    { grpcTarget: `127.0.0.1:${String(server.line.grpcPort)}` },
    server.token,
  );
  try {
    const query = JSON.stringify({
      query: `{ tree(path: "", depth: ${depth}, limit: 10000) { ${selection(depth)} } }`,
    });
    const graphql = async () => {
      const response = await fetch(graphqlUrl, {
        method: 'POST',
        headers: {
          ...server.authHeaders,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: query,
      });
      const body = (await response.json()) as { data?: { tree: TreeResult }; errors?: unknown[] };
      if (!body.data || body.errors) throw new Error(`tree failed: ${JSON.stringify(body.errors)}`);
      const nodes = countNodes(body.data.tree);
      if (nodes < files)
        throw new Error(`tree listed ${nodes} entries, expected at least ${files}`);
    };
    const grpcTree = async () => {
      const tree = valueOf(await grpc.tree('', depth));
      if (countNodes(tree) < files) throw new Error('ListTree listed too few entries');
    };
    const findNames = async () => {
      const { stdout } = await run('find', [folder.path], { maxBuffer: 512 * 1024 * 1024 });
      if (stdout.split('\n').length < files) throw new Error('find listed too few entries');
    };
    const findStats = async () => {
      await run('find', [folder.path, '-printf', '%p\\t%y\\t%s\\t%T@\\n'], {
        maxBuffer: 512 * 1024 * 1024,
      });
    };

    const graphqlMs = await medianMs(times, graphql);
    const grpcMs = await medianMs(times, grpcTree);
    const findMs = await medianMs(times, findNames);
    const findStatsMs = await medianMs(times, findStats);
    const benchmark = `tree of ${files.toLocaleString('en-US')} files`;
    const metric = `time, median of ${times}`;
    return [
      {
        benchmark,
        metric: `${metric} (GraphQL)`,
        unit: 'ms',
        genpod: graphqlMs,
        baseline: findMs,
        baselineName: 'find (names only)',
      },
      {
        benchmark,
        metric: `${metric} (GraphQL)`,
        unit: 'ms',
        genpod: graphqlMs,
        baseline: findStatsMs,
        baselineName: 'find -printf size, mtime',
      },
      {
        benchmark,
        metric: `${metric} (gRPC)`,
        unit: 'ms',
        genpod: grpcMs,
        baseline: findStatsMs,
        baselineName: 'find -printf size, mtime',
      },
    ];
  } finally {
    grpc.close();
    await stop(server.child);
    await folder.remove();
    await data.remove();
  }
}
