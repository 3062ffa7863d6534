// An idle AgentService.StreamData stream lets go of the project structure it
// sent on connect: neither the stream's loop nor the iterator that sent it as
// its first value keeps it for as long as the stream stays open. Measured as
// the server's heap after a forced collection, with many streams open on a
// project whose structure is big next to what a stream itself holds.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientReadableStream } from '@grpc/grpc-js';
import type { DataUpdate__Output } from '../../src/grpc/generated/genpod/agent/v1/DataUpdate.ts';
import { agentClients } from '../utils/grpc.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const folders = 30;
const filesPerFolder = 100;
const streams = 40;

function heapAfterCollection(): number {
  for (let i = 0; i < 3; i++) collect();
  return process.memoryUsage().heapUsed;
}

describe('an idle StreamData stream', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ RATE_LIMIT_PER_MINUTE: '0', WATCH_IGNORE: 'folder-*' });
    for (let f = 0; f < folders; f++) {
      const folder = join(t.projectRoot, `folder-${String(f)}`);
      await mkdir(folder);
      for (let i = 0; i < filesPerFolder; i++) {
        await writeFile(join(folder, `a-file-with-a-longish-name-${String(i)}.ts`), '');
      }
    }
  });
  afterAll(() => t.stop());

  it('keeps far less than the structure it sent', async () => {
    const { agent, chat } = agentClients(t.grpcTarget, t.token);
    const calls: Array<ClientReadableStream<DataUpdate__Output>> = [];
    try {
      // One stream first, so code loaded on first use is not counted.
      const first = async () => {
        const call = agent.StreamData({ agentId: '', pathPrefix: '' });
        calls.push(call);
        call.on('error', () => {});
        return new Promise<number>((resolve) => {
          call.once('data', (update: DataUpdate__Output) =>
            resolve(update.structure?.json.length ?? 0),
          );
        });
      };
      const structureBytes = await first();
      expect(structureBytes).toBeGreaterThan(folders * filesPerFolder * 100);
      const before = heapAfterCollection();
      await Promise.all(Array.from({ length: streams }, first));
      const perStream = (heapAfterCollection() - before) / streams;
      // A stream that kept its structure would hold more than the JSON's size
      // (3,000 entries as objects, each with its path, name and Date).
      expect(perStream).toBeLessThan(structureBytes / 4);
    } finally {
      for (const call of calls) call.cancel();
      agent.close();
      chat.close();
    }
  });
});
