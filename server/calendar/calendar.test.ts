import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chineseDaysSchedules } from '../../core/calendar/index.ts';
import { licensingDecisionClock } from '../../core/clock/index.ts';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, type TestApp } from '../../test/server.ts';
import { scheduleFromIcs } from './ics.ts';

const require = createRequire(import.meta.url);
const ics2025 = readFileSync(require.resolve('chinese-days/dist/years/2025.ics'), 'utf8');

describe('iCalendar import', () => {
  it('reads the published 2025 calendar into the same days as the package data', () => {
    const fromIcs = scheduleFromIcs(ics2025, 2025, 'ics') as { days: { date: string; kind: string }[] };
    const expected = chineseDaysSchedules([2025])[0]!.days.map((d) => `${d.date} ${d.kind}`);
    expect(fromIcs.days.map((d) => `${d.date} ${d.kind}`).sort()).toEqual(expected.sort());
  });

  it('refuses an event marked neither 休 nor 班', () => {
    const text = ics2025
      .replace('SUMMARY:元旦(休)', 'SUMMARY:元旦')
      .replace(/DESCRIPTION:休\r?\n/, '')
      .replace(/X-APPLE-SPECIAL-DAY:WORK-HOLIDAY\r?\n/, '');
    expect(() => scheduleFromIcs(text, 2025, 'ics')).toThrow(
      expect.objectContaining({ code: 'calendar.ics_event_unknown' }),
    );
  });
});

