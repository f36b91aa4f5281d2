import { describe, expect, it } from 'vitest';
import { chineseDaysSchedules } from './chinese-days-schedules.ts';
import {
  addNaturalDays,
  endOfShanghaiDay,
  epochDayOf,
  isIsoDate,
  isIsoInstant,
  isoDateOfEpochDay,
  parseInstant,
  shanghaiDateOf,
  yearOfEpochDay,
} from './dates.ts';
import { CalendarInputError, CalendarYearNotLoadedError, WorkingCalendar } from './working-calendar.ts';

const calendar = new WorkingCalendar(chineseDaysSchedules([2024, 2025, 2026]));

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function expectNotLoaded(fn: () => unknown, year: number): void {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(CalendarYearNotLoadedError);
  expect(error).toMatchObject({ code: 'calendar.year_not_loaded', year });
}

function expectBadInput(fn: () => unknown, field: string): void {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(CalendarInputError);
  expect(error).toMatchObject({ code: 'calendar.invalid_input', field });
}

describe('dates', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    for (const bad of [
      '2025-02-29',
      '1900-02-29',
      '2025-13-01',
      '2025-00-10',
      '2025-04-31',
      '2025-9-1',
      ' 2025-01-01',
    ]) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
    expect(isIsoDate('2025-01-0x')).toBe(false);
    expect(isIsoDate(20250101)).toBe(false);
  });

  it('round-trips epoch days', () => {
    expect(epochDayOf('1970-01-01')).toBe(0);
    expect(epochDayOf('2025-10-30')).toBe(20391);
    for (let day = -700_000; day < 2_900_000; day += 997) {
      const iso = isoDateOfEpochDay(day);
      expect(epochDayOf(iso)).toBe(day);
      expect(yearOfEpochDay(day)).toBe(Number(iso.slice(0, 4)));
    }
  });

  it('converts instants to Shanghai dates at the +08:00 midnight', () => {
    expect(shanghaiDateOf(new Date('2025-09-30T15:59:59.999Z'))).toBe('2025-09-30');
    expect(shanghaiDateOf(new Date('2025-09-30T16:00:00.000Z'))).toBe('2025-10-01');
    expect(endOfShanghaiDay('2025-10-30').toISOString()).toBe('2025-10-30T15:59:59.999Z');
    expectBadInput(() => shanghaiDateOf(new Date(Number.NaN)), 'instant');
    expectBadInput(() => endOfShanghaiDay('2025-10-32'), 'date');
  });

  it('adds natural days across months and years', () => {
    expect(addNaturalDays('2024-12-25', 10)).toBe('2025-01-04');
    expect(addNaturalDays('2024-03-01', -1)).toBe('2024-02-29');
    expectBadInput(() => addNaturalDays('2024-03-01', 0.5), 'n');
  });

  it('parses ISO instants only with an explicit offset', () => {
    expect(parseInstant('2025-10-01T10:00:00+08:00')).toBe(Date.parse('2025-10-01T02:00:00Z'));
    expect(parseInstant('2025-10-01T02:00:00.123Z')).toBe(Date.parse('2025-10-01T02:00:00.123Z'));
    expect(parseInstant('2025-10-01T02:00Z')).toBe(Date.parse('2025-10-01T02:00:00Z'));
    expect(parseInstant('2025-10-01T02:00:00.123456Z')).toBe(Date.parse('2025-10-01T02:00:00.123Z'));
    expect(parseInstant('2025-10-01T02:00:00-05:30')).toBe(Date.parse('2025-10-01T07:30:00Z'));
    for (const bad of [
      '2025-10-01T10:00:00',
      '2025-10-01',
      '2025-10-01 10:00:00Z',
      '2025-10-01T24:00:00Z',
      '2025-10-01T10:60:00Z',
      '2025-02-30T10:00:00Z',
      '2025-10-01T10:00:00.Z',
      '2025-10-01T10:00:00+0800',
      '2025-10-01T10:00:00Zjunk',
    ]) {
      expect(isIsoInstant(bad), bad).toBe(false);
    }
  });
});

