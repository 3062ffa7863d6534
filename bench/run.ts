// `npm run bench` (full) or `npm run bench -- --quick` (CI smoke, under two
// minutes); `--json <file>` also writes the rows as JSON.
import { writeFile } from 'node:fs/promises';
import { benchFernet } from './fernet.ts';
import { benchGraphQLRequests } from './graphql-requests.ts';
import { benchWatchStartup } from './watch-startup.ts';
import { benchPromptRender } from './prompt-render.ts';
import { benchLogTail } from './log-tail.ts';
import { benchTree } from './tree.ts';
import { benchChat } from './chat.ts';
import { benchBrowserLiveFile } from './browser-live-file.ts';
import { benchLiveLatency } from './live-latency.ts';
import { benchSubscriberMemory } from './subscriber-memory.ts';
import { printTable, type BenchRow } from './table.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jsonIndex = args.indexOf('--json');
const jsonFile = jsonIndex === -1 ? undefined : args[jsonIndex + 1];

// One benchmark per line: add yours at the end.
const benchmarks: Array<(quick: boolean) => Promise<BenchRow[]>> = [
  benchGraphQLRequests,
  benchWatchStartup,
  benchFernet,
  benchPromptRender,
  benchLogTail,
  benchTree,
  benchChat,
  benchBrowserLiveFile,
  benchLiveLatency,
  benchSubscriberMemory,
];

const rows: BenchRow[] = [];
for (const bench of benchmarks) rows.push(...(await bench(quick)));

console.log(
  `\nGenPod server benchmarks (${quick ? 'quick' : 'full'} mode), ${new Date().toISOString()}\n`,
);
printTable(rows);
if (jsonFile)
  await writeFile(
    jsonFile,
    JSON.stringify({ date: new Date().toISOString(), quick, rows }, null, 2),
  );
