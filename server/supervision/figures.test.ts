import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDateOf } from '../../core/calendar/dates.ts';
import type { CaseState } from '../../core/cases/lifecycle.ts';
import { evaluateClock } from '../../core/clock/clock.ts';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, type TestApp } from '../../test/server.ts';
import { act, call, demoItem, register, sessions, sh, sweep } from './supervision-testing.ts';

type Recount = Map<string, number>;

describe.each(TEST_ENGINES)('counters, summaries, statistics and evaluation on %s', (engine) => {
  let t: TestApp;
  let s: Record<'county_clerk' | 'approver' | 'supervisor' | 'leader' | 'xinning_clerk', Session>;

  beforeAll(async () => {
    t = await createTestApp({ engine });
    s = await sessions(t, (u) => signInAs(t.app, u), [
      'county_clerk',
      'approver',
      'supervisor',
      'leader',
      'xinning_clerk',
    ] as const);
    const food = await demoItem(t, '食品经营许可');
    const pension = await demoItem(t, '城乡居民基本养老保险参保登记');

    // A: decided on its second working day after an extension, delivered and closed: early, extended.
    const a = await register(t, s.county_clerk, food, sh('2026-03-10T09:00:00'));
    await act(t, s.county_clerk, a.id, 'accept', {}, sh('2026-03-10T10:00:00'));
    await act(t, s.approver, a.id, 'complete_step', { opinion: '符合' }, sh('2026-03-11T10:00:00'));
    await act(
      t,
      s.approver,
      a.id,
      'extend',
      { days: 2, approvedBy: '局长', reason: '需补充核查' },
      sh('2026-03-11T11:00:00'),
    );
    await act(t, s.approver, a.id, 'decide', { outcome: 'approved' }, sh('2026-03-12T10:00:00'));
    await act(t, s.county_clerk, a.id, 'deliver', { method: 'window_pickup' }, sh('2026-03-12T15:00:00'));
    await act(t, s.county_clerk, a.id, 'close', {}, sh('2026-03-12T16:00:00'));
    // B: refused at the window.
    const b = await register(t, s.county_clerk, food, sh('2026-03-12T09:30:00'));
    await act(
      t,
      s.county_clerk,
      b.id,
      'refuse',
      { reason: '不属于本机关职权', remedies: '可申请行政复议' },
      sh('2026-03-12T09:40:00'),
    );
    // C: a 即办件 settled on the spot in 新宁镇.
    const c = await register(t, s.xinning_clerk, pension, sh('2026-03-12T10:00:00'));
    await act(t, s.xinning_clerk, c.id, 'close_on_the_spot', {}, sh('2026-03-12T10:05:00'));
    // D: accepted, with a fee paid.
    const d = await register(t, s.county_clerk, food, sh('2026-03-12T11:00:00'));
    await act(t, s.county_clerk, d.id, 'accept', {}, sh('2026-03-12T11:10:00'));
    t.setNow(sh('2026-03-12T11:20:00'));
    const fee = await call(t, s.county_clerk, 'POST', `/api/cases/${d.id}/fees`, {
      name: '工本费',
      amountFen: 1050,
    });
    expect(fee.statusCode, fee.body).toBe(201);
    // E: accepted on 2 March, decided late on 12 March, closed the same day.
    const e = await register(t, s.county_clerk, food, sh('2026-03-02T09:00:00'));
    await act(t, s.county_clerk, e.id, 'accept', {}, sh('2026-03-02T10:00:00'));
    await act(t, s.approver, e.id, 'complete_step', { opinion: '符合' }, sh('2026-03-05T10:00:00'));
    await act(t, s.approver, e.id, 'decide', { outcome: 'approved' }, sh('2026-03-12T12:00:00'));
    await act(t, s.county_clerk, e.id, 'deliver', { method: 'window_pickup' }, sh('2026-03-12T13:00:00'));
    await act(t, s.county_clerk, e.id, 'close', {}, sh('2026-03-12T13:30:00'));
    // F: accepted Thursday 5 March, decided on its deadline day (the 5th working day): on time, not early.
    const f = await register(t, s.county_clerk, food, sh('2026-03-05T09:00:00'));
    await act(t, s.county_clerk, f.id, 'accept', {}, sh('2026-03-05T10:00:00'));
    await act(t, s.approver, f.id, 'complete_step', { opinion: '符合' }, sh('2026-03-06T10:00:00'));
    await act(t, s.approver, f.id, 'decide', { outcome: 'approved' }, sh('2026-03-12T09:00:00'));
    await act(t, s.county_clerk, f.id, 'deliver', { method: 'window_pickup' }, sh('2026-03-12T09:10:00'));
    await act(t, s.county_clerk, f.id, 'close', {}, sh('2026-03-12T09:20:00'));
    // The sweeper marks what went past its limits.
    await sweep(t, sh('2026-03-12T17:00:00'));
  });
  afterAll(() => t?.close());

  /** The counts the definitions give when read straight from the case file and the warnings. */
  async function recountFromCaseFile(dimension: 'handling' | 'department'): Promise<Recount> {
    const calendar = await t.ctx.calendar.current();
    const events = await t.ctx.db
      .selectFrom('case_events as e')
      .innerJoin('cases as c', 'c.id', 'e.case_id')
      .select(['e.action', 'e.at', 'e.payload', 'c.handling_org_code', 'c.department_code', 'c.state'])
      .execute();
    const out: Recount = new Map();
    const add = (org: string, at: Date, metric: string, n = 1) => {
      const key = `${org}|${shanghaiDateOf(at)}|${metric}`;
      out.set(key, (out.get(key) ?? 0) + n);
    };
    for (const ev of events) {
      const org = dimension === 'handling' ? ev.handling_org_code : ev.department_code;
      const p = ev.payload as { from: string | null; to: string; payload: { amountFen?: number } };
      const byAction: Record<string, string> = {
        receive: 'received',
        pre_review_pass: 'received',
        accept: 'accepted',
        deem_accept: 'accepted',
        refuse: 'refused',
        withdraw: 'withdrawn',
        decide: 'decided',
        extend: 'extended',
      };
      if (byAction[ev.action]) add(org, ev.at, byAction[ev.action]!);
      if (ev.action === 'record_fee') add(org, ev.at, 'fees_fen', p.payload.amountFen!);
      if (p.to === 'closed' && p.from !== 'closed') {
        add(org, ev.at, 'completed');
        if (ev.action === 'close_on_the_spot') add(org, ev.at, 'completed_on_the_spot');
        const state = ev.state as CaseState;
        const clock = state.clocks.decision ?? state.clocks.on_the_spot!;
        const at = evaluateClock(clock, new Date(clock.stoppedAt!), calendar);
        if (clock.extensions.length > 0) add(org, ev.at, 'completed_extended');
        if (at.light === 'red') add(org, ev.at, 'completed_late');
        else add(org, ev.at, 'completed_on_time');
        if (at.light !== 'red' && at.left >= 1) add(org, ev.at, 'completed_early');
      }
    }
    const overdue = await t.ctx.db
      .selectFrom('case_warnings as w')
      .innerJoin('cases as c', 'c.id', 'w.case_id')
      .select([
        'w.case_id',
        'c.handling_org_code',
        'c.department_code',
        (eb) => eb.fn.min('w.at').as('first'),
      ])
      .where('w.kind', '=', 'overdue')
      .groupBy(['w.case_id', 'c.handling_org_code', 'c.department_code'])
      .execute();
    for (const o of overdue) {
      add(
        dimension === 'handling' ? o.handling_org_code : o.department_code,
        new Date(o.first as Date),
        'overdue',
      );
    }
    return out;
  }

  async function counters(dimension: 'handling' | 'department'): Promise<Recount> {
    const rows = await t.ctx.db
      .selectFrom('case_counters')
      .select(['org_code', 'day', 'metric', 'count'])
      .where('dimension', '=', dimension)
      .execute();
    return new Map(rows.map((r) => [`${r.org_code}|${r.day}|${r.metric}`, Number(r.count)]));
  }

  it('keeps counters equal to a recount from the case file', async () => {
    for (const dimension of ['handling', 'department'] as const) {
      const recount = await recountFromCaseFile(dimension);
      expect(await counters(dimension)).toEqual(recount);
    }
    const h = await counters('handling');
    expect(h.get('511723-1|2026-03-12|completed')).toBe(3);
    expect(h.get('511723-1|2026-03-12|completed_on_time')).toBe(2);
    expect(h.get('511723-1|2026-03-12|completed_early')).toBe(1);
    expect(h.get('511723-1|2026-03-12|completed_late')).toBe(1);
    expect(h.get('511723-1|2026-03-12|fees_fen')).toBe(1050);
    expect(h.get('511723100-1|2026-03-12|completed_on_the_spot')).toBe(1);
    // Nothing went past a legal limit while open: E was decided late, but before its 10 legal working days.
    expect(h.get('511723-1|2026-03-12|overdue')).toBeUndefined();
    // Staff rows: the window clerk received two cases at the county center that day (B and D).
    const staff = await t.ctx.db
      .selectFrom('case_counters as k')
      .innerJoin('people as p', (j) => j.on((eb) => eb(eb.cast('p.id', 'text'), '=', eb.ref('k.person_id'))))
      .select(['p.username', 'k.metric', 'k.count'])
      .where('k.dimension', '=', 'staff')
      .where('k.day', '=', '2026-03-12')
      .where('k.metric', '=', 'received')
      .execute();
    expect(staff.find((r) => r.username === 'county_clerk')?.count).toBe(2);
  });

  it('generates a daily summary equal to a recount from the case file, and refuses a future date', async () => {
    t.setNow(sh('2026-03-12T17:30:00'));
    const future = await call(t, s.supervisor, 'POST', '/api/supervision/summary', { date: '2026-03-13' });
    expect(future.statusCode).toBe(400);
    expect(future.json().code).toBe('supervision.date_in_future');
    const stored = () => t.ctx.db.selectFrom('daily_summaries').select('org_code').execute();
    expect(await stored()).toEqual([]);
    expect((await call(t, s.supervisor, 'GET', '/api/supervision/summary?date=2026-03-13')).statusCode).toBe(
      400,
    );

    const before = (await call(t, s.supervisor, 'GET', '/api/supervision/summary?date=2026-03-12')).json();
    expect(before).toMatchObject({ date: '2026-03-12', generatedAt: null, rows: [] });
    const res = await call(t, s.supervisor, 'POST', '/api/supervision/summary', { date: '2026-03-12' });
    expect(res.statusCode, res.body).toBe(200);
    const summary = res.json();
    const recount = await recountFromCaseFile('handling');
    const of = (org: string, metric: string) => recount.get(`${org}|2026-03-12|${metric}`) ?? 0;
    const center = summary.rows.find((r: { orgCode: string }) => r.orgCode === '511723-1');
    expect(center.figures).toEqual({
      received: of('511723-1', 'received'),
      accepted: of('511723-1', 'accepted'),
      refused: of('511723-1', 'refused'),
      completed: of('511723-1', 'completed'),
      completed_on_the_spot: of('511723-1', 'completed_on_the_spot'),
      completed_early: of('511723-1', 'completed_early'),
      extended: of('511723-1', 'extended'),
      overdue: of('511723-1', 'overdue'),
      fees_fen: of('511723-1', 'fees_fen'),
    });
    expect(center.figures).toMatchObject({
      received: 2,
      accepted: 1,
      refused: 1,
      completed: 3,
      completed_early: 1,
      fees_fen: 1050,
    });
    const xinning = summary.rows.find((r: { orgCode: string }) => r.orgCode === '511723100-1');
    expect(xinning.figures).toMatchObject({ received: 1, completed: 1, completed_on_the_spot: 1 });
    // Windows without cases are listed with zeros; the total counts each case once.
    expect(summary.rows.find((r: { orgCode: string }) => r.orgCode === '511723-1-1').figures.received).toBe(
      0,
    );
    expect(summary.total.received).toBe(3);

    const xlsx = await call(t, s.supervisor, 'GET', '/api/supervision/summary.xlsx?date=2026-03-12');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('每日汇总');
    expect(sheet.getRow(1).getCell(5).text).toBe('收件');
    const centerRow = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(2).text === '511723-1')!;
    expect(centerRow.getCell(5).value).toBe(2);
    expect(centerRow.getCell(13).value).toBe(10.5);
  });

  it('reports statistics by level and period with rates, and a trend', async () => {
    t.setNow(sh('2026-03-20T09:00:00'));
    const res = await call(t, s.leader, 'GET', '/api/supervision/statistics?level=window&period=2026-03');
    expect(res.statusCode, res.body).toBe(200);
    const center = res.json().rows.find((r: { code: string }) => r.code === '511723-1');
    expect(center.counts).toMatchObject({
      received: 5,
      completed: 3,
      completed_on_time: 2,
      completed_early: 1,
      completed_extended: 1,
    });
    expect(center.rates).toMatchObject({
      onTimeRate: 2 / 3,
      earlyRate: 1 / 3,
      extensionRate: 1 / 3,
      satisfactionRate: null,
    });
    const byTownship = (
      await call(t, s.leader, 'GET', '/api/supervision/statistics?level=township&period=2026-Q1')
    ).json();
    expect(byTownship.rows.map((r: { code: string }) => r.code).sort()).toEqual(['511723', '511723100']);
    expect(byTownship.total.counts.received).toBe(6);
    const staff = (
      await call(t, s.leader, 'GET', '/api/supervision/statistics?level=staff&period=2026')
    ).json();
    expect(staff.rows.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining(['县政务中心 陈窗口', '县市场监管局 赵审批']),
    );
    const trend = (
      await call(t, s.leader, 'GET', '/api/supervision/statistics/trend?kind=month&end=2026-03&count=3')
    ).json();
    expect(trend.series.map((p: { period: string }) => p.period)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(trend.series[2].counts.received).toBe(6);
    expect(trend.series[0].rates.onTimeRate).toBeNull();
    for (const bad of ['period=2026-13', 'period=2027-01']) {
      const r = await call(t, s.leader, 'GET', `/api/supervision/statistics?${bad}`);
      expect(r.statusCode, bad).toBe(400);
    }
    const xlsx = await call(
      t,
      s.leader,
      'GET',
      '/api/supervision/statistics.xlsx?level=window&period=2026-03',
    );
    expect(xlsx.statusCode).toBe(200);
  });

  it('evaluates a month: weights, deductions, ranking, confirmation, publication on the portal', async () => {
    t.setNow(sh('2026-04-02T09:00:00'));
    const schemes = () => t.ctx.db.selectFrom('evaluation_schemes').select('id').execute();
    const bad = await call(t, s.supervisor, 'POST', '/api/supervision/evaluation/schemes', {
      name: '三月方案',
      weights: {
        onTime: 50,
        early: 10,
        onTheSpot: 10,
        extension: 10,
        overdue: 10,
        satisfaction: 10,
        complaints: 10,
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'supervision.weights_sum' });
    expect(bad.json().detail).toContain('110');
    expect(await schemes()).toEqual([]);
    const byLeader = await call(t, s.leader, 'POST', '/api/supervision/evaluation/schemes', {
      name: '方案',
      weights: {
        onTime: 40,
        early: 10,
        onTheSpot: 10,
        extension: 10,
        overdue: 10,
        satisfaction: 10,
        complaints: 10,
      },
    });
    expect(byLeader.statusCode).toBe(403);
    const scheme = await call(t, s.supervisor, 'POST', '/api/supervision/evaluation/schemes', {
      name: '县效能考评方案',
      weights: {
        onTime: 50,
        early: 10,
        onTheSpot: 10,
        extension: 10,
        overdue: 10,
        satisfaction: 5,
        complaints: 5,
      },
      redFlagCount: 1,
      excellentCount: 1,
    });
    expect(scheme.statusCode, scheme.body).toBe(201);

    const deduction = await call(t, s.supervisor, 'POST', '/api/supervision/evaluation/deductions', {
      month: '2026-03',
      subjectKind: 'org',
      subjectId: '511723-1',
      points: 5,
      reason: '窗口人员迟到（纪律）',
    });
    expect(deduction.statusCode, deduction.body).toBe(201);
    const blank = await call(t, s.supervisor, 'POST', '/api/supervision/evaluation/deductions', {
      month: '2026-03',
      subjectKind: 'org',
      subjectId: '511723-1',
      points: 5,
      reason: '  ',
    });
    expect(blank.statusCode).toBe(400);

    const computed = await call(t, s.supervisor, 'POST', '/api/supervision/evaluation/2026-03/compute', {});
    expect(computed.statusCode, computed.body).toBe(200);
    const e = computed.json();
    expect(e).toMatchObject({
      status: 'computed',
      scope: { code: '511723' },
      scheme: { name: '县效能考评方案' },
    });
    const center = e.windows.find((w: { subjectId: string }) => w.subjectId === '511723-1');
    const xinning = e.windows.find((w: { subjectId: string }) => w.subjectId === '511723100-1');
    expect(center).toMatchObject({ deductions: 5 });
    expect(center.score).toBe(Math.max(0, center.baseScore - 5));
    // 新宁镇's only case was settled on the spot, on time: every measured indicator is perfect but early.
    expect(xinning.indicators).toMatchObject({ onTime: 1, onTheSpot: 1, early: 0, satisfaction: null });
    expect(xinning.rank).toBe(1);
    expect(xinning.candidate).toBe(true);
    expect(center.candidate).toBe(false);
    expect(e.staff.length).toBeGreaterThan(0);

    const notCandidate = await call(t, s.supervisor, 'POST', '/api/supervision/evaluation/2026-03/confirm', {
      redFlagWindows: ['511723-1'],
      excellentStaff: [],
    });
    expect(notCandidate.statusCode).toBe(400);
    expect(notCandidate.json().code).toBe('supervision.not_a_candidate');
    const early = await call(t, s.leader, 'POST', '/api/supervision/evaluation/2026-03/publish', {});
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('supervision.evaluation_not_confirmed');

    const staffCandidate = e.staff.find((x: { candidate: boolean }) => x.candidate);
    const confirmed = await call(t, s.supervisor, 'POST', '/api/supervision/evaluation/2026-03/confirm', {
      redFlagWindows: ['511723100-1'],
      excellentStaff: [staffCandidate.subjectId],
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().status).toBe('confirmed');
    const published = await call(t, s.leader, 'POST', '/api/supervision/evaluation/2026-03/publish', {});
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().status).toBe('published');

    const again = await call(t, s.supervisor, 'POST', '/api/supervision/evaluation/2026-03/compute', {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('supervision.evaluation_published');
    const lateDeduction = await call(t, s.supervisor, 'POST', '/api/supervision/evaluation/deductions', {
      month: '2026-03',
      subjectKind: 'org',
      subjectId: '511723-1',
      points: 1,
      reason: '补扣',
    });
    expect(lateDeduction.statusCode).toBe(409);

    const portal = await call(t, null, 'GET', '/api/public/evaluations/2026-03');
    expect(portal.statusCode, portal.body).toBe(200);
    const scope = portal.json().scopes[0];
    expect(scope.redFlagWindows.map((w: { name: string }) => w.name)).toEqual([xinning.name]);
    expect(scope.excellentStaff).toEqual([expect.objectContaining({ name: staffCandidate.name })]);
    expect(portal.body).not.toContain(staffCandidate.subjectId);
    expect((await call(t, null, 'GET', '/api/public/evaluations/2026-02')).statusCode).toBe(404);
    expect(
      (await call(t, s.supervisor, 'POST', '/api/supervision/evaluation/2026-05/compute', {})).statusCode,
    ).toBe(400);

    const xlsx = await call(t, s.leader, 'GET', '/api/supervision/evaluation/2026-03/export.xlsx');
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['窗口考评', '个人考评']);
  });

  it('exports the monitor list and the urges, and documents every route', async () => {
    t.setNow(sh('2026-03-20T09:00:00'));
    for (const url of ['/api/supervision/monitor/cases.xlsx', '/api/urges.xlsx']) {
      const res = await call(t, s.supervisor, 'GET', url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-disposition']).toContain('.xlsx');
    }
    const doc = (await call(t, null, 'GET', '/api/openapi.json')).json() as { paths: Record<string, object> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/supervision/monitor/counts',
        '/api/supervision/monitor/cases',
        '/api/cases/{id}/urges',
        '/api/urges',
        '/api/urges/{id}/reply',
        '/api/urges/{id}/withdraw',
        '/api/supervision/summary',
        '/api/supervision/statistics',
        '/api/supervision/statistics/trend',
        '/api/supervision/evaluation/schemes',
        '/api/supervision/evaluation/{month}/compute',
        '/api/supervision/evaluation/{month}/confirm',
        '/api/supervision/evaluation/{month}/publish',
        '/api/public/evaluations/{month}',
      ]),
    );
  });
});
