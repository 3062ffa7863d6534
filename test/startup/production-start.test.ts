// `npm start` as a supervisor would run it (docs/running.md): the command in
// package.json is one process, Node 24 stripping the types itself, so the
// process a supervisor signals is the server, and SIGTERM drains and exits 0.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../utils/tempdir.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));

async function startScript(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(`${repo}package.json`, 'utf8')) as {
    scripts: Record<string, string>;
  };
  return (manifest.scripts.start ?? '').split(/\s+/).filter(Boolean);
}

describe('the production start', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(() => dir.remove());

  it('runs the server in the process npm start names, which exits 0 on SIGTERM', async () => {
    const [command, ...args] = await startScript();
    // Inside npm scripts `node` is the node devDependency (Node 24), as here.
    expect(command).toBe('node');
    const child = spawn(process.execPath, args, {
      cwd: repo,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LOG_FORMAT: 'json',
        PORT: '0',
        GRPC_PORT: '0',
        // Absolute, so the repository's own .env and folders are not used.
        PROJECT_ROOT: `${dir.path}/project`,
        DATA_DIR: `${dir.path}/data`,
        DATABASE_URL: `file:${dir.path}/data/genpod.db`,
        GENPOD_ADMIN_TOKEN: 'production-start-test-token',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const listening = await new Promise<{ pid: number }>((resolve, reject) => {
      child.stdout.on('data', () => {
        const line = out.split('\n').find((l) => l.includes('listening'));
        if (line) resolve(JSON.parse(line) as { pid: number });
      });
      void exited.then((code) => reject(new Error(`exited with ${code}: ${err}`)));
    });

    // No loader or wrapper in between: the signalled process is the server.
    expect(listening.pid).toBe(child.pid);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('"msg":"stopped"');
    expect(err).toBe('');
  });
});
