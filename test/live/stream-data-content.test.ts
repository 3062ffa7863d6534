// AgentService.StreamData with content_paths through a real gRPC client: the
// followed file comes FULL, then a one-line disk edit in a 1 MB file as small
// EDITS that rebuild it; FULL again when edits outgrow the content or the
// version the agent holds is unknown; bad requests fail before anything is sent.
import { status, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentVersion } from '../../src/core/files/file-snapshot.ts';
import type { TextEdit } from '../../src/core/files/text-edits.ts';
import type { DataUpdate__Output } from '../../src/grpc/generated/genpod/agent/v1/DataUpdate.ts';
import type { FileContentUpdate__Output } from '../../src/grpc/generated/genpod/agent/v1/FileContentUpdate.ts';
import { agentClients } from '../utils/grpc.ts';
import { applyEdits, saveWhole } from '../utils/text-edits.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

const version = (text: string) => contentVersion(Buffer.from(text));

/** Content updates of a stream, one at a time; other updates are skipped. */
function contentReader(call: ClientReadableStream<DataUpdate__Output>) {
  const queue: DataUpdate__Output[] = [];
  const waiting: Array<(update: DataUpdate__Output) => void> = [];
  let failure: ServiceError | undefined;
  const failed: Array<(error: ServiceError) => void> = [];
  call.on('data', (update: DataUpdate__Output) => {
    if (update.update !== 'content') return;
    const resolve = waiting.shift();
    if (resolve) resolve(update);
    else queue.push(update);
  });
  call.on('error', (error: ServiceError) => {
    failure = error;
    for (const reject of failed.splice(0)) reject(error);
  });
  return {
    next(): Promise<DataUpdate__Output> {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting.push(resolve);
        failed.push(reject);
        setTimeout(() => reject(new Error('no content update within 10 s')), 10_000);
      });
    },
  };
}

const editsOf = (content: FileContentUpdate__Output): TextEdit[] =>
  content.edits.map((edit) => ({
    range: {
      startLineNumber: edit.range?.startLineNumber ?? 0,
      startColumn: edit.range?.startColumn ?? 0,
      endLineNumber: edit.range?.endLineNumber ?? 0,
      endColumn: edit.range?.endColumn ?? 0,
    },
    text: edit.text,
  }));

describe('StreamData content_paths', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  const save = (name: string, text: string) => saveWhole(t.projectRoot, name, text);

  /** Applies content updates to `text` until it reaches `expected`; returns the last update. */
  async function followUntil(
    reader: ReturnType<typeof contentReader>,
    text: string,
    expected: string,
  ): Promise<DataUpdate__Output> {
    let current = text;
    let last: DataUpdate__Output | undefined;
    while (current !== expected || !last) {
      last = await reader.next();
      const content = last.content as FileContentUpdate__Output;
      if (content.kind === 'EDITS') {
        expect(content.baseVersion).toBe(version(current));
        current = applyEdits(current, editsOf(content));
      } else {
        current = content.content;
      }
      expect(version(current)).toBe(content.version);
    }
    return last;
  }

  it('follows a 1 MB file: FULL first, then a one-line disk edit as EDITS under 1 KB', async () => {
    const lines = Array.from({ length: 15_000 }, (_, i) => `row ${i} ${'y'.repeat(64)}`);
    const before = `${lines.join('\n')}\n`;
    expect(before.length).toBeGreaterThan(1_000_000);
    await save('big.txt', before);
    const { agent } = agentClients(t.grpcTarget, t.token);
    const call = agent.StreamData({ agentId: 'a1', pathPrefix: '', contentPaths: ['big.txt'] });
    const reader = contentReader(call);
    const first = await reader.next();
    expect(first.content).toMatchObject({
      kind: 'FULL',
      path: 'big.txt',
      version: version(before),
    });
    expect(first.content?.content).toBe(before);

    const after = before.replace('row 7000 y', 'row 7000 changed y');
    await save('big.txt', after);
    const last = await followUntil(reader, before, after);
    expect(last.content?.kind).toBe('EDITS');
    expect(last.content?.content).toBe('');
    // JSON is larger than the protobuf encoding of the same message: an upper bound.
    expect(JSON.stringify(last).length).toBeLessThan(1024);
    call.cancel();
    agent.close();
  });

  it('sends FULL when the edits would be larger than the content', async () => {
    const before = 'first line\nsecond line\n';
    await save('tiny.txt', before);
    const { agent } = agentClients(t.grpcTarget, t.token);
    const call = agent.StreamData({ agentId: 'a2', pathPrefix: '', contentPaths: ['tiny.txt'] });
    const reader = contentReader(call);
    expect((await reader.next()).content).toMatchObject({ kind: 'FULL', content: before });
    await save('tiny.txt', 'x');
    const last = await followUntil(reader, before, 'x');
    expect(last.content).toMatchObject({ kind: 'FULL', content: 'x', edits: [] });
    call.cancel();
    agent.close();
  });

  it('resumes from a version the agent holds with EDITS, and sends FULL for one the server no longer has', async () => {
    const before = `header\n${'body line\n'.repeat(50)}`;
    await save('held.txt', before);
    const { agent } = agentClients(t.grpcTarget, t.token);
    const call = agent.StreamData({ agentId: 'a3', pathPrefix: '', contentPaths: ['held.txt'] });
    expect((await contentReader(call).next()).content?.version).toBe(version(before));
    call.cancel();

    const after = before.replace('header', 'HEADER');
    await save('held.txt', after);
    let resumed: DataUpdate__Output;
    do {
      const again = agent.StreamData({
        agentId: 'a3',
        pathPrefix: '',
        contentPaths: ['held.txt'],
        contentVersions: { 'held.txt': version(before) },
      });
      resumed = await contentReader(again).next();
      again.cancel();
      // Opened before the watcher saw the save: the agent is current, try again.
    } while (resumed.content?.version !== version(after));
    expect(resumed.content).toMatchObject({ kind: 'EDITS', baseVersion: version(before) });
    expect(applyEdits(before, editsOf(resumed.content as FileContentUpdate__Output))).toBe(after);

    const unknown = agent.StreamData({
      agentId: 'a3',
      pathPrefix: '',
      contentPaths: ['held.txt'],
      contentVersions: { 'held.txt': 'f'.repeat(64) },
    });
    expect((await contentReader(unknown).next()).content).toMatchObject({
      kind: 'FULL',
      content: after,
    });
    unknown.cancel();
    agent.close();
  });

  it('refuses a path outside the project and too many paths with typed errors', async () => {
    const { agent } = agentClients(t.grpcTarget, t.token);
    const outside = contentReader(
      agent.StreamData({ agentId: 'a4', pathPrefix: '', contentPaths: ['../etc/passwd'] }),
    );
    await expect(outside.next()).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    const many = contentReader(
      agent.StreamData({
        agentId: 'a4',
        pathPrefix: '',
        contentPaths: Array.from({ length: 33 }, (_, i) => `f${i}.txt`),
      }),
    );
    await expect(many.next()).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    agent.close();
  });
});
