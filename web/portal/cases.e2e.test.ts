import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { idNumberCheckDigit } from '../../core/validators/index.ts';
import { browserSuite } from '../../test/browser.ts';

const suite = browserSuite();

/** The narrowest phone the portal is built for. */
const PHONE = { width: 375, height: 812 };

const RESIDENT = {
  name: '李小梅',
  phone: '13912340001',
  idBody: '51172319900307202',
  password: 'Resident-pass-2026',
};
const ID_NUMBER = RESIDENT.idBody + idNumberCheckDigit(RESIDENT.idBody);
/** A valid 统一社会信用代码 (core/validators tests) and the same with a wrong check character. */
const CREDIT_CODE = '91511723MA68A2HU95';
const BAD_CREDIT_CODE = '91511723MA68A2HU96';

/** The smallest file a PDF reader accepts, enough for the server's type check. */
const SMALL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Console noise a test caused on purpose (a wrong code answers 404, a wrong password 401). */
const expectedFailure = (text: string) => /Failed to load resource.*(401|404)/.test(text);

async function itemIdOf(name: string): Promise<string> {
  const res = await fetch(`${suite.url}/api/public/guides?q=${encodeURIComponent(name)}`);
  const body = (await res.json()) as { items: { itemId: string; name: string; onlineApply: boolean }[] };
  const item = body.items.find((i) => i.name === name);
  if (!item?.onlineApply) throw new Error(`${name} is not a demo item offered online`);
  return item.itemId;
}

