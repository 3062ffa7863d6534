// Replaying the events a subscriber got must give exactly the files on disk.
// A seeded random sequence of the tree operations agents, git, package
// managers and archive tools do all day runs from a shell (a child process)
// while a client follows `fileChanges` over SSE: mkdir -p with writes at the
// bottom, cp -r, tar x of nested folders, mv of folders, rm -rf, atomic saves
// (a temporary file renamed over the target), bursts of writes, and edits in
// folders just made. Then the replayed tree (paths, and each file's version)
// must equal the disk. Set CONVERGENCE_SEED to replay a failing run.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  followFileChanges,
  type FileChangeLog,
  type ReceivedChange,
} from '../utils/file-change-log.ts';
import { makeTempDir } from '../utils/tempdir.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

const run = promisify(execFile);

/** mulberry32: a small seeded generator, so a failing sequence can be run again. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A shell script of `steps` random operations, built against a model of the
 * tree so every operation names something that exists (or must not).
 */
type Operation =
  | 'mkdir -p'
  | 'cp -r'
  | 'tar x'
  | 'mv folder'
  | 'rm -rf'
  | 'atomic save'
  | 'burst'
  | 'edit new folder'
  | 'mv file'
  | 'rm file';

const everyOperation = new Set<Operation>([
  'mkdir -p',
  'cp -r',
  'tar x',
  'mv folder',
  'rm -rf',
  'atomic save',
  'burst',
  'edit new folder',
  'mv file',
  'rm file',
]);

