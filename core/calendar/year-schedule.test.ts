import { describe, expect, it } from 'vitest';
import { chineseDaysSchedules } from './chinese-days-schedules.ts';
import { validateYearSchedule } from './year-schedule.ts';

function errorsOf(input: unknown) {
  const result = validateYearSchedule(input);
  if (result.ok) throw new Error('expected validation to fail');
  return result.errors.map(({ field, code }) => ({ field, code }));
}

describe('validateYearSchedule', () => {
  it('accepts the published schedules and sorts a clean copy', () => {
    for (const schedule of chineseDaysSchedules([2024, 2025, 2026])) {
      const result = validateYearSchedule(schedule);
      expect(result.ok).toBe(true);
    }
    const result = validateYearSchedule({
      year: 2025,
      source: '  国务院办公厅通知  ',
      days: [
        { date: '2025-10-11', kind: 'adjusted_workday', name: '国庆节' },
        { date: '2025-10-01', kind: 'holiday', name: '国庆节', extra: 'dropped' },
        { date: '2025-10-01', kind: 'holiday' },
      ],
      extra: true,
    });
    expect(result).toEqual({
      ok: true,
      value: {
        year: 2025,
        source: '国务院办公厅通知',
        days: [
          { date: '2025-10-01', kind: 'holiday', name: '国庆节' },
          { date: '2025-10-11', kind: 'adjusted_workday', name: '国庆节' },
        ],
      },
    });
  });

  it('accepts a year with no holidays or adjusted workdays', () => {
    expect(validateYearSchedule({ year: 2030, source: 'x', days: [] })).toEqual({
      ok: true,
      value: { year: 2030, source: 'x', days: [] },
    });
  });

  it('rejects a year outside 1949..2200 or not an integer', () => {
    for (const year of [1948, 2201, 2025.5, '2025', null]) {
      expect(errorsOf({ year, source: 'x', days: [] })).toEqual([
        { field: 'year', code: 'calendar.year_invalid' },
      ]);
    }
    expect(validateYearSchedule({ year: 1949, source: 'x', days: [] }).ok).toBe(true);
    expect(validateYearSchedule({ year: 2200, source: 'x', days: [] }).ok).toBe(true);
  });

  it('rejects malformed dates', () => {
    expect(
      errorsOf({
        year: 2025,
        source: 'x',
        days: [
          { date: '2025-10-01', kind: 'holiday' },
          { date: '2025-02-29', kind: 'holiday' },
          { date: '2025-1-2', kind: 'holiday' },
          { date: 20251001, kind: 'holiday' },
        ],
      }),
    ).toEqual([
      { field: 'days[1].date', code: 'calendar.date_invalid' },
      { field: 'days[2].date', code: 'calendar.date_invalid' },
      { field: 'days[3].date', code: 'calendar.date_invalid' },
    ]);
  });

  it('rejects a date outside its year', () => {
    expect(
      errorsOf({ year: 2025, source: 'x', days: [{ date: '2026-01-01', kind: 'holiday', name: '元旦' }] }),
    ).toEqual([{ field: 'days[0].date', code: 'calendar.date_outside_year' }]);
  });

  it('rejects a date listed both as holiday and as workday', () => {
    const result = validateYearSchedule({
      year: 2025,
      source: 'x',
      days: [
        { date: '2025-10-01', kind: 'holiday' },
        { date: '2025-10-02', kind: 'holiday' },
        { date: '2025-10-01', kind: 'adjusted_workday' },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ field: 'days[2].date', code: 'calendar.date_conflict' });
    expect(result.errors[0]?.message).toContain('days[0]');
  });

  it('rejects unknown kinds, bad names and a missing source or day list', () => {
    expect(
      errorsOf({
        year: 2025,
        source: '',
        days: [
          { date: '2025-10-01', kind: 'day_off' },
          { date: '2025-10-02', kind: 'holiday', name: 3 },
          'x',
        ],
      }),
    ).toEqual([
      { field: 'source', code: 'calendar.schedule_invalid' },
      { field: 'days[0].kind', code: 'calendar.day_kind_invalid' },
      { field: 'days[1].name', code: 'calendar.schedule_invalid' },
      { field: 'days[2]', code: 'calendar.schedule_invalid' },
    ]);
    expect(errorsOf({ year: 2025, source: 'x' })).toEqual([
      { field: 'days', code: 'calendar.schedule_invalid' },
    ]);
    expect(errorsOf([])).toEqual([{ field: '$', code: 'calendar.schedule_invalid' }]);
    expect(errorsOf(null)).toEqual([{ field: '$', code: 'calendar.schedule_invalid' }]);
  });

  it('reports messages in Chinese', () => {
    const result = validateYearSchedule({
      year: 2025,
      source: 'x',
      days: [{ date: '2026-01-01', kind: 'holiday' }],
    });
    expect(result.ok ? '' : result.errors[0]?.message).toMatch(/不在 2025 年内/);
  });
});
