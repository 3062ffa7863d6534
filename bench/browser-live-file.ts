// Disk write → text on screen: how long the live file example page in
// headless Chromium takes to show an edit, p50 and p99, beside the same
// write reaching a graphql-sse client in Node (the same `fileContent`
// subscription, the same server, the same writes). The difference is what
// the browser, the page's bundle and its rendering add.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'graphql-sse';
import { chromiumPath, launchChromium } from '../test/browser/chromium.ts';
import { startTestServer } from '../test/utils/tserver.ts';
import { percentile } from './support/write-delivery.ts';
import type { BenchRow } from './table.ts';

const file = 'bench-live.txt';
const subscription = `subscription ($path: String!) { fileContent(path: $path) { content } }`;

/** Epoch milliseconds with sub-millisecond precision, comparable across processes. */
const now = () => performance.timeOrigin + performance.now();

export async function benchBrowserLiveFile(quick: boolean): Promise<BenchRow[]> {
  if (!existsSync(chromiumPath)) {
    console.warn(`browser-live-file: skipped, no Chromium at ${chromiumPath}`);
    return [];
  }
  const writes = quick ? 10 : 100;
  const t = await startTestServer({ LOG_LEVEL: 'warn' });
  const browser = await launchChromium();
  const client = createClient({
    url: `${t.origin}/graphql/stream`,
    headers: t.authHeaders,
    retryAttempts: 0,
  });
  try {
    await writeFile(join(t.projectRoot, file), 'start\n');

    // The baseline observer: arrival time of each content in Node.
    const nodeArrivals = new Map<string, number>();
    let nodeReady!: () => void;
    const nodeSubscribed = new Promise<void>((resolve) => (nodeReady = resolve));
    const dispose = client.subscribe<{ fileContent: { content: string | null } }>(
      { query: subscription, variables: { path: file } },
      {
        next: ({ data }) => {
          const content = data?.fileContent.content;
          if (content && !nodeArrivals.has(content)) nodeArrivals.set(content, now());
          nodeReady();
        },
        error: (error) => console.error('browser-live-file: node client failed', error),
        complete: () => {},
      },
    );

    // The page records when each text first appears in #content.
    const page = await browser.newPage();
    // The page takes its bearer token from the fragment, as a person's link gives it.
    await page.goto(
      `${t.origin}/examples/live-file?path=${file}#token=${encodeURIComponent(t.token)}`,
    );
    await page.waitForFunction(() => document.getElementById('content')?.textContent === 'start\n');
    await page.evaluate(() => {
      const arrivals: Record<string, number> = {};
      Object.assign(window, { benchArrivals: arrivals });
      const content = document.getElementById('content');
      if (!content) throw new Error('no #content');
      new MutationObserver(() => {
        const text = content.textContent ?? '';
        arrivals[text] ??= performance.timeOrigin + performance.now();
      }).observe(content, { childList: true, characterData: true, subtree: true });
    });
    await nodeSubscribed;

    const started = new Map<string, number>();
    for (let i = 0; i < writes; i++) {
      const content = `write ${i} ${Math.random()}\n`;
      started.set(content, now());
      await writeFile(join(t.projectRoot, file), content);
      const deadline = performance.now() + 5_000;
      while (!nodeArrivals.has(content) && performance.now() < deadline) await sleep(2);
      // Spaced out: isolated edits, not a burst the watcher would coalesce.
      await sleep(60);
    }
    await sleep(500);
    const pageArrivals = await page.evaluate(
      () => (window as unknown as { benchArrivals: Record<string, number> }).benchArrivals,
    );
    dispose();

    const latencies = (arrivals: (content: string) => number | undefined) =>
      [...started]
        .map(([content, at]) => {
          const arrived = arrivals(content);
          return arrived === undefined ? undefined : arrived - at;
        })
        .filter((ms): ms is number => ms !== undefined)
        .sort((a, b) => a - b);
    const inPage = latencies((content) => pageArrivals[content]);
    const inNode = latencies((content) => nodeArrivals.get(content));
    if (inPage.length < writes || inNode.length < writes) {
      console.warn(
        `browser-live-file: ${inPage.length}/${writes} edits seen in the page, ${inNode.length}/${writes} in Node`,
      );
    }
    const baselineName = 'same edit reaching a graphql-sse client in Node';
    return [50, 99].map((p) => ({
      benchmark: 'live file page (Chromium)',
      metric: `disk write → on screen p${p}`,
      unit: 'ms',
      genpod: percentile(inPage, p),
      baseline: percentile(inNode, p),
      baselineName,
    }));
  } finally {
    client.dispose();
    await browser.close();
    await t.stop();
  }
}
