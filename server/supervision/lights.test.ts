import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, type TestApp } from '../../test/server.ts';
import {
  act,
  call,
  demoItem,
  inAppFor,
  register,
  sessions,
  sh,
  sweep,
  warningsOf,
  watchOf,
} from './supervision-testing.ts';

/** The start of a Shanghai day as the UTC instant stored in next_change_at. */
const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();

describe.each(TEST_ENGINES)('lights and warnings on %s', (engine) => {
  let t: TestApp;
  let s: Record<'county_clerk' | 'approver' | 'supervisor', Session>;
  let food: { id: string; materials: string[] };

  beforeAll(async () => {
    t = await createTestApp({ engine });
    s = await sessions(t, (u) => signInAs(t.app, u), ['county_clerk', 'approver', 'supervisor'] as const);
    // 食品经营许可: promised 5 working days, legal 10; its first review step 材料审查与现场核查 has 3.
    food = await demoItem(t, '食品经营许可');
  });
  afterAll(() => t?.close());

  it('turns a clock yellow over a weekend: green on Friday, nothing due on Saturday, yellow on Monday', async () => {
    const c = await register(t, s.county_clerk, food, sh('2026-03-10T09:00:00'));
    await act(t, s.county_clerk, c.id, 'accept', {}, sh('2026-03-10T10:00:00'));
    const decision = await watchOf(t, c.id, 'decision');
    expect(decision).toMatchObject({
      light: 'green',
      overdue: false,
      paused: false,
      handler_org_code: '511723-2',
    });
    // Four of five working days used (one left) is yellow: Monday 16 March, not the weekend before it.
    expect(decision!.next_change_at!.toISOString()).toBe(dayStart('2026-03-16'));

    await sweep(t, sh('2026-03-13T18:00:00'));
    expect((await watchOf(t, c.id, 'decision'))!.light).toBe('green');
    // The review step's own 3 days ended on Friday: it is red from Saturday 00:00 (a deadline is the end of its day).
    const saturday = await sweep(t, sh('2026-03-14T12:00:00'));
    expect(saturday.changed).toBeGreaterThanOrEqual(1);
    expect((await watchOf(t, c.id, 'step:0'))!.light).toBe('red');
    expect((await watchOf(t, c.id, 'decision'))!.light).toBe('green');
    // Sunday: nothing of this case is due until Monday.
    const sunday = await sweep(t, sh('2026-03-15T12:00:00'));
    expect((await watchOf(t, c.id, 'decision'))!.light).toBe('green');
    expect(sunday.changed).toBe(0);

    await sweep(t, sh('2026-03-16T00:00:30'));
    const monday = await watchOf(t, c.id, 'decision');
    expect(monday).toMatchObject({ light: 'yellow', overdue: false });
    expect(monday!.next_change_at!.toISOString()).toBe(dayStart('2026-03-18'));
    const kinds = (await warningsOf(t, c.id)).map((w) => `${w.clock_key}:${w.kind}`);
    expect(kinds).toEqual(['step:0:yellow', 'step:0:red', 'decision:yellow']);
    // The department's approver is told, once per clock and change.
    const told = await inAppFor(t, 'approver', c.id, 'warning');
    expect(told.map((n) => (n.params as { light: string }).light)).toEqual(['yellow', 'red', 'yellow']);

    // Running again changes nothing and warns nobody twice.
    const again = await sweep(t, sh('2026-03-16T08:00:00'));
    expect(again.changed).toBe(0);
    expect(await warningsOf(t, c.id)).toHaveLength(3);
    expect(await inAppFor(t, 'approver', c.id, 'warning')).toHaveLength(3);
  });

  it('keeps a clock yellow through a holiday and turns it red after the first working day after it', async () => {
    // Received and accepted on the adjusted working Sunday 20 September 2026: the five working days are
    // 21–24 September and Monday 28 September, after 中秋 (25–27 September).
    const c = await register(t, s.county_clerk, food, sh('2026-09-20T09:00:00'));
    await act(t, s.county_clerk, c.id, 'accept', {}, sh('2026-09-20T10:00:00'));
    await act(
      t,
      s.approver,
      c.id,
      'complete_step',
      { opinion: '现场核查符合要求' },
      sh('2026-09-21T10:00:00'),
    );
    await sweep(t, sh('2026-09-26T12:00:00'));
    const holiday = await watchOf(t, c.id, 'decision');
    expect(holiday).toMatchObject({ light: 'yellow', overdue: false });
    expect(holiday!.deadline.toISOString()).toBe(sh('2026-09-28T23:59:59.999').toISOString());
    expect(holiday!.next_change_at!.toISOString()).toBe(dayStart('2026-09-29'));
    await sweep(t, sh('2026-09-28T23:59:00'));
    expect((await watchOf(t, c.id, 'decision'))!.light).toBe('yellow');
    await sweep(t, sh('2026-09-29T00:01:00'));
    expect((await watchOf(t, c.id, 'decision'))!.light).toBe('red');
    expect((await warningsOf(t, c.id)).filter((w) => w.clock_key === 'decision').map((w) => w.kind)).toEqual([
      'yellow',
      'red',
    ]);

    // The legal limit (10 working days: …, 30 September, 8, 9 and the adjusted Saturday 10 October) is
    // separate: overdue only from 11 October, counted once for the case.
    const legal = (await watchOf(t, c.id, 'decision'))!;
    expect(legal.legal_deadline!.toISOString()).toBe(sh('2026-10-10T23:59:59.999').toISOString());
    expect(legal.next_change_at!.toISOString()).toBe(dayStart('2026-10-11'));
    await sweep(t, sh('2026-10-12T09:00:00'));
    expect(await watchOf(t, c.id, 'decision')).toMatchObject({
      light: 'red',
      overdue: true,
      next_change_at: null,
    });
    const overdue = await t.ctx.db
      .selectFrom('case_counters')
      .select(['dimension', 'org_code', 'count'])
      .where('metric', '=', 'overdue')
      .where('day', '=', '2026-10-12')
      .orderBy('dimension')
      .execute();
    expect(overdue).toEqual([
      { dimension: 'department', org_code: '511723-2', count: 1 },
      { dimension: 'handling', org_code: '511723-1', count: 1 },
    ]);
  });

  it('keeps a paused case green past its deadline, lists it as paused, and moves the deadline on resumption', async () => {
    const c = await register(t, s.county_clerk, food, sh('2026-03-10T09:00:00'));
    await act(t, s.county_clerk, c.id, 'accept', {}, sh('2026-03-10T10:00:00'));
    await act(
      t,
      s.approver,
      c.id,
      'start_special_procedure',
      { kind: '检验', expectedDuration: { value: 20, unit: 'working_days' } },
      sh('2026-03-11T10:00:00'),
    );
    const paused = await watchOf(t, c.id, 'decision');
    expect(paused).toMatchObject({ light: 'green', paused: true, next_change_at: null });

    await sweep(t, sh('2026-04-20T10:00:00'));
    expect(await watchOf(t, c.id, 'decision')).toMatchObject({
      light: 'green',
      paused: true,
      overdue: false,
    });
    expect(await warningsOf(t, c.id)).toEqual([]);
    const list = await call(
      t,
      s.supervisor,
      'GET',
      '/api/supervision/monitor/cases?paused=true&pageSize=500',
    );
    expect(list.statusCode, list.body).toBe(200);
    const row = list.json().items.find((i: { caseId: string }) => i.caseId === c.id);
    expect(row).toMatchObject({ light: 'green', paused: true, overdue: false, caseNumber: c.caseNumber });
    const counts = (
      await call(t, s.supervisor, 'GET', '/api/supervision/monitor/counts?groupBy=department')
    ).json();
    expect(counts.groups.find((g: { code: string }) => g.code === '511723-2').paused).toBeGreaterThanOrEqual(
      1,
    );

    // Resumed on 20 April: one working day used (11 March), four left after it.
    await act(
      t,
      s.approver,
      c.id,
      'end_special_procedure',
      { result: '检验合格' },
      sh('2026-04-20T11:00:00'),
    );
    const resumed = await watchOf(t, c.id, 'decision');
    expect(resumed).toMatchObject({ light: 'green', paused: false });
    expect(resumed!.deadline.toISOString()).toBe(sh('2026-04-24T23:59:59.999').toISOString());
  });

  it('drops the watch rows of a closed case and keeps the gauges equal to a recount of the watch rows', async () => {
    const pension = await demoItem(t, '城乡居民基本养老保险参保登记');
    const xinning = await signInAs(t.app, 'xinning_clerk');
    const c = await register(t, xinning, pension, sh('2026-03-12T09:00:00'));
    expect(await watchOf(t, c.id, 'on_the_spot')).toMatchObject({ light: 'yellow' });
    await act(t, xinning, c.id, 'close_on_the_spot', { result: '已参保' }, sh('2026-03-12T09:30:00'));
    expect(await watchOf(t, c.id, 'on_the_spot')).toBeUndefined();

    const gauges = await t.ctx.db
      .selectFrom('case_light_gauges')
      .select(['dimension', 'org_code', 'bucket', 'count'])
      .where('count', '<>', 0)
      .execute();
    const rows = await t.ctx.db.selectFrom('case_clock_watch').selectAll().execute();
    const perCase = new Map<string, typeof rows>();
    for (const r of rows) perCase.set(r.case_id, [...(perCase.get(r.case_id) ?? []), r]);
    const recount = new Map<string, number>();
    const add = (key: string) => recount.set(key, (recount.get(key) ?? 0) + 1);
    const rank = { green: 0, yellow: 1, red: 2 } as const;
    for (const list of perCase.values()) {
      const worst = list.reduce((a, b) => (rank[b.light] > rank[a.light] ? b : a)).light;
      for (const [dim, org] of [
        ['handling', list[0]!.handling_org_code],
        ['department', list[0]!.department_code],
      ] as const) {
        add(`${dim}|${org}|${worst}`);
        if (list.some((r) => r.overdue)) add(`${dim}|${org}|overdue`);
        if (list.some((r) => r.paused)) add(`${dim}|${org}|paused`);
      }
    }
    expect(new Map(gauges.map((g) => [`${g.dimension}|${g.org_code}|${g.bucket}`, g.count]))).toEqual(
      recount,
    );
  });
});
