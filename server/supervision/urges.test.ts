import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, type TestApp } from '../../test/server.ts';
import { act, call, demoItem, inAppFor, register, sessions, sh, sweep } from './supervision-testing.ts';

const PASSWORD = 'Xinning-Supervisor-2026';

describe.each(TEST_ENGINES)('urges and scope on %s', (engine) => {
  let t: TestApp;
  let s: Record<
    'county_clerk' | 'approver' | 'supervisor' | 'leader' | 'xinning_clerk' | 'puan_clerk' | 'admin',
    Session
  >;
  let township: Session;
  let food: { id: string; materials: string[] };
  let pension: { id: string; materials: string[] };

  beforeAll(async () => {
    t = await createTestApp({ engine });
    s = await sessions(t, (u) => signInAs(t.app, u), [
      'county_clerk',
      'approver',
      'supervisor',
      'leader',
      'xinning_clerk',
      'puan_clerk',
      'admin',
    ] as const);
    food = await demoItem(t, '食品经营许可');
    pension = await demoItem(t, '城乡居民基本养老保险参保登记');
    // A township 效能办: supervisor at 新宁镇 (511723100) only.
    const created = await call(t, s.admin, 'POST', '/api/people', {
      username: 'xn_supervisor',
      displayName: '新宁镇效能办 测试',
      orgCode: '511723100',
      password: PASSWORD,
    });
    expect(created.statusCode, created.body).toBe(201);
    const granted = await call(t, s.admin, 'POST', `/api/people/${created.json().id}/roles`, {
      role: 'supervisor',
      orgCode: '511723100',
    });
    expect(granted.statusCode, granted.body).toBe(201);
    township = await signInAs(t.app, 'xn_supervisor', PASSWORD);
  });
  afterAll(() => t?.close());

  const urgeRow = (id: string) =>
    t.ctx.db.selectFrom('urges').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const urgeCount = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('urges')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('urges a case: the handler is told, answers once, and nothing changes on a second answer', async () => {
    const c = await register(t, s.county_clerk, food, sh('2026-03-10T09:00:00'));
    t.setNow(sh('2026-03-11T09:00:00'));
    const urged = await call(t, s.supervisor, 'POST', `/api/cases/${c.id}/urges`, {
      note: '请加快办理',
      replyBy: '2026-03-12',
    });
    expect(urged.statusCode, urged.body).toBe(201);
    const u = urged.json();
    expect(u).toMatchObject({
      caseId: c.id,
      caseNumber: c.caseNumber,
      status: 'open',
      replyBy: '2026-03-12',
      handler: { orgCode: '511723-1', role: 'window_staff' },
      late: false,
    });
    expect(u.replyDueAt).toBe(sh('2026-03-12T23:59:59.999').toISOString());
    // The window clerk is the handler: an in-app message, and the urge in their to-do list.
    const told = await inAppFor(t, 'county_clerk', c.id, 'urge');
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain(c.caseNumber);
    const mine = (await call(t, s.county_clerk, 'GET', '/api/urges?mine=true')).json();
    expect(mine.items.map((x: { id: string }) => x.id)).toContain(u.id);
    const notMine = (await call(t, s.approver, 'GET', '/api/urges?mine=true')).json();
    expect(notMine.items.map((x: { id: string }) => x.id)).not.toContain(u.id);
    expect((await call(t, s.supervisor, 'GET', `/api/cases/${c.id}/urges`)).json()).toHaveLength(1);

    // The department's approver can read the case but does not handle it now.
    const wrong = await call(t, s.approver, 'POST', `/api/urges/${u.id}/reply`, { reply: '已知悉' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('supervision.reply_forbidden');

    const answered = await call(t, s.county_clerk, 'POST', `/api/urges/${u.id}/reply`, { reply: '今天受理' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({
      status: 'answered',
      reply: '今天受理',
      answeredByName: '县政务中心 陈窗口',
    });
    // The supervisor who urged is told, in the reply's own transaction.
    expect(await inAppFor(t, 'supervisor', c.id, 'urge_answered')).toHaveLength(1);
    // Both are entries of the case file (一事一档), chained like the transitions, and it still verifies.
    const events = (await call(t, s.county_clerk, 'GET', `/api/cases/${c.id}/events`)).json() as {
      action: string;
      actorName: string;
    }[];
    expect(events.filter((e) => e.action.startsWith('urge')).map((e) => [e.action, e.actorName])).toEqual([
      ['urge', '县效能办 刘监察'],
      ['urge_reply', '县政务中心 陈窗口'],
    ]);
    expect((await call(t, s.county_clerk, 'GET', `/api/cases/${c.id}/verify`)).json()).toMatchObject({
      valid: true,
    });
    const before = await urgeRow(u.id);
    const twice = await call(t, s.county_clerk, 'POST', `/api/urges/${u.id}/reply`, { reply: '再回复一次' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('supervision.urge_answered');
    const withdraw = await call(t, s.supervisor, 'POST', `/api/urges/${u.id}/withdraw`);
    expect(withdraw.statusCode).toBe(409);
    expect(await urgeRow(u.id)).toEqual(before);
  });

  it('refuses a reply after the urge was withdrawn, and changes nothing', async () => {
    const c = await register(t, s.county_clerk, food, sh('2026-03-10T09:00:00'));
    const u = (
      await call(t, s.supervisor, 'POST', `/api/cases/${c.id}/urges`, {
        note: '请说明进度',
        replyBy: '2026-03-13',
      })
    ).json();
    const withdrawn = await call(t, s.supervisor, 'POST', `/api/urges/${u.id}/withdraw`);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().status).toBe('withdrawn');
    const before = await urgeRow(u.id);
    const late = await call(t, s.county_clerk, 'POST', `/api/urges/${u.id}/reply`, { reply: '已办理' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'supervision.urge_withdrawn' });
    expect(late.json().detail).toContain(c.caseNumber);
    expect(await urgeRow(u.id)).toEqual(before);
    expect(before.reply).toBeNull();
  });

  it('refuses to urge a closed case, a past reply date, or without a supervising role, storing nothing', async () => {
    const closed = await register(t, s.xinning_clerk, pension, sh('2026-03-10T09:00:00'));
    await act(t, s.xinning_clerk, closed.id, 'close_on_the_spot', {}, sh('2026-03-10T09:10:00'));
    const open = await register(t, s.county_clerk, food, sh('2026-03-10T09:00:00'));
    const before = await urgeCount();

    const onClosed = await call(t, s.supervisor, 'POST', `/api/cases/${closed.id}/urges`, {
      note: '督办',
      replyBy: '2026-03-12',
    });
    expect(onClosed.statusCode).toBe(409);
    expect(onClosed.json().code).toBe('supervision.case_closed');
    const past = await call(t, s.supervisor, 'POST', `/api/cases/${open.id}/urges`, {
      note: '督办',
      replyBy: '2026-03-09',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({
      code: 'supervision.reply_by_invalid',
      errors: [{ field: 'replyBy' }],
    });
    const blank = await call(t, s.supervisor, 'POST', `/api/cases/${open.id}/urges`, {
      note: '   ',
      replyBy: '2026-03-12',
    });
    expect(blank.statusCode).toBe(400);
    const clerk = await call(t, s.county_clerk, 'POST', `/api/cases/${open.id}/urges`, {
      note: '督办',
      replyBy: '2026-03-12',
    });
    expect(clerk.statusCode).toBe(403);
    expect(clerk.json().code).toBe('supervision.urge_forbidden');
    const unknown = await call(
      t,
      s.supervisor,
      'POST',
      '/api/cases/00000000-0000-4000-8000-000000000000/urges',
      {
        note: '督办',
        replyBy: '2026-03-12',
      },
    );
    expect(unknown.statusCode).toBe(404);
    expect(await urgeCount()).toBe(before);
    expect(
      (
        await call(t, s.leader, 'POST', `/api/cases/${open.id}/urges`, {
          note: '领导督办',
          replyBy: '2026-03-10',
        })
      ).statusCode,
    ).toBe(201);
  });

  it('escalates an unanswered urge to the region’s supervisors and leaders, and still takes the answer', async () => {
    const c = await register(t, s.county_clerk, food, sh('2026-03-10T09:00:00'));
    await act(t, s.county_clerk, c.id, 'accept', {}, sh('2026-03-10T10:00:00'));
    const u = (
      await call(t, s.supervisor, 'POST', `/api/cases/${c.id}/urges`, {
        note: '今天内回复',
        replyBy: '2026-03-10',
      })
    ).json();
    // Accepted: the department's approvers handle it now.
    expect(u.handler).toMatchObject({ orgCode: '511723-2', role: 'approver' });
    expect(await inAppFor(t, 'approver', c.id, 'urge')).toHaveLength(1);

    // A second urged case is refused before its answer is due: nobody above needs to hear of it.
    const gone = await register(t, s.county_clerk, food, sh('2026-03-10T10:30:00'));
    const goneUrge = (
      await call(t, s.supervisor, 'POST', `/api/cases/${gone.id}/urges`, {
        note: '请尽快',
        replyBy: '2026-03-10',
      })
    ).json();
    await act(
      t,
      s.county_clerk,
      gone.id,
      'refuse',
      { reason: '不属于本机关职权', remedies: '可申请行政复议' },
      sh('2026-03-10T11:00:00'),
    );

    await sweep(t, sh('2026-03-10T23:00:00'));
    expect((await urgeRow(u.id)).status).toBe('open');
    const run = await sweep(t, sh('2026-03-11T00:05:00'));
    expect(run.escalated).toBeGreaterThanOrEqual(1);
    expect((await urgeRow(goneUrge.id)).status).toBe('open');
    const escalated = (await call(t, s.supervisor, 'GET', `/api/urges/${u.id}`)).json();
    expect(escalated).toMatchObject({ status: 'escalated', escalatedTo: { orgCode: '511723' } });
    // The county's supervisor and leader are told; the second pass escalates nothing again.
    expect(await inAppFor(t, 'leader', c.id, 'urge_escalated')).toHaveLength(1);
    expect(await inAppFor(t, 'supervisor', c.id, 'urge_escalated')).toHaveLength(1);
    await sweep(t, sh('2026-03-11T00:10:00'));
    expect(await inAppFor(t, 'leader', c.id, 'urge_escalated')).toHaveLength(1);

    const answered = await call(t, s.approver, 'POST', `/api/urges/${u.id}/reply`, {
      reply: '已安排现场核查',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({ status: 'answered', escalatedTo: { orgCode: '511723' } });
  });

  it("keeps a township supervisor to their township's cases, urges, summaries and statistics", async () => {
    const here = await register(t, s.xinning_clerk, pension, sh('2026-03-12T09:00:00'));
    const there = await register(t, s.puan_clerk, pension, sh('2026-03-12T09:00:00'));
    const countyUrge = (
      await call(t, s.supervisor, 'POST', `/api/cases/${there.id}/urges`, {
        note: '普安督办',
        replyBy: '2026-03-13',
      })
    ).json();

    const list = (await call(t, township, 'GET', '/api/supervision/monitor/cases?pageSize=500')).json();
    const ids = list.items.map((i: { caseId: string }) => i.caseId);
    expect(ids).toContain(here.id);
    expect(ids).not.toContain(there.id);
    expect(
      list.items.every((i: { township: { code: string } | null }) => i.township?.code === '511723100'),
    ).toBe(true);
    const counts = (
      await call(t, township, 'GET', '/api/supervision/monitor/counts?groupBy=township')
    ).json();
    expect(counts.groups.map((g: { code: string }) => g.code)).toEqual(['511723100']);
    const countyCounts = (
      await call(t, s.supervisor, 'GET', '/api/supervision/monitor/counts?groupBy=township')
    ).json();
    expect(countyCounts.groups.map((g: { code: string }) => g.code)).toEqual(
      expect.arrayContaining(['511723100', '511723101']),
    );

    for (const url of [
      '/api/supervision/monitor/cases?orgCode=511723101',
      '/api/supervision/monitor/counts?orgCode=511723101',
      '/api/supervision/summary?orgCode=511723101&date=2026-03-12',
      '/api/supervision/statistics?orgCode=511723101&period=2026-03',
      `/api/urges/${countyUrge.id}`,
    ]) {
      const res = await call(t, township, 'GET', url);
      expect(res.statusCode, url).toBe(404);
    }
    const urgeThere = await call(t, township, 'POST', `/api/cases/${there.id}/urges`, {
      note: '越权督办',
      replyBy: '2026-03-13',
    });
    expect(urgeThere.statusCode).toBe(404);
    expect(urgeThere.json().code).toBe('case.not_found');
    const urgeHere = await call(t, township, 'POST', `/api/cases/${here.id}/urges`, {
      note: '请当场办结',
      replyBy: '2026-03-12',
    });
    expect(urgeHere.statusCode, urgeHere.body).toBe(201);
    expect(await inAppFor(t, 'xinning_clerk', here.id, 'urge')).toHaveLength(1);
    expect(await inAppFor(t, 'puan_clerk', here.id, 'urge')).toHaveLength(0);

    const urges = (await call(t, township, 'GET', '/api/urges?pageSize=500')).json();
    expect(urges.items.map((u: { caseId: string }) => u.caseId)).toEqual([here.id]);

    t.setNow(sh('2026-03-12T18:00:00'));
    const summary = await call(t, township, 'POST', '/api/supervision/summary', { date: '2026-03-12' });
    expect(summary.statusCode, summary.body).toBe(200);
    const codes = summary.json().rows.map((r: { orgCode: string }) => r.orgCode);
    expect(codes).toContain('511723100-1');
    expect(codes.every((c: string) => c.startsWith('511723100'))).toBe(true);
    const stats = (
      await call(t, township, 'GET', '/api/supervision/statistics?level=township&period=2026-03')
    ).json();
    expect(stats.rows.map((r: { code: string }) => r.code)).toEqual(['511723100']);
  });
});
