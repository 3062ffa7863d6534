// Starts Debian's redis-server on a free loopback port, without persistence,
// for tests and benchmarks that share events between server instances. In CI
// (CI=true) a missing redis-server fails the suites that need it; on a
// developer machine they are skipped with a message saying how to get it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from './free-port.ts';

/** Where Debian's `redis-server` package puts it; REDIS_SERVER_PATH overrides it. */
export const redisServerPath = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

const installHint =
  "install Debian's redis-server (apt-get install redis-server) or set REDIS_SERVER_PATH";

/** Whether the Redis suites run: always in CI, where a missing redis-server is a failure. */
export const redisTestsEnabled = existsSync(redisServerPath) || process.env.CI === 'true';

if (!redisTestsEnabled) {
  console.warn(`Skipping Redis tests: no redis-server at ${redisServerPath}; ${installHint}.`);
}

export interface RedisServer {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
  if (!existsSync(redisServerPath)) {
    throw new Error(`No redis-server at ${redisServerPath}: ${installHint}. CI requires it.`);
  }
  const port = await freePort();
  const child = spawn(
    redisServerPath,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start: ${output}`)),
      10_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