describe.each(TEST_ENGINES)('calendar API on %s', (engine) => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp({ engine });
    admin = await signInAs(t.app, 'admin');
  });
  afterAll(() => t?.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const put = (year: number, payload: unknown, s: Session = admin, contentType = 'application/json') =>
    t.app.inject({
      method: 'PUT',
      url: `/api/calendar/${year}${contentType === 'text/calendar' ? '?source=国办发明电〔2024〕12号' : ''}`,
      headers: { ...s.headers, 'content-type': contentType },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it('seeds 2024–2026 on first start', async () => {
    const res = await get('/api/calendar');
    expect(res.json().items.map((y: { year: number }) => y.year)).toEqual([2024, 2025, 2026]);
  });

  it('gives the legally right deadline, publicly', async () => {
    const cases = [
      ['2025-09-26', 20, '2025-10-30'], // across National Day 2025, 9/28 and 10/11 worked
      ['2025-09-30', 1, '2025-10-09'],
      ['2025-09-27', 1, '2025-09-28'], // Saturday → the working Sunday
      ['2026-02-13', 1, '2026-02-14'], // the working Saturday before the 2026 Spring Festival
      ['2026-02-14', 1, '2026-02-24'],
      ['2026-02-13', 5, '2026-02-27'],
      ['2026-02-13', 6, '2026-02-28'],
    ] as const;
    for (const [from, n, deadline] of cases) {
      const res = await get(`/api/calendar/deadline?from=${from}&workingDays=${n}`);
      expect(res.statusCode, `${from}+${n}`).toBe(200);
      expect(res.json()).toEqual({ from, workingDays: n, deadline });
    }
  });

  it('lists every day of a year with its kind', async () => {
    const res = await get('/api/calendar/2025');
    const days = res.json().days as { date: string; kind: string; name?: string }[];
    expect(days).toHaveLength(365);
    const byDate = new Map(days.map((d) => [d.date, d]));
    expect(byDate.get('2025-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节' });
    expect(byDate.get('2025-09-28')).toMatchObject({ kind: 'adjusted_workday' });
    expect(byDate.get('2025-09-27')?.kind).toBe('weekend');
    expect(byDate.get('2025-09-26')?.kind).toBe('workday');
  });

  it('refuses a year that is not loaded, by name', async () => {
    const res = await get('/api/calendar/deadline?from=2026-12-20&workingDays=20');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'calendar.year_not_loaded', year: 2027 });
    expect(res.json().detail).toContain('2027');
    expect((await get('/api/calendar/2027')).json().code).toBe('calendar.year_not_loaded');
  });

  it('refuses malformed dates and counts with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['from=2025-13-01&workingDays=1', 'from'],
      ['from=2025-02-30&workingDays=1', 'from'],
      ['from=20250101&workingDays=1', 'from'],
      ['from=2025-01-01&workingDays=-1', 'workingDays'],
      ['from=2025-01-01&workingDays=1.5', 'workingDays'],
      ['from=2025-01-01', 'workingDays'],
    ]) {
      const res = await get(`/api/calendar/deadline?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().errors[0].field, query).toBe(field);
    }
  });

  it('lets a root admin load a new year as JSON, audited, and uses it at once', async () => {
    const days2027 = [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'holiday', name: '春节' },
      { date: '2027-02-07', kind: 'holiday', name: '春节' },
      { date: '2027-02-08', kind: 'holiday', name: '春节' },
      { date: '2027-02-20', kind: 'adjusted_workday', name: '春节' },
    ];
    const res = await put(2027, { source: '测试通知（2027）', days: days2027 });
    expect(res.statusCode).toBe(200);
    const deadline = await get('/api/calendar/deadline?from=2026-12-20&workingDays=20');
    expect(deadline.statusCode).toBe(200);
    expect(deadline.json().deadline).toBe('2027-01-18');
    const audit = await t.app.inject({
      method: 'GET',
      url: '/api/audit?action=calendar.load_year',
      headers: { cookie: admin.cookie },
    });
    expect(audit.json().items[0]).toMatchObject({ entityId: '2027', after: { source: '测试通知（2027）' } });
  });

  it('loads a year from an .ics file', async () => {
    const res = await put(2025, ics2025, admin, 'text/calendar');
    expect(res.statusCode).toBe(200);
    expect(res.json().source).toBe('国办发明电〔2024〕12号');
    expect((await get('/api/calendar/deadline?from=2025-09-26&workingDays=20')).json().deadline).toBe(
      '2025-10-30',
    );
  });

  it('refuses bad year files and stores nothing', async () => {
    const before = (await get('/api/calendar/2026')).json();
    const bad: [unknown, string][] = [
      [{ source: 'x', days: [{ date: '2025-10-01', kind: 'holiday' }] }, 'days[0].date'], // outside the year
      [
        {
          source: 'x',
          days: [
            { date: '2026-10-01', kind: 'holiday' },
            { date: '2026-10-01', kind: 'adjusted_workday' },
          ],
        },
        'days[1].date',
      ],
      [{ source: 'x', days: [{ date: '2026-02-30', kind: 'holiday' }] }, 'days[0].date'],
      [{ source: 'x', days: [{ date: '2026-10-01', kind: 'vacation' }] }, 'days[0].kind'],
      [{ days: [] }, 'source'],
    ];
    for (const [payload, field] of bad) {
      const res = await put(2026, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await get('/api/calendar/2026')).json()).toEqual(before);
  });

  it('lets only a root administrator change the calendar', async () => {
    const township = await signInAs(t.app, 'xinning_admin');
    const res = await put(2026, { source: 'x', days: [] }, township);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('calendar.root_admin_required');
    expect(
      (await t.app.inject({ method: 'PUT', url: '/api/calendar/2026', payload: { source: 'x', days: [] } }))
        .statusCode,
    ).toBe(401);
  });

  it('evaluates a clock with a pause and an extension', async () => {
    const clock = {
      ...licensingDecisionClock('2025-09-26T02:00:00Z'),
      pauses: [
        {
          from: '2025-10-09T02:00:00Z',
          to: '2025-10-13T02:00:00Z',
          reason: 'special_procedure',
          procedureKind: '检测',
        },
      ],
      extensions: [{ days: 10, approvedBy: '王县长', reason: '需现场核查', at: '2025-10-20T02:00:00Z' }],
    };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/clock/evaluate',
      payload: { clock, at: '2025-10-20T02:00:00Z' },
    });
    expect(res.statusCode).toBe(200);
    // 20 + 10 working days from 9/26 (the 30th is 11/13), plus the three working days the pause suspended
    // (10/10 Fri, 10/11 the working Saturday, 10/13 Mon): 11/14, 11/17, 11/18.
    expect(res.json()).toMatchObject({
      unit: 'working_days',
      total: 30,
      deadlineDate: '2025-11-18',
      deadline: '2025-11-18T15:59:59.999Z',
      paused: false,
      light: 'green',
    });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/clock/evaluate',
      payload: { clock: { ...clock, extensions: [{ days: 10, reason: 'x', at: '2025-10-20T02:00:00Z' }] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('clock.extensions[0].approvedBy');
  });
});
