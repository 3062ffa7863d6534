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
import { benchTokenAuth } from './token-auth.ts';
import { benchDefences } from './defences.ts';
import { benchFanOutThroughput } from './fan-out-throughput.ts';
import { benchPathRules } from './path-rules.ts';
import { benchRedisBus } from './redis-bus.ts';
import { benchFileChangeFilters } from './file-change-filters.ts';
import { benchWatchDelivery } from './watch-delivery.ts';
import { benchHostilePatterns } from './hostile-patterns.ts';
import { benchChatFlood } from './chat-flood.ts';
import { benchReplaceInFiles } from './replace-in-files.ts';
import { benchArchiveDownload } from './archive-download.ts';
import { benchFileContentEdits } from './file-content-edits.ts';
import { benchBrowserEditor } from './browser-editor.ts';
import { printTable, type BenchRow } from './table.ts';
import { benchWriteFiles } from './write-files.ts';

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
  benchTokenAuth,
  benchDefences,
  benchFanOutThroughput,
  benchPathRules,
  benchRedisBus,
  benchWriteFiles,
  benchFileChangeFilters,
  benchWatchDelivery,
  benchHostilePatterns,
  benchChatFlood,
  benchReplaceInFiles,
  benchArchiveDownload,
  benchFileContentEdits,
  benchBrowserEditor,
];

// `--only chat,tree` runs the benchmarks whose function name contains one of
// the words (case-insensitive), for working on one benchmark.
const onlyIndex = args.indexOf('--only');
const only = onlyIndex === -1 ? undefined : (args[onlyIndex + 1] ?? '').toLowerCase().split(',');
const selected = benchmarks.filter(
  (bench) => !only || only.some((word) => bench.name.toLowerCase().includes(word)),
);

const rows: BenchRow[] = [];

async function writeJson(file: string, complete: boolean): Promise<void> {
  const run = { date: new Date().toISOString(), quick, complete, rows };
  await writeFile(file, JSON.stringify(run, null, 2));
}
const runStarted = performance.now();
const failed: string[] = [];
for (const bench of selected) {
  const started = performance.now();
  try {
    rows.push(...(await bench(quick)));
  } catch (error) {
    // One broken benchmark must not lose the figures of all the others.
    failed.push(bench.name);
    console.error(`${bench.name} failed:`, error);
  }
  const seconds = (performance.now() - started) / 1000;
  // On stderr, so `--json` users and the table stay clean: where the run's time goes.
  console.error(`${bench.name}: ${seconds.toFixed(1)} s`);
  // Kept after each benchmark, so a long run stopped half-way keeps what it measured.
  if (jsonFile) await writeJson(jsonFile, false);
}

console.log(
  `\nGenPod server benchmarks (${quick ? 'quick' : 'full'} mode), ${new Date().toISOString()}\n`,
);
printTable(rows);
console.error(`total: ${((performance.now() - runStarted) / 1000).toFixed(1)} s`);
if (jsonFile) await writeJson(jsonFile, true);
if (failed.length > 0) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
