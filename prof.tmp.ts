import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from './test/utils/tempdir.ts';
import { gql } from './test/utils/graphql.ts';
import { httpLoad } from './bench/support/http-load.ts';
import { startGenPodProcess, stop } from './bench/support/processes.ts';
import { promptBody, promptVariables, promptValues } from './bench/support/prompt-fixture.ts';

const mode = process.argv[2] ?? 'on';
const seconds = Number(process.argv[3] ?? 5);
const prof = process.argv[4];
const dir = await makeTempDir('f19-');
const data = await makeTempDir('f19d-');
await mkdir(join(dir.path, 'src'));
await writeFile(join(dir.path, 'src/greeting.ts'), 'x'.repeat(1024));
const env: Record<string, string> = { RATE_LIMIT_PER_MINUTE: '0', GRAPHQL_FAST_PATH: mode };
if (prof) env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${prof}`;
const g = await startGenPodProcess(dir.path, data.path, env);
const url = `http://127.0.0.1:${String(g.line.httpPort)}/graphql`;
const created = await gql(url, `mutation($input: CreatePromptInput!) { createPrompt(input: $input) { name } }`,
  { input: { name: 'review', body: promptBody, labels: ['production'], variables: promptVariables } }, g.authHeaders);
if (created.errors) throw new Error(created.errors[0]?.message);
const fileQ = JSON.stringify({ query: 'query ($path: String!) { file(path: $path) { path name kind size modifiedAt version content } }', variables: { path: 'src/greeting.ts' } });
const renderQ = JSON.stringify({ query: 'query($v: JSON) { renderPrompt(name: "review", label: "production", variables: $v) { text } }', variables: { v: promptValues } });
const which = process.argv[5] ?? 'both';
for (const [name, q] of [['file', fileQ], ['render', renderQ]] as const) {
  if (which !== 'both' && which !== name) continue;
  await httpLoad(url, q, 1, g.authHeaders);
  const r = await httpLoad(url, q, seconds, g.authHeaders);
  console.log(mode, name, Math.round(r.perSecond), 'req/s p99', r.p99Ms);
}
await stop(g.child);
await dir.remove(); await data.remove();
