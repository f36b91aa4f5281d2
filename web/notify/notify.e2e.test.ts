import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import { ensureWebBuilt } from '../../scripts/web-build.ts';
import { launchBrowser, newPage, screenshot } from '../../test/browser.ts';
import { startTestServer, type TestApp } from '../../test/server.ts';

// This file runs its own server instead of browserSuite(): it writes notifications through the server's
// context, as the case service does, and watches them arrive in the browser.
let server: (TestApp & { url: string }) | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 60_000);

describe('notifications in Chromium', () => {
  test('the bell counts a pushed message and pops it up; the inbox reads it; the outbox shows the SMS', async () => {
    const s = server!;
    const { page, errors, close } = await newPage(browser!);
    onTestFailed(async () => {
      await screenshot(page, 'notify-bell-failure');
    });
    const me = await s.ctx.db
      .selectFrom('people')
      .select(['id', 'org_code', 'org_path'])
      .where('username', '=', 'xinning_admin')
      .executeTakeFirstOrThrow();

    await page.goto(`${s.url}/login?next=${encodeURIComponent('/console/org')}`);
    await page.getByTestId('demo-account-xinning_admin').click();
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname === '/console/org');
    const bell = page.getByTestId('notify-bell');
    await expect.poll(() => bell.getAttribute('data-unread')).toBe('0');
    // The stream is open once the server counts it.
    await expect.poll(() => s.ctx.notify.live.size).toBe(1);

    await s.ctx.db.transaction().execute((trx) =>
      s.ctx.notify.enqueue(trx, [
        {
          channel: 'in_app',
          recipient: me.id,
          // Not an urge or a warning: those pop up through supervision's own alert, not the bell.
          template: 'case_accepted',
          params: { caseNumber: '511723100-1-20260310-0007', dueDate: '2026-04-08' },
          orgCode: me.org_code,
          orgPath: me.org_path,
        },
        {
          channel: 'sms',
          recipient: '13800138000',
          template: 'case_closed',
          params: { caseNumber: '511723100-1-20260310-0007' },
          orgCode: me.org_code,
          orgPath: me.org_path,
        },
      ]),
    );
    const popup = page.locator('.bm-notify-popup');
    await popup.waitFor({ state: 'visible' });
    expect(await popup.textContent()).toContain(
      '您的办件511723100-1-20260310-0007已受理，预计2026-04-08前办结',
    );
    await expect.poll(() => bell.getAttribute('data-unread')).toBe('1');

    await bell.click();
    await page.waitForURL(/\/console\/notifications$/);
    const item = page.locator('[data-testid^="notify-item-"]', { hasText: '511723100-1-20260310-0007' });
    await expect.poll(() => item.getAttribute('data-read')).toBe('no');
    await item.locator('[data-testid^="notify-read-"]').click();
    await expect.poll(() => item.getAttribute('data-read')).toBe('yes');
    await expect.poll(() => bell.getAttribute('data-unread')).toBe('0');

    await page.getByTestId('nav-outbox').click();
    await page.waitForURL(/\/console\/notifications\/outbox$/);
    const smsRow = page.locator('[data-testid^="outbox-row-"]', { hasText: '138****8000' });
    await smsRow.waitFor({ state: 'visible' });
    expect(await smsRow.textContent()).toContain('待发送');
    expect(await page.locator('body').textContent()).not.toContain('13800138000');
    await s.ctx.notify.deliverPending();
    await page.getByTestId('outbox-reload').click();
    await expect.poll(() => smsRow.textContent()).toContain('已发送');

    expect(errors).toEqual([]);
    await close();
  });
});
