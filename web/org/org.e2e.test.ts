import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import { launchBrowser, newPage, screenshot, type TestPage } from '../../test/browser.ts';
import { startTestServer } from '../../test/server.ts';

const WEB_ROOT = path.resolve(import.meta.dirname, '..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name.endsWith('.test.ts')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(path.join(WEB_ROOT, 'dist', 'index.html')).mtimeMs;
  } catch {
    return 0;
  }
}

/** `npm test` builds first; a lone run of this file rebuilds when the pages are older than their sources. */
async function ensureBuilt(): Promise<void> {
  if (builtAt() >= newestSource(WEB_ROOT)) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  await ensureBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 60_000);

/** Opens a page and, should the test fail, leaves a screenshot of where it stood in test-results/. */
async function open(name: string, viewport?: { width: number; height: number }): Promise<TestPage> {
  const tp = await newPage(browser, { viewport });
  onTestFailed(async () => {
    await screenshot(tp.page, `${name}-failure`);
  });
  return tp;
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  // In demo mode the account list fills the form, which is exactly what a visitor does.
  await page.getByTestId(`demo-account-${username}`).click();
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/console\/org$/);
}

/** Selecting a tree node also opens it; wait until it is selected so its children are being fetched. */
async function openNode(page: Page, testId: string): Promise<void> {
  const node = page.getByTestId(testId);
  await node.click();
  await expect
    .poll(() => page.getByTestId('org-details-code').textContent())
    .toBe(testId.replace('org-node-', ''));
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('org console in Chromium', () => {
  test('an admin adds a window under a township center and finds it in the audit log', async () => {
    const { page, errors, close } = await open('org-create-window');
    await signIn(page, 'admin');

    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('系统管理员');
    await openNode(page, 'org-node-511723');
    await openNode(page, 'org-node-511723100');

    const center = page.locator('[data-testid^="org-node-511723100-"]', { hasText: '新宁镇便民服务中心' });
    const centerId = await center.getAttribute('data-testid');
    expect(centerId).toBeTruthy();
    await openNode(page, centerId!);

    await page.getByTestId('new-unit-kind-window').click();
    await page.getByTestId('new-unit-name').fill('测试窗口');
    await page.getByTestId('new-unit-submit').click();

    await expect.poll(() => page.getByTestId('org-details-name').textContent()).toBe('测试窗口');
    const code = (await page.getByTestId('org-details-code').textContent())!;
    expect(code.startsWith(`${centerId!.replace('org-node-', '')}-`)).toBe(true);
    await page.getByTestId(`org-node-${code}`).waitFor({ state: 'visible' });
    expect(await page.getByTestId(`org-node-${code}`).textContent()).toContain('测试窗口');

    await page.getByTestId('nav-audit').click();
    await page.waitForURL(/\/console\/audit$/);
    const row = page.locator('[data-action="org.create"]', { hasText: code });
    await row.first().waitFor({ state: 'visible' });

    expect(errors).toEqual([]);
    await close();
  });

  test('on a phone the landing and login pages fit the screen width', async () => {
    const { page, errors, close } = await open('phone-public-pages', { width: 390, height: 844 });

    await page.goto(`${server.url}/`);
    await page.getByTestId('console-link').waitFor({ state: 'visible' });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page.getByTestId('console-link').click();
    await page.waitForURL(/\/login\?next=%2Fconsole$/);
    await page.getByTestId('demo-account-admin').waitFor({ state: 'visible' });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // Only the 401 of the signed-out /api/me is expected here; anything else is a real error.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await close();
  });
});
