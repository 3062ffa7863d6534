// writeFiles of 100 small files in one batch against 100 writeFile calls one
// after another (what a client without writeFiles does), both over GraphQL
// through the whole server; and one writeFile into 127 new nested folders.
import { graphqlTransport, valueOf } from '../test/files/transports.ts';
import { graphqlBatch } from '../test/files/batch-transports.ts';
import { startTestServer } from '../test/utils/tserver.ts';
import type { BenchRow } from './table.ts';
import { medianMs } from './support/median-time.ts';

export async function benchWriteFiles(quick: boolean): Promise<BenchRow[]> {
  const times = quick ? 3 : 7;
  const files = 100;
  const t = await startTestServer({ LOG_LEVEL: 'warn' });
  const single = graphqlTransport(t, t.token);
  const batch = graphqlBatch(t.graphqlUrl, t.token);
  try {
    const content = (round: number, i: number) => `export const value${i} = ${round};\n`;
    const writeFiles = await medianMs(times, async (round) => {
      const entries = Array.from({ length: files }, (_, i) => ({
        op: 'WRITE' as const,
        path: `batch/f${i}.ts`,
        content: content(round, i),
      }));
      valueOf(await batch.writeFiles(entries));
    });
    const oneByOne = await medianMs(times, async (round) => {
      for (let i = 0; i < files; i++) {
        valueOf(await single.write({ path: `single/f${i}.ts`, content: content(round, i) }));
      }
    });
    const deep = await medianMs(times, async (round) => {
      const folders = Array.from({ length: 127 }, (_, i) => `r${round + 1}d${i}`).join('/');
      valueOf(await single.write({ path: `deep/${folders}`, content: 'x' }));
    });
    const shallow = await medianMs(times, async (round) => {
      valueOf(await single.write({ path: `shallow/r${round + 1}`, content: 'x' }));
    });
    return [
      {
        benchmark: 'writeFiles',
        metric: `${files} small files, one batch`,
        unit: 'ms',
        genpod: writeFiles,
        baseline: oneByOne,
        baselineName: `${files} writeFile calls in sequence`,
      },
      {
        benchmark: 'writeFile',
        metric: 'into 127 new nested folders',
        unit: 'ms',
        genpod: deep,
        baseline: shallow,
        baselineName: 'one new file in a new folder',
      },
    ];
  } finally {
    single.close();
    batch.close();
    await t.stop();
  }
}
