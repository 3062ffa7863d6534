// replaceInFiles over a generated tree of 10,000 small files (2,000 in quick
// mode), through the whole server over GraphQL, beside `grep -rl` + `sed -i`
// on the same tree. Three cases: every file changes, 1% of files change, and
// a dry run of every file (matches and diffs; beside `grep -rn`). Each run
// alternates the replacement back and forth, so every run has the same work.
// replaceInFiles writes each file atomically (temporary file, fsync, rename,
// fsync of the folder) and announces it; sed -i renames but never fsyncs.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { gql } from '../test/utils/graphql.ts';
import { makeTempDir } from '../test/utils/tempdir.ts';
import { startTestServer, type TestServer } from '../test/utils/tserver.ts';
import { generateFileTree } from './support/file-tree.ts';
import type { BenchRow } from './table.ts';
import { medianMs } from './support/median-time.ts';

const run = promisify(execFile);

interface Result {
  filesScanned: number;
  filesChanged: number;
  files: Array<{ status: string }>;
}

async function replace(
  t: TestServer,
  input: Record<string, unknown>,
  expectedFiles: number,
): Promise<void> {
  const response = await gql<{ replaceInFiles: Result }>(
    t.graphqlUrl,
    `mutation($input: ReplaceInFilesInput!) {
       replaceInFiles(input: $input) { filesScanned filesChanged files { status } } }`,
    { input },
    t.authHeaders,
  );
  const result = response.data?.replaceInFiles;
  if (!result) throw new Error(`replaceInFiles failed: ${JSON.stringify(response.errors)}`);
  if (result.files.length !== expectedFiles) {
    throw new Error(
      `replaceInFiles matched ${result.files.length} files, expected ${expectedFiles}`,
    );
  }
}

/** grep -rl | sed -i: the shell way, on the same tree. */
async function grepSed(root: string, from: string, to: string): Promise<void> {
  await run('sh', ['-c', `grep -rlZ -- '${from}' . | xargs -0 -r sed -i 's/${from}/${to}/g'`], {
    cwd: root,
    maxBuffer: 256 * 1024 * 1024,
  });
}

export async function benchReplaceInFiles(quick: boolean): Promise<BenchRow[]> {
  const files = quick ? 2_000 : 10_000;
  const times = quick ? 3 : 5;
  const folder = await makeTempDir('genpod-bench-replace-');
  await generateFileTree(folder.path, files);
  // The live-file watcher is not what is measured: keep it off the tree.
  const t = await startTestServer({
    PROJECT_ROOT: folder.path,
    LOG_LEVEL: 'warn',
    WATCH_IGNORE: 'pkg*',
  });
  try {
    // Each file is `export const valueN = N;`: every file has `export const`,
    // and one file in each folder of 100 has `value42 `. Each run swaps the
    // text back and forth, so every run finds the same work.
    const toggle = (a: string, b: string) => {
      let current = a;
      return () => {
        const from = current;
        current = current === a ? b : a;
        return [from, current] as const;
      };
    };
    const all = toggle('export const', 'export let');
    const some = toggle('value42 ', 'value42b ');
    const few = files / 100;

    const allMs = await medianMs(times, async () => {
      const [from, to] = all();
      await replace(t, { pattern: from, replacement: to }, files);
    });
    const allSedMs = await medianMs(times, async () => {
      const [from, to] = all();
      await grepSed(folder.path, from, to);
    });
    const regexMs = await medianMs(times, async () => {
      const [from, to] = all();
      await replace(
        t,
        { pattern: `${from} (value\\d+)`, regex: true, replacement: `${to} $1` },
        files,
      );
    });
    const someMs = await medianMs(times, async () => {
      const [from, to] = some();
      await replace(t, { pattern: from, replacement: to }, few);
    });
    const someSedMs = await medianMs(times, async () => {
      const [from, to] = some();
      await grepSed(folder.path, from, to);
    });
    const [current] = all();
    all(); // back: the dry run changes nothing
    const dryMs = await medianMs(times, () =>
      replace(t, { pattern: current, replacement: 'export var', dryRun: true }, files),
    );
    const grepMs = await medianMs(times, async () => {
      await run('grep', ['-rn', '--', current, '.'], {
        cwd: folder.path,
        maxBuffer: 256 * 1024 * 1024,
      });
    });
    const benchmark = `replaceInFiles over ${files.toLocaleString('en-US')} files`;
    const metric = `time, median of ${times} (GraphQL)`;
    return [
      {
        benchmark: `${benchmark}, all change`,
        metric,
        unit: 'ms',
        genpod: allMs,
        baseline: allSedMs,
        baselineName: 'grep -rl | xargs sed -i',
      },
      {
        benchmark: `${benchmark}, all change, regex $1`,
        metric,
        unit: 'ms',
        genpod: regexMs,
        baseline: allSedMs,
        baselineName: 'grep -rl | xargs sed -i',
      },
      {
        benchmark: `${benchmark}, 1% change`,
        metric,
        unit: 'ms',
        genpod: someMs,
        baseline: someSedMs,
        baselineName: 'grep -rl | xargs sed -i',
      },
      {
        benchmark: `${benchmark}, dry run with diffs`,
        metric,
        unit: 'ms',
        genpod: dryMs,
        baseline: grepMs,
        baselineName: 'grep -rn',
      },
    ];
  } finally {
    await t.stop();
    await folder.remove();
  }
}
