// Bytes on the wire and delivery time for a one-line change to a 1 MB file:
// fileContent with `edits: true` (Monaco edits after the first content) beside
// the whole-content stream of before, both SSE subscriptions on the same
// server following the same saves.
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contentVersion } from '../src/core/files/file-snapshot.ts';
import { readEventStream } from '../test/utils/sse.ts';
import { startTestServer, type TestServer } from '../test/utils/tserver.ts';
import { percentile } from './support/write-delivery.ts';
import type { BenchRow } from './table.ts';

const file = 'bench-edits.txt';
const query = `subscription($path: String!, $edits: Boolean) {
  fileContent(path: $path, edits: $edits) {
    sequence kind content version baseVersion
    edits { range { startLineNumber startColumn endLineNumber endColumn } text }
  }
}`;

interface Arrival {
  version: string;
  bytes: number;
  at: number;
}

/** Records each event's version, SSE data size and arrival time. */
async function follow(t: TestServer, edits: boolean, signal: AbortSignal) {
  const response = await fetch(t.graphqlUrl, {
    method: 'POST',
    headers: { ...t.authHeaders, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, variables: { path: file, edits } }),
    signal,
  });
  const arrivals = new Map<string, Arrival>();
  const events = readEventStream(response);
  const first = await events.next();
  if (first.done) throw new Error('stream ended');
  void (async () => {
    try {
      for await (const event of events) {
        const at = performance.now();
        const payload = JSON.parse(event.data) as { data?: { fileContent: { version: string } } };
        const version = payload.data?.fileContent.version;
        if (version) arrivals.set(version, { version, bytes: Buffer.byteLength(event.data), at });
      }
    } catch {
      // aborted at the end of the run
    }
  })();
  return arrivals;
}

export async function benchFileContentEdits(quick: boolean): Promise<BenchRow[]> {
  const saves = quick ? 10 : 50;
  const t = await startTestServer({ LOG_LEVEL: 'warn' });
  const controller = new AbortController();
  try {
    const lines = Array.from({ length: 15_000 }, (_, i) => `row ${i} ${'z'.repeat(64)}`);
    const save = async (text: string) => {
      await writeFile(join(t.projectRoot, `.${file}.tmp`), text);
      await rename(join(t.projectRoot, `.${file}.tmp`), join(t.projectRoot, file));
    };
    await save(`${lines.join('\n')}\n`);
    const withEdits = await follow(t, true, controller.signal);
    const whole = await follow(t, false, controller.signal);
    const editBytes: number[] = [];
    const wholeBytes: number[] = [];
    const editMs: number[] = [];
    const wholeMs: number[] = [];
    for (let i = 0; i < saves; i++) {
      lines[(i * 997) % lines.length] = `row changed ${i} ${Math.random()}`;
      const text = `${lines.join('\n')}\n`;
      const version = contentVersion(Buffer.from(text));
      const started = performance.now();
      await save(text);
      const deadline = started + 10_000;
      while (!(withEdits.has(version) && whole.has(version))) {
        if (performance.now() > deadline) throw new Error(`save ${i} not delivered in 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const edit = withEdits.get(version);
      const full = whole.get(version);
      if (!edit || !full) continue;
      editBytes.push(edit.bytes);
      wholeBytes.push(full.bytes);
      editMs.push(edit.at - started);
      wholeMs.push(full.at - started);
    }
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    return [
      {
        benchmark: 'fileContent edits',
        metric: `SSE bytes per one-line save of a 1 MB file (${saves} saves)`,
        unit: 'B',
        genpod: Math.round(mean(editBytes)),
        baseline: Math.round(mean(wholeBytes)),
        baselineName: 'fileContent whole content (no edits)',
      },
      {
        benchmark: 'fileContent edits',
        metric: 'disk save → SSE event, p50',
        unit: 'ms',
        genpod: percentile(sorted(editMs), 50),
        baseline: percentile(sorted(wholeMs), 50),
        baselineName: 'fileContent whole content (no edits)',
      },
      {
        benchmark: 'fileContent edits',
        metric: 'disk save → SSE event, p99',
        unit: 'ms',
        genpod: percentile(sorted(editMs), 99),
        baseline: percentile(sorted(wholeMs), 99),
        baselineName: 'fileContent whole content (no edits)',
      },
    ];
  } finally {
    controller.abort();
    await t.stop();
  }
}
