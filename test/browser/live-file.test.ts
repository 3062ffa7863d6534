// The live file example page, as a person sees it in Chromium: the file's
// text appears, follows edits made on disk, and says so when the file is
// deleted, all through this server alone.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, pagePerTest } from './chromium.ts';

/** A busy machine can take seconds to start a page and its stream. */
const wait = { timeout: 20_000 };

/** Ignored by git; look at the pictures after a run. */
const screenshotDir = join(import.meta.dirname, '__screenshots__');

describe.runIf(browserTestsEnabled)(
  'the live file example in Chromium',
  { timeout: 60_000 },
  () => {
    const suite = pagePerTest({ width: 900, height: 560 });

    // The page takes its bearer token once from the fragment, which never reaches the server.
    const tokenFragment = () => `#token=${encodeURIComponent(suite.server.token)}`;
    const open = (path: string) =>
      suite.page.goto(
        `${suite.server.origin}/examples/live-file?path=${encodeURIComponent(path)}${tokenFragment()}`,
      );

    it('shows the file, follows changes on disk and says when it is deleted', async () => {
      const file = join(suite.server.projectRoot, 'docs', 'plan.md');
      await mkdir(join(suite.server.projectRoot, 'docs'));
      await writeFile(file, '# Plan\n\n1. Write the server\n');
      await open('docs/plan.md');

      const content = suite.page.locator('#content');
      const status = suite.page.locator('#status');
      await expect.poll(() => content.textContent(), wait).toBe('# Plan\n\n1. Write the server\n');
      expect(await status.textContent()).toBe('Live');
      expect(await suite.page.locator('#path').textContent()).toBe('docs/plan.md');

      const edited = '# Plan\n\n1. Write the server\n2. Watch it live in the browser\n';
      await writeFile(file, edited);
      await expect.poll(() => content.textContent(), wait).toBe(edited);
      expect(await suite.page.locator('#version').textContent()).toMatch(
        /^version \S+ · event \d+$/,
      );

      await mkdir(screenshotDir, { recursive: true });
      const picture = join(screenshotDir, 'live-file.png');
      await suite.page.screenshot({ path: picture });
      // A PNG signature: the picture was really written (look at it after a run).
      expect((await readFile(picture)).subarray(1, 4).toString()).toBe('PNG');

      await rm(file);
      await expect.poll(() => status.textContent(), wait).toBe('Deleted');
      expect(await suite.page.locator('#notice').textContent()).toContain('deleted on disk');
      expect(await content.isVisible()).toBe(false);
      await suite.page.screenshot({ path: join(screenshotDir, 'live-file-deleted.png') });

      await writeFile(file, 'back again\n');
      await expect.poll(() => content.textContent(), wait).toBe('back again\n');
      expect(await status.textContent()).toBe('Live');
      expect(suite.requests.allowed).toEqual(
        expect.arrayContaining([
          'GET /examples/live-file',
          'GET /examples/live-file/live-file.js',
          'POST /graphql/stream',
        ]),
      );
    });

    it('shows the error code when the path leaves the project', async () => {
      await open('../outside.txt');
      await expect
        .poll(() => suite.page.locator('#status').textContent(), wait)
        .toBe('Error: FORBIDDEN');
      expect(await suite.page.locator('#notice').isVisible()).toBe(true);
      expect(await suite.page.locator('#content').isVisible()).toBe(false);
    });

    it('asks for a path when none is given, and follows the one entered', async () => {
      await writeFile(join(suite.server.projectRoot, 'hello.txt'), 'hello\n');
      await suite.page.goto(`${suite.server.origin}/examples/live-file${tokenFragment()}`);
      await suite.page.getByLabel('Path in the project').fill('hello.txt');
      await suite.page.getByRole('button', { name: 'Follow' }).click();
      await expect.poll(() => suite.page.locator('#content').textContent(), wait).toBe('hello\n');
      expect(new URL(suite.page.url()).searchParams.get('path')).toBe('hello.txt');
    });
  },
);