/** A 1×1 PNG, as a phone photo of a document would arrive (type checked by its signature on the server). */
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A staff member's move on a case through the API, as the console would make it. */
async function staffAction(
  username: string,
  caseId: string,
  action: string,
  payload: object = {},
): Promise<void> {
  const signIn = await fetch(`${suite.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Bianmin2026' }),
  });
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const res = await fetch(`${suite.url}/api/cases/${caseId}/actions/${action}`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ payload }),
  });
  if (res.status !== 200) throw new Error(`${action} by ${username}: ${res.status} ${await res.text()}`);
}

describe('resident cases in Chromium', () => {
  let caseNumber = '';
  let queryCode = '';
  let caseId = '';

  test('on a phone a resident registers, applies online with a PDF and sees the case in 我的办件', async () => {
    const { page, errors, close } = await suite.open('cases-apply-phone', PHONE);

    // The portal's front page leads to registration.
    await page.goto(`${suite.url}/`);
    await page.getByTestId('home-register').click();
    await page.waitForURL((url) => url.pathname === '/my/register');

    // The form checks the ID number the way the server does before sending anything.
    const wrongId = ID_NUMBER.slice(0, 17) + (ID_NUMBER.endsWith('1') ? '2' : '1');
    await page.getByTestId('register-id').fill(wrongId);
    await page.getByTestId('register-id').blur();
    await page.getByText('校验码').first().waitFor();

    await page.getByTestId('register-phone').fill(RESIDENT.phone);
    await page.getByTestId('register-name').fill(RESIDENT.name);
    await page.getByTestId('register-id').fill(ID_NUMBER.toLowerCase());
    await page.getByTestId('register-password').fill(RESIDENT.password);
    await page.getByTestId('register-confirm').fill(RESIDENT.password);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByTestId('register-submit').click();

    // Registered and signed in: my cases, empty for now.
    await page.waitForURL((url) => url.pathname === '/my');
    await page.getByTestId('my-empty').waitFor();
    expect(await page.getByTestId('resident-name').textContent()).toBe(RESIDENT.name);

    // 食品经营许可 is offered online in the demo catalog: its guide has the 在线申报 button.
    const itemId = await itemIdOf('食品经营许可');
    await page.goto(`${suite.url}/guides/${itemId}`);
    await page.getByTestId('guide-apply').click();
    await page.waitForURL((url) => url.pathname === `/apply/${itemId}`);
    await page.getByTestId('apply-form').waitFor();
    expect(await page.getByTestId('apply-item').textContent()).toBe('食品经营许可');
    const materials = page.getByTestId('apply-materials').locator('li');
    expect(await materials.count()).toBe(5);
    expect(await page.getByTestId('material-0').textContent()).toContain('食品经营许可申请书');

    // The browser refuses what the server would refuse: another type, more than 10 MiB.
    await page.getByTestId('file-0').setInputFiles({
      name: '说明.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not a scan'),
    });
    expect(await page.getByTestId('file-error-0').textContent()).toContain('不是 PDF、JPG 或 PNG');
    await page.getByTestId('file-0').setInputFiles({
      name: '大照片.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.alloc(10 * 1024 * 1024 + 1),
    });
    expect(await page.getByTestId('file-error-0').textContent()).toContain('超过');
    await page.getByTestId('file-0').setInputFiles({
      name: '食品经营许可申请书.pdf',
      mimeType: 'application/pdf',
      buffer: SMALL_PDF,
    });
    await page.getByTestId('material-0').getByTestId('picked-file').waitFor();
    expect(await page.getByTestId('file-error-0').count()).toBe(0);

    // For the shop the resident runs: the credit code is checked here too.
    await page.getByTestId('apply-who-enterprise').click();
    await page.getByTestId('apply-enterprise-name').fill('开江县小梅便民餐饮店');
    await page.getByTestId('apply-credit-code').fill(BAD_CREDIT_CODE);
    await page.getByTestId('apply-submit').click();
    await page.locator('.ant-form-item-explain-error', { hasText: '校验' }).first().waitFor();
    expect(await page.getByTestId('apply-done').count()).toBe(0);
    await page.getByTestId('apply-credit-code').fill(CREDIT_CODE);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByTestId('apply-submit').click();

    // The number and the query code, shown once, with the advice to keep them.
    await page.getByTestId('apply-done').waitFor({ timeout: 15_000 });
    caseNumber = ((await page.getByTestId('filed-case-number').textContent()) ?? '').trim();
    queryCode = ((await page.getByTestId('filed-query-code').textContent()) ?? '').trim();
    expect(caseNumber).toMatch(/^511723-\S+-\d{8}-\d{4}$/);
    expect(queryCode).toMatch(/^[A-Z2-9]{8}$/);
    expect(await page.getByTestId('keep-code').textContent()).toContain('查询码只显示这一次');
    expect(await page.getByTestId('uploads-failed').count()).toBe(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // 我的办件: one card, 预受理; no clock runs before acceptance, and the card says so instead of a date.
    await page.getByTestId('nav-my').click();
    const card = page.getByTestId(`my-case-${caseNumber}`);
    await card.waitFor();
    expect(await card.getByTestId('my-case-label').textContent()).toBe('预受理');
    expect(await card.textContent()).toContain('食品经营许可');
    expect(await card.getByTestId('my-case-expected').textContent()).toContain('受理后按承诺时限计算');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // The case itself: its timeline, the uploaded PDF, and the way to withdraw before acceptance.
    await card.click();
    await page.getByTestId('my-case-item').waitFor();
    caseId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    expect(await page.getByTestId('my-case-number').textContent()).toBe(caseNumber);
    expect(await page.getByTestId('my-case-status').textContent()).toBe('预受理');
    expect(await page.getByTestId('case-timeline').getByTestId('timeline-label').first().textContent()).toBe(
      '预受理',
    );
    expect(await page.getByTestId('my-case-files').textContent()).toContain('食品经营许可申请书.pdf');
    expect(await page.getByTestId('withdraw-open').isVisible()).toBe(true);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    expect(errors).toEqual([]);
    await close();
  });

  test('anyone with the number and the code follows the case on a phone, without personal data', async () => {
    expect(caseNumber, 'the first test files the case').not.toBe('');
    const { page, errors, close } = await suite.open('cases-progress-phone', PHONE);

    await page.goto(`${suite.url}/progress/${encodeURIComponent(caseNumber)}?code=${queryCode}`);
    await page.getByTestId('progress-result').waitFor();
    expect(await page.getByTestId('progress-item').textContent()).toBe('食品经营许可');
    expect(await page.getByTestId('progress-case-number').textContent()).toBe(caseNumber);
    expect(await page.getByTestId('progress-status').textContent()).toBe('预受理');
    expect(await page.getByTestId('progress-expected').textContent()).toBe('受理后按承诺时限计算');
    const labels = await page.getByTestId('case-timeline').getByTestId('timeline-label').allTextContents();
    expect(labels[0]).toBe('预受理');
    const text = (await page.textContent('body')) ?? '';
    for (const secret of [RESIDENT.name, RESIDENT.phone, ID_NUMBER, '小梅便民餐饮店', CREDIT_CODE]) {
      expect(text).not.toContain(secret);
    }
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // The form: a lower-case code typed on a phone works, a wrong one is "not found".
    await page.goto(`${suite.url}/progress`);
    await page.getByTestId('progress-number').fill(caseNumber);
    await page.getByTestId('progress-code').fill(queryCode.toLowerCase());
    await page.getByTestId('progress-submit').click();
    await page.getByTestId('progress-result').waitFor();
    expect(new URL(page.url()).searchParams.get('code')).toBe(queryCode);

    const wrong = queryCode.startsWith('A') ? `B${queryCode.slice(1)}` : `A${queryCode.slice(1)}`;
    await page.goto(`${suite.url}/progress/${encodeURIComponent(caseNumber)}?code=${wrong}`);
    await page.getByTestId('progress-missing').waitFor();
    expect(await page.getByTestId('progress-missing').textContent()).toContain(
      '未找到，请核对办件编号和查询码',
    );
    expect(await page.getByTestId('progress-result').count()).toBe(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    expect(errors.filter((e) => !expectedFailure(e))).toEqual([]);
    await close();
  });

  test('a resident signs in on /my/login and has no console; a taken phone is told to sign in', async () => {
    const { page, errors, close } = await suite.open('cases-resident-login', PHONE);

    await page.goto(`${suite.url}/my/login`);
    await page.getByTestId('resident-login-phone').fill(RESIDENT.phone);
    await page.getByTestId('resident-login-password').fill('Wrong-pass-2026');
    await page.getByTestId('resident-login-submit').click();
    expect(await page.getByTestId('resident-login-error').textContent()).toBe('手机号或密码错误');

    await page.getByTestId('resident-login-password').fill(RESIDENT.password);
    await page.getByTestId('resident-login-submit').click();
    await page.waitForURL((url) => url.pathname === '/my');
    await page.getByTestId('my-case-list').waitFor();

    // The console is for staff: a resident who opens it lands back in 我的办件.
    await page.goto(`${suite.url}/console`);
    await page.waitForURL((url) => url.pathname === '/my');
    await page.getByTestId('my-case-list').waitFor();

    // Signing out returns to the resident sign-in, not the staff one.
    await page.getByTestId('resident-sign-out').click();
    await page.waitForURL((url) => url.pathname === '/my/login');

    // Registering the same phone again: the server's 409, with the way to sign in.
    await page.goto(`${suite.url}/my/register`);
    await page.getByTestId('register-phone').fill(RESIDENT.phone);
    await page.getByTestId('register-name').fill('另一个人');
    await page.getByTestId('register-id').fill(`51172319800101300${idNumberCheckDigit('51172319800101300')}`);
    await page.getByTestId('register-password').fill(RESIDENT.password);
    await page.getByTestId('register-confirm').fill(RESIDENT.password);
    await page.getByTestId('register-submit').click();
    expect(await page.getByTestId('register-error').textContent()).toContain('已注册');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    expect(errors.filter((e) => !expectedFailure(e) && !/409/.test(e))).toEqual([]);
    await close();
  });

  test('after the one-time notice the resident uploads what it names, submits the supplement, then withdraws', async () => {
    expect(caseId, 'the first test files the case').toMatch(/^[0-9a-f-]{36}$/);
    await staffAction('county_clerk', caseId, 'pre_review_pass');
    await staffAction('county_clerk', caseId, 'issue_notice', {
      missing: ['营业执照（复印件，加盖公章）', '经营场所平面布局图请标明面积'],
    });

    const { page, errors, close } = await suite.open('cases-supplement-phone', PHONE);
    await page.goto(`${suite.url}/my/cases/${caseId}`);
    // Not signed in here: the resident sign-in, then straight back to the case.
    await page.waitForURL((url) => url.pathname === '/my/login');
    await page.getByTestId('resident-login-phone').fill(RESIDENT.phone);
    await page.getByTestId('resident-login-password').fill(RESIDENT.password);
    await page.getByTestId('resident-login-submit').click();
    await page.waitForURL((url) => url.pathname === `/my/cases/${caseId}`);

    await page.getByTestId('case-notice').waitFor();
    expect(await page.getByTestId('my-case-status').textContent()).toBe('补正');
    const notice = await page.getByTestId('case-notice-list').locator('li').allTextContents();
    expect(notice).toEqual(['营业执照（复印件，加盖公章）', '经营场所平面布局图请标明面积']);
    // The upload offered is the checklist material the notice names.
    const needed = page.getByTestId('case-needed').locator('li.bm-material');
    expect(await needed.count()).toBe(1);
    expect(await page.getByTestId('material-0').textContent()).toContain('营业执照');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page
      .getByTestId('file-0')
      .setInputFiles({ name: '营业执照.png', mimeType: 'image/png', buffer: TINY_PNG });
    await page.getByTestId('material-0').getByTestId('uploaded-file').waitFor();
    expect(await page.getByTestId('my-case-files').textContent()).toContain('营业执照.png');

    await page.getByTestId('supplement-note').fill('已补传加盖公章的营业执照');
    await page.getByTestId('supplement-submit').click();
    await expect.poll(() => page.getByTestId('my-case-status').textContent()).toBe('收件');
    expect(await page.getByTestId('case-notice').count()).toBe(0);

    // Withdrawing asks first; cancelling changes nothing.
    await page.getByTestId('withdraw-open').click();
    await page.getByTestId('withdraw-reason').waitFor();
    await page
      .getByRole('button', { name: '取 消' })
      .or(page.getByRole('button', { name: '取消' }))
      .click();
    expect(await page.getByTestId('my-case-status').textContent()).toBe('收件');
    await page.getByTestId('withdraw-open').click();
    await page.getByTestId('withdraw-reason').fill('改到窗口办理');
    await page.getByRole('button', { name: '确定撤回' }).click();
    await expect.poll(() => page.getByTestId('my-case-status').textContent()).toBe('已撤回');
    expect(await page.getByTestId('withdraw-open').count()).toBe(0);
    const labels = await page.getByTestId('case-timeline').getByTestId('timeline-label').allTextContents();
    expect(labels).toEqual(['预受理', '收件', '补正', '收件', '已撤回']);
    expect(await page.getByTestId('my-case-expected').textContent()).toBe('—');

    expect(errors.filter((e) => !expectedFailure(e))).toEqual([]);
    await close();
  });
});
