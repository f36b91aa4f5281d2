import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { idNumberCheckDigit } from '../../core/validators/index.ts';
import { browserSuite } from '../../test/browser.ts';

const suite = browserSuite();

/** A 开江县 number (address code 511723) with a correct GB 11643 check digit, and one typo'd in its last digit. */
const ID_BODY = '51172319900817302';
const ID_NUMBER = ID_BODY + idNumberCheckDigit(ID_BODY);
const WRONG_ID = ID_BODY + (ID_NUMBER.endsWith('1') ? '2' : '1');
const PHONE = { width: 390, height: 844 };

/** Problems a test provokes on purpose show as failed requests in the console; nothing else may. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of (400|409)/.test(e));

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Picks an option of an antd Select by typing into it. */
async function choose(page: Page, testId: string, typed: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  if (typed) await page.keyboard.type(typed);
  await page.locator('.ant-select-item-option', { hasText: option }).first().click();
}

/** Runs an action from the case page's action bar through its generated form. */
async function act(page: Page, action: string, fill: (page: Page) => Promise<void> = async () => {}) {
  const before = await page.getByTestId('case-detail-page').getAttribute('data-status');
  await page.getByTestId(`action-${action}`).click();
  await page.getByTestId(`action-form-${action}`).waitFor();
  await fill(page);
  await page.getByTestId('action-submit').click();
  await page.getByTestId(`action-form-${action}`).waitFor({ state: 'detached' });
  return before;
}

const caseStatus = (page: Page) =>
  page
    .getByTestId('case-detail-page')
    .getAttribute('data-status')
    .catch(() => null);

