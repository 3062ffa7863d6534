// What a token's path rules cost a walk: `tree` of a generated folder (20,000
// files; 5,000 in quick mode) over gRPC with a token limited by ten rules
// that together still show every entry, against the same tree with the admin
// token (no rules), in the same server. Every entry is checked against the
// rules, so this is the price of checking them per entry.
import { FileAccessPolicy } from '../src/core/files/access-policy.ts';
import { scopes, type PathRule, type Principal } from '../src/core/scopes.ts';
import { makeTempDir } from '../test/utils/tempdir.ts';
import { grpcTransport, valueOf, type TreeResult } from '../test/files/transports.ts';
import { gql } from '../test/utils/graphql.ts';
import { startTestServer } from '../test/utils/tserver.ts';
import { generateFileTree } from './support/file-tree.ts';
import type { BenchRow } from './table.ts';

/** root → pkg* → mod* → files */
const depth = 3;

function countNodes(node: TreeResult): number {
  return (node.children ?? []).reduce((sum, child) => sum + 1 + countNodes(child), 0);
}

const median = (samples: number[]) =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0;

/**
 * Medians of `a` and `b`, measured in turns (a, b, a, b…) after a warm-up of
 * each, so a busy machine's drift weighs on both alike.
 */
async function pairedMediansMs(
  times: number,
  a: () => Promise<void>,
  b: () => Promise<void>,
): Promise<[number, number]> {
  const samples: [number[], number[]] = [[], []];
  await a();
  await b();
  for (let i = 0; i < times; i++) {
    for (const [index, measure] of [a, b].entries()) {
      const start = performance.now();
      await measure();
      samples[index]?.push(performance.now() - start);
    }
  }
  return [median(samples[0]), median(samples[1])];
}

/**
 * The check alone, without the disk: `canList` (what a walk asks per entry)
 * over generated entry paths, with the ten rules and with none.
 */
async function canListRows(quick: boolean, rules: PathRule[]): Promise<BenchRow> {
  const entries = Array.from({ length: quick ? 100_000 : 1_000_000 }, (_, i) =>
    i % 10 === 0 ? `pkg${i % 7}/mod${i % 13}` : `pkg${i % 7}/mod${i % 13}/file${i}.ts`,
  );
  const policy = new FileAccessPolicy();
  const limited: Principal = { id: 'bench:limited', scopes: new Set(scopes), paths: rules };
  const unlimited: Principal = { id: 'bench:unlimited', scopes: new Set(scopes) };
  const check = (who: Principal) => async () => {
    let shown = 0;
    for (const [i, path] of entries.entries()) if (policy.canList(who, path, i % 10 === 0)) shown++;
    if (shown !== entries.length) throw new Error(`${shown} of ${entries.length} shown`);
  };
  const [limitedMs, unlimitedMs] = await pairedMediansMs(7, check(limited), check(unlimited));
  const count = entries.length;
  return {
    benchmark: `canList on ${count.toLocaleString('en-US')} entries (in process)`,
    metric: 'time per entry, median of 7',
    unit: 'ns',
    genpod: (limitedMs * 1e6) / count,
    baseline: (unlimitedMs * 1e6) / count,
    baselineName: 'principal without path rules',
  };
}

export async function benchPathRules(quick: boolean): Promise<BenchRow[]> {
  const files = quick ? 5_000 : 20_000;
  const times = quick ? 7 : 15;
  const folder = await makeTempDir('genpod-bench-path-rules-');
  await generateFileTree(folder.path, files);
  const t = await startTestServer({
    PROJECT_ROOT: folder.path,
    LOG_LEVEL: 'warn',
    WATCH_IGNORE: 'pkg*',
  });
  // Nine rules that match nothing here, then one that matches everything:
  // every entry is tested against all ten.
  const rules: PathRule[] = [
    ...Array.from({ length: 9 }, (_, i) => ({
      glob: `other${i}/**/*.md`,
      access: 'read' as const,
    })),
    { glob: 'pkg*/**', access: 'read' },
  ];
  const paths = rules.map((rule) => ({ glob: rule.glob, access: 'READ' }));
  const createToken = async (input: Record<string, unknown>) => {
    const created = await gql<{ createApiToken: { secret: string } }>(
      t.graphqlUrl,
      'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }',
      { input: { scopes: ['FILES_READ'], ...input } },
      t.authHeaders,
    );
    const secret = created.data?.createApiToken.secret;
    if (!secret) throw new Error(`createApiToken failed: ${JSON.stringify(created.errors)}`);
    return secret;
  };
  const restricted = grpcTransport(t, await createToken({ name: 'with path rules', paths }));
  // A stored token like it but without rules: the same authentication, so
  // the difference is the rules alone.
  const whole = grpcTransport(t, await createToken({ name: 'without path rules' }));
  try {
    const walk = (api: typeof whole) => async () => {
      const tree = valueOf(await api.tree('', depth, { limit: 10_000 }));
      if (countNodes(tree) < files) throw new Error('ListTree listed too few entries');
    };
    const [restrictedMs, wholeMs] = await pairedMediansMs(times, walk(restricted), walk(whole));
    return [
      await canListRows(quick, rules),
      {
        benchmark: `tree of ${files.toLocaleString('en-US')} files (gRPC)`,
        metric: `time, median of ${times}`,
        unit: 'ms',
        genpod: restrictedMs,
        baseline: wholeMs,
        baselineName: 'same tree, stored token without path rules',
      },
    ];
  } finally {
    restricted.close();
    whole.close();
    await t.stop();
    await folder.remove();
  }
}
