// A folder downloaded as tar.gz through the whole server (GET /files/archive
// and gRPC DownloadArchive), against GNU `tar czf -` of the same folder read
// through a pipe (never to /dev/null, which GNU tar answers without reading
// the files). Two shapes: many small source files, and fewer larger ones.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { credentials } from '@grpc/grpc-js';
import { agentProto } from '../src/grpc/proto.ts';
import { clientOptions } from '../test/utils/grpc.ts';
import { makeTempDir } from '../test/utils/tempdir.ts';
import { startTestServer, type TestServer } from '../test/utils/tserver.ts';
import { generateFileTree } from './support/file-tree.ts';
import type { BenchRow } from './table.ts';

/**
 * Medians of several measures taken in turn, round after round, so that a
 * change in the machine's load falls on all of them alike.
 */
async function interleavedMediansMs(
  times: number,
  measures: ReadonlyArray<() => Promise<number>>,
): Promise<number[]> {
  const samples = measures.map((): number[] => []);
  for (const measure of measures) await measure(); // warm-up: the page cache, JIT
  for (let round = 0; round < times; round++) {
    for (const [i, measure] of measures.entries()) {
      const start = performance.now();
      await measure();
      samples[i]?.push(performance.now() - start);
    }
  }
  return samples.map((taken) => {
    taken.sort((a, b) => a - b);
    return taken[Math.floor(taken.length / 2)] ?? 0;
  });
}

/** Bytes of `tar czf - -C folder .`, read as a client would read a download. */
function tarCzf(folder: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', ['czf', '-', '-C', folder, '.'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(bytes) : reject(new Error(`tar exited ${code}`)),
    );
  });
}

async function httpDownload(t: TestServer, path: string): Promise<number> {
  const response = await fetch(`${t.origin}/files/archive?path=${encodeURIComponent(path)}`, {
    headers: t.authHeaders,
  });
  if (!response.ok || !response.body) throw new Error(`download failed: ${response.status}`);
  const reader = response.body.getReader();
  let bytes = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    bytes += next.value.length;
  }
  return bytes;
}

function grpcDownload(
  client: InstanceType<typeof agentProto.AgentService>,
  path: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const call = client.downloadArchive({ path, includeIgnored: false, exclude: [] });
    call.on('data', (chunk: { data: Buffer }) => (bytes += chunk.data.length));
    call.on('error', reject);
    call.on('end', () => resolve(bytes));
  });
}

/** Text that compresses about as source code does (neither zeros nor noise). */
function sourceLikeText(bytes: number, seed: number): string {
  const lines: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const line = `export function handler${seed}_${i}(input: number): number { return input * ${(i * 7919 + seed) % 10007}; }\n`;
    lines.push(line);
    length += line.length;
  }
  return lines.join('').slice(0, bytes);
}

export async function benchArchiveDownload(quick: boolean): Promise<BenchRow[]> {
  const smallFiles = quick ? 5_000 : 20_000;
  const largeFiles = quick ? 16 : 64;
  const largeBytes = 1024 * 1024;
  const times = quick ? 3 : 7;
  const folder = await makeTempDir('genpod-bench-archive-');
  await generateFileTree(join(folder.path, 'small'), smallFiles);
  await mkdir(join(folder.path, 'large'), { recursive: true });
  for (let i = 0; i < largeFiles; i++) {
    await writeFile(join(folder.path, 'large', `module${i}.ts`), sourceLikeText(largeBytes, i));
  }
  const t = await startTestServer({
    PROJECT_ROOT: folder.path,
    LOG_LEVEL: 'warn',
    // The live-file watcher has nothing to do with this measure.
    WATCH_IGNORE: 'small,large',
  });
  const client = new agentProto.AgentService(
    t.grpcTarget,
    credentials.createInsecure(),
    clientOptions(t.token),
  );
  const rows: BenchRow[] = [];
  try {
    for (const [name, label] of [
      ['small', `${smallFiles.toLocaleString('en-US')} small files`],
      ['large', `${largeFiles} files of 1 MiB`],
    ] as const) {
      const benchmark = `archive download, ${label}`;
      const metric = `time, median of ${times}`;
      const baselineName = 'tar czf - (GNU tar, pipe)';
      const [tarMs = 0, httpMs = 0, grpcMs = 0] = await interleavedMediansMs(times, [
        () => tarCzf(join(folder.path, name)),
        () => httpDownload(t, name),
        () => grpcDownload(client, name),
      ]);
      rows.push(
        {
          benchmark,
          metric: `${metric} (HTTP)`,
          unit: 'ms',
          genpod: httpMs,
          baseline: tarMs,
          baselineName,
        },
        {
          benchmark,
          metric: `${metric} (gRPC)`,
          unit: 'ms',
          genpod: grpcMs,
          baseline: tarMs,
          baselineName,
        },
        {
          benchmark,
          metric: 'archive size',
          unit: 'KiB',
          genpod: (await httpDownload(t, name)) / 1024,
          baseline: (await tarCzf(join(folder.path, name))) / 1024,
          baselineName: 'tar czf -',
        },
      );
    }
    return rows;
  } finally {
    client.close();
    await t.stop();
    await folder.remove();
  }
}
