import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { browserSuite } from '../../test/browser.ts';

const suite = browserSuite();

/** Signs in through the demo account list and lands on `next`. */

/** Finds an item in the console list by its pinyin initials and opens it. */
async function openItem(page: Page, initials: string, name: string): Promise<string> {
  await page.getByTestId('catalog-filter-text').locator('input').fill(initials);
  const row = page.locator('[data-testid^="item-row-"]', { hasText: name });
  await expect.poll(() => page.locator('[data-testid^="item-row-"]').count()).toBe(1);
  await row.locator('[data-testid^="item-link-"]').click();
  await page.waitForURL(/\/console\/catalog\/items\/[0-9a-f-]{36}/);
  await page.getByTestId('version-panel').waitFor();
  return new URL(page.url()).pathname.split('/').pop()!;
}

const panelState = (page: Page) =>
  page
    .getByTestId('version-panel')
    .evaluate((el) => `v${el.getAttribute('data-version')} ${el.getAttribute('data-status')}`)
    .catch(() => null);

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** Problems a test provokes on purpose show as failed requests in the console; nothing else may. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of (400|403|409)/.test(e));

describe('catalog console in Chromium', () => {
  test('an editor drafts a new promised limit, a second person publishes it, the portal shows it', async () => {
    const { page, errors, close } = await suite.open('catalog-publish');
    await suite.signIn(page, 'admin', '/console/catalog');
    const itemId = await openItem(page, 'spjyxk', '食品经营许可');
    await expect.poll(() => panelState(page)).toBe('v1 published');
    expect(
      await page.getByTestId('version-view').getByTestId('guide-promised-limit').textContent(),
    ).toContain('5 个工作日');

    // A new draft copies the published guide into the editor.
    await page.getByTestId('action-new-draft').click();
    await expect.poll(() => panelState(page)).toBe('v2 draft');
    const promised = page.getByTestId('editor-promised-limit-value');
    expect(await promised.inputValue()).toBe('5');

    // 4 days is refused by the server: the steps still add up to 5. The complaint sits on the steps.
    await promised.fill('4');
    await page.getByTestId('action-save').click();
    const stepsError = page.getByTestId('editor-steps-errors');
    await stepsError.waitFor();
    expect(await stepsError.textContent()).toContain('超过承诺时限');
    expect(await page.getByTestId('editor-problem').textContent()).toContain('办理流程');

    // Shorten the review step and the draft saves.
    await page.getByTestId('editor-step-1-limit-value').fill('2');
    await page.getByTestId('action-save').click();
    await page.locator('.ant-message-success', { hasText: '草稿已保存' }).waitFor();
    await stepsError.waitFor({ state: 'detached' });

    // A blank form for the first material, sent as the file itself.
    await page
      .getByTestId('material-0-blank-slot')
      .locator('input[type=file]')
      .setInputFiles({ name: '食品经营许可申请书.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect
      .poll(() =>
        page
          .getByTestId('material-0-blank-file')
          .textContent()
          .catch(() => null),
      )
      .toContain('食品经营许可申请书.pdf');

    await page.getByTestId('action-submit').click();
    await expect.poll(() => panelState(page)).toBe('v2 review');
    // The author may not approve their own version.
    expect(await page.getByTestId('action-publish').isDisabled()).toBe(true);
    expect(await page.getByTestId('status-note').textContent()).toContain('须由其他审核人员发布');
    await close();

    // The efficiency office reviews and publishes.
    const reviewer = await suite.open('catalog-review');
    await suite.signIn(reviewer.page, 'supervisor', `/console/catalog/items/${itemId}`);
    const rp = reviewer.page;
    await expect.poll(() => panelState(rp)).toBe('v2 review');
    await rp.getByTestId('compare-open').click();
    const changes = rp.getByTestId('compare-table');
    await changes.waitFor();
    const promisedRow = rp.getByTestId('compare-row-promisedLimit.value');
    expect(await promisedRow.textContent()).toContain('承诺时限');
    expect(await promisedRow.textContent()).toMatch(/5.*4/);
    expect(await rp.getByTestId('compare-row-steps[1].limit.value').count()).toBe(1);
    await rp.keyboard.press('Escape');
    await rp.getByTestId('action-publish').click();
    await expect.poll(() => panelState(rp)).toBe('v2 published');
    expect(await rp.getByTestId('version-row-1').getAttribute('data-status')).toBe('retired');

    // The old version stays readable as it was.
    await rp.getByTestId('version-row-1').click();
    await expect.poll(() => panelState(rp)).toBe('v1 retired');
    expect(await rp.getByTestId('version-view').getByTestId('guide-promised-limit').textContent()).toContain(
      '5 个工作日',
    );

    // Residents see the new promise and can download the form.
    await rp.goto(`${suite.url}/guides/${itemId}`);
    await expect.poll(() => rp.getByTestId('guide-promised-limit').textContent()).toContain('4 个工作日');
    expect(await rp.getByTestId('guide-expected-banner').textContent()).toContain('承诺时限 4 个工作日');
    const form = rp.getByTestId('material-0-blank').first();
    expect(await form.getAttribute('href')).toMatch(new RegExp(`^/api/public/guides/${itemId}/files/`));
    const pdf = await rp.request.get(`${suite.url}${await form.getAttribute('href')}`);
    expect(pdf.status()).toBe(200);
    expect(Buffer.from(await pdf.body()).equals(PDF)).toBe(true);

    expect(unexpected(errors)).toEqual([]);
    expect(unexpected(reviewer.errors)).toEqual([]);
    await reviewer.close();
  });

  test('an editor puts an item on a township window and imports a spreadsheet with a row-by-row report', async () => {
    const { page, errors, close } = await suite.open('catalog-excel');
    await suite.signIn(page, 'admin', '/console/catalog');
    await openItem(page, 'gtgsh', '个体工商户设立登记');

    // A window of 新宁镇's center, picked from the windows of the county.
    await page.getByTestId('window-add-open').click();
    await page.getByTestId('window-select').click();
    await page.keyboard.type('社保民政');
    await page.locator('.ant-select-item-option', { hasText: '新宁镇便民服务中心 · 社保民政窗口' }).click();
    await page.getByTestId('window-add').click();
    await page.getByTestId('window-511723100-1-2').waitFor();

    // Export what the list shows, break one cell, import: nothing stored, the row and column named.
    await page.getByTestId('nav-catalog').click();
    await page.waitForURL(/\/console\/catalog$/);
    await page.getByTestId('catalog-filter-text').locator('input').fill('gtgsh');
    await expect.poll(() => page.locator('[data-testid^="item-row-"]').count()).toBe(1);
    await page.getByTestId('catalog-export').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.ant-dropdown-menu-item', { hasText: '导出已发布版本' }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await download.path())!) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    const col = (header: string) => {
      let found = 0;
      sheet.getRow(1).eachCell((cell, n) => {
        if (cell.text === header) found = n;
      });
      return found;
    };
    expect(sheet.rowCount).toBe(2);
    sheet.getRow(2).getCell(col('实施编码')).value = 'E2E-IMPORT-0001';
    sheet.getRow(2).getCell(col('主题')).value = '开办企业、登月';
    const file = async () => Buffer.from(await workbook.xlsx.writeBuffer());

    await page.getByTestId('catalog-import').click();
    const modal = page.getByTestId('catalog-import-modal');
    await modal.waitFor();
    await modal.locator('input[type=file]').setInputFiles({
      name: '事项清单.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await file(),
    });
    await page.getByTestId('import-run').click();
    const report = page.getByTestId('import-errors');
    await report.waitFor();
    const first = page.getByTestId('import-error-0');
    expect(await first.locator('td').nth(0).textContent()).toBe('2');
    expect(await first.locator('td').nth(1).textContent()).toBe('主题');
    expect(await first.locator('td').nth(2).textContent()).toContain('登月');
    expect(await page.getByTestId('import-problem').textContent()).toContain('未导入任何事项');

    // Fixed, the same file creates a new item with a draft v1.
    sheet.getRow(2).getCell(col('主题')).value = '开办企业';
    await modal.locator('input[type=file]').setInputFiles({
      name: '事项清单.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await file(),
    });
    await page.getByTestId('import-run').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('新建 1 项');
    await result.getByText('E2E-IMPORT-0001').click();
    await expect.poll(() => panelState(page)).toBe('v1 draft');

    expect(unexpected(errors)).toEqual([]);
    await close();
  });
});
