import { describe, expect, test } from 'vitest';
import { browserSuite } from '../../test/browser.ts';

const suite = browserSuite();
/** The machine may be busy with other suites: give the page time to settle. */
const WAIT = { timeout: 15_000 };

describe('12345 hotline in Chromium', () => {
  test('an operator registers a call by keyboard, a township accepts and replies, the caller’s revisit is recorded', async () => {
    const operator = await suite.open('hotline-operator');
    const { page } = operator;
    await suite.signIn(page, 'admin', '/console/hotline/call');

    // The phone field has the focus; Enter moves on, a picked option moves on by itself.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), WAIT)
      .toBe('call-phone');
    await page.keyboard.type('13812345678');
    await page.keyboard.press('Enter');
    await page.keyboard.type('周八');
    await page.keyboard.press('Enter');
    // 社会救助咨询 by its pinyin initials.
    await page.keyboard.type('shjz');
    await page.locator('.ant-select-item-option', { hasText: '社会救助咨询' }).waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.type('沙坝场');
    await page.locator('.ant-select-item-option', { hasText: '沙坝场' }).first().waitFor();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), WAIT)
      .toBe('call-address');
    await page.keyboard.type('沙坝场社区 3 组');
    await page.keyboard.press('Enter');
    await page.keyboard.type('老人独居，咨询能否申请低保和临时救助');
    await page.keyboard.press('Control+Enter');

    const registered = page.getByTestId('call-registered');
    await registered.waitFor();
    const number = /H511723-\d{8}-\d{4}/.exec((await registered.textContent()) ?? '')?.[0];
    expect(number).toBeTruthy();
    // The form is ready for the next call.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), WAIT)
      .toBe('call-phone');

    // Dispatch to the township where the caller lives (suggested first).
    await page.getByTestId('call-open-order').click();
    await page.getByTestId('order-page').waitFor();
    await page.getByTestId('action-dispatch').click();
    await expect.poll(() => page.getByTestId('action-org').textContent(), WAIT).toContain('新宁镇');
    await page.getByTestId('action-ok').click();
    await expect
      .poll(() => page.getByTestId('order-page').getAttribute('data-status'), WAIT)
      .toBe('dispatched');

    // The township finds it in its inbox with a green light, accepts it and replies.
    const township = await suite.open('hotline-township');
    await suite.signIn(township.page, 'xinning_clerk', '/console/hotline/inbox');
    const row = township.page.getByTestId(`order-${number}`);
    await row.waitFor();
    expect(await township.page.getByTestId('clock-light').first().getAttribute('data-light')).toBe('green');
    await row.click();
    await township.page.getByTestId('action-accept').click();
    await township.page.getByTestId('action-ok').click();
    await expect
      .poll(() => township.page.getByTestId('order-page').getAttribute('data-status'), WAIT)
      .toBe('accepted');
    await township.page.getByTestId('action-reply').click();
    await township.page.getByTestId('action-text').fill('已上门核实，指导老人提交低保申请，临时救助已受理。');
    await township.page.getByTestId('action-ok').click();
    await expect
      .poll(() => township.page.getByTestId('order-page').getAttribute('data-status'), WAIT)
      .toBe('replied');

    // The dispatcher calls the caller back and records the satisfaction.
    await page.reload();
    await page.getByTestId('action-revisit').click();
    // antd puts the test id on the radio's hidden input: click its label.
    await page.locator('label:has([data-testid="satisfaction-satisfied"])').click();
    await page.getByTestId('action-note').fill('来电人表示满意');
    await page.getByTestId('action-ok').click();
    await expect
      .poll(() => page.getByTestId('order-page').getAttribute('data-status'), WAIT)
      .toBe('revisited');
    expect(await page.getByTestId('order-revisit').textContent()).toContain('满意');
    await page.getByTestId('event-revisit').waitFor();

    expect(operator.errors).toEqual([]);
    expect(township.errors).toEqual([]);
    await township.close();
    await operator.close();
  });
});