describe('case console in Chromium', () => {
  test('a walk-in case goes from the window through review and decision to 办结, and the applicant sees it', async () => {
    // --- The window: register, tick, accept, print. ---
    const clerk = await suite.open('console-cases-window');
    const cp = clerk.page;
    await suite.signIn(cp, 'county_clerk', '/console/cases/workbench');
    await choose(cp, 'register-item', 'spjy', '食品经营许可');
    await cp.getByTestId('register-materials-0').waitFor();
    await cp.getByTestId('register-materials-all').click();
    await cp.getByTestId('register-applicant-name').fill('测试申请人李小红');
    await cp.getByTestId('register-applicant-phone').fill('13912345678');

    // A mistyped ID number is caught in the browser by core's GB 11643 check, before anything is sent.
    await cp.getByTestId('register-applicant-id-number').fill(WRONG_ID);
    await cp.getByTestId('register-submit').click();
    const idError = cp.locator('#applicant_idNumber_help');
    await idError.waitFor();
    expect(await idError.textContent()).toContain('校验码不符');
    expect(await cp.getByTestId('registered').count()).toBe(0);

    await cp.getByTestId('register-applicant-id-number').fill(ID_NUMBER);
    await cp.getByTestId('register-submit').click();
    await cp.getByTestId('registered').waitFor();
    const caseNumber = (await cp.getByTestId('registered-number').textContent())!.trim();
    const queryCode = (await cp.getByTestId('registered-code').textContent())!.trim();
    expect(caseNumber).toMatch(/^511723-1-\d{8}-\d{4}$/);
    expect(queryCode).toMatch(/^[A-Z2-9]{8}$/);
    expect(await cp.getByTestId('registered-status').getAttribute('data-status')).toBe('received');
    // Everything required was ticked: no one-time notice is offered, acceptance is.
    expect(await cp.getByTestId('registered-missing').count()).toBe(0);
    expect(await cp.getByTestId('next-issue_notice').count()).toBe(0);

    await cp.getByTestId('next-accept').click();
    await cp.getByTestId('action-form-accept').waitFor();
    await cp.getByTestId('action-submit').click();
    await expect.poll(() => cp.getByTestId('registered-status').getAttribute('data-status')).toBe('accepted');

    // The receipt and the acceptance notice are PDFs the browser opens to print.
    for (const id of ['print-receipt', 'print-acceptance']) {
      const href = await cp.getByTestId(id).getAttribute('href');
      expect(href).toMatch(/^\/api\/cases\/[0-9a-f-]{36}\/documents\/\w+\.pdf$/);
      const pdf = await cp.request.get(`${suite.url}${href}`);
      expect(pdf.status(), id).toBe(200);
      expect(pdf.headers()['content-type']).toContain('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    }
    await cp.getByTestId('registered-open').click();
    await cp.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = new URL(cp.url()).pathname;
    await expect.poll(() => caseStatus(cp)).toBe('accepted');
    // The applicant is masked; the clerk's own to-do no longer has the case (nothing left for the window).
    expect(await cp.getByTestId('case-applicant').textContent()).toContain('511723********');
    expect(await cp.getByTestId('case-applicant').textContent()).not.toContain(ID_NUMBER);

    // --- The department: the case waits in 待办, with its light. ---
    const approver = await suite.open('console-cases-approver');
    const ap = approver.page;
    await suite.signIn(ap, 'approver', '/console/cases');
    const row = ap.locator(`[data-testid^="case-row-"][data-number="${caseNumber}"]`);
    await row.waitFor();
    expect(await row.locator('[data-light]').getAttribute('data-light')).toBe('green');
    await row.locator('[data-testid^="case-link-"]').click();
    await ap.waitForURL((url) => url.pathname === caseUrl);
    await expect.poll(() => caseStatus(ap)).toBe('accepted');
    expect(await ap.getByTestId('clock-decision-light').getAttribute('data-light')).toBe('green');

    // Unmasking the applicant is a deliberate, audited read.
    await ap.getByTestId('reveal-applicant').click();
    await ap.getByTestId('reveal-confirm').click();
    await expect.poll(() => ap.getByTestId('applicant-full-id').textContent()).toBe(ID_NUMBER);
    await ap.keyboard.press('Escape');

    // A step needs an opinion: the empty form is refused in the browser.
    await ap.getByTestId('action-complete_step').click();
    await ap.getByTestId('action-form-complete_step').waitFor();
    await ap.getByTestId('action-submit').click();
    await ap.getByTestId('action-form-complete_step').locator('.ant-form-item-explain-error').waitFor();
    await ap.getByTestId('payload-opinion').fill('材料齐全，现场核查符合要求');
    await ap.getByTestId('action-submit').click();
    await ap.getByTestId('action-form-complete_step').waitFor({ state: 'detached' });
    await expect.poll(() => caseStatus(ap)).toBe('in_review');

    await act(ap, 'decide', async (p) => {
      await choose(p, 'payload-outcome', '', '准予许可');
      await p.getByTestId('payload-opinion').fill('准予许可');
    });
    await expect.poll(() => caseStatus(ap)).toBe('decided_approved');
    // The decision is in the case file under its Chinese name.
    await expect
      .poll(() => ap.locator('[data-testid^="event-"][data-action="decide"]').textContent())
      .toContain('作出决定');

    // --- The window again: deliver at the window and close. ---
    await cp.reload();
    await expect.poll(() => caseStatus(cp)).toBe('decided_approved');
    await act(cp, 'deliver', async (p) => {
      await choose(p, 'payload-method', '', '窗口领取');
    });
    await expect.poll(() => caseStatus(cp)).toBe('delivering');
    await act(cp, 'close', async (p) => {
      await p.getByTestId('payload-note').fill('申请人已当面签收');
    });
    await expect.poll(() => caseStatus(cp)).toBe('closed');
    expect(await cp.getByTestId('no-actions').count()).toBe(1);

    // The case file's hash chain checks out: receive, accept, step, decide, deliver, close.
    await cp.getByTestId('verify').click();
    const verdict = cp.getByTestId('verify-result');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-valid')).toBe('true');
    expect(await verdict.textContent()).toContain('6 条记录');

    // --- The applicant, signed in nowhere, looks the case up by number and query code. ---
    const resident = await suite.open('console-cases-resident');
    const rp = resident.page;
    await rp.goto(`${suite.url}/progress/${encodeURIComponent(caseNumber)}?code=${queryCode}`);
    await rp.getByTestId('progress-result').waitFor();
    expect(await rp.getByTestId('progress-status').textContent()).toContain('办结');
    expect(await rp.getByTestId('progress-item').textContent()).toBe('食品经营许可');
    expect(await rp.getByTestId('progress-page').textContent()).not.toContain('李小红');
    // The page shows what the public API answers: no personal data, and nothing without the right code.
    const progress = await rp.request.get(
      `${suite.url}/api/public/cases/${encodeURIComponent(caseNumber)}?code=${queryCode}`,
    );
    const body = (await progress.json()) as { status: string; timeline: { label: string }[] };
    expect(body.status).toBe('办结');
    expect(body.timeline.at(-1)?.label).toBe('办结');
    expect(JSON.stringify(body)).not.toContain('李小红');
    const wrong = await rp.request.get(
      `${suite.url}/api/public/cases/${encodeURIComponent(caseNumber)}?code=WRONGCODE`,
    );
    expect(wrong.status()).toBe(404);

    expect(unexpected(clerk.errors)).toEqual([]);
    expect(unexpected(approver.errors)).toEqual([]);
    await Promise.all([clerk.close(), approver.close(), resident.close()]);
  });

  test('a case missing required papers gets the one-time notice, and acceptance is refused until they are in', async () => {
    const { page, errors, close } = await suite.open('console-cases-notice');
    await suite.signIn(page, 'county_clerk', '/console/cases/workbench');
    await choose(page, 'register-item', 'spjy', '食品经营许可');
    await page.getByTestId('register-materials-0').click();
    const names = await page
      .locator('[data-testid^="register-materials-"][data-name]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-name')!));
    await page.getByTestId('register-applicant-name').fill('测试申请人张三');
    await page.getByTestId('register-applicant-id-number').fill(ID_NUMBER);
    await page.getByTestId('register-applicant-phone').fill('13912345678');
    await page.getByTestId('register-submit').click();
    await page.getByTestId('registered').waitFor();

    // Every required material not ticked is listed, and the notice form starts from that list.
    const missing = names.slice(1);
    expect(await page.getByTestId('registered-missing').textContent()).toContain(missing.join('、'));
    expect(await page.getByTestId('next-accept').count()).toBe(0);
    await page.getByTestId('next-issue_notice').click();
    await page.getByTestId('action-form-issue_notice').waitFor();
    for (const [i, name] of missing.entries()) {
      expect(await page.getByTestId(`payload-missing-${i}`).inputValue()).toBe(name);
    }
    await page.getByTestId('action-submit').click();
    await expect
      .poll(() => page.getByTestId('registered-status').getAttribute('data-status'))
      .toBe('awaiting_supplement');
    const notice = await page.request.get(
      `${suite.url}${await page.getByTestId('print-notice').getAttribute('href')}`,
    );
    expect(notice.status()).toBe(200);
    expect(notice.headers()['content-type']).toContain('application/pdf');

    // The supplement comes in without the papers; accepting is refused by the server on the materials.
    await page.getByTestId('registered-open').click();
    await expect.poll(() => caseStatus(page)).toBe('awaiting_supplement');
    expect(await page.getByTestId('action-accept').count()).toBe(0);
    await act(page, 'supplement_received');
    await expect.poll(() => caseStatus(page)).toBe('received');
    await page.getByTestId('action-accept').click();
    await page.getByTestId('action-form-accept').waitFor();
    await page.getByTestId('action-submit').click();
    const materialsError = page.locator('#materials_help');
    await materialsError.waitFor();
    expect(await materialsError.textContent()).toContain(missing[0]);
    expect(await page.getByTestId('action-problem').textContent()).toContain('材料');

    // Ticking them in the same form (the same request key, a corrected body) accepts the case.
    await page.getByTestId('action-materials-all').click();
    await page.getByTestId('action-submit').click();
    await page.getByTestId('action-form-accept').waitFor({ state: 'detached' });
    await expect.poll(() => caseStatus(page)).toBe('accepted');
    for (let i = 0; i < names.length; i++) {
      expect(await page.getByTestId(`material-${i}`).getAttribute('data-received')).toBe('true');
    }
    expect(unexpected(errors)).toEqual([]);
    await close();
  });

  test('on a phone the task list fits the screen', async () => {
    const { page, errors, close } = await suite.open('console-cases-phone', PHONE);
    await suite.signIn(page, 'county_clerk', '/console/cases');
    // A case of its own, registered through the API, so the list has a row whatever ran before.
    const { csrfToken } = (await (await page.request.get(`${suite.url}/api/me`)).json()) as {
      csrfToken: string;
    };
    const guides = (await (await page.request.get(`${suite.url}/api/public/guides?q=spjy`)).json()) as {
      items: { itemId: string }[];
    };
    const registered = await page.request.post(`${suite.url}/api/cases`, {
      headers: { 'x-csrf-token': csrfToken },
      data: {
        itemId: guides.items[0]!.itemId,
        applicant: { kind: 'person', name: '手机测试', idNumber: ID_NUMBER, phone: '13912345678' },
        materials: [],
      },
    });
    expect(registered.status()).toBe(201);
    await page.goto(`${suite.url}/console/cases?view=all`);
    await page.getByTestId('case-table').waitFor();
    await page.locator('[data-testid^="case-row-"]').first().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await page.getByTestId('tab-todo').isVisible()).toBe(true);
    // The light and the status stay in view on a phone; the applicant column folds away.
    const first = page.locator('[data-testid^="case-row-"]').first();
    expect(await first.locator('[data-light]').isVisible()).toBe(true);
    expect(await first.locator('[data-status]').isVisible()).toBe(true);
    expect(unexpected(errors)).toEqual([]);
    await close();
  });
});
