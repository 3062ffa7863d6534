// Debian's headless Chromium driven through playwright-core: the system
// browser, never one downloaded by a test tool. In CI (CI=true) a missing
// browser fails the browser tests; on a developer machine they are skipped
// with a message saying how to get it.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

/** Where Debian's `chromium` package puts the browser; CHROMIUM_PATH overrides it. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const installHint = `install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`;

/** Whether the browser suites run: always in CI, where a missing browser is a failure. */
export const browserTestsEnabled = existsSync(chromiumPath) || process.env.CI === 'true';

if (!browserTestsEnabled) {
  console.warn(`Skipping browser tests: no Chromium at ${chromiumPath}; ${installHint}.`);
}

/**
 * Flags for a closed network: without the background-networking ones,
 * Chromium keeps trying to reach Google's services at start.
 */
const launchArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium with a fresh profile (playwright makes a new user-data-dir per launch). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}: ${installHint}. CI requires it.`);
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: launchArgs });
}

export interface RequestLog {
  /** Requests to the allowed origin, as `METHOD pathname`. */
  allowed: string[];
  /** Every other request, aborted before it left the browser. */
  blocked: string[];
}

/**
 * Lets the context's pages reach `origin` only: every other request is
 * aborted and recorded, so a test can assert that none was even attempted.
 */
export async function allowOnly(context: BrowserContext, origin: string): Promise<RequestLog> {
  const log: RequestLog = { allowed: [], blocked: [] };
  await context.route('**/*', (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.origin !== origin) {
      log.blocked.push(request.url());
      return route.abort('blockedbyclient');
    }
    log.allowed.push(`${request.method()} ${url.pathname}`);
    return route.continue();
  });
  return log;
}

export interface PagePerTest {
  /** The server, started once for the suite. */
  readonly server: TestServer;
  /** This test's page, in a fresh browser context. */
  readonly page: Page;
  /** Requests this test's page made or tried. */
  readonly requests: RequestLog;
}

/**
 * One server and one browser for a suite, a fresh context and page for each
 * test; each test also fails if its page tried to reach anything but the
 * server. Call inside `describe`: it registers the suite's hooks.
 */
export function pagePerTest(viewport: { width: number; height: number }): PagePerTest {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let requests: RequestLog | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  beforeEach(async () => {
    context = await started(browser).newContext({ viewport });
    requests = await allowOnly(context, started(server).origin);
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
    // Everything the page needed came from this server: nothing else was even tried.
    expect(started(requests).blocked).toEqual([]);
  });
  return {
    get server() {
      return started(server);
    },
    get page() {
      return started(page);
    },
    get requests() {
      return started(requests);
    },
  };
}

function started<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('used before the suite started');
  return value;
}
