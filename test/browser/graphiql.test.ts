// GraphiQL as a developer sees it: opened from GET /graphql in headless
// Chromium with nothing beyond this server reachable, a query typed into the
// editor and run, and a subscription showing changes made on disk.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { pathChangesPublished } from '../utils/wait-for.ts';
import { allowOnly, browserTestsEnabled, launchChromium, type RequestLog } from './chromium.ts';

/** Replaces the query editor's text, as a person would: select all, then type. */
async function typeQuery(page: Page, query: string): Promise<void> {
  await page.locator('.graphiql-query-editor .monaco-editor').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // insertText types the text in one input event, so the editor's bracket
  // auto-closing does not add braces of its own.
  await page.keyboard.insertText(query);
}

/**
 * Puts request headers into GraphiQL's Headers editor, as a developer pastes
 * their bearer token there: open the tab, select all, then type the JSON.
 */
async function typeHeaders(page: Page, headers: Record<string, string>): Promise<void> {
  await page.locator('.graphiql-editor-tools button[data-name="headers"]').click();
  // The section holds the Variables editor too, hidden while Headers shows.
  await page
    .getByRole('region', { name: 'Headers' })
    .locator('.graphiql-editor:not(.hidden) .monaco-editor')
    .click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(JSON.stringify(headers));
}

/** The result pane's text parsed as JSON, or undefined while it holds none. */
async function resultPane(page: Page): Promise<unknown> {
  const text = await page.locator('.graphiql-response .view-lines').innerText();
  try {
    return JSON.parse(text.replace(/\u00a0/g, ' '));
  } catch {
    return undefined;
  }
}

// GraphiQL is a large page: on a busy two-core machine it takes seconds to start.
describe.runIf(browserTestsEnabled)('GraphiQL in Chromium', { timeout: 90_000 }, () => {
  let t: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let requests: RequestLog;

  // One GraphiQL page for both tests, as a developer keeps one tab open.
  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchChromium()]);
    context = await browser.newContext();
    requests = await allowOnly(context, t.origin);
    page = await context.newPage();
    await page.goto(t.graphqlUrl);
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
    await typeHeaders(page, t.authHeaders);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });
  afterEach(() => {
    // GraphiQL ships inline: no CDN, font service or telemetry was even tried.
    expect(requests.blocked).toEqual([]);
  });

  it('runs a query typed into the editor and shows the result', async () => {
    await typeQuery(page, '{ health { ok } }');
    const sent = page.waitForRequest(
      (request) => request.method() === 'POST' && request.url() === t.graphqlUrl,
    );
    await page.locator('.graphiql-execute-button').click();
    // The token typed into the Headers editor goes with the request.
    expect((await sent).headers().authorization).toBe(`Bearer ${t.token}`);
    await expect
      .poll(() => resultPane(page), { timeout: 20_000 })
      .toEqual({ data: { health: { ok: true } } });
    // The guard saw the page's own traffic, so its empty `blocked` list means something.
    expect(requests.allowed).toContain('POST /graphql');
  });

  it('shows fileChanges events as files change on disk', async () => {
    // The folder is there before the subscription starts: its own CREATED
    // (it matches pathPrefix "notes" too) could otherwise land after the file's.
    const since = t.server.services.bus.currentSequence();
    await mkdir(join(t.projectRoot, 'notes'));
    await pathChangesPublished(t.server.services.bus, since, ['notes']);
    await typeQuery(page, 'subscription { fileChanges(pathPrefix: "notes") { kind path origin } }');
    // The stream's response headers arrive once the subscription is in place.
    const streamOpened = page.waitForResponse(
      (response) => response.headers()['content-type']?.includes('text/event-stream') === true,
    );
    await page.locator('.graphiql-execute-button').click();
    expect((await streamOpened).request().headers().authorization).toBe(`Bearer ${t.token}`);

    await writeFile(join(t.projectRoot, 'notes', 'todo.md'), '- buy milk\n');
    await expect
      .poll(() => resultPane(page), { timeout: 20_000 })
      .toEqual({
        data: { fileChanges: { kind: 'CREATED', path: 'notes/todo.md', origin: 'disk' } },
      });

    await writeFile(join(t.projectRoot, 'notes', 'todo.md'), '- buy milk\n- call home\n');
    await expect
      .poll(() => resultPane(page), { timeout: 20_000 })
      .toEqual({
        data: { fileChanges: { kind: 'MODIFIED', path: 'notes/todo.md', origin: 'disk' } },
      });
  });
});
