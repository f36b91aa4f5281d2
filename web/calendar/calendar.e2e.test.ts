import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { browserSuite } from '../../test/browser.ts';

const suite = browserSuite();

/** Signs in through the demo account list and lands on `next`. */

async function chooseYear(page: Page, year: number): Promise<void> {
  await page.getByTestId('calendar-year-select').click();
  await page
    .locator('.ant-select-item-option', { hasText: String(year) })
    .first()
    .click();
  await page.waitForURL(new RegExp(`year=${year}`));
  await page.getByTestId(`cal-day-${year}-01-01`).waitFor();
}

/** Types a date into the antd DatePicker the way a clerk does, and a count into the number box. */
async function calculate(page: Page, from: string, workingDays: number): Promise<void> {
  // antd puts the test id on the <input> of these two controls.
  const input = page.getByTestId('deadline-from');
  await input.click();
  await input.fill(from);
  await input.press('Enter');
  const days = page.getByTestId('deadline-days');
  await days.fill(String(workingDays));
  await days.press('Tab');
}

const deadlineShown = (page: Page) =>
  page
    .getByTestId('deadline-result')
    .getAttribute('data-deadline', { timeout: 1000 })
    .catch(() => null);

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('working-day calendar in Chromium', () => {
  test('an admin reads the year, computes deadlines and loads 2027 through the form', async () => {
    const { page, errors, close } = await suite.open('calendar-admin');
    await suite.signIn(page, 'admin', '/console/org');

    await page.getByTestId('nav-calendar').click();
    await page.waitForURL(/\/console\/calendar/);
    await chooseYear(page, 2025);

    // National Day 2025: 10/1 off, Sunday 9/28 worked.
    const oct1 = page.getByTestId('cal-day-2025-10-01');
    expect(await oct1.getAttribute('data-kind')).toBe('holiday');
    expect(await oct1.textContent()).toContain('休');
    const sep28 = page.getByTestId('cal-day-2025-09-28');
    expect(await sep28.getAttribute('data-kind')).toBe('adjusted_workday');
    expect(await sep28.textContent()).toContain('班');
    expect(await page.getByTestId('cal-day-2025-09-27').getAttribute('data-kind')).toBe('weekend');
    expect(await page.getByTestId('calendar-source').textContent()).toContain('2025');
    // The holiday's name on hover.
    await oct1.hover();
    await expect.poll(() => page.locator('.ant-tooltip', { hasText: '国庆节' }).isVisible()).toBe(true);

    await calculate(page, '2025-09-26', 20);
    await expect.poll(() => deadlineShown(page)).toBe('2025-10-30');
    expect(await page.getByTestId('deadline-date').textContent()).toContain('2025年10月30日');
    expect(await page.getByTestId('deadline-date').textContent()).toContain('星期四');
    expect(await page.getByTestId('deadline-rule').textContent()).toBe('受理当日不计入，期限至该日 24 时');

    // A deadline reaching into 2027, not yet loaded, is refused by name.
    await calculate(page, '2026-12-20', 20);
    const warning = page.getByTestId('deadline-not-loaded');
    await warning.waitFor();
    expect(await warning.getAttribute('data-year')).toBe('2027');
    expect(await warning.textContent()).toContain('2027');

    // Load 2027 from the warning. A first try with a date of the wrong year is refused beside that line.
    await page.getByTestId('deadline-import-2027').click();
    const modal = page.getByTestId('import-modal');
    await modal.waitFor();
    expect(await page.getByTestId('import-year').inputValue()).toBe('2027');
    await page.getByTestId('import-source').fill('测试通知（2027）');
    const days = [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2026-02-06', kind: 'holiday', name: '春节' },
      { date: '2027-02-07', kind: 'holiday', name: '春节' },
      { date: '2027-02-08', kind: 'holiday', name: '春节' },
      { date: '2027-02-20', kind: 'adjusted_workday', name: '春节' },
    ];
    const text = (list: typeof days) => `[\n${list.map((d) => `  ${JSON.stringify(d)}`).join(',\n')}\n]`;
    await page.getByTestId('import-json').fill(text(days));
    await page.getByTestId('import-submit').click();
    const rowError = page.getByTestId('import-day-error-1');
    await rowError.waitFor();
    expect(await rowError.textContent()).toContain('2026-02-06');
    expect(await page.getByTestId('import-day-1').textContent()).toContain('第 3 行');
    expect(await page.getByTestId('import-day-error-0').count()).toBe(0);

    days[1] = { date: '2027-02-06', kind: 'holiday', name: '春节' };
    await page.getByTestId('import-json').fill(text(days));
    expect(await page.getByTestId('import-day-error-1').count()).toBe(0);
    await page.getByTestId('import-submit').click();
    await page.locator('.ant-message-success', { hasText: '2027' }).waitFor();
    await modal.waitFor({ state: 'hidden' });

    // The year view moves to 2027 and the same question now has its answer.
    await page.waitForURL(/year=2027/);
    await page.getByTestId('cal-day-2027-02-20').waitFor();
    expect(await page.getByTestId('cal-day-2027-02-20').getAttribute('data-kind')).toBe('adjusted_workday');
    expect(await page.getByTestId('calendar-source').textContent()).toContain('测试通知（2027）');
    await expect.poll(() => deadlineShown(page)).toBe('2027-01-18');

    // The next year from an .ics file, read in the browser and sent as text/calendar.
    await page.getByTestId('calendar-import').click();
    await modal.waitFor();
    expect(await page.getByTestId('import-year').inputValue()).toBe('2028');
    await page.getByTestId('import-source').fill('测试通知（2028，ics）');
    await page.getByTestId('import-format').getByText('.ics').click();
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:2028-new-year',
      'DTSTART;VALUE=DATE:20280101',
      'DTEND;VALUE=DATE:20280104',
      'SUMMARY:元旦(休)',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:2028-work',
      'DTSTART;VALUE=DATE:20280108',
      'SUMMARY:元旦(班)',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    await page
      .locator('[data-testid="import-modal"] input[type=file]')
      .setInputFiles({ name: '2028.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
    await page.getByTestId('import-ics-file').waitFor();
    await page.getByTestId('import-submit').click();
    await modal.waitFor({ state: 'hidden' });
    await page.waitForURL(/year=2028/);
    await page.getByTestId('cal-day-2028-01-08').waitFor();
    expect(await page.getByTestId('cal-day-2028-01-03').getAttribute('data-kind')).toBe('holiday');
    expect(await page.getByTestId('cal-day-2028-01-08').getAttribute('data-kind')).toBe('adjusted_workday');
    expect(await page.getByTestId('calendar-source').textContent()).toContain('测试通知（2028，ics）');

    expect(errors.filter((e) => !e.includes('422') && !e.includes('400'))).toEqual([]);
    await close();
  });

  test('a township clerk sees the calendar and the calculator on a phone, without the import', async () => {
    const { page, errors, close } = await suite.open('calendar-phone', { width: 390, height: 844 });
    await suite.signIn(page, 'xinning_clerk', '/console/calendar/deadline');

    await calculate(page, '2026-02-13', 6);
    await expect.poll(() => deadlineShown(page)).toBe('2026-02-28');
    expect(await page.getByTestId('deadline-date').textContent()).toContain('星期六');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page.goto(`${suite.url}/console/calendar?year=2026`);
    await page.getByTestId('cal-day-2026-02-14').waitFor();
    expect(await page.getByTestId('cal-day-2026-02-14').getAttribute('data-kind')).toBe('adjusted_workday');
    expect(await page.getByTestId('calendar-import').count()).toBe(0);
    // Months stack: February sits below January, not beside it.
    const jan = (await page.getByTestId('calendar-month-1').boundingBox())!;
    const feb = (await page.getByTestId('calendar-month-2').boundingBox())!;
    expect(feb.y).toBeGreaterThan(jan.y + jan.height - 1);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    expect(errors).toEqual([]);
    await close();
  });
});
