import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import { ensureWebBuilt } from '../../scripts/web-build.ts';
import { demoItem, inAppFor, register, sh, sweep } from '../../server/supervision/supervision-testing.ts';
import { launchBrowser, newPage, screenshot, type TestPage } from '../../test/browser.ts';
import { signInAs, startTestServer, type TestApp } from '../../test/server.ts';

// This file runs its own server instead of browserSuite(): it moves the platform clock (setNow) and runs
// the light sweeper through the server's context, which browserSuite() does not hand out.
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

/** Registered on a Tuesday; eight working days later its 5-working-day acceptance limit (art. 32) is past. */
const REGISTERED = sh('2026-03-10T09:00:00');
const LATER = sh('2026-03-19T09:30:00');

const opened: TestPage[] = [];

type Opened = TestPage & { forbidden: string[] };

/** What went wrong on a page: console errors, and any request the person was refused (403). */
function unexpected(tp: Opened): string[] {
  return tp.forbidden.length > 0 ? [...tp.errors, ...tp.forbidden.map((u) => `403 ${u}`)] : tp.errors;
}

/** A page whose browser clock agrees with the server's (date pickers offer the server's "today"). */
async function open(name: string, username: string, next: string): Promise<Opened> {
  const tp: Opened = { ...(await newPage(browser!)), forbidden: [] };
  opened.push(tp);
  onTestFailed(async () => {
    await screenshot(tp.page, `${name}-failure`);
  });
  tp.page.on('response', (r) => {
    if (r.status() === 403) tp.forbidden.push(new URL(r.url()).pathname);
  });
  await tp.page.clock.setFixedTime(LATER);
  await tp.page.goto(`${server!.url}/login?next=${encodeURIComponent(next)}`);
  await tp.page.getByTestId(`demo-account-${username}`).click();
  await tp.page.getByTestId('login-submit').click();
  await tp.page.waitForURL((url) => url.pathname === next.split('?')[0]);
  return tp;
}

const popup = (page: Page, text: string) => page.locator('.bm-supervision-popup', { hasText: text });

