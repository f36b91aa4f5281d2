import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { idNumberCheckDigit } from '../../core/validators/index.ts';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, type TestApp } from '../../test/server.ts';
import { findPublishedVersion } from '../catalog/catalog-store.ts';
import { demoItemId } from '../catalog/catalog-testing.ts';
import { runJobNow } from '../jobs/scheduler.ts';
import { DEADLINES_JOB } from './feedback-jobs.ts';
import { confirmedComplaints, satisfaction } from './feedback-stats.ts';

const ID_BODY = '51172319850312301';
const ID_NUMBER = ID_BODY + idNumberCheckDigit(ID_BODY);
const APPLICANT_PHONE = '13912345678';
const RATER_PHONE = '13700001234';

/** Wednesday 30 September 2026, 10:00 Shanghai: the last working day before the National Day holiday. */
const EVE = new Date('2026-09-30T02:00:00Z');
/** Tuesday 10 March 2026, 10:00 Shanghai: an ordinary working week. */
const MARCH = new Date('2026-03-10T02:00:00Z');

const XINNING_CENTER = '511723100-1';
const XINNING_CENTER_PATH = '/511723/511723100/511723100-1/';

describe.each(TEST_ENGINES)('feedback on %s', (engine) => {
  let t: TestApp;
  let countyClerk: Session;
  let approver: Session;
  let xinningClerk: Session;
  let puanClerk: Session;
  let supervisor: Session;
  let leader: Session;
  let xinningClerkId: string;
  let foodItem: string;
  let foodMaterials: string[];
  let pensionItem: string;
  let address = 0;

  beforeAll(async () => {
    t = await createTestApp({ engine });
    // Sessions last 12 hours from sign-in on the platform clock: signed in at the end of the year, they
    // stay valid at every earlier instant the tests move the clock to.
    t.setNow(new Date('2026-12-31T00:00:00Z'));
    const sign = (u: string) => signInAs(t.app, u);
    countyClerk = await sign('county_clerk');
    approver = await sign('approver');
    xinningClerk = await sign('xinning_clerk');
    puanClerk = await sign('puan_clerk');
    supervisor = await sign('supervisor');
    leader = await sign('leader');
    xinningClerkId = (
      await t.ctx.db
        .selectFrom('people')
        .select('id')
        .where('username', '=', 'xinning_clerk')
        .executeTakeFirstOrThrow()
    ).id;
    foodItem = await demoItemId(t, '食品经营许可');
    foodMaterials = (await findPublishedVersion(t.ctx.db, foodItem))!.materials.map((m) => m.name);
    pensionItem = await demoItemId(t, '城乡居民基本养老保险参保登记');
  });
  afterAll(() => t?.close());
  beforeEach(() => t.setNow(MARCH));

  /** Public calls come from a fresh address each, so the per-address rate limit is met only on purpose. */
  function pub(method: 'GET' | 'POST', url: string, payload?: object, remoteAddress?: string) {
    address += 1;
    return t.app.inject({
      method,
      url,
      remoteAddress: remoteAddress ?? `10.9.${address >> 8}.${address & 255}`,
      ...(payload ? { payload } : {}),
    });
  }

  function call(s: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
    const headers = method === 'GET' ? { cookie: s.cookie } : { ...s.headers };
    return t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  }

  const act = (s: Session, id: string, action: string, payload: object = {}) =>
    call(s, 'POST', `/api/cases/${id}/actions/${action}`, { payload });

  /** A 即办件 received and closed on the spot at the 新宁镇 center. */
  async function closedTownshipCase() {
    const res = await call(xinningClerk, 'POST', '/api/cases', {
      itemId: pensionItem,
      applicant: { kind: 'person', name: '测试申请人', idNumber: ID_NUMBER, phone: APPLICANT_PHONE },
      materials: [],
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as { id: string; caseNumber: string; queryCode: string };
    const closed = await act(xinningClerk, c.id, 'close_on_the_spot', { result: '已参保' });
    expect(closed.statusCode, closed.body).toBe(200);
    return c;
  }

  /** A licensing case at the county center: accepted, reviewed, decided, delivered and closed. */
  async function closedCountyCase() {
    const res = await call(countyClerk, 'POST', '/api/cases', {
      itemId: foodItem,
      applicant: { kind: 'person', name: '测试申请人', idNumber: ID_NUMBER, phone: APPLICANT_PHONE },
      materials: foodMaterials,
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as { id: string; caseNumber: string; queryCode: string };
    for (const [who, action, payload] of [
      [countyClerk, 'accept', {}],
      [approver, 'complete_step', { opinion: '符合要求' }],
      [approver, 'decide', { outcome: 'approved', opinion: '准予许可' }],
      [countyClerk, 'deliver', { method: 'window_pickup' }],
      [countyClerk, 'close', { note: '已签收' }],
    ] as const) {
      const r = await act(who, c.id, action, payload);
      expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
    }
    return c;
  }

  function rate(c: { caseNumber: string; queryCode: string }, body: object = {}) {
    return pub('POST', '/api/public/feedback/ratings/case', {
      caseNumber: c.caseNumber,
      code: c.queryCode,
      level: 'satisfied',
      scores: { overall: 4 },
      ...body,
    });
  }

  async function count(table: 'ratings' | 'rectification_orders' | 'complaints') {
    const row = await t.ctx.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The supervision counters feedback writes (满意率, 投诉), summed over a subtree. */
  async function counted(
    metric: string,
    dimension: 'handling' | 'department' | 'staff',
    orgPath: string,
    personId = '',
  ) {
    const row = await t.ctx.db
      .selectFrom('case_counters')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('count'), eb.val(0)).as('n'))
      .where('metric', '=', metric)
      .where('dimension', '=', dimension)
      .where('org_path', 'like', `${orgPath}%`)
      .$if(personId !== '', (q) => q.where('person_id', '=', personId))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function orderOf(caseNumber: string) {
    const list = await call(supervisor, 'GET', `/api/feedback/rectifications?q=${caseNumber}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toHaveLength(1);
    return list.json().items[0] as { id: string; orderNumber: string; status: string };
  }

  it('rates a closed case once, and refuses a case not closed, a second rating, a wrong code and bad input', async () => {
    const c = await closedTownshipCase();
    const before = await count('ratings');
    const ordersBefore = await count('rectification_orders');

    // Not closed yet: a case only received.
    const open = await call(xinningClerk, 'POST', '/api/cases', {
      itemId: pensionItem,
      applicant: { kind: 'person', name: '测试申请人', idNumber: ID_NUMBER, phone: APPLICANT_PHONE },
      materials: [],
    });
    const notClosed = await rate(open.json());
    expect(notClosed.statusCode).toBe(409);
    expect(notClosed.json()).toMatchObject({ code: 'feedback.case_not_rateable' });
    expect(notClosed.json().detail).toContain('收件');

    // A level outside the five, bad dimension scores, a named rating without a phone.
    const badLevel = await rate(c, { level: 'excellent' });
    expect(badLevel.statusCode).toBe(400);
    expect(badLevel.json()).toMatchObject({ code: 'feedback.rating_invalid', errors: [{ field: 'level' }] });
    const badScores = await rate(c, { scores: { overall: 0, attitude: 7 } });
    expect(badScores.statusCode).toBe(400);
    expect(badScores.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'scores.overall',
      'scores.attitude',
    ]);
    const noPhone = await rate(c, { named: true });
    expect(noPhone.json().errors).toEqual([
      expect.objectContaining({ field: 'raterPhone', code: 'feedback.phone_required' }),
    ]);
    const wrongCode = await rate({ ...c, queryCode: 'WRONGCOD' });
    expect(wrongCode.statusCode).toBe(404);
    expect(wrongCode.json().code).toBe('case.public_not_found');
    expect(await count('ratings')).toBe(before);

    // The page sees it may rate; the rating is kept; a second one is refused.
    const lookup = await pub('GET', `/api/public/feedback/cases/${c.caseNumber}?code=${c.queryCode}`);
    expect(lookup.json()).toMatchObject({
      caseNumber: c.caseNumber,
      status: '办结',
      rateable: true,
      rated: false,
    });
    const ok = await rate(c, {
      level: 'very_satisfied',
      scores: { overall: 5, attitude: 5 },
      comment: '很快',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      kind: 'case',
      level: 'very_satisfied',
      rectification: false,
      revisitBy: null,
    });
    const again = await rate(c, { level: 'dissatisfied' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'feedback.already_rated' });
    // Two at once: one wins, the other is told it is already rated.
    const d = await closedTownshipCase();
    const both = await Promise.all([rate(d), rate(d)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(await count('ratings')).toBe(before + 2);
    expect(await count('rectification_orders')).toBe(ordersBefore);
    const after = await pub('GET', `/api/public/feedback/cases/${c.caseNumber}?code=${c.queryCode}`);
    expect(after.json()).toMatchObject({ rateable: false, rated: true });
  });

  it('opens a rectification order with a bad rating, counted across the National Day holiday, and tells the handler', async () => {
    t.setNow(new Date(EVE.getTime() - 3_600_000));
    const c = await closedTownshipCase();
    t.setNow(EVE);
    // The calendar is due for its periodic re-check: it must not happen inside the rating's transaction
    // (on PGlite's single connection that would wait forever).
    Object.assign(t.ctx.calendar, { checkedAt: 0 });
    const res = await rate(c, {
      level: 'dissatisfied',
      scores: { overall: 2, efficiency: 1 },
      comment: '窗口让我跑了两趟',
      named: true,
      raterName: '王小明',
      raterPhone: RATER_PHONE,
    });
    expect(res.statusCode, res.body).toBe(201);
    // Verify and revisit within 1 working day: 1–7 October are holidays, so the 8th.
    expect(res.json()).toMatchObject({ rectification: true, revisitBy: '2026-10-08' });

    const order = await orderOf(c.caseNumber);
    const detail = (await call(xinningClerk, 'GET', `/api/feedback/rectifications/${order.id}`)).json();
    expect(detail).toMatchObject({
      status: 'pending_verification',
      handlerOrgCode: XINNING_CENTER,
      stage: 'verify',
      light: 'green',
      overdue: false,
      named: true,
      verifyDue: '2026-10-08T15:59:59.999Z',
      // 15 working days: 8, 9, 10 (adjusted Saturday), 12–16, 19–23, 26, 27 October.
      rectifyDue: '2026-10-27T15:59:59.999Z',
      rating: {
        level: 'dissatisfied',
        raterPhone: '137****1234',
        raterName: '王**',
        caseNumber: c.caseNumber,
      },
    });
    expect(detail.orderNumber).toMatch(/^ZG-511723-20260930-\d{4}$/);
    expect(detail.actions).toEqual(['verify', 'request_cannot_rectify', 'appeal', 'revisit']);
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual(['open']);

    // The handler's staff got an in-app message in the same transaction.
    const messages = await t.ctx.db
      .selectFrom('notifications')
      .select(['recipient', 'text', 'org_code'])
      .where('template', '=', 'rectification_opened')
      .where('case_id', '=', c.id)
      .execute();
    expect(messages).toEqual([
      {
        recipient: xinningClerkId,
        org_code: XINNING_CENTER,
        text: `差评${c.caseNumber}（不满意）请于2026-10-08前核实回访，2026-10-27前整改。`,
      },
    ]);
    const inbox = (await call(xinningClerk, 'GET', '/api/notifications')).json();
    expect(JSON.stringify(inbox)).toContain(c.caseNumber);

    // On the 9th nothing was done: overdue (verification and revisit), and counted.
    t.setNow(new Date('2026-10-09T02:00:00Z'));
    const late = (await call(xinningClerk, 'GET', `/api/feedback/rectifications/${order.id}`)).json();
    expect(late).toMatchObject({
      light: 'red',
      overdue: true,
      overdueStages: { verify: true, revisit: true, rectify: false },
    });
    const overdueList = (
      await call(supervisor, 'GET', '/api/feedback/rectifications?overdue=true&pageSize=500')
    ).json();
    expect(overdueList.items.map((o: { id: string }) => o.id)).toContain(order.id);
    const summary = (
      await call(supervisor, 'GET', `/api/feedback/rectifications/summary?orgCode=511723100`)
    ).json();
    expect(summary.overdue).toBeGreaterThanOrEqual(1);
    expect(summary.byStatus.pending_verification).toBeGreaterThanOrEqual(1);
  });

  it("takes an order through verification, revisit and rectification (已整改), in the handler's scope only", async () => {
    const c = await closedTownshipCase();
    await rate(c, {
      level: 'very_dissatisfied',
      scores: { overall: 1 },
      named: true,
      raterPhone: RATER_PHONE,
    });
    const order = await orderOf(c.caseNumber);
    const url = `/api/feedback/rectifications/${order.id}`;

    // Another township, the county window and a leader: not theirs to see or act on.
    expect((await call(puanClerk, 'GET', url)).statusCode).toBe(404);
    expect((await call(countyClerk, 'GET', url)).statusCode).toBe(404);
    const puanList = (await call(puanClerk, 'GET', '/api/feedback/rectifications?pageSize=500')).json();
    expect(puanList.items.map((o: { id: string }) => o.id)).not.toContain(order.id);
    expect((await call(puanClerk, 'POST', `${url}/actions/verify`, { note: 'x' })).statusCode).toBe(404);
    expect((await call(puanClerk, 'GET', `/api/feedback/ratings?orgCode=${XINNING_CENTER}`)).statusCode).toBe(
      404,
    );
    expect((await call(leader, 'GET', url)).statusCode).toBe(200);
    const byLeader = await call(leader, 'POST', `${url}/actions/verify`, { note: '核实' });
    expect(byLeader.statusCode).toBe(403);
    expect(byLeader.json().code).toBe('feedback.role_forbidden');
    // The handler cannot rectify before verifying, nor without saying what was done.
    expect((await call(xinningClerk, 'POST', `${url}/actions/rectify`, { note: '已整改' })).json().code).toBe(
      'feedback.order_wrong_status',
    );
    expect((await call(xinningClerk, 'POST', `${url}/actions/verify`, {})).json()).toMatchObject({
      code: 'feedback.text_required',
      errors: [{ field: 'note' }],
    });

    t.setNow(new Date(MARCH.getTime() + 3_600_000));
    const contact = await call(xinningClerk, 'GET', `${url}/contact`);
    expect(contact.json()).toEqual({ name: null, phone: RATER_PHONE });
    const audited = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', order.id)
      .where('action', '=', 'feedback.rater_unmask')
      .execute();
    expect(audited).toHaveLength(1);
    const revisit = await call(xinningClerk, 'POST', `${url}/revisits`, {
      method: 'phone',
      result: '电话联系评价人，说明了原因并致歉',
      satisfied: false,
    });
    expect(revisit.statusCode, revisit.body).toBe(200);
    const verified = await call(xinningClerk, 'POST', `${url}/actions/verify`, {
      note: '经核实，未一次性告知所需材料',
    });
    expect(verified.json()).toMatchObject({ status: 'rectifying', stage: 'rectify', overdue: false });
    t.setNow(new Date(MARCH.getTime() + 2 * 86_400_000));
    const rectified = await call(xinningClerk, 'POST', `${url}/actions/rectify`, {
      note: '对窗口人员进行培训，完善告知单',
    });
    expect(rectified.statusCode, rectified.body).toBe(200);
    const body = rectified.json();
    expect(body).toMatchObject({
      status: 'rectified',
      stage: null,
      light: null,
      overdue: false,
      revisitCount: 1,
      measures: '对窗口人员进行培训，完善告知单',
      actions: ['revisit'],
    });
    expect(body.revisits).toEqual([
      expect.objectContaining({ method: 'phone', satisfied: false, byName: '新宁镇便民服务中心 李窗口' }),
    ]);
    expect(body.events.map((e: { action: string }) => e.action)).toEqual([
      'open',
      'revisit',
      'verify',
      'rectify',
    ]);
    // A second revisit after the rectification: the rater is satisfied now.
    const second = await call(supervisor, 'POST', `${url}/revisits`, {
      method: 'phone',
      result: '回访满意',
      satisfied: true,
    });
    expect(second.json().revisitCount).toBe(2);
  });

  it('无法整改 needs the supervisor, who may refuse it first', async () => {
    const c = await closedTownshipCase();
    await rate(c, { level: 'dissatisfied', scores: { overall: 2 } });
    const order = await orderOf(c.caseNumber);
    const url = `/api/feedback/rectifications/${order.id}`;
    const asked = await call(xinningClerk, 'POST', `${url}/actions/request_cannot_rectify`, {
      reason: '系统由省级部门建设',
    });
    expect(asked.json()).toMatchObject({ status: 'cannot_rectify_requested', actions: [] });
    // The handler cannot approve their own request.
    const self = await call(xinningClerk, 'POST', `${url}/actions/approve_cannot_rectify`, {
      reason: '同意',
    });
    expect(self.statusCode).toBe(403);
    const noReason = await call(supervisor, 'POST', `${url}/actions/reject_cannot_rectify`, {});
    expect(noReason.statusCode).toBe(400);
    const refused = await call(supervisor, 'POST', `${url}/actions/reject_cannot_rectify`, {
      reason: '可先优化线下流程',
    });
    expect(refused.json()).toMatchObject({ status: 'rectifying', cannotRectify: { decision: 'rejected' } });
    await call(xinningClerk, 'POST', `${url}/actions/request_cannot_rectify`, {
      reason: '已优化线下流程，系统问题需省级解决',
    });
    const approved = await call(supervisor, 'POST', `${url}/actions/approve_cannot_rectify`, {
      reason: '确需省级整改',
    });
    expect(approved.json()).toMatchObject({
      status: 'cannot_rectify',
      closedAt: expect.any(String),
      cannotRectify: { decision: 'approved', decisionReason: '确需省级整改' },
    });
    // An anonymous rating cannot be revisited.
    const revisit = await call(supervisor, 'POST', `${url}/revisits`, {
      method: 'phone',
      result: 'x',
      satisfied: true,
    });
    expect(revisit.json().code).toBe('feedback.revisit_anonymous');
  });

  it('无效差评: an upheld appeal takes the rating out of the satisfaction rate; no appeal after the decision', async () => {
    const from = '2026-03-10';
    const base = await satisfaction(t.ctx.db, { orgPath: XINNING_CENTER_PATH, from, to: from });
    const baseCounter = await counted('ratings', 'handling', XINNING_CENTER_PATH);
    const c = await closedTownshipCase();
    await rate(c, { level: 'very_dissatisfied', scores: { overall: 1 }, comment: '乱写的' });
    const order = await orderOf(c.caseNumber);
    const url = `/api/feedback/rectifications/${order.id}`;
    const rated = await satisfaction(t.ctx.db, { orgPath: XINNING_CENTER_PATH, from, to: from });
    expect(rated.ratings).toBe(base.ratings + 1);
    expect(rated.byLevel.very_dissatisfied).toBe(base.byLevel.very_dissatisfied + 1);
    // Supervision's statistics read the same figure from its counters, written with the rating.
    expect(await counted('ratings', 'handling', XINNING_CENTER_PATH)).toBe(baseCounter + 1);

    const appealed = await call(xinningClerk, 'POST', `${url}/actions/appeal`, {
      reason: '评价人未在本中心办理过该事项，系恶意差评',
      appealKind: 'malicious',
    });
    expect(appealed.json()).toMatchObject({ status: 'appealed', appeal: { kind: 'malicious' } });
    const twice = await call(xinningClerk, 'POST', `${url}/actions/appeal`, {
      reason: '再次申诉',
      appealKind: 'malicious',
    });
    expect(twice.statusCode).toBe(409);
    const upheld = await call(supervisor, 'POST', `${url}/actions/uphold_appeal`, {
      reason: '经查确属恶意差评',
    });
    expect(upheld.json()).toMatchObject({
      status: 'invalid',
      appeal: { decision: 'upheld' },
      rating: { invalid: true },
    });
    // The appeal after the decision: a clear problem, nothing changes.
    const after = await call(xinningClerk, 'POST', `${url}/actions/appeal`, {
      reason: '补充申诉',
      appealKind: 'mistaken',
    });
    expect(after.statusCode).toBe(409);
    expect(after.json()).toMatchObject({ code: 'feedback.appeal_after_decision' });
    expect((await call(xinningClerk, 'GET', url)).json()).toMatchObject({ status: 'invalid', version: 3 });
    expect(await satisfaction(t.ctx.db, { orgPath: XINNING_CENTER_PATH, from, to: from })).toEqual(base);
    expect(await counted('ratings', 'handling', XINNING_CENTER_PATH)).toBe(baseCounter);

    // A refused appeal goes back where it came from; appealing again is refused as well.
    const d = await closedTownshipCase();
    await rate(d, { level: 'dissatisfied', scores: { overall: 2 } });
    const other = await orderOf(d.caseNumber);
    const u2 = `/api/feedback/rectifications/${other.id}`;
    await call(xinningClerk, 'POST', `${u2}/actions/verify`, { note: '核实属实' });
    await call(xinningClerk, 'POST', `${u2}/actions/appeal`, {
      reason: '评错了窗口',
      appealKind: 'mistaken',
    });
    const rejected = await call(supervisor, 'POST', `${u2}/actions/reject_appeal`, {
      reason: '评价对象无误',
    });
    expect(rejected.json()).toMatchObject({ status: 'rectifying', appeal: { decision: 'rejected' } });
    expect(rejected.json().actions).not.toContain('appeal');
    const again = await call(xinningClerk, 'POST', `${u2}/actions/appeal`, {
      reason: '再申诉',
      appealKind: 'mistaken',
    });
    expect(again.json().code).toBe('feedback.appeal_after_decision');
  });

  it('rates a window visit on the hall tablet and refuses an unknown window, staff member or date', async () => {
    const window = await pub('GET', `/api/public/feedback/windows/${XINNING_CENTER}`);
    expect(window.statusCode).toBe(200);
    expect(window.json()).toMatchObject({ code: XINNING_CENTER, staff: [{ id: xinningClerkId }] });
    expect((await pub('GET', '/api/public/feedback/windows/511723-2')).statusCode).toBe(404);

    const body = { orgCode: XINNING_CENTER, level: 'dissatisfied', scores: { overall: 2, attitude: 1 } };
    const before = await count('ratings');
    expect(
      (await pub('POST', '/api/public/feedback/ratings/visit', { ...body, orgCode: '511723-2' })).statusCode,
    ).toBe(404);
    const stranger = await pub('POST', '/api/public/feedback/ratings/visit', {
      ...body,
      staffId: '00000000-0000-4000-8000-000000000000',
    });
    expect(stranger.json().code).toBe('feedback.staff_unknown');
    const future = await pub('POST', '/api/public/feedback/ratings/visit', {
      ...body,
      visitDate: '2026-03-11',
    });
    expect(future.json().code).toBe('feedback.visit_date_invalid');
    expect(await count('ratings')).toBe(before);

    const ok = await pub('POST', '/api/public/feedback/ratings/visit', { ...body, staffId: xinningClerkId });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ kind: 'visit', rectification: true, revisitBy: null });
    const ratings = (await call(xinningClerk, 'GET', '/api/feedback/ratings?kind=visit&bad=true')).json();
    expect(ratings.items[0]).toMatchObject({
      kind: 'visit',
      visitDate: '2026-03-10',
      staffName: '新宁镇便民服务中心 李窗口',
      channel: 'hall_tablet',
      orgCode: XINNING_CENTER,
      orderStatus: 'pending_verification',
    });
    const order = (
      await call(xinningClerk, 'GET', `/api/feedback/rectifications/${ratings.items[0].orderId}`)
    ).json();
    expect(order).toMatchObject({ handlerOrgCode: XINNING_CENTER, named: false });
  });

  it('uses the limits the supervisor sets for new orders only, and only a supervisor may set them', async () => {
    const c1 = await closedCountyCase();
    await rate(c1, { level: 'dissatisfied', scores: { overall: 2 } });
    const first = await orderOf(c1.caseNumber);

    expect((await call(countyClerk, 'GET', '/api/feedback/limits?orgCode=511723')).json()).toMatchObject({
      verifyDays: 1,
      rectifyDays: 15,
      complaintDays: 10,
      sourceOrgCode: null,
      editable: false,
    });
    // Without a code: the region of the caller's own unit (a township clerk reads the township's).
    expect((await call(xinningClerk, 'GET', '/api/feedback/limits')).json()).toMatchObject({
      orgCode: '511723100',
    });
    expect((await call(puanClerk, 'GET', '/api/feedback/limits?orgCode=511723100')).statusCode).toBe(404);
    const limits = { orgCode: '511723', verifyDays: 2, rectifyDays: 10, complaintDays: 5 };
    expect((await call(countyClerk, 'PUT', '/api/feedback/limits', limits)).statusCode).toBe(403);
    const bad = await call(supervisor, 'PUT', '/api/feedback/limits', { ...limits, rectifyDays: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'feedback.limits_invalid', errors: [{ field: 'rectifyDays' }] });
    expect(
      (await call(supervisor, 'PUT', '/api/feedback/limits', { ...limits, orgCode: '511723-1' })).statusCode,
    ).toBe(400);
    const saved = await call(supervisor, 'PUT', '/api/feedback/limits', limits);
    expect(saved.json()).toMatchObject({
      verifyDays: 2,
      rectifyDays: 10,
      sourceOrgCode: '511723',
      editable: true,
    });

    try {
      const c2 = await closedCountyCase();
      await rate(c2, { level: 'dissatisfied', scores: { overall: 2 } });
      const second = (
        await call(countyClerk, 'GET', `/api/feedback/rectifications/${(await orderOf(c2.caseNumber)).id}`)
      ).json();
      // From Tuesday 10 March: 2 working days → Thursday 12th; 10 → Tuesday 24th.
      expect(second).toMatchObject({
        verifyDue: '2026-03-12T15:59:59.999Z',
        rectifyDue: '2026-03-24T15:59:59.999Z',
      });
      const kept = (await call(countyClerk, 'GET', `/api/feedback/rectifications/${first.id}`)).json();
      expect(kept).toMatchObject({
        verifyDue: '2026-03-11T15:59:59.999Z',
        rectifyDue: '2026-03-31T15:59:59.999Z',
      });
    } finally {
      await call(supervisor, 'PUT', '/api/feedback/limits', {
        orgCode: '511723',
        verifyDays: 1,
        rectifyDays: 15,
        complaintDays: 10,
      });
    }
  });

  it('fills in deadlines once their year is loaded', async () => {
    // A rating late in December: 15 working days reach into 2027, whose holidays are not loaded.
    t.setNow(new Date('2026-12-22T01:00:00Z'));
    const c = await closedTownshipCase();
    t.setNow(new Date('2026-12-22T02:00:00Z'));
    const res = await rate(c, {
      level: 'dissatisfied',
      scores: { overall: 2 },
      named: true,
      raterPhone: RATER_PHONE,
    });
    expect(res.json()).toMatchObject({ rectification: true, revisitBy: '2026-12-23' });
    const order = (
      await call(xinningClerk, 'GET', `/api/feedback/rectifications/${(await orderOf(c.caseNumber)).id}`)
    ).json();
    expect(order).toMatchObject({ verifyDue: '2026-12-23T15:59:59.999Z', rectifyDue: null });
    const outcome = await runJobNow(t.ctx, DEADLINES_JOB);
    expect(outcome).toMatchObject({ ran: true, ok: true });
    // Still unknown: nothing guessed.
    const row = await t.ctx.db
      .selectFrom('rectification_orders')
      .select('rectify_due')
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(row.rectify_due).toBeNull();
  });

  it("handles a complaint from the portal to a confirmed finding and the complainant's satisfaction", async () => {
    t.setNow(EVE);
    const before = await count('complaints');
    const body = {
      targetKind: 'staff',
      targetOrgCode: XINNING_CENTER,
      targetStaffName: '李窗口',
      content: '办理参保登记时工作人员态度生硬，多次催促',
      complainantName: '赵六',
      complainantPhone: '13600002222',
    };
    // Bad input: nothing stored.
    const bad = await pub('POST', '/api/public/complaints', {
      ...body,
      content: '差',
      complainantPhone: '123',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'feedback.complaint_invalid' });
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['content', 'complainantPhone']);
    const badTarget = await pub('POST', '/api/public/complaints', { ...body, targetKind: 'department' });
    expect(badTarget.json().code).toBe('feedback.complaint_target_invalid');
    expect(await count('complaints')).toBe(before);

    const filed = await pub('POST', '/api/public/complaints', body);
    expect(filed.statusCode, filed.body).toBe(201);
    const { trackingNumber, code, id } = filed.json();
    expect(trackingNumber).toMatch(/^TS-511723-20260930-\d{4}$/);
    // 10 working days from 30 September across the holiday: 20 October.
    expect(filed.json().replyBy).toBe('2026-10-20');

    const track = await pub('GET', `/api/public/complaints/${trackingNumber}?code=${code}`);
    expect(track.json()).toMatchObject({ status: 'assigned', replyBy: '2026-10-20', canRate: false });
    expect(track.body).not.toContain('13600002222');
    expect((await pub('GET', `/api/public/complaints/${trackingNumber}?code=WRONG`)).statusCode).toBe(404);

    // Only the supervision office sees it: not the window complained about, not another township.
    expect((await call(xinningClerk, 'GET', '/api/feedback/complaints')).statusCode).toBe(403);
    expect((await call(puanClerk, 'GET', `/api/feedback/complaints/${id}`)).statusCode).toBe(403);
    const inbox = (
      await call(supervisor, 'GET', '/api/feedback/complaints?status=assigned&pageSize=500')
    ).json();
    const listed = inbox.items.find((x: { id: string }) => x.id === id);
    expect(listed).toMatchObject({ complainantPhone: '136****2222', complainantName: '赵*', light: 'green' });
    // The leader reads but does not act.
    expect(
      (await call(leader, 'POST', `/api/feedback/complaints/${id}/actions/investigate`, {})).statusCode,
    ).toBe(403);

    t.setNow(new Date('2026-10-21T02:00:00Z'));
    expect((await call(supervisor, 'GET', `/api/feedback/complaints/${id}`)).json()).toMatchObject({
      overdue: true,
      light: 'red',
    });
    await call(supervisor, 'POST', `/api/feedback/complaints/${id}/actions/investigate`, {
      note: '调取监控',
    });
    const missing = await call(supervisor, 'POST', `/api/feedback/complaints/${id}/actions/reply`, {
      finding: 'confirmed',
    });
    expect(missing.statusCode).toBe(400);
    const replied = await call(supervisor, 'POST', `/api/feedback/complaints/${id}/actions/reply`, {
      finding: 'confirmed',
      findingText: '经调取监控，投诉属实',
      reply: '已对该工作人员批评教育，并向您致歉',
    });
    expect(replied.json()).toMatchObject({
      status: 'replied',
      finding: 'confirmed',
      overdue: true,
      investigatorName: '县效能办 刘监察',
    });

    // Confirmed complaints count in the month of the finding (October), for the target org.
    const october = await confirmedComplaints(t.ctx.db, {
      orgPaths: ['/511723/511723100/'],
      month: '2026-10',
    });
    expect(october).toEqual([
      { orgCode: XINNING_CENTER, orgPath: XINNING_CENTER_PATH, personId: null, count: 1 },
    ]);
    expect(
      await confirmedComplaints(t.ctx.db, { orgPaths: ['/511723/511723100/'], month: '2026-09' }),
    ).toEqual([]);
    expect(
      await confirmedComplaints(t.ctx.db, { orgPaths: ['/511723/511723101/'], month: '2026-10' }),
    ).toEqual([]);

    const rated = await pub('POST', `/api/public/complaints/${trackingNumber}/satisfaction`, {
      code,
      satisfaction: 'basically_satisfied',
    });
    expect(rated.json()).toMatchObject({
      status: 'closed',
      satisfaction: 'basically_satisfied',
      canRate: false,
    });
    const twice = await pub('POST', `/api/public/complaints/${trackingNumber}/satisfaction`, {
      code,
      satisfaction: 'dissatisfied',
    });
    expect(twice.statusCode).toBe(409);
    const detail = (await call(supervisor, 'GET', `/api/feedback/complaints/${id}`)).json();
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual([
      'file',
      'investigate',
      'reply',
      'record_satisfaction',
    ]);
    expect(detail).toMatchObject({ satisfactionSource: 'complainant', closedAt: expect.any(String) });
  });

  it('records complaints made at a window against a named staff member, and counts only confirmed ones', async () => {
    t.setNow(new Date('2026-11-10T02:00:00Z'));
    const before = {
      staff: await counted('complaints', 'staff', XINNING_CENTER_PATH, xinningClerkId),
      unit: await counted('complaints', 'handling', XINNING_CENTER_PATH),
      departments: await counted('complaints', 'department', '/511723/'),
    };
    const filed = await call(countyClerk, 'POST', '/api/feedback/complaints', {
      channel: 'window',
      targetKind: 'staff',
      targetOrgCode: XINNING_CENTER,
      targetPersonId: xinningClerkId,
      content: '来县中心反映：新宁镇窗口拒收材料且不说明理由',
      complainantName: '钱七',
      complainantPhone: '13500003333',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json().id;
    const other = await call(countyClerk, 'POST', '/api/feedback/complaints', {
      channel: 'hotline_12345',
      targetKind: 'department',
      targetOrgCode: '511723-2',
      content: '电话反映：市场监管局办事指南与实际要求不一致',
      complainantName: '孙八',
      complainantPhone: '13500004444',
    });
    expect(other.statusCode, other.body).toBe(201);
    const unmasked = await call(supervisor, 'GET', `/api/feedback/complaints/${id}/complainant`);
    expect(unmasked.json()).toEqual({ name: '钱七', phone: '13500003333' });
    await call(supervisor, 'POST', `/api/feedback/complaints/${id}/actions/reply`, {
      finding: 'confirmed',
      findingText: '属实',
      reply: '已责令整改',
    });
    await call(supervisor, 'POST', `/api/feedback/complaints/${other.json().id}/actions/reply`, {
      finding: 'not_confirmed',
      findingText: '指南与要求一致',
      reply: '已向您解释',
    });
    const closed = await call(
      supervisor,
      'POST',
      `/api/feedback/complaints/${other.json().id}/actions/close`,
      {
        note: '三次电话未接通',
      },
    );
    expect(closed.json()).toMatchObject({
      status: 'closed',
      satisfaction: null,
      closeNote: '三次电话未接通',
    });
    // Only the confirmed one counts, for the staff member and their unit, in the evaluation's counters.
    expect(await counted('complaints', 'staff', XINNING_CENTER_PATH, xinningClerkId)).toBe(before.staff + 1);
    expect(await counted('complaints', 'handling', XINNING_CENTER_PATH)).toBe(before.unit + 1);
    expect(await counted('complaints', 'department', '/511723/')).toBe(before.departments);
    const november = await confirmedComplaints(t.ctx.db, { orgPaths: ['/511723/'], month: '2026-11' });
    expect(november).toEqual([
      { orgCode: XINNING_CENTER, orgPath: XINNING_CENTER_PATH, personId: xinningClerkId, count: 1 },
    ]);
  });

  it('publishes satisfaction by department and window without personal data, and exports the lists', async () => {
    t.setNow(new Date('2026-06-15T02:00:00Z'));
    const c = await closedCountyCase();
    await rate(c, {
      level: 'basically_satisfied',
      scores: { overall: 3 },
      named: true,
      raterName: '周九',
      raterPhone: '13400005555',
    });
    const d = await closedTownshipCase();
    await rate(d, {
      level: 'very_dissatisfied',
      scores: { overall: 1 },
      named: true,
      raterName: '吴十',
      raterPhone: '13400006666',
    });

    const page = await pub('GET', '/api/public/satisfaction?month=2026-06&region=511723');
    expect(page.statusCode, page.body).toBe(200);
    const s = page.json();
    expect(s.overall).toMatchObject({ ratings: 2, satisfied: 1, rate: 0.5 });
    expect(s.windows.map((w: { orgCode: string; rate: number }) => [w.orgCode, w.rate])).toEqual([
      ['511723-1', 1],
      [XINNING_CENTER, 0],
    ]);
    expect(s.departments.find((x: { orgCode: string }) => x.orgCode === '511723-2')).toMatchObject({
      ratings: 1,
      satisfied: 1,
    });
    expect(s.rectification).toMatchObject({ opened: 1, inProgress: 1, named: 1, revisited: 0 });
    for (const secret of ['周九', '吴十', '13400005555', '13400006666', '5555', ID_NUMBER])
      expect(page.body).not.toContain(secret);
    expect((await pub('GET', '/api/public/satisfaction?month=2030-01')).json().code).toBe(
      'feedback.month_invalid',
    );

    const june = await satisfaction(t.ctx.db, { orgPath: '/511723/', from: '2026-06-01', to: '2026-06-30' });
    expect(june).toMatchObject({ ratings: 2, satisfied: 1, rate: 0.5 });
    const dept = await satisfaction(t.ctx.db, {
      orgPath: '/511723/511723-2/',
      from: '2026-06-01',
      to: '2026-06-30',
    });
    expect(dept).toMatchObject({ ratings: 1, satisfied: 1, rate: 1 });

    const xlsx = await call(
      supervisor,
      'GET',
      '/api/feedback/ratings/export.xlsx?from=2026-06-01&to=2026-06-30',
    );
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('评价');
    expect(ws.rowCount).toBe(3);
    const cells = JSON.stringify(ws.getSheetValues());
    expect(cells).toContain('非常不满意');
    expect(cells).toContain('134****6666');
    expect(cells).not.toContain('13400006666');
    for (const url of ['/api/feedback/rectifications/export.xlsx', '/api/feedback/complaints/export.xlsx']) {
      const res = await call(supervisor, 'GET', url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
    }
    // The township clerk's export holds only their township.
    const theirs = await call(
      xinningClerk,
      'GET',
      '/api/feedback/ratings/export.xlsx?from=2026-06-01&to=2026-06-30',
    );
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(theirs.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]!.rowCount).toBe(2);
  });

  it('lets staff record a rating given by phone (12345) for a case in their scope', async () => {
    const c = await closedCountyCase();
    const body = { caseId: c.id, channel: 'hotline_12345', level: 'satisfied', scores: { overall: 4 } };
    expect((await call(puanClerk, 'POST', '/api/feedback/ratings/case', body)).statusCode).toBe(404);
    const ok = await call(countyClerk, 'POST', '/api/feedback/ratings/case', body);
    expect(ok.statusCode, ok.body).toBe(201);
    const row = await t.ctx.db
      .selectFrom('ratings')
      .select(['channel', 'recorded_by'])
      .where('case_id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.channel).toBe('hotline_12345');
    expect(row.recorded_by).not.toBeNull();
  });

  it('throttles the public rating form per address', async () => {
    const ip = '10.250.0.1';
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await pub(
        'POST',
        '/api/public/feedback/ratings/visit',
        { orgCode: 'nope', level: 'x', scores: {} },
        ip,
      );
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    const limited = await pub(
      'POST',
      '/api/public/feedback/ratings/visit',
      { orgCode: XINNING_CENTER, level: 'satisfied', scores: { overall: 5 } },
      ip,
    );
    expect(limited.json().code).toBe('request.rate_limited');
  });
});
