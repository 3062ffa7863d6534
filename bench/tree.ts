// `tree` of a generated folder (100,000 files; 10,000 in quick mode) through
// the whole server, GraphQL and gRPC, against `find` on the same folder: names
// only (`find`), and with the size and modification time of every entry
// (`find -printf`), which is what `tree` reports. The server runs in a process
// of its own, as find does, so the client's parsing of the answer is not
// counted against the server's event loop.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
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

/**
 * CPU time of a process in ms from /proc/<pid>/stat: its own (utime, stime)
 * and its waited-for children's (cutime, stime), fields 14 to 17 of proc(5),
 * in clock ticks of 10 ms. Unlike wall time it barely moves when other work
 * shares the machine, so the CPU rows still compare on a loaded one.
 */
async function cpuMs(pid: number, which: 'all' | 'children'): Promise<number> {
  const stat = await readFile(`/proc/${String(pid)}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = which === 'all' ? fields.slice(11, 15) : fields.slice(13, 15);
  return ticks.reduce((sum, value) => sum + Number(value), 0) * 10;
}

/** Runs `measure` and adds the CPU `pid` spent on it to `samples`. */
function withCpu(
  pid: number,
  which: 'all' | 'children',
  samples: number[],
  measure: () => Promise<void>,
): (round: number) => Promise<void> {
  return async (round) => {
    const before = await cpuMs(pid, which);
    await measure();
    if (round >= 0) samples.push((await cpuMs(pid, which)) - before);
  };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
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

    const serverPid = server.child.pid ?? 0;
    const cpu = { graphql: [] as number[], grpc: [] as number[], find: [] as number[] };
    const graphqlMs = await medianMs(times, withCpu(serverPid, 'all', cpu.graphql, graphql));
    const grpcMs = await medianMs(times, withCpu(serverPid, 'all', cpu.grpc, grpcTree));
    const findMs = await medianMs(times, findNames);
    const findStatsMs = await medianMs(
      times,
      withCpu(process.pid, 'children', cpu.find, findStats),
    );
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
      {
        benchmark,
        metric: `server CPU, its find processes included, median of ${times} (GraphQL)`,
        unit: 'ms',
        genpod: median(cpu.graphql),
        baseline: median(cpu.find),
        baselineName: 'find -printf CPU',
      },
      {
        benchmark,
        metric: `server CPU, its find processes included, median of ${times} (gRPC)`,
        unit: 'ms',
        genpod: median(cpu.grpc),
        baseline: median(cpu.find),
        baselineName: 'find -printf CPU',
      },
    ];
  } finally {
    grpc.close();
    await stop(server.child);
    await folder.remove();
    await data.remove();
  }
}
