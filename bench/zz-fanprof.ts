import { makeTempDir } from '../test/utils/tempdir.ts';
import { startGenPodProcess, stop } from './support/processes.ts';
import { startSubscriberProcesses } from './support/subscriber-pool.ts';
import { createFiles, pacedWrites, percentile } from './support/write-delivery.ts';
const dir = await makeTempDir('genpod-prof-');
const names = await createFiles(dir.path, 'fanout/a', 1000);
const data = await makeTempDir('genpod-prof-data-');
const genpod = await startGenPodProcess(dir.path, data.path, {
  WATCH_BACKEND: 'chokidar', RATE_LIMIT_PER_MINUTE: '0',
  NODE_OPTIONS: '--cpu-prof --cpu-prof-dir=/tmp/prof2',
});
const subs = startSubscriberProcesses();
const pool = await subs.open({ transport: 'sse', url: `http://127.0.0.1:${String(genpod.line.httpPort)}/graphql`, method: 'POST', headers: genpod.authHeaders, body: JSON.stringify({ query: 'subscription { fileChanges { path kind sequence } }' }) }, 100);
await new Promise((r) => setTimeout(r, 500));
const d = await pacedWrites(pool, dir.path, names, 100, 8, 1000);
console.log('p50', percentile(d.latencies, 50), 'p99', percentile(d.latencies, 99), d.delivered, d.expected);
await pool.close(); await subs.close?.();
await stop(genpod.child);
process.exit(0);
