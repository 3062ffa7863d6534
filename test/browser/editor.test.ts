// The Monaco editor example in Chromium: a one-line disk edit to a 1 MB file
// reaches the editor as a few hundred bytes of SSE, an agent's gRPC write
// shows the agent's name, and a save over someone else's newer save is shown
// as a conflict, all through this server alone.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Metadata, type ServiceError } from '@grpc/grpc-js';
import type { CDPSession, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { agentClients } from '../utils/grpc.ts';
import { browserTestsEnabled, pagePerTest } from './chromium.ts';

/** A busy machine can take seconds to start a page, Monaco and its stream. */
const wait = { timeout: 30_000 };

const screenshotDir = join(import.meta.dirname, '__screenshots__');

/** About 1 MB of numbered lines: `line 00001: …`. */
function megabyteFile(): string {
  const lines: string[] = [];
  for (let i = 1; i <= 16_000; i++) {
    lines.push(`line ${String(i).padStart(5, '0')}: ${'the quick brown fox jumps '.repeat(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Bytes Chromium received on the page's SSE responses, counted from the network layer. */
async function countStreamBytes(page: Page): Promise<{ total: () => number; cdp: CDPSession }> {
  const cdp = await page.context().newCDPSession(page);
  const streams = new Set<string>();
  let total = 0;
  cdp.on('Network.responseReceived', (event) => {
    if (new URL(event.response.url).pathname === '/graphql/stream') streams.add(event.requestId);
  });
  cdp.on('Network.dataReceived', (event) => {
    if (streams.has(event.requestId)) total += event.dataLength;
  });
  await cdp.send('Network.enable');
  return { total: () => total, cdp };
}

describe.runIf(browserTestsEnabled)('the editor example in Chromium', { timeout: 90_000 }, () => {
  const suite = pagePerTest({ width: 1000, height: 600 });

  const open = (path: string) =>
    suite.page.goto(
      `${suite.server.origin}/examples/editor?path=${encodeURIComponent(path)}#token=${encodeURIComponent(suite.server.token)}`,
    );
  /** The whole text the editor's model holds (Monaco renders only the visible lines). */
  const editorText = () =>
    suite.page.evaluate(() =>
      (window as unknown as { genpodEditor: { text(): string } }).genpodEditor.text(),
    );
  /** The lines Monaco rendered, as text (it draws spaces as no-break spaces). */
  const onScreen = async () =>
    (await suite.page.locator('.monaco-editor .view-lines').innerText()).replaceAll('\u00a0', ' ');

  it('shows a one-line disk edit of a 1 MB file, sent as edits of under 1 KB', async () => {
    const file = join(suite.server.projectRoot, 'big.txt');
    const original = megabyteFile();
    expect(original.length).toBeGreaterThan(1_000_000);
    await mkdir(suite.server.projectRoot, { recursive: true });
    await writeFile(file, original);
    const stream = await countStreamBytes(suite.page);
    await open('big.txt');
    await expect.poll(() => suite.page.locator('#status').textContent(), wait).toBe('Live');
    await expect.poll(editorText, wait).toBe(original);
    expect(await onScreen()).toContain('line 00003: the quick');
    // The first event carried the whole file.
    expect(stream.total()).toBeGreaterThan(1_000_000);

    const before = stream.total();
    const edited = original.replace(
      'line 00003: the quick',
      'line 00003: edited on disk, the quick',
    );
    await writeFile(file, edited);
    await expect.poll(onScreen, wait).toContain('line 00003: edited on disk, the quick');
    expect(await editorText()).toBe(edited);
    expect(await suite.page.locator('#last-change').textContent()).toContain('the disk');
    const edit = stream.total() - before;
    expect(edit).toBeGreaterThan(0);
    expect(edit).toBeLessThan(1024);
    await stream.cdp.detach();

    await mkdir(screenshotDir, { recursive: true });
    const picture = join(screenshotDir, 'editor.png');
    await suite.page.screenshot({ path: picture });
    expect((await readFile(picture)).subarray(1, 4).toString()).toBe('PNG');
    expect(suite.requests.allowed).toEqual(
      expect.arrayContaining([
        'GET /examples/editor',
        'GET /examples/editor/editor.js',
        'GET /examples/editor/editor.css',
        'POST /graphql/stream',
      ]),
    );
  });

  it("shows an agent's gRPC write with the agent's name", async () => {
    await writeFile(join(suite.server.projectRoot, 'agent.ts'), 'export const a = 1;\n');
    await open('agent.ts');
    await expect.poll(editorText, wait).toBe('export const a = 1;\n');

    const { agent } = agentClients(suite.server.grpcTarget, suite.server.token);
    const metadata = new Metadata();
    metadata.set('x-genpod-actor', 'agentId=coder-1');
    const error = await new Promise<ServiceError | null>((resolve) =>
      agent.WriteFile({ path: 'agent.ts', content: 'export const a = 2;\n' }, metadata, resolve),
    );
    agent.close();
    expect(error).toBeNull();
    await expect.poll(onScreen, wait).toContain('export const a = 2;');
    await expect
      .poll(() => suite.page.locator('#last-change').textContent(), wait)
      .toBe('Last change by agent coder-1');
  });

  it('saves with ifVersion, and shows a conflict when someone else saved first', async () => {
    await writeFile(join(suite.server.projectRoot, 'notes.md'), '# Notes\n');
    await open('notes.md');
    await expect.poll(editorText, wait).toBe('# Notes\n');

    // Type at the end of the first line, then save: the file on disk takes the text.
    await suite.page.locator('.monaco-editor .view-lines').click();
    await suite.page.keyboard.press('Control+End');
    await suite.page.keyboard.type('mine\n');
    await suite.page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => readFile(join(suite.server.projectRoot, 'notes.md'), 'utf8'), wait)
      .toBe('# Notes\nmine\n');
    await expect.poll(() => suite.page.locator('#save').textContent(), wait).toBe('Saved');

    // Someone else saves (through the API, as another frontend would) while this page has edits.
    await suite.page.locator('.monaco-editor .view-lines').click();
    await suite.page.keyboard.press('Control+End');
    await suite.page.keyboard.type('more of mine\n');
    await expect.poll(editorText, wait).toBe('# Notes\nmine\nmore of mine\n');
    const other = await gql<{ writeFile: { version: string } }>(
      suite.server.graphqlUrl,
      `mutation { writeFile(input: { path: "notes.md", content: "# Notes\\ntheirs\\n" }) { version } }`,
      {},
      suite.server.authHeaders,
    );
    expect(other.errors).toBeUndefined();
    // Their save reaches the page, which keeps the unsaved text and says so.
    await expect
      .poll(() => suite.page.locator('#notice-text').textContent(), wait)
      .toContain('changed on the server while you were editing');
    expect(await editorText()).toBe('# Notes\nmine\nmore of mine\n');
    await suite.page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => suite.page.locator('#status').textContent(), wait).toBe('Conflict');
    expect(await suite.page.locator('#notice-text').textContent()).toContain(
      'saved a newer version first',
    );
    // Nothing of this page's second save reached the file.
    expect(await readFile(join(suite.server.projectRoot, 'notes.md'), 'utf8')).toBe(
      '# Notes\ntheirs\n',
    );
    await suite.page.screenshot({ path: join(screenshotDir, 'editor-conflict.png') });

    await suite.page.getByRole('button', { name: 'Take theirs' }).click();
    await expect.poll(editorText, wait).toBe('# Notes\ntheirs\n');
    expect(await suite.page.locator('#status').textContent()).toBe('Live');
  });
  it('shows the error code when the path leaves the project', async () => {
    await open('../outside.txt');
    await expect
      .poll(() => suite.page.locator('#status').textContent(), wait)
      .toBe('Error: FORBIDDEN');
    expect(await suite.page.locator('#notice').isVisible()).toBe(true);
    expect(await suite.page.locator('#save').isDisabled()).toBe(true);
  });
});
