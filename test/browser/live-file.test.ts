// The live file example page, as a person sees it in Chromium: the file's
// text appears, follows edits made on disk, and says so when the file is
// deleted, all through this server alone.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { allowOnly, browserTestsEnabled, launchChromium, type RequestLog } from './chromium.ts';

/** A busy machine can take seconds to start a page and its stream. */
const wait = { timeout: 20_000 };

/** Ignored by git; look at the pictures after a run. */
const screenshotDir = join(import.meta.dirname, '__screenshots__');

describe.runIf(browserTestsEnabled)(
  'the live file example in Chromium',
  { timeout: 60_000 },
  () => {
    let t: TestServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let requests: RequestLog;

    beforeAll(async () => {
      [t, browser] = await Promise.all([startTestServer(), launchChromium()]);
    });
    afterAll(async () => {
      await browser?.close();
      await t?.stop();
    });
    beforeEach(async () => {
      context = await browser.newContext({ viewport: { width: 900, height: 560 } });
      requests = await allowOnly(context, t.origin);
      page = await context.newPage();
    });
    afterEach(async () => {
      await context.close();
      // The page, its script (with graphql-sse bundled) and its stream all come from this server.
      expect(requests.blocked).toEqual([]);
    });

    // The page takes its bearer token once from the fragment, which never reaches the server.
    const tokenFragment = () => `#token=${encodeURIComponent(t.token)}`;
    const open = (path: string) =>
      page.goto(
        `${t.origin}/examples/live-file?path=${encodeURIComponent(path)}${tokenFragment()}`,
      );

    it('shows the file, follows changes on disk and says when it is deleted', async () => {
      const file = join(t.projectRoot, 'docs', 'plan.md');
      await mkdir(join(t.projectRoot, 'docs'));
      await writeFile(file, '# Plan\n\n1. Write the server\n');
      await open('docs/plan.md');

      const content = page.locator('#content');
      const status = page.locator('#status');
      await expect.poll(() => content.textContent(), wait).toBe('# Plan\n\n1. Write the server\n');
      expect(await status.textContent()).toBe('Live');
      expect(await page.locator('#path').textContent()).toBe('docs/plan.md');

      const edited = '# Plan\n\n1. Write the server\n2. Watch it live in the browser\n';
      await writeFile(file, edited);
      await expect.poll(() => content.textContent(), wait).toBe(edited);
      expect(await page.locator('#version').textContent()).toMatch(/^version \S+ · event \d+$/);

      await mkdir(screenshotDir, { recursive: true });
      const picture = join(screenshotDir, 'live-file.png');
      await page.screenshot({ path: picture });
      // A PNG signature: the picture was really written (look at it after a run).
      expect((await readFile(picture)).subarray(1, 4).toString()).toBe('PNG');

      await rm(file);
      await expect.poll(() => status.textContent(), wait).toBe('Deleted');
      expect(await page.locator('#notice').textContent()).toContain('deleted on disk');
      expect(await content.isVisible()).toBe(false);
      await page.screenshot({ path: join(screenshotDir, 'live-file-deleted.png') });

      await writeFile(file, 'back again\n');
      await expect.poll(() => content.textContent(), wait).toBe('back again\n');
      expect(await status.textContent()).toBe('Live');
      expect(requests.allowed).toEqual(
        expect.arrayContaining([
          'GET /examples/live-file',
          'GET /examples/live-file/live-file.js',
          'POST /graphql/stream',
        ]),
      );
    });

    it('shows the error code when the path leaves the project', async () => {
      await open('../outside.txt');
      await expect.poll(() => page.locator('#status').textContent(), wait).toBe('Error: FORBIDDEN');
      expect(await page.locator('#notice').isVisible()).toBe(true);
      expect(await page.locator('#content').isVisible()).toBe(false);
    });

    it('asks for a path when none is given, and follows the one entered', async () => {
      await writeFile(join(t.projectRoot, 'hello.txt'), 'hello\n');
      await page.goto(`${t.origin}/examples/live-file${tokenFragment()}`);
      await page.getByLabel('Path in the project').fill('hello.txt');
      await page.getByRole('button', { name: 'Follow' }).click();
      await expect.poll(() => page.locator('#content').textContent(), wait).toBe('hello\n');
      expect(new URL(page.url()).searchParams.get('path')).toBe('hello.txt');
    });
  },
);