describe('electronic supervision in Chromium', () => {
  afterAll(async () => {
    for (const tp of opened) await tp.close();
  });

  test('an overdue case pops up for its handler, a supervisor urges it from the case page, the handler answers', async () => {
    const s = server!;
    // --- An overdue case at the county center's window (handler: county_clerk). ---
    s.setNow(REGISTERED);
    const clerkApi = await signInAs(s.app, 'county_clerk');
    const c = await register(s, clerkApi, await demoItem(s, '食品经营许可'));
    s.setNow(LATER);

    // --- The handler works in the console; the sweep turns the case red and overdue. ---
    const clerk = await open('supervision-clerk', 'county_clerk', '/console/cases');
    await expect.poll(() => s.ctx.notify.live.size).toBe(1);
    const swept = await sweep(s, LATER);
    expect(swept.warnings).toBeGreaterThan(0);
    const warned = popup(clerk.page, `已超法定时限：${c.caseNumber}`);
    await warned.waitFor({ state: 'visible' });
    expect(await warned.getAttribute('data-case')).toBe(c.caseNumber);
    await warned.locator('.ant-notification-notice-close, .ant-notification-close-icon').first().click();

    // --- The supervisor finds it on the monitor and urges it from the case page. ---
    const sup = await open('supervision-supervisor', 'supervisor', '/console/supervision');
    const overdue = sup.page.getByTestId('light-overdue');
    await expect.poll(() => overdue.getAttribute('data-count')).toBe('1');
    await overdue.click();
    await sup.page.getByTestId(`monitor-case-${c.caseNumber}`).click();
    await sup.page.waitForURL(`**/console/cases/${c.id}`);
    await sup.page.getByTestId('urge-open').click();
    await sup.page.getByTestId('urge-note').fill('已超受理时限，请今天内受理并回复');
    await sup.page.getByTestId('urge-submit').click();
    await sup.page.getByTestId('urge-form').waitFor({ state: 'detached' });
    await expect.poll(() => sup.page.getByTestId('urge-open').textContent()).toContain('1');

    // --- The handler's page pops the urge up, without a reload, with the case number and a way to answer. ---
    const urged = popup(clerk.page, `督办：${c.caseNumber}`);
    await urged.waitFor({ state: 'visible' });
    expect(await urged.textContent()).toContain('已超受理时限，请今天内受理并回复');
    // The in-app copies (warnings, the urge) reach the bell's count; only the supervision pop-up shows.
    const bell = clerk.page.getByTestId('notify-bell');
    const messages = (await inAppFor(s, 'county_clerk', c.id)).length;
    expect(messages).toBeGreaterThan(1);
    await expect.poll(() => bell.getAttribute('data-unread')).toBe(String(messages));
    await expect
      .poll(() => clerk.page.locator('.bm-notify-popup', { hasText: c.caseNumber }).count())
      .toBe(0);
    expect(clerk.page.url()).toMatch(/\/console\/cases$/);
    await urged.getByTestId('popup-answer').click();
    await clerk.page.waitForURL('**/console/supervision/urges');
    expect(await clerk.page.getByTestId('urges-page').getAttribute('data-view')).toBe('mine');
    await clerk.page.getByTestId(`urge-answer-${c.caseNumber}`).click();
    // An empty answer is stopped in the browser.
    await clerk.page.getByTestId('reply-submit').click();
    await clerk.page.locator('.ant-form-item-explain-error').waitFor();
    await clerk.page.getByTestId('reply-text').fill('材料齐全，今天下午受理');
    await clerk.page.getByTestId('reply-submit').click();
    const row = clerk.page.locator('[data-testid="urges-table"] tr', { hasText: c.caseNumber });
    await expect.poll(() => row.getByTestId('urge-status').getAttribute('data-status')).toBe('answered');
    expect(await row.textContent()).toContain('材料齐全，今天下午受理');
    const stored = await s.ctx.db
      .selectFrom('urges')
      .select(['status', 'reply'])
      .where('case_id', '=', c.id)
      .execute();
    expect(stored).toEqual([{ status: 'answered', reply: '材料齐全，今天下午受理' }]);

    // --- The supervisor is told the answer came. ---
    await popup(sup.page, `督办已回复：${c.caseNumber}`).waitFor({ state: 'visible' });

    expect(unexpected(clerk)).toEqual([]);
    expect(unexpected(sup)).toEqual([]);
  });

  test('the leader dashboard and the big screen draw their charts without console errors', async () => {
    const leader = await open('supervision-leader', 'leader', '/console/supervision/dashboard');
    const page = leader.page;
    await page.getByTestId('dashboard-page').waitFor();
    await expect.poll(() => page.getByTestId('kpi-overdue').textContent()).toContain('1');
    for (const chart of ['chart-lights', 'chart-volume-township', 'chart-trend']) {
      await expect.poll(() => page.getByTestId(chart).getAttribute('data-chart')).toBe('ready');
      expect(await page.getByTestId(chart).locator('canvas').count()).toBeGreaterThan(0);
    }
    // Ratings are not fed yet: satisfaction says so instead of drawing zeros.
    await page.getByTestId('chart-satisfaction-empty').waitFor();

    await page.goto(`${server!.url}/screen`);
    await page.getByTestId('screen-page').waitFor();
    expect(await page.getByTestId('nav-supervision').count()).toBe(0);
    await expect.poll(() => page.locator('[data-chart="ready"] canvas').count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.getByTestId('kpi-open').textContent()).toContain('1');
    expect(leader.errors).toEqual([]);
    expect(leader.forbidden).toEqual([]);

    // A handler is not shown the screen.
    const clerk = await open('supervision-screen-clerk', 'county_clerk', '/console/cases');
    await clerk.page.goto(`${server!.url}/screen`);
    await clerk.page.getByText('大屏仅供效能监察人员、领导和管理员打开。').waitFor();
    expect(await clerk.page.getByTestId('screen-page').count()).toBe(0);
  });
});
