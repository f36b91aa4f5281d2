import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, onTestFailed } from 'vitest';
import { ensureWebBuilt } from '../scripts/web-build.ts';
import { startTestServer } from './server.ts';

/** Browser tests drive Debian's chromium; they never download a browser of their own. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const SCREENSHOT_DIR = path.resolve('test-results');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH; .ci/run installs it`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface TestPage {
  page: Page;
  /** Console errors and uncaught page errors seen so far; a clean page leaves this empty. */
  errors: string[];
  close(): Promise<void>;
}

/** A page in its own context (own cookies), recording console errors so tests can assert there were none. */
export async function newPage(
  browser: Browser,
  opts: { viewport?: { width: number; height: number } } & Pick<BrowserContextOptions, 'locale'> = {},
): Promise<TestPage> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    locale: opts.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return { page, errors, close: () => context.close() };
}

/** Saves a full-page screenshot under test-results/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface BrowserSuite {
  /** The test server's base URL (valid once the suite's beforeAll has run). */
  readonly url: string;
  /** Opens a page; should the test fail, a screenshot of where it stood goes to test-results/. */
  open(name: string, viewport?: { width: number; height: number }): Promise<TestPage>;
  /** Signs in through the login page by picking a demo account, then waits for `next` to load. */
  signIn(page: Page, username: string, next?: string): Promise<void>;
}

/**
 * The set-up every browser test file shares: the built pages, one real server (fresh PGlite, demo county)
 * and one Chromium for the file, both closed afterwards.
 */
export function browserSuite(): BrowserSuite {
  let server: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensureWebBuilt();
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 60_000);
  return {
    get url() {
      if (!server) throw new Error('the browser suite has not started');
      return server.url;
    },
    async open(name, viewport) {
      if (!browser) throw new Error('the browser suite has not started');
      const tp = await newPage(browser, { viewport });
      onTestFailed(async () => {
        await screenshot(tp.page, `${name}-failure`);
      });
      return tp;
    },
    async signIn(page, username, next = '/console/org') {
      await page.goto(`${this.url}/login?next=${encodeURIComponent(next)}`);
      // In demo mode the account list fills the form, which is exactly what a visitor does.
      await page.getByTestId(`demo-account-${username}`).click();
      await page.getByTestId('login-submit').click();
      await page.waitForURL((url) => url.pathname === next.split('?')[0]);
    },
  };
}