describe('WorkingCalendar', () => {
  it('lists the loaded years', () => {
    expect(calendar.loadedYears()).toEqual([2024, 2025, 2026]);
    expect(calendar.isYearLoaded(2027)).toBe(false);
    expect(calendar.scheduleSource(2025)).toBe('国务院办公厅关于2025年部分节假日安排的通知 (chinese-days)');
  });

  it('classifies the days of the 2025 National Day period', () => {
    expect(calendar.dayKind('2025-09-26')).toBe('workday');
    expect(calendar.dayKind('2025-09-27')).toBe('weekend');
    expect(calendar.dayKind('2025-09-28')).toBe('adjusted_workday');
    expect(calendar.dayKind('2025-10-01')).toBe('holiday');
    expect(calendar.dayKind('2025-10-04')).toBe('holiday'); // a Saturday inside the holiday
    expect(calendar.dayKind('2025-10-08')).toBe('holiday');
    expect(calendar.dayKind('2025-10-11')).toBe('adjusted_workday');
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-08')).toBe(false);
  });

  it('counts 20 working days from 2025-09-26 to 2025-10-30 across National Day', () => {
    expect(calendar.addWorkingDays('2025-09-26', 20)).toBe('2025-10-30');
    expect(calendar.workingDaysBetween('2025-09-26', '2025-10-30')).toBe(20);
    expect(calendar.addWorkingDays('2025-09-26', 1)).toBe('2025-09-28');
    expect(calendar.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(calendar.nextWorkingDay('2025-10-01')).toBe('2025-10-09');
  });

  it('handles the 2026 Spring Festival (2/15–2/23 off, Saturdays 2/14 and 2/28 worked)', () => {
    expect(calendar.dayKind('2026-02-14')).toBe('adjusted_workday');
    expect(calendar.dayKind('2026-02-15')).toBe('holiday');
    expect(calendar.dayKind('2026-02-23')).toBe('holiday');
    expect(calendar.dayKind('2026-02-28')).toBe('adjusted_workday');
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    expect(calendar.addWorkingDays('2026-02-10', 5)).toBe('2026-02-24');
    expect(calendar.nextWorkingDay('2026-02-15')).toBe('2026-02-24');
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-28')).toBe(6);
    expect(calendar.workingDaysBetween('2026-02-14', '2026-02-23')).toBe(0);
    expect(calendar.addWorkingDays('2026-02-24', 4)).toBe('2026-02-28');
  });

  it('returns the day itself for n = 0 only when it is a working day', () => {
    expect(calendar.addWorkingDays('2026-02-24', 0)).toBe('2026-02-24');
    expect(calendar.addWorkingDays('2026-02-14', 0)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-15', 0)).toBe('2026-02-24');
    expect(calendar.addWorkingDays('2025-09-27', 0)).toBe('2025-09-28');
  });

  it('counts working days between two dates, antisymmetrically', () => {
    expect(calendar.workingDaysBetween('2025-10-30', '2025-10-30')).toBe(0);
    expect(calendar.workingDaysBetween('2025-10-30', '2025-09-26')).toBe(-20);
    expect(calendar.workingDaysBetween('2024-01-01', '2024-12-31')).toBe(
      calendar.yearDays(2024).filter((d) => d.kind === 'workday' || d.kind === 'adjusted_workday').length,
    );
  });

  it('adds natural days without needing a schedule', () => {
    expect(calendar.addNaturalDays('2025-09-30', 7)).toBe('2025-10-07');
    expect(calendar.addNaturalDays('2027-06-01', 1)).toBe('2027-06-02');
  });

  it('gives the same-day deadline of an on-the-spot item', () => {
    expect(calendar.sameDayDeadline(new Date('2025-09-30T22:00:00+08:00')).toISOString()).toBe(
      '2025-09-30T15:59:59.999Z',
    );
    // 00:30 in Shanghai on 1 October is still 30 September in UTC.
    expect(calendar.sameDayDeadline(new Date('2025-09-30T16:30:00Z')).toISOString()).toBe(
      '2025-10-09T15:59:59.999Z',
    );
    expect(calendar.sameDayDeadline(new Date('2026-02-14T09:00:00+08:00')).toISOString()).toBe(
      '2026-02-14T15:59:59.999Z',
    );
  });

  it('lists every day of a year with its kind and holiday name', () => {
    const days2024 = calendar.yearDays(2024);
    const days2025 = calendar.yearDays(2025);
    expect(days2024).toHaveLength(366);
    expect(days2025).toHaveLength(365);
    expect(days2025[0]).toEqual({ date: '2025-01-01', kind: 'holiday', name: '元旦' });
    expect(days2025.find((d) => d.date === '2025-09-28')).toEqual({
      date: '2025-09-28',
      kind: 'adjusted_workday',
      name: '国庆节',
    });
    expect(days2025.find((d) => d.date === '2025-09-27')).toEqual({ date: '2025-09-27', kind: 'weekend' });
    expect(days2025.at(-1)?.date).toBe('2025-12-31');
  });

  it('throws CalendarYearNotLoadedError for 2027 instead of guessing weekdays', () => {
    expectNotLoaded(() => calendar.addWorkingDays('2026-12-20', 20), 2027);
    expectNotLoaded(() => calendar.dayKind('2027-01-04'), 2027);
    expectNotLoaded(() => calendar.isWorkingDay('2027-01-04'), 2027);
    expectNotLoaded(() => calendar.workingDaysBetween('2026-12-01', '2027-01-10'), 2027);
    expectNotLoaded(() => calendar.yearDays(2027), 2027);
    expectNotLoaded(() => calendar.nextWorkingDay('2026-12-31'), 2027);
    expectNotLoaded(() => calendar.sameDayDeadline(new Date('2027-01-04T09:00:00+08:00')), 2027);
    const error = thrown(() => calendar.addWorkingDays('2026-12-31', 1)) as Error;
    expect(error.message).toContain('2027');
  });

  it('needs only the days a query looks at', () => {
    expect(calendar.addWorkingDays('2023-12-31', 1)).toBe('2024-01-02');
    expect(calendar.workingDaysBetween('2023-12-31', '2024-01-05')).toBe(4);
    expectNotLoaded(() => calendar.addWorkingDays('2023-12-30', 1), 2023);
    expectNotLoaded(() => calendar.addWorkingDays('2023-12-31', 0), 2023);
    expectNotLoaded(() => calendar.dayKind('2023-12-31'), 2023);
  });

  it('refuses to count across a year missing between loaded years', () => {
    const gappy = new WorkingCalendar(chineseDaysSchedules([2026, 2024]));
    expect(gappy.loadedYears()).toEqual([2024, 2026]);
    expect(gappy.addWorkingDays('2024-09-30', 3)).toBe('2024-10-10');
    expect(gappy.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    expectNotLoaded(() => gappy.addWorkingDays('2024-12-20', 20), 2025);
    expectNotLoaded(() => gappy.addWorkingDays('2024-12-31', 1), 2025);
    expectNotLoaded(() => gappy.workingDaysBetween('2024-12-01', '2026-01-10'), 2025);
    expectNotLoaded(() => gappy.dayKind('2025-05-01'), 2025);
    expectNotLoaded(() => gappy.addWorkingDays('2026-12-31', 1), 2027);
    expect(gappy.workingDaysBetween('2025-12-31', '2026-01-06')).toBe(3); // Sunday 1/4 is worked
  });

  it('throws for every query on an empty calendar', () => {
    const empty = new WorkingCalendar([]);
    expect(empty.loadedYears()).toEqual([]);
    expectNotLoaded(() => empty.addWorkingDays('2025-01-01', 1), 2025);
    expectNotLoaded(() => empty.dayKind('2025-01-01'), 2025);
    expectNotLoaded(() => empty.workingDaysBetween('2025-01-01', '2025-01-02'), 2025);
  });

  it('rejects bad arguments with the argument named', () => {
    expectBadInput(() => calendar.addWorkingDays('2025-02-29', 1), 'date');
    expectBadInput(() => calendar.addWorkingDays('2025-9-1', 1), 'date');
    expectBadInput(() => calendar.addWorkingDays('2025-09-01', -1), 'n');
    expectBadInput(() => calendar.addWorkingDays('2025-09-01', 1.5), 'n');
    expectBadInput(() => calendar.addWorkingDays('2025-09-01', Number.NaN), 'n');
    expectBadInput(() => calendar.addNaturalDays('2025-09-01', -3), 'n');
    expectBadInput(() => calendar.workingDaysBetween('x', '2025-01-01'), 'from');
    expectBadInput(() => calendar.workingDaysBetween('2025-01-01', '2025-01-32'), 'to');
    expectBadInput(() => calendar.dayKind('20250101'), 'date');
    expectBadInput(() => calendar.sameDayDeadline(new Date('nope')), 'instant');
    expectBadInput(() => calendar.yearDays(2025.5), 'year');
  });

  it('rejects invalid or duplicate schedules when built', () => {
    expectBadInput(
      () =>
        new WorkingCalendar([{ year: 2025, source: 'x', days: [{ date: '2025-02-30', kind: 'holiday' }] }]),
      'schedules[0].days[0].date',
    );
    const [schedule2025] = chineseDaysSchedules([2025]);
    expectBadInput(() => new WorkingCalendar([schedule2025!, schedule2025!]), 'schedules[1].year');
  });

  it('refuses to convert a year chinese-days does not carry', () => {
    expectBadInput(() => chineseDaysSchedules([2025, 2099]), 'years[1]');
  });
});
