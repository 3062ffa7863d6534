// A process of live subscribers, driven over IPC by subscriber-pool.ts. It
// opens one set of subscribers at a time. SSE subscribers use plain node:http
// (lighter than fetch at a thousand connections); gRPC subscribers call
// AgentService.StreamData. Either way the changed path is read from each
// event with one regular expression: the same work for GenPod's payloads and
// the baselines'.
import { Agent, request, type ClientRequest } from 'node:http';
import * as grpc from '@grpc/grpc-js';
import { agentProto } from '../../src/grpc/proto.ts';
import type { DataUpdate__Output } from '../../src/grpc/generated/genpod/agent/v1/DataUpdate.ts';
import { grpcAuthOptions } from './bench-auth.ts';
import { monotonicMs } from './clock.ts';
import type {
  FromSubscriberProcess,
  SubscriberTarget,
  ToSubscriberProcess,
} from './subscriber-pool.ts';

const tell = (message: FromSubscriberProcess) => process.send?.(message);
const pathPattern = /"path":"((?:[^"\\]|\\.)*)"/g;

interface Armed {
  /** Which subscribers have seen the path (by index). */
  seen: Uint8Array;
  times: number[];
}

/** The open set of subscribers, with what it records. */
class SubscriberSet {
  readonly armed = new Map<string, Armed>();
  private readonly closers: Array<() => void> = [];
  private closed = false;

  readonly count: number;

  constructor(count: number) {
    this.count = count;
  }

  /** Subscriber `index` received an event naming `path` at `at`. */
  arrived(index: number, path: string, at: number) {
    const entry = this.armed.get(path);
    if (!entry || entry.seen[index]) return;
    entry.seen[index] = 1;
    entry.times.push(at);
    if (entry.times.length === this.count) this.report(path, entry);
  }

  report(path: string, entry: Armed) {
    this.armed.delete(path);
    tell({ type: 'arrived', path, times: entry.times });
  }

  onClose(close: () => void) {
    this.closers.push(close);
  }

  /** A stream broke while open: the measurement cannot be trusted. */
  fail(error: unknown) {
    if (this.closed) return;
    tell({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    this.close();
  }

  close() {
    this.closed = true;
    for (const close of this.closers) close();
  }
}

function openSSE(
  set: SubscriberSet,
  spec: Extract<SubscriberTarget, { transport: 'sse' }>,
): Array<Promise<void>> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const requests: ClientRequest[] = [];
  set.onClose(() => {
    for (const req of requests) req.destroy();
    agent.destroy();
  });
  return Array.from(
    { length: set.count },
    (_, index) =>
      new Promise<void>((resolve) => {
        const req = request(
          spec.url,
          {
            method: spec.method,
            agent,
            headers: {
              accept: 'text/event-stream',
              'content-type': 'application/json',
              ...spec.headers,
            },
          },
          (res) => {
            if (res.statusCode !== 200) {
              set.fail(new Error(`${spec.url} answered ${res.statusCode}`));
              return;
            }
            let buffer = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              const at = monotonicMs();
              // The server's first bytes (a comment or a first event): subscribed.
              resolve();
              buffer += chunk;
              const end = buffer.lastIndexOf('\n\n');
              if (end === -1) return;
              const events = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              for (const match of events.matchAll(pathPattern)) {
                set.arrived(index, match[1] ?? '', at);
              }
            });
            res.on('end', () => set.fail(new Error('an SSE stream ended')));
          },
        );
        req.on('error', (error) => set.fail(error));
        if (spec.body) req.write(spec.body);
        req.end();
        requests.push(req);
      }),
  );
}

function openGrpc(
  set: SubscriberSet,
  spec: Extract<SubscriberTarget, { transport: 'grpc' }>,
): Array<Promise<void>> {
  const options: grpc.ClientOptions = {
    ...(spec.token ? grpcAuthOptions(spec.token) : {}),
    // Without this, grpc-js puts every client of one target on one connection.
    ...(spec.connections === 'each' ? { 'grpc.use_local_subchannel_pool': 1 } : {}),
  };
  const insecure = grpc.credentials.createInsecure();
  const shared =
    spec.connections === 'shared'
      ? new agentProto.AgentService(spec.target, insecure, options)
      : undefined;
  const clients: grpc.Client[] = [];
  const calls: Array<grpc.ClientReadableStream<DataUpdate__Output>> = [];
  set.onClose(() => {
    for (const call of calls) call.cancel();
    for (const client of clients) client.close();
    shared?.close();
  });
  return Array.from(
    { length: set.count },
    (_, index) =>
      new Promise<void>((resolve) => {
        let client = shared;
        if (!client) {
          client = new agentProto.AgentService(spec.target, insecure, options);
          clients.push(client);
        }
        const call = client.StreamData({ agentId: '', pathPrefix: spec.pathPrefix, since: '' });
        calls.push(call);
        call.on('data', (update: DataUpdate__Output) => {
          const at = monotonicMs();
          // The first message (the project structure): subscribed.
          resolve();
          if (update.file) set.arrived(index, update.file.path, at);
        });
        call.on('error', (error) => set.fail(error));
        call.on('end', () => set.fail(new Error('a StreamData call ended')));
      }),
  );
}

let current: SubscriberSet | undefined;

process.on('message', (message: ToSubscriberProcess) => {
  switch (message.type) {
    case 'open': {
      const set = new SubscriberSet(message.count);
      current = set;
      const opened =
        message.target.transport === 'sse'
          ? openSSE(set, message.target)
          : openGrpc(set, message.target);
      void Promise.all(opened).then(() => tell({ type: 'ready' }));
      break;
    }
    case 'arm': {
      const set = current;
      if (!set) break;
      const entries = message.paths.map((path) => {
        const entry: Armed = { seen: new Uint8Array(set.count), times: [] };
        set.armed.set(path, entry);
        return [path, entry] as const;
      });
      setTimeout(() => {
        for (const [path, entry] of entries) {
          // Only this arm's entry: the path may have been armed again since.
          if (set.armed.get(path) === entry) set.report(path, entry);
        }
      }, message.timeoutMs);
      tell({ type: 'armed', id: message.id });
      break;
    }
    case 'close':
      current?.close();
      current = undefined;
      tell({ type: 'closed' });
      break;
    case 'exit':
      current?.close();
      // Once the IPC channel has flushed.
      setImmediate(() => process.exit(0));
      break;
  }
});
