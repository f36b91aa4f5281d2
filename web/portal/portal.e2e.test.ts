import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { browserSuite } from '../../test/browser.ts';

const suite = browserSuite();

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

const PHONE = { width: 390, height: 844 };

describe('resident portal in Chromium', () => {
  test('on a phone a resident finds 个体工商户设立登记 by "gtgsh" and reads its guide', async () => {
    const { page, errors, close } = await suite.open('portal-phone', PHONE);
    await page.goto(`${suite.url}/`);
    await page.getByTestId('theme-birth').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await page.getByTestId('console-link').isVisible()).toBe(true);

    // Typing shows the match at once under the box.
    await page.getByTestId('portal-search').fill('gtgsh');
    const suggestion = page.getByTestId('portal-suggestions').locator('a', { hasText: '个体工商户设立登记' });
    await suggestion.waitFor();

    // Enter runs the full search: one result, with its badges and promise.
    await page.getByTestId('portal-search').press('Enter');
    await page.waitForURL(/\/guides\?q=gtgsh$/);
    const result = page.locator('[data-testid^="guide-result-"]', { hasText: '个体工商户设立登记' });
    await result.waitFor();
    expect(await page.locator('[data-testid^="guide-result-"]').count()).toBe(1);
    expect(await result.getByTestId('badge-zero_visit').textContent()).toBe('零跑动');
    expect(await result.getByTestId('badge-on-the-spot').count()).toBe(1);
    expect(await result.getByTestId('badge-online').textContent()).toBe('可网上申办');
    expect(await result.getByTestId('result-limit').textContent()).toContain('即办件');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await result.click();
    await page.waitForURL(/\/guides\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('guide-name').textContent()).toBe('个体工商户设立登记');

    // The five publics, in order.
    const sections = await page
      .locator('[data-testid^="guide-section-"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')));
    expect(sections.slice(0, 7)).toEqual([
      'guide-section-service',
      'guide-section-conditions',
      'guide-section-procedure',
      'guide-section-materials',
      'guide-section-time',
      'guide-section-fees',
      'guide-section-basis',
    ]);
    const materials = page.getByTestId('guide-material-0');
    expect(await materials.isVisible()).toBe(true);
    expect(await materials.textContent()).toContain('个体工商户登记（备案）申请书');
    expect(await page.getByTestId('guide-materials').textContent()).toContain('居民身份证');
    expect(await page.getByTestId('guide-department').textContent()).toContain('开江县市场监督管理局');
    expect(await page.getByTestId('guide-windows').textContent()).toContain('企业开办窗口');
    expect(await page.getByTestId('guide-free').isVisible()).toBe(true);

    // Today's filing and when it will be done (a same-day item: today, or the next working day).
    const banner = page.getByTestId('guide-expected-banner');
    const expected = await banner.getAttribute('data-date');
    expect(expected).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await banner.textContent()).toContain(`今天申请，预计 ${expected}`);
    expect(await page.getByTestId('guide-legal-limit').textContent()).toContain('3 个工作日');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // The printed view: no header, no buttons, black text.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.bm-public-header').isVisible()).toBe(false);
    expect(await page.getByTestId('guide-print').isVisible()).toBe(false);
    expect(await page.getByTestId('guide-name').evaluate((el) => getComputedStyle(el).color)).toBe(
      'rgb(0, 0, 0)',
    );
    await page.emulateMedia({ media: 'screen' });

    expect(errors).toEqual([]);
    await close();
  });

  test('on a desk a resident browses by theme, level and department, and reads fees in English', async () => {
    const { page, errors, close } = await suite.open('portal-desk');
    await page.goto(`${suite.url}/`);
    await page.getByTestId('theme-birth').click();
    await page.waitForURL(/\/guides\?theme=birth$/);
    await expect
      .poll(() =>
        page
          .locator('[data-testid^="guide-result-"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-name')).sort()),
      )
      .toEqual(['再生育审批', '生育登记']);

    // Level: only the village service remains.
    await page.goto(`${suite.url}/guides?level=village`);
    await expect
      .poll(() =>
        page
          .locator('[data-testid^="guide-result-"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-name'))),
      )
      .toEqual(['农家书屋借阅']);

    // Where the resident lives: a village of 新宁镇 sees the village service and proxied items.
    await page.goto(`${suite.url}/`);
    await page.getByTestId('home-place').selectOption('511723100');
    await page.waitForURL(/org=511723100$/);
    await page.getByTestId('filter-village').waitFor();
    await page.getByTestId('filter-village').click();
    await page.locator('.ant-select-item-option').first().click();
    await page.waitForURL(/org=511723100\d{3}$/);
    await expect
      .poll(() =>
        page
          .locator('[data-testid^="guide-result-"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-name'))),
      )
      .toContain('农家书屋借阅');

    // Department from the home page's picker.
    await page.goto(`${suite.url}/`);
    await page.getByTestId('home-department').selectOption('511723-4');
    await page.waitForURL(/department=511723-4/);
    await page.locator('[data-testid^="guide-result-"]', { hasText: '最低生活保障申请' }).waitFor();
    expect(await page.getByTestId('guide-total').textContent()).toMatch(/共 \d+ 项/);

    // A charged item, in English: the fee table and the promise in words.
    await page.getByTestId('language-switch').getByText('English').click();
    await page.goto(`${suite.url}/guides?q=${encodeURIComponent('不动产登记')}`);
    await page.locator('[data-testid^="guide-result-"]', { hasText: '不动产登记' }).first().click();
    await page.getByTestId('guide-fee-table').waitFor();
    expect(await page.getByTestId('guide-fee-table').textContent()).toContain('80元/件');
    expect(await page.getByTestId('guide-section-fees').textContent()).toContain('Fees');
    expect(await page.getByTestId('guide-promised-limit').textContent()).toContain('5 working days');
    expect(await page.getByTestId('guide-expected-banner').textContent()).toContain('Apply today, done by');
    expect(await page.getByTestId('guide-material-row-0').isVisible()).toBe(true);

    // A wrong link says so.
    await page.goto(`${suite.url}/guides/00000000-0000-4000-8000-000000000000`);
    await page.getByTestId('guide-missing').waitFor();

    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await close();
  });
});
