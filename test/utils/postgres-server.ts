// Starts a throwaway PostgreSQL cluster from Debian's packages in a temporary
// folder, on a free loopback port, for tests and benchmarks. PostgreSQL
// refuses to run as root, and CI runs as root: the cluster then belongs to
// Debian's `postgres` user (initdb and the server run through `runuser`).
// Each test database is created on it with `createDatabase()`. In CI
// (CI=true) missing binaries fail the suites; elsewhere they are skipped.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.ts';
import { makeTempDir } from './tempdir.ts';

/** The newest PostgreSQL under Debian's /usr/lib/postgresql; POSTGRES_BIN overrides it. */
function findBinaries(): string | undefined {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

export const postgresBin = findBinaries();

const installHint =
  "install Debian's postgresql (apt-get install postgresql) or set POSTGRES_BIN to its bin folder";

/** Whether the PostgreSQL suites run: always in CI, where missing binaries are a failure. */
export const postgresTestsEnabled = postgresBin !== undefined || process.env.CI === 'true';

if (!postgresTestsEnabled) {
  console.warn(`Skipping PostgreSQL tests: no initdb under /usr/lib/postgresql; ${installHint}.`);
}

export interface PostgresServer {
  /** postgresql://genpod@127.0.0.1:<port>/postgres */
  adminUrl: string;
  /** A new, empty database; returns its URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

const isRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program, as `postgres` when we are root. */
function command(program: string, args: string[]): [string, string[]] {
  const path = join(postgresBin ?? '', program);
  return isRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

let databases = 0;

export async function startPostgresServer(): Promise<PostgresServer> {
  if (!postgresBin) throw new Error(`No PostgreSQL binaries: ${installHint}. CI requires it.`);
  const temp = await makeTempDir('genpod-pg-');
  const dataDir = join(temp.path, 'data');
  if (isRoot) {
    const owner = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (owner.status !== 0)
      throw new Error('running as root needs the postgres user (Debian package)');
    chownSync(temp.path, Number(owner.stdout.trim()), Number(group.stdout.trim()));
  }
  const [initProgram, initArgs] = command('initdb', [
    '-D',
    dataDir,
    '-U',
    'genpod',
    '-A',
    'trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const init = spawnSync(initProgram, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);

  const port = await freePort();
  const [program, args] = command('postgres', [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-h',
    '127.0.0.1',
    '-k',
    temp.path,
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
  ]);
  const child: ChildProcess = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`postgres did not start: ${output}`)), 30_000);
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', watch);
    child.stderr?.on('data', watch);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited with ${code}: ${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const adminUrl = `postgresql://genpod@127.0.0.1:${port}/postgres`;

  return {
    adminUrl,
    async createDatabase(name = `genpod_test_${process.pid}_${++databases}`) {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return `postgresql://genpod@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        // "fast" ends open sessions (a client's pool would hold off the default
        // "smart" one); pg_ctl signals postgres itself, not the runuser wrapper.
        const [stopProgram, stopArgs] = command('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast']);
        const stopped = spawnSync(stopProgram, stopArgs, { encoding: 'utf8' });
        if (stopped.status !== 0) child.kill('SIGKILL');
      }
      await exited;
      await temp.remove();
    },
  };
}
