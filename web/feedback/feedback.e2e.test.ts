import { describe, expect, test } from 'vitest';
import { idNumberCheckDigit } from '../../core/validators/index.ts';
import { browserSuite } from '../../test/browser.ts';

const suite = browserSuite();

const ID_BODY = '51172319900817302';
const ID_NUMBER = ID_BODY + idNumberCheckDigit(ID_BODY);
const PHONE = { width: 390, height: 844 };

/** Problems a test provokes on purpose show as failed requests in the console; nothing else may. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of (400|409)/.test(e));

/** A signed-in API client for the test server, as the cases tests use the HTTP API. */
async function apiAs(username: string) {
  const res = await fetch(`${suite.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Bianmin2026' }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async (path: string, body: object) => {
    const r = await fetch(`${suite.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify(body),
    });
    const json = (await r.json()) as Record<string, unknown>;
    expect(r.status, JSON.stringify(json)).toBeLessThan(300);
    return json;
  };
}

describe('feedback in Chromium', () => {
  test('a resident rates a closed case 不满意 on the portal and the handler sees the rectification order', async () => {
    // --- A 即办件 closed on the spot at the 新宁镇 center, through the API. ---
    const post = await apiAs('xinning_clerk');
    const itemId = await (async () => {
      const res = await fetch(
        `${suite.url}/api/public/guides?q=${encodeURIComponent('城乡居民基本养老保险参保登记')}`,
      );
      const body = (await res.json()) as { items: { itemId: string; name: string }[] };
      return body.items.find((i) => i.name === '城乡居民基本养老保险参保登记')!.itemId;
    })();
    const c = (await post('/api/cases', {
      itemId,
      orgCode: '511723100-1',
      applicant: { kind: 'person', name: '测试申请人周小燕', idNumber: ID_NUMBER, phone: '13912345678' },
      materials: [],
    })) as { id: string; caseNumber: string; queryCode: string };
    await post(`/api/cases/${c.id}/actions/close_on_the_spot`, { payload: { result: '已参保' } });

    // --- The resident, on a phone, from the link on the progress page. ---
    const resident = await suite.open('feedback-resident', PHONE);
    const rp = resident.page;
    await rp.goto(`${suite.url}/rate?number=${encodeURIComponent(c.caseNumber)}&code=${c.queryCode}`);
    await rp.getByTestId('rating-form').waitFor();
    expect(await rp.getByTestId('rate-item').textContent()).toBe('城乡居民基本养老保险参保登记');
    // Nothing chosen: the form says so and sends nothing.
    await rp.getByTestId('rating-submit').click();
    await rp.getByText('请选择一个评价等级').waitFor();
    await rp.getByTestId('level-dissatisfied').click();
    expect(await rp.getByTestId('level-dissatisfied').getAttribute('aria-pressed')).toBe('true');
    await rp.getByTestId('rating-comment').fill('材料清单和窗口说的不一样，跑了两趟');
    await rp.getByTestId('rating-named').click();
    await rp.getByTestId('rating-phone').fill('13700001234');
    await rp.getByTestId('rating-submit').click();
    const done = rp.getByTestId('rating-done');
    await done.waitFor();
    expect(await done.getAttribute('data-level')).toBe('dissatisfied');
    expect(await done.textContent()).toMatch(/将在 \d{4}-\d{2}-\d{2} 前与您联系/);
    // Rated once: coming back says so.
    await rp.reload();
    await rp.getByTestId('rate-already').waitFor();
    expect(unexpected(resident.errors)).toEqual([]);
    await resident.close();

    // --- The handler: the center's clerk finds the order in the console, with its light. ---
    const clerk = await suite.open('feedback-handler');
    const cp = clerk.page;
    await suite.signIn(cp, 'xinning_clerk', '/console/feedback/rectifications');
    const row = cp.locator('[data-testid=orders-table] tr', { hasText: c.caseNumber });
    await row.waitFor();
    expect(await row.textContent()).toContain('待核实');
    expect(await row.textContent()).toContain('不满意');
    expect(await row.locator('[data-light]').getAttribute('data-light')).toMatch(/green|yellow/);
    // The in-app message arrived too.
    await cp.goto(`${suite.url}/console/notifications`);
    await cp.getByText(`差评${c.caseNumber}`).first().waitFor();

    // Open it, verify, and record the call back.
    await cp.goto(`${suite.url}/console/feedback/rectifications`);
    await cp
      .locator('[data-testid=orders-table] tr', { hasText: c.caseNumber })
      .getByRole('button')
      .first()
      .click();
    await cp.getByTestId('order-detail').waitFor();
    await cp.getByTestId('order-action-verify').click();
    await cp.getByTestId('order-action-text').fill('经核实，窗口未按最新清单告知，已向评价人说明');
    await cp.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => cp.getByTestId('order-detail').getAttribute('data-status')).toBe('rectifying');
    await cp.getByTestId('rater-contact-show').click();
    expect(await cp.getByTestId('rater-contact').textContent()).toContain('13700001234');
    await cp.getByTestId('revisit-result').fill('电话回访，已致歉并说明整改安排');
    await cp.getByTestId('revisit-submit').click();
    await cp.getByText('电话回访，已致歉并说明整改安排').last().waitFor();
    expect(unexpected(clerk.errors)).toEqual([]);
    await clerk.close();
  });

  test('the hall tablet rates a visit with big buttons, without signing in', async () => {
    const tablet = await suite.open('feedback-tablet', { width: 1024, height: 768 });
    const tp = tablet.page;
    await tp.goto(`${suite.url}/rate/window/511723100-1`);
    await tp.getByTestId('tablet-window').waitFor();
    expect(await tp.getByTestId('tablet-window').textContent()).toContain('便民服务中心');
    const box = await tp.getByTestId('level-very_satisfied').boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(100);
    await tp.getByTestId('level-very_satisfied').click();
    await tp.getByTestId('rating-submit').click();
    await tp.getByTestId('rating-done').waitFor();
    expect(await tp.getByTestId('rating-done').getAttribute('data-level')).toBe('very_satisfied');
    expect(unexpected(tablet.errors)).toEqual([]);
    await tablet.close();
  });

  test('a resident complains about a window on the portal and follows it by number and code', async () => {
    const tp = await suite.open('feedback-complaint', PHONE);
    const p = tp.page;
    await p.goto(`${suite.url}/complaints/new`);
    await p.getByTestId('complaint-form').waitFor();
    // Too short, no phone: refused in the browser, nothing sent.
    await p.getByTestId('complaint-submit').click();
    await p.getByText('请选择被投诉的窗口或部门').waitFor();
    await p.getByTestId('complaint-target').click();
    await p.keyboard.type('新宁镇便民');
    await p.locator('.ant-select-item-option', { hasText: '新宁镇便民服务中心' }).first().click();
    await p.getByTestId('complaint-content').fill('窗口工作人员中午提前离岗，等了一个小时');
    await p.getByTestId('complaint-name').fill('测试投诉人');
    await p.getByTestId('complaint-phone').fill('13600002222');
    await p.getByTestId('complaint-submit').click();
    await p.getByTestId('complaint-filed').waitFor();
    const number = (await p.getByTestId('complaint-number').textContent())!.trim();
    expect(number).toMatch(/^TS-511723-\d{8}-\d{4}$/);
    expect((await p.getByTestId('complaint-code').textContent())!.trim()).toMatch(/^[A-Z2-9]{8}$/);
    await p.getByRole('link', { name: '查看投诉进度' }).click();
    await p.getByTestId('track-result').waitFor();
    expect(await p.getByTestId('track-result').getAttribute('data-status')).toBe('assigned');
    expect(await p.getByTestId('track-result').textContent()).not.toContain('13600002222');
    expect(unexpected(tp.errors)).toEqual([]);
    await tp.close();
  });
});
