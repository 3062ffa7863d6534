// Live subscribers for the delivery benchmarks, in processes of their own
// (subscriber-process.ts): receiving and parsing events for a thousand
// subscribers is real work, and it must not run on the server's event loop,
// nor on the writer's, whose timestamps start every measurement.
//
// The writer arms the paths it is about to write; each subscriber process
// then reports, per armed path, the time each of its subscribers first saw an
// event naming it (on the shared monotonic clock, see clock.ts). The
// processes live for a whole benchmark and open one set of subscribers after
// another, since starting a process costs seconds.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { repo } from './processes.ts';

/** What one subscriber connects to. */
export type SubscriberTarget =
  | {
      transport: 'sse';
      url: string;
      method: 'GET' | 'POST';
      body?: string;
      headers?: Record<string, string>;
    }
  | {
      transport: 'grpc';
      /** host:port of a server offering genpod.agent.v1.AgentService/StreamData. */
      target: string;
      pathPrefix: string;
      /** Sent as `authorization: Bearer` metadata when set. */
      token?: string;
      /**
       * `each`: every stream on its own HTTP/2 connection (one agent process
       * each); `shared`: all of a process's streams on one connection.
       */
      connections: 'each' | 'shared';
    };

export type ToSubscriberProcess =
  | { type: 'open'; target: SubscriberTarget; count: number }
  | { type: 'arm'; id: number; paths: string[]; timeoutMs: number }
  | { type: 'close' }
  | { type: 'exit' };

export type FromSubscriberProcess =
  | { type: 'ready' }
  | { type: 'closed' }
  | { type: 'armed'; id: number }
  | { type: 'arrived'; path: string; times: number[] }
  | { type: 'failed'; message: string };

/** One set of open subscribers. */
export interface SubscriberPool {
  /** Subscribers over all processes. */
  readonly count: number;
  /**
   * Starts recording the first event each subscriber sees for each path;
   * resolves once every process has armed them (so the write may start).
   * A path's report comes when all subscribers saw it or `timeoutMs` passed.
   */
  arm(paths: string[], timeoutMs: number): Promise<void>;
  /** Arrival times (monotonic ms) of every subscriber that saw the armed `path`. */
  arrivals(path: string): Promise<number[]>;
  /** Closes these subscribers; the processes stay for the next set. */
  close(): Promise<void>;
}

export interface SubscriberProcesses {
  /** Opens `count` subscribers, spread over the processes, once all are subscribed. */
  open(target: SubscriberTarget, count: number): Promise<SubscriberPool>;
  close(): Promise<void>;
}

const childPath = fileURLToPath(new URL('./subscriber-process.ts', import.meta.url));
const tsxLoader = `${repo}node_modules/tsx/dist/esm/index.mjs`;

interface Collecting {
  reports: number;
  times: number[];
  resolve(times: number[]): void;
}

/** Waits for the next message of `type` from each child (or its failure). */
function replies(
  children: ChildProcess[],
  type: 'ready' | 'closed',
  timeoutMs: number,
): Promise<void> {
  return Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            cleanup();
            reject(new Error(`subscriber process: no '${type}' within ${timeoutMs} ms`));
          }, timeoutMs);
          const onMessage = (message: FromSubscriberProcess) => {
            if (message.type === type) {
              cleanup();
              resolve();
            } else if (message.type === 'failed') {
              cleanup();
              reject(new Error(`subscriber process failed: ${message.message}`));
            }
          };
          const onExit = (code: number | null) => {
            cleanup();
            reject(new Error(`subscriber process exited with ${code}`));
          };
          const cleanup = () => {
            clearTimeout(timer);
            child.off('message', onMessage);
            child.off('exit', onExit);
          };
          child.on('message', onMessage);
          child.on('exit', onExit);
        }),
    ),
  ).then(() => undefined);
}

export function startSubscriberProcesses(processes = 1): SubscriberProcesses {
  const children: ChildProcess[] = Array.from({ length: processes }, () =>
    fork(childPath, [], {
      execArgv: ['--import', tsxLoader],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const send = (child: ChildProcess, message: ToSubscriberProcess) => {
    if (child.connected) child.send(message);
  };

  return {
    async open(target, count) {
      const used = children.slice(0, Math.min(children.length, count));
      const shares = used.map(
        (_, i) => Math.floor(count / used.length) + (i < count % used.length ? 1 : 0),
      );
      /** Armed paths still waiting for reports, by path. */
      const collecting = new Map<string, Collecting>();
      /** Armed paths whose arrivals nobody has asked for yet. */
      const results = new Map<string, Promise<number[]>>();
      const armAcks = new Map<number, { left: number; resolve(): void }>();
      let nextArm = 0;
      const onMessage = (message: FromSubscriberProcess) => {
        if (message.type === 'armed') {
          const ack = armAcks.get(message.id);
          if (ack && --ack.left === 0) {
            armAcks.delete(message.id);
            ack.resolve();
          }
        } else if (message.type === 'arrived') {
          const entry = collecting.get(message.path);
          if (!entry) return;
          entry.times.push(...message.times);
          if (++entry.reports === used.length) {
            collecting.delete(message.path);
            entry.resolve(entry.times);
          }
        }
      };
      for (const child of used) child.on('message', onMessage);
      const ready = replies(used, 'ready', 120_000);
      used.forEach((child, i) => send(child, { type: 'open', target, count: shares[i] ?? 0 }));
      await ready;

      return {
        count,
        arm(paths, timeoutMs) {
          for (const path of paths) {
            let resolve!: (times: number[]) => void;
            results.set(path, new Promise<number[]>((r) => (resolve = r)));
            collecting.set(path, { reports: 0, times: [], resolve });
          }
          const id = nextArm++;
          return new Promise<void>((resolve) => {
            armAcks.set(id, { left: used.length, resolve });
            for (const child of used) send(child, { type: 'arm', id, paths, timeoutMs });
          });
        },
        arrivals(path) {
          const done = results.get(path);
          results.delete(path);
          return done ?? Promise.reject(new Error(`${path} was not armed`));
        },
        async close() {
          const closed = replies(used, 'closed', 30_000);
          for (const child of used) send(child, { type: 'close' });
          await closed;
          for (const child of used) child.off('message', onMessage);
        },
      };
    },
    async close() {
      const exits = children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) resolve();
            else child.once('exit', () => resolve());
          }),
      );
      for (const child of children) send(child, { type: 'exit' });
      const killer = setTimeout(() => {
        for (const child of children) child.kill('SIGKILL');
      }, 10_000);
      await Promise.all(exits);
      clearTimeout(killer);
    },
  };
}
