// Disk edit → Monaco on screen: how long the editor example in headless
// Chromium takes to draw a one-line disk edit of a 1 MB file, and how many
// SSE bytes each edit costs, following `fileContent(edits: true)` (applyEdits)
// beside the same page taking the whole content on every change (`?edits=0`,
// setValue: the stream as it was before edit streams). Same server, same
// file, same writes, one page after the other.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchChromium } from '../test/browser/chromium.ts';
import { startTestServer, type TestServer } from '../test/utils/tserver.ts';
import { percentile } from './support/write-delivery.ts';
import type { BenchRow } from './table.ts';

const file = 'bench-editor.txt';

/** Epoch milliseconds with sub-millisecond precision, comparable across processes. */
const now = () => performance.timeOrigin + performance.now();

function megabyte(line3: string): string {
  const lines: string[] = [];
  for (let i = 1; i <= 16_000; i++) {
    lines.push(`line ${String(i).padStart(5, '0')}: ${'the quick brown fox jumps '.repeat(2)}`);
  }
  lines[2] = line3;
  return `${lines.join('\n')}\n`;
}

interface Run {
  latencies: number[];
  bytesPerEdit: number[];
}

async function follow(t: TestServer, browser: Browser, edits: boolean, writes: number) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  try {
    const cdp = await page.context().newCDPSession(page);
    const streams = new Set<string>();
    let received = 0;
    cdp.on('Network.responseReceived', (event) => {
      if (new URL(event.response.url).pathname === '/graphql/stream') streams.add(event.requestId);
    });
    cdp.on('Network.dataReceived', (event) => {
      if (streams.has(event.requestId)) received += event.dataLength;
    });
    await cdp.send('Network.enable');

    const start = `line 00003: start ${edits}`;
    await writeFile(join(t.projectRoot, file), megabyte(start));
    await page.goto(
      `${t.origin}/examples/editor?path=${file}${edits ? '' : '&edits=0'}#token=${encodeURIComponent(t.token)}`,
    );
    // The rendered lines, as a person sees them (Monaco draws spaces as no-break spaces).
    await page.waitForFunction(
      (marker) =>
        document
          .querySelector('.monaco-editor .view-lines')
          ?.textContent?.replaceAll('\u00a0', ' ')
          .includes(marker),
      start,
      { timeout: 30_000 },
    );
    await page.evaluate(() => {
      const seen: Record<string, number> = {};
      const lines = document.querySelector('.monaco-editor .view-lines');
      if (!lines) throw new Error('no Monaco view');
      Object.assign(window, {
        benchSeen: seen,
        benchWatch(marker: string) {
          new MutationObserver((_, observer) => {
            if (lines.textContent?.replaceAll('\u00a0', ' ').includes(marker)) {
              seen[marker] ??= performance.timeOrigin + performance.now();
              observer.disconnect();
            }
          }).observe(lines, { childList: true, characterData: true, subtree: true });
        },
      });
    });

    const run: Run = { latencies: [], bytesPerEdit: [] };
    for (let i = 0; i < writes; i++) {
      const marker = `line 00003: edit ${i} ${edits}`;
      await page.evaluate(
        (m) => (window as unknown as { benchWatch(m: string): void }).benchWatch(m),
        marker,
      );
      const before = received;
      const at = now();
      await writeFile(join(t.projectRoot, file), megabyte(marker));
      const seenAt = await page
        .waitForFunction(
          (m) => (window as unknown as { benchSeen: Record<string, number> }).benchSeen[m],
          marker,
          { timeout: 10_000, polling: 5 },
        )
        .then((handle) => handle.jsonValue() as Promise<number>);
      run.latencies.push(seenAt - at);
      // The event is complete on the wire once it is on screen.
      run.bytesPerEdit.push(received - before);
    }
    await cdp.detach();
    return run;
  } finally {
    await page.close();
  }
}

export async function benchBrowserEditor(quick: boolean): Promise<BenchRow[]> {
  if (!existsSync(chromiumPath)) {
    console.warn(`browser-editor: skipped, no Chromium at ${chromiumPath}`);
    return [];
  }
  const writes = quick ? 5 : 30;
  const t = await startTestServer({ LOG_LEVEL: 'warn' });
  const browser = await launchChromium();
  try {
    const withEdits = await follow(t, browser, true, writes);
    const whole = await follow(t, browser, false, writes);
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const baselineName = 'same page taking the whole content (setValue)';
    const row = (metric: string, unit: string, genpod: number, baseline: number): BenchRow => ({
      benchmark: 'editor page, 1 MB file (Chromium)',
      metric,
      unit,
      genpod,
      baseline,
      baselineName,
    });
    return [
      ...[50, 99].map((p) =>
        row(
          `disk edit → Monaco on screen p${p}`,
          'ms',
          percentile(sorted(withEdits.latencies), p),
          percentile(sorted(whole.latencies), p),
        ),
      ),
      row(
        'SSE bytes per one-line edit (median)',
        'B',
        percentile(sorted(withEdits.bytesPerEdit), 50),
        percentile(sorted(whole.bytesPerEdit), 50),
      ),
    ];
  } finally {
    await browser.close();
    await t.stop();
  }
}