function operations(
  random: () => number,
  steps: number,
  tarball: string,
  allowed: ReadonlySet<Operation>,
): string {
  const dirs = new Set<string>(['base', 'base/lib']);
  const files = new Set<string>(['base/readme.md', 'base/lib/a.ts']);
  let counter = 0;
  const fresh = (prefix: string) => `${prefix}${counter++}`;
  const pick = <T>(items: Iterable<T>): T | undefined => {
    const all = [...items];
    return all.length === 0 ? undefined : all[Math.floor(random() * all.length)];
  };
  const under = (root: string) => (path: string) => path === root || path.startsWith(`${root}/`);
  const moveTree = (from: string, to: string) => {
    for (const set of [dirs, files]) {
      for (const path of [...set].filter(under(from))) {
        set.delete(path);
        set.add(to + path.slice(from.length));
      }
    }
  };
  const parentDir = () => pick(['', ...dirs]) ?? '';
  const join_ = (parent: string, name: string) => (parent === '' ? name : `${parent}/${name}`);
  const lines = ['set -e'];
  // Each operation's share of the rolls; a backend runs only those it is known to follow.
  const shares: Array<[Operation, number]> = [
    ['mkdir -p', 0.14],
    ['cp -r', 0.1],
    ['tar x', 0.08],
    ['mv folder', 0.1],
    ['rm -rf', 0.08],
    ['atomic save', 0.12],
    ['burst', 0.12],
    ['edit new folder', 0.1],
    ['mv file', 0.08],
    ['rm file', 0.08],
  ];
  const choose = (roll: number): Operation => {
    let sum = 0;
    for (const [operation, share] of shares) {
      sum += share;
      if (roll < sum) return operation;
    }
    return 'rm file';
  };
  for (let step = 0; step < steps;) {
    const operation = choose(random());
    if (!allowed.has(operation)) continue;
    step++;
    if (operation === 'mkdir -p') {
      // A deep mkdir -p with a write at the bottom right away (parcel-bundler/watcher#97).
      const path = join_(parentDir(), `${fresh('deep')}/${fresh('x')}/${fresh('y')}`);
      lines.push(`mkdir -p ${path} && echo ${counter} > ${path}/f.txt`);
      const parts = path.split('/');
      for (let depth = 1; depth <= parts.length; depth++) dirs.add(parts.slice(0, depth).join('/'));
      files.add(`${path}/f.txt`);
    } else if (operation === 'cp -r') {
      const from = pick(dirs);
      if (!from) continue;
      const to = join_(parentDir(), fresh('copy'));
      if (under(from)(to)) continue;
      lines.push(`cp -r ${from} ${to}`);
      for (const set of [dirs, files]) {
        for (const path of [...set].filter(under(from))) set.add(to + path.slice(from.length));
      }
    } else if (operation === 'tar x') {
      const into = join_(parentDir(), fresh('untar'));
      lines.push(`mkdir -p ${into} && tar -xf ${tarball} -C ${into}`);
      dirs.add(into).add(`${into}/pkg`).add(`${into}/pkg/src`).add(`${into}/pkg/src/util`);
      for (const file of ['pkg/package.json', 'pkg/src/index.ts', 'pkg/src/util/deep.ts']) {
        files.add(`${into}/${file}`);
      }
    } else if (operation === 'mv folder') {
      const from = pick(dirs);
      if (!from) continue;
      const to = join_(parentDir(), fresh('moved'));
      if (under(from)(to)) continue;
      lines.push(`mv ${from} ${to}`);
      moveTree(from, to);
    } else if (operation === 'rm -rf') {
      const gone = pick(dirs);
      if (!gone) continue;
      lines.push(`rm -rf ${gone}`);
      for (const set of [dirs, files])
        for (const path of [...set].filter(under(gone))) set.delete(path);
    } else if (operation === 'atomic save') {
      // An atomic save: the temporary copy next to its target, renamed over it.
      const target = pick(files) ?? join_(parentDir(), fresh('saved'));
      const slash = target.lastIndexOf('/');
      const temp = `${target.slice(0, slash + 1)}.${target.slice(slash + 1)}.swp`;
      lines.push(`echo saved ${counter++} > ${temp} && mv ${temp} ${target}`);
      files.add(target);
    } else if (operation === 'burst') {
      // A burst of writes, many a second, to a few files.
      const targets = [pick(files), pick(files), join_(parentDir(), fresh('burst'))].filter(
        (path): path is string => path !== undefined,
      );
      const writes = targets.map((path, i) => `echo "$i ${i}" >> ${path}`).join('; ');
      lines.push(`for i in $(seq 1 15); do ${writes}; done`);
      for (const path of targets) files.add(path);
    } else if (operation === 'edit new folder') {
      // Edits inside a folder made a moment ago.
      const folder = join_(parentDir(), fresh('fresh'));
      lines.push(
        `mkdir -p ${folder}/inner && echo one > ${folder}/inner/x.txt && echo two >> ${folder}/inner/x.txt && echo three > ${folder}/y.txt`,
      );
      dirs.add(folder).add(`${folder}/inner`);
      files.add(`${folder}/inner/x.txt`).add(`${folder}/y.txt`);
    } else if (operation === 'mv file') {
      const file = pick(files);
      if (!file) continue;
      const to = join_(parentDir(), fresh('renamed'));
      lines.push(`mv ${file} ${to}`);
      files.delete(file);
      files.add(to);
    } else {
      const file = pick(files);
      if (!file) continue;
      lines.push(`rm -f ${file}`);
      files.delete(file);
    }
    if (random() < 0.3) lines.push(`sleep 0.0${Math.floor(random() * 9) + 1}`);
  }
  return `${lines.join('\n')}\n`;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The disk as a replay should see it: each folder (null) and file (its version). */
async function diskTree(root: string, prefix = ''): Promise<Map<string, string | null>> {
  const tree = new Map<string, string | null>();
  for (const entry of await readdir(join(root, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      tree.set(path, null);
      for (const [inner, version] of await diskTree(root, path)) tree.set(inner, version);
    } else tree.set(path, sha256(await readFile(join(root, path))));
  }
  return tree;
}

/** The tree a client builds from the events alone. */
function replay(
  initial: Map<string, string | null>,
  events: ReceivedChange[],
): Map<string, string | null> {
  const tree = new Map(initial);
  const subtree = (path: string) =>
    [...tree.keys()].filter((key) => key === path || key.startsWith(`${path}/`));
  for (const event of events) {
    switch (event.kind) {
      case 'CREATED':
      case 'MODIFIED':
        tree.set(event.path, event.version);
        break;
      case 'DELETED':
        for (const key of subtree(event.path)) tree.delete(key);
        break;
      case 'MOVED': {
        const from = event.oldPath ?? '';
        const moved = subtree(from).map((key) => [key, tree.get(key) ?? null] as const);
        for (const [key] of moved) tree.delete(key);
        for (const [key, value] of moved) tree.set(event.path + key.slice(from.length), value);
        tree.set(event.path, event.version);
        break;
      }
      case 'RESYNC':
        // The sequence stays within every limit: a RESYNC is a failure here.
        tree.set('(RESYNC)', null);
        break;
    }
  }
  return tree;
}

function differences(expected: Map<string, string | null>, actual: Map<string, string | null>) {
  const lines: string[] = [];
  for (const [path, version] of expected) {
    if (!actual.has(path)) lines.push(`missing ${path}`);
    else if (actual.get(path) !== version) lines.push(`stale ${path}`);
  }
  for (const path of actual.keys()) if (!expected.has(path)) lines.push(`extra ${path}`);
  return lines;
}

const steps = 60;

// What each backend is tested for. inotify (the default): everything.
// chokidar is documented as lossy for folder operations (docs/watcher.md: it
// fails this test with folder moves, copies and extractions) and for atomic
// saves of new files when its events come later than the coalescer's 50 ms
// window (the temporary file stays in the replay): it is tested on writes,
// renames and removals of files in folders that exist.
// @parcel/watcher fails even that (deletions and renames in one batch are
// mis-paired, and it misses folders made inside new folders,
// parcel-bundler/watcher#97): documented as lossy, tested only by the
// single-change cases of file-change-feed.test.ts.
const profiles = [
  { backend: 'inotify', allowed: everyOperation },
  {
    backend: 'chokidar',
    allowed: new Set<Operation>(['burst', 'mv file', 'rm file']),
  },
] as const;

describe.each(profiles)('convergence ($backend)', ({ backend, allowed }) => {
  let t: TestServer | undefined;
  let log: FileChangeLog | undefined;
  afterEach(async () => {
    log?.close();
    await t?.stop();
    t = undefined;
  });

  it('replays the events of a random sequence of tree operations to exactly the disk', async () => {
    await converge(Number(process.env.CONVERGENCE_SEED ?? Math.floor(Math.random() * 2 ** 31)));
  }, 60_000);

  // Seeds that once lost a change, each fixed since (docs/watcher.md, "A late event loop").
  it.runIf(backend === 'inotify').each([1260358258, 1155654986])(
    'replays to exactly the disk the sequence of seed %i, which once lost a change',
    (seed) => converge(seed),
    60_000,
  );

  async function converge(seed: number): Promise<void> {
    const random = seeded(seed);
    const archive = await makeTempDir();
    try {
      // A nested folder tree packed once, extracted many times.
      const source = join(archive.path, 'src');
      await mkdir(join(source, 'pkg', 'src', 'util'), { recursive: true });
      await writeFile(join(source, 'pkg', 'package.json'), '{"name":"pkg"}');
      await writeFile(join(source, 'pkg', 'src', 'index.ts'), 'export {};');
      await writeFile(join(source, 'pkg', 'src', 'util', 'deep.ts'), 'export const deep = 1;');
      const tarball = join(archive.path, 'pkg.tar');
      await run('tar', ['-cf', tarball, '-C', source, 'pkg']);

      // The project exists before the server starts: its folders are the initial tree.
      const project = join(archive.path, 'project');
      await mkdir(join(project, 'base', 'lib'), { recursive: true });
      await writeFile(join(project, 'base', 'readme.md'), 'hello');
      await writeFile(join(project, 'base', 'lib', 'a.ts'), 'a');
      const initial = await diskTree(project);
      t = await startTestServer({ WATCH_BACKEND: backend, PROJECT_ROOT: project });
      log = await followFileChanges(t);
      const script = operations(random, steps, tarball, allowed);
      await run('sh', ['-c', script], { cwd: project });
      const marker = `done-${seed}`;
      await writeFile(join(project, marker), 'done');
      await log.waitFor((event) => event.path === marker, 10_000);

      // Trailing coalesced writes may follow the marker: poll until the replay matches or time is up.
      const deadline = Date.now() + 3_000;
      let diff: string[] = [];
      for (;;) {
        const disk = await diskTree(project);
        diff = differences(disk, replay(initial, log.events));
        if (diff.length === 0 || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(
        diff,
        `seed ${seed} (CONVERGENCE_SEED=${seed} to replay), ${log.events.length} events; watcher said ${JSON.stringify(
          t.logs().filter((line) => String(line.msg).startsWith('file watcher: ')),
        )}; script:\n${script}`,
      ).toEqual([]);
    } finally {
      await archive.remove();
    }
  }
});
