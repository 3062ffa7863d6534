// Runs `src/main.ts` as its own process, as `npm start` does, to see what an
// operator sees: exit codes, stderr, the listening line, signals.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const tsx = `${repo}node_modules/.bin/tsx`;

export interface ServerProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Resolves with the parsed `listening` log line, or rejects if the process exits first. */
  listening: Promise<{ httpPort: number; grpcPort: number }>;
}

/**
 * `direct`: run node on src/main.ts itself (Node 24 strips the types), so
 * `child` is the server and a SIGKILL reaches it, not a tsx wrapper.
 */
export function runServerProcess(
  cwd: string,
  env: Record<string, string>,
  options: { direct?: boolean } = {},
): ServerProcess {
  const args = options.direct ? [`${repo}src/main.ts`] : [tsx, `${repo}src/main.ts`];
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<{ httpPort: number; grpcPort: number }>((resolve, reject) => {
    const check = () => {
      const line = out.split('\n').find((l) => l.includes('listening'));
      if (line) resolve(JSON.parse(line) as { httpPort: number; grpcPort: number });
    };
    child.stdout?.on('data', check);
    void exited.then((code) => reject(new Error(`exited with ${code}: ${err}`)));
  });
  listening.catch(() => {});
  return { child, stdout: () => out, stderr: () => err, exited, listening };
}
