// Runs `node src/main.ts` as its own process, as `npm start` and a supervisor
// do, to see what an operator sees: exit codes, stderr, the listening line,
// signals. Node 24 strips the types itself: no loader, one process.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Resolves with the parsed `listening` log line, or rejects if the process exits first. */
  listening: Promise<{ httpPort: number; grpcPort: number }>;
}

export function runServerProcess(cwd: string, env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, [`${repo}src/main.ts`], {
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
