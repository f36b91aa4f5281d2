import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { browserSuite } from '../../test/browser.ts';

const suite = browserSuite();

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
    const { page, errors, close } = await suite.open('org-create-window');
    await suite.signIn(page, 'admin');

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
    const { page, errors, close } = await suite.open('phone-public-pages', { width: 390, height: 844 });

    await page.goto(`${suite.url}/`);
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
