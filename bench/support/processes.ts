// Servers under test run in their own processes, so the load generator in the
// bench process does not share their event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { bearerHeaders, newAdminToken } from './bench-auth.ts';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
const tsxLoader = `${repo}node_modules/tsx/dist/esm/index.mjs`;

export interface Started {
  child: ChildProcess;
  /** The parsed stdout line that said the process was ready. */
  line: Record<string, unknown>;
}

/**
 * Node flags for every server under test, from `BENCH_SERVER_NODE_ARGS` (space
 * separated): `--cpu-prof --cpu-prof-dir=/tmp/prof` profiles them, which
 * NODE_OPTIONS refuses to do.
 */
const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

/**
 * `BENCH_SERVER_STDOUT=<file>`: what the servers under test print once ready
 * (their logs; with `--trace-gc` in BENCH_SERVER_NODE_ARGS, every collection)
 * goes to that file instead of nowhere.
 */
const serverStdout = process.env.BENCH_SERVER_STDOUT
  ? createWriteStream(process.env.BENCH_SERVER_STDOUT, { flags: 'a' })
  : undefined;

/**
 * Starts `node --import tsx <args>` and waits for a stdout line matching
 * `ready`. `tsx: false` runs Node alone, stripping the types itself, as
 * `npm start` runs the server: tsx's loader holds tens of megabytes of its
 * own in the heap, which the server's garbage collections would then pay for.
 */
export function startProcess(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  options: { tsx?: boolean } = {},
): Promise<Started> {
  const loader = options.tsx === false ? [] : ['--import', tsxLoader];
  const child = spawn(process.execPath, [...serverNodeArgs, ...loader, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let isReady = false;
    // A process that never says it is ready must not hang the whole run
    // (cleared once it is: a benchmark may use it for longer than that).
    const notReady = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`not ready within 60 s: ${args.join(' ')}`));
    }, 60_000);
    notReady.unref();
    child.stdout?.on('data', (chunk: Buffer) => {
      // Still read once ready (a full pipe would block the child), but keep nothing.
      if (isReady) {
        serverStdout?.write(chunk);
        return;
      }
      out += chunk.toString();
      const line = out.split('\n').find((l) => ready.test(l));
      if (!line) return;
      isReady = true;
      clearTimeout(notReady);
      out = '';
      resolve({ child, line: JSON.parse(line) as Record<string, unknown> });
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before it was ready`)));
  });
}

export interface GenPodProcess extends Started {
  /** The server's GENPOD_ADMIN_TOKEN, which every bench client sends. */
  token: string;
  /** `{ authorization: 'Bearer <token>' }` */
  authHeaders: { authorization: string };
}

/** The GenPod server (`src/main.ts`) on free ports, serving `projectRoot`, with an admin token. */
export async function startGenPodProcess(
  projectRoot: string,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<GenPodProcess> {
  const token = env.GENPOD_ADMIN_TOKEN ?? newAdminToken();
  const started = await startProcess(
    [`${repo}src/main.ts`],
    {
      PORT: '0',
      GRPC_PORT: '0',
      PROJECT_ROOT: projectRoot,
      DATA_DIR: dataDir,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      // Every simulated client connects from 127.0.0.1: the per-address cap
      // (docs/hardening.md) would cut benches of many gRPC subscribers short.
      GRPC_MAX_CONNECTIONS_PER_ADDRESS: '0',
      GRPC_MAX_CONNECTIONS: '0',
      ...env,
      GENPOD_ADMIN_TOKEN: token,
    },
    /listening/,
    { tsx: false },
  );
  return { ...started, token, authHeaders: bearerHeaders(token) };
}

export async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
}

/** Resident memory of a process, in MiB, from /proc. */
export async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}
