import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_ADMIN_URL, TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, type TestApp, testConfig } from '../../test/server.ts';
import { type AppContext, createContext } from '../context.ts';
import { openPostgres } from '../db/database.ts';
import { DAILY_SUMMARY_JOB, LIGHTS_JOB } from '../supervision/supervision-jobs.ts';
import { act, demoItem, register, sessions, sh } from '../supervision/supervision-testing.ts';
import { isDue, lastDailyMoment, registerJob, runJob, runJobNow } from './scheduler.ts';

describe('job definitions and due times', () => {
  it('refuses definitions that could never run', () => {
    const run = async () => null;
    expect(() => registerJob({ name: 'Bad Name', everyMs: 60_000, run })).toThrow(/not allowed/);
    expect(() => registerJob({ name: 'test.both', everyMs: 60_000, dailyAt: '17:30', run })).toThrow(
      /exactly one/,
    );
    expect(() => registerJob({ name: 'test.neither', run })).toThrow(/exactly one/);
    expect(() => registerJob({ name: 'test.fast', everyMs: 10, run })).toThrow(/at least 1000/);
    expect(() => registerJob({ name: 'test.time', dailyAt: '24:00', run })).toThrow(/HH:MM/);
  });

  it('finds the last daily moment in Shanghai time and decides when a job is due', () => {
    expect(lastDailyMoment('17:30', sh('2026-03-10T17:29:00')).toISOString()).toBe(
      sh('2026-03-09T17:30:00').toISOString(),
    );
    expect(lastDailyMoment('17:30', sh('2026-03-10T17:30:00')).toISOString()).toBe(
      sh('2026-03-10T17:30:00').toISOString(),
    );
    // 00:30 in Shanghai is the previous UTC day: still the same Shanghai date.
    expect(lastDailyMoment('00:15', sh('2026-03-10T00:30:00')).toISOString()).toBe(
      sh('2026-03-10T00:15:00').toISOString(),
    );
    const daily = { name: 'x', dailyAt: '17:30', run: async () => null };
    expect(isDue(daily, null, sh('2026-03-10T09:00:00'))).toBe(true);
    expect(isDue(daily, sh('2026-03-09T17:31:00'), sh('2026-03-10T17:29:00'))).toBe(false);
    expect(isDue(daily, sh('2026-03-09T17:31:00'), sh('2026-03-10T17:31:00'))).toBe(true);
    // A start after a missed 17:30 catches up.
    expect(isDue(daily, sh('2026-03-08T17:30:00'), sh('2026-03-10T09:00:00'))).toBe(true);
    const every = { name: 'y', everyMs: 60_000, run: async () => null };
    expect(isDue(every, sh('2026-03-10T09:00:00'), sh('2026-03-10T09:00:59'))).toBe(false);
    expect(isDue(every, sh('2026-03-10T09:00:00'), sh('2026-03-10T09:01:00'))).toBe(true);
  });
});

/** A second server process on the same database: its own pool, calendar and outbox. */
async function secondProcess(t: TestApp): Promise<AppContext & { close(): Promise<void> }> {
  const name = (await sql<{ db: string }>`SELECT current_database() AS db`.execute(t.ctx.db)).rows[0]!.db;
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString());
  const ctx = createContext(database, testConfig(), () => t.ctx.now());
  await ctx.calendar.reload();
  return { ...ctx, close: () => database.close() };
}

describe.each(TEST_ENGINES)('the scheduler on %s', (engine) => {
  let t: TestApp;
  let other: (AppContext & { close(): Promise<void> }) | null = null;
  let s: Record<'county_clerk' | 'approver', Session>;

  beforeAll(async () => {
    t = await createTestApp({ engine });
    if (engine === 'postgres') other = await secondProcess(t);
    s = await sessions(t, (u) => signInAs(t.app, u), ['county_clerk', 'approver'] as const);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  /** Two runs at once: on PostgreSQL from two "processes", on PGlite from the one process it has. */
  const twice = (name: string) => Promise.all([runJobNow(t.ctx, name), runJobNow(other ?? t.ctx, name)]);

  it('never runs the same job twice at once', async () => {
    let running = 0;
    let runs = 0;
    let overlap = false;
    registerJob({
      name: `test.slow.${engine}`,
      everyMs: 60_000,
      async run() {
        running++;
        runs++;
        if (running > 1) overlap = true;
        await new Promise((r) => setTimeout(r, 300));
        running--;
        return { runs };
      },
    });
    const outcomes = await twice(`test.slow.${engine}`);
    expect(runs).toBe(1);
    expect(overlap).toBe(false);
    expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
    expect(outcomes.find((o) => !o.ran)).toMatchObject({
      reason: engine === 'postgres' ? 'locked' : 'running',
    });
    const row = await t.ctx.db
      .selectFrom('job_runs')
      .selectAll()
      .where('name', '=', `test.slow.${engine}`)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ last_status: 'ok', last_result: { runs: 1 } });
  });

  it('does the sweeper work once when it runs twice at once', async () => {
    const food = await demoItem(t, '食品经营许可');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await register(t, s.county_clerk, food, sh('2026-03-10T09:00:00'));
      await act(t, s.county_clerk, c.id, 'accept', {}, sh('2026-03-10T10:00:00'));
      ids.push(c.id);
    }
    // By Monday 16 March each case's decision clock is yellow and its 3-day review step yellow then red.
    t.setNow(sh('2026-03-16T08:00:00'));
    const outcomes = await twice(LIGHTS_JOB);
    const ran = outcomes.filter((o) => o.ran && o.ok) as { result: { changed: number } }[];
    expect(ran.length).toBeGreaterThanOrEqual(1);
    expect(ran.reduce((n, o) => n + o.result.changed, 0)).toBe(6);
    const warnings = await t.ctx.db
      .selectFrom('case_warnings')
      .select(['case_id', 'clock_key', 'kind'])
      .where('case_id', 'in', ids)
      .execute();
    expect(warnings).toHaveLength(9);
    const messages = await t.ctx.db
      .selectFrom('notifications')
      .select('id')
      .where('case_id', 'in', ids)
      .where('template', '=', 'warning')
      .execute();
    // One approver at the department: one message per clock.
    expect(messages).toHaveLength(6);
    const again = await runJobNow(t.ctx, LIGHTS_JOB);
    expect(again).toMatchObject({ ran: true, ok: true, result: { changed: 0, warnings: 0 } });
  });

  it('runs the daily summary once a day at its time, across processes', async () => {
    const when = async (local: string, ctx: AppContext = t.ctx) => {
      t.setNow(sh(local));
      return runJob(ctx, DAILY_SUMMARY_JOB);
    };
    await t.ctx.db.deleteFrom('job_runs').where('name', '=', DAILY_SUMMARY_JOB).execute();
    expect(await when('2026-03-10T17:31:00')).toMatchObject({
      ran: true,
      ok: true,
      result: { day: '2026-03-10' },
    });
    expect(await when('2026-03-10T17:45:00', other ?? t.ctx)).toMatchObject({
      ran: false,
      reason: 'not_due',
    });
    expect(await when('2026-03-11T17:29:00')).toMatchObject({ ran: false, reason: 'not_due' });
    expect(await when('2026-03-11T17:30:00', other ?? t.ctx)).toMatchObject({ ran: true, ok: true });
    const stored = await t.ctx.db
      .selectFrom('daily_summaries')
      .select(['day'])
      .where('org_code', '=', '511723-1')
      .orderBy('day')
      .execute();
    expect(stored.map((r) => r.day)).toEqual(['2026-03-10', '2026-03-11']);
  });
});
