import { describe, expect, it } from 'vitest';
import { chineseDaysSchedules } from '../calendar/chinese-days-schedules.ts';
import {
  CalendarInputError,
  CalendarYearNotLoadedError,
  WorkingCalendar,
} from '../calendar/working-calendar.ts';
import {
  type Clock,
  type ClockPause,
  evaluateClock,
  extendClock,
  pauseClock,
  resumeClock,
  stopClock,
  validateClock,
} from './clock.ts';

const calendar = new WorkingCalendar(chineseDaysSchedules([2024, 2025, 2026]));

/** Shanghai wall-clock time, as staff would read it. */
const sh = (local: string) => `${local}+08:00`;
const at = (local: string) => new Date(sh(local));

function clock(overrides: Partial<Clock> = {}): Clock {
  return {
    startedAt: sh('2025-09-26T10:00:00'),
    limit: { value: 20, unit: 'working_days' },
    pauses: [],
    extensions: [],
    ...overrides,
  };
}

/** A 10-working-day clock started Monday 2025-06-09, a stretch without holidays: due Monday 06-23. */
const june = (overrides: Partial<Clock> = {}) =>
  clock({ startedAt: sh('2025-06-09T09:00:00'), limit: { value: 10, unit: 'working_days' }, ...overrides });

const pause = (from: string, to: string | null, reason: ClockPause['reason'] = 'supplement'): ClockPause =>
  to === null ? { from: sh(from), reason } : { from: sh(from), to: sh(to), reason };

const approved = (days: number, when: string) => ({
  days,
  approvedBy: '局长 张三',
  reason: '情况复杂',
  at: sh(when),
});

describe('evaluateClock: working days', () => {
  it('puts the deadline at the end of the 20th working day after the start day', () => {
    const state = evaluateClock(clock(), at('2025-10-15T10:00:00'), calendar);
    expect(state).toEqual({
      deadline: '2025-10-30T15:59:59.999Z',
      deadlineDate: '2025-10-30',
      unit: 'working_days',
      total: 20,
      used: 9,
      left: 11,
      paused: false,
      light: 'green',
      overdueBy: 0,
    });
  });

  it('does not count the start day even when started late at night', () => {
    const lateNight = clock({ startedAt: '2025-09-26T15:59:00Z' }); // 23:59 in Shanghai
    expect(evaluateClock(lateNight, at('2025-10-15T10:00:00'), calendar).deadlineDate).toBe('2025-10-30');
    const afterMidnight = clock({ startedAt: '2025-09-26T16:01:00Z' }); // Saturday 00:01 in Shanghai
    expect(evaluateClock(afterMidnight, at('2025-10-15T10:00:00'), calendar).deadlineDate).toBe('2025-10-30');
  });

  it('runs across the 2026 Spring Festival', () => {
    const c = clock({ startedAt: sh('2026-02-10T09:00:00'), limit: { value: 5, unit: 'working_days' } });
    const onHoliday = evaluateClock(c, at('2026-02-18T10:00:00'), calendar);
    expect(onHoliday.deadlineDate).toBe('2026-02-24');
    expect(onHoliday.used).toBe(4); // 2/11, 2/12, 2/13 and the worked Saturday 2/14
    expect(onHoliday.light).toBe('yellow');
    expect(evaluateClock(c, at('2026-02-25T09:00:00'), calendar)).toMatchObject({
      light: 'red',
      used: 6,
      overdueBy: 1,
    });
  });

  it('suspends no working days for a pause that starts and ends on holidays', () => {
    const c = clock({ pauses: [pause('2025-10-02T10:00:00', '2025-10-06T10:00:00')] });
    expect(evaluateClock(c, at('2025-10-15T10:00:00'), calendar)).toMatchObject({
      deadlineDate: '2025-10-30',
      used: 9,
    });
  });

  it('suspends the working days after the day a pause starts up to the day it ends', () => {
    // (10/05, 10/10] holds the working days 10/09 and 10/10.
    const c = clock({ pauses: [pause('2025-10-05T10:00:00', '2025-10-10T10:00:00')] });
    expect(evaluateClock(c, at('2025-10-15T10:00:00'), calendar)).toMatchObject({
      deadlineDate: '2025-11-03',
      used: 7,
      left: 13,
      paused: false,
    });
  });

  it('adds an extension on top of a pause', () => {
    const c = clock({
      pauses: [pause('2025-10-05T10:00:00', '2025-10-10T10:00:00')],
      extensions: [approved(10, '2025-10-20T10:00:00')],
      maxExtensionDays: 10,
    });
    expect(evaluateClock(c, at('2025-10-25T10:00:00'), calendar)).toMatchObject({
      deadlineDate: '2025-11-17',
      total: 30,
      used: 14,
      left: 16,
    });
    // Before it was granted, the extension is not part of the clock.
    expect(evaluateClock(c, at('2025-10-17T10:00:00'), calendar)).toMatchObject({
      deadlineDate: '2025-11-03',
      total: 20,
    });
  });

  it('throws for a deadline in a year whose schedule is not loaded (2027)', () => {
    const c = clock({ startedAt: sh('2026-12-15T10:00:00') });
    let error: unknown;
    try {
      evaluateClock(c, at('2026-12-20T10:00:00'), calendar);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CalendarYearNotLoadedError);
    expect(error).toMatchObject({ code: 'calendar.year_not_loaded', year: 2027 });
  });
});

describe('evaluateClock: lights', () => {
  it('is green, then yellow at 80% used, then yellow at one day left, then red after the deadline day', () => {
    expect(evaluateClock(june(), at('2025-06-16T10:00:00'), calendar)).toMatchObject({
      used: 5,
      light: 'green',
    });
    expect(evaluateClock(june(), at('2025-06-19T10:00:00'), calendar)).toMatchObject({
      used: 8,
      left: 2,
      light: 'yellow',
    });
    expect(evaluateClock(june(), at('2025-06-23T23:00:00'), calendar)).toMatchObject({
      left: 0,
      light: 'yellow',
      overdueBy: 0,
    });
    expect(evaluateClock(june(), at('2025-06-24T00:00:00'), calendar)).toMatchObject({
      used: 11,
      left: -1,
      light: 'red',
      overdueBy: 1,
    });
  });

  it('turns yellow at one day left on its own when the ratio is not reached', () => {
    const c = june({ thresholds: { yellowWhenUsedRatio: 1 } });
    expect(evaluateClock(c, at('2025-06-19T10:00:00'), calendar).light).toBe('green');
    expect(evaluateClock(c, at('2025-06-20T10:00:00'), calendar)).toMatchObject({ left: 1, light: 'yellow' });
  });

  it('follows custom thresholds', () => {
    const c = june({ thresholds: { yellowWhenLeftAtMost: 5, yellowWhenUsedRatio: 0.9 } });
    expect(evaluateClock(c, at('2025-06-13T10:00:00'), calendar)).toMatchObject({ left: 6, light: 'green' });
    expect(evaluateClock(c, at('2025-06-16T10:00:00'), calendar)).toMatchObject({ left: 5, light: 'yellow' });
  });

  it('is red but zero working days overdue on the weekend after a Friday deadline', () => {
    const c = june({ limit: { value: 9, unit: 'working_days' } }); // due Friday 06-20
    expect(evaluateClock(c, at('2025-06-21T10:00:00'), calendar)).toMatchObject({
      deadlineDate: '2025-06-20',
      light: 'red',
      left: 0,
      overdueBy: 0,
    });
  });

  it('stays green during a pause that began while green, however long it lasts', () => {
    const c = june({ pauses: [pause('2025-06-11T10:00:00', null, 'special_procedure')] });
    expect(evaluateClock(c, at('2025-07-15T10:00:00'), calendar)).toEqual({
      deadline: '2025-07-25T15:59:59.999Z',
      deadlineDate: '2025-07-25', // the projection: 8 working days left, counted from today
      unit: 'working_days',
      total: 10,
      used: 2,
      left: 8,
      paused: true,
      light: 'green',
      overdueBy: 0,
    });
    // Paused on the Friday of the deadline and still waiting on Saturday: the light stays as it was.
    const onDeadline = june({
      limit: { value: 9, unit: 'working_days' },
      pauses: [pause('2025-06-20T10:00:00', null)],
    });
    expect(evaluateClock(onDeadline, at('2025-06-21T10:00:00'), calendar)).toMatchObject({
      paused: true,
      light: 'yellow',
    });
  });

  it('keeps the light it had when the pause began: yellow stays yellow, red stays red', () => {
    const yellow = june({ pauses: [pause('2025-06-19T10:00:00', null)] });
    expect(evaluateClock(yellow, at('2025-07-15T10:00:00'), calendar)).toMatchObject({
      paused: true,
      light: 'yellow',
      used: 8,
    });
    const red = june({ pauses: [pause('2025-06-25T10:00:00', null)] });
    expect(evaluateClock(red, at('2025-07-15T10:00:00'), calendar)).toMatchObject({
      paused: true,
      light: 'red',
      used: 12,
      overdueBy: 2,
    });
  });

  it('resumes counting once the pause is closed', () => {
    const c = june({ pauses: [pause('2025-06-11T10:00:00', '2025-07-15T10:00:00', 'special_procedure')] });
    expect(evaluateClock(c, at('2025-07-16T10:00:00'), calendar)).toMatchObject({
      deadlineDate: '2025-07-25',
      used: 3,
      paused: false,
      light: 'green',
    });
  });

  it('freezes the state when the clock is stopped', () => {
    const early = june({ stoppedAt: sh('2025-06-12T15:00:00') });
    const later = evaluateClock(early, at('2025-12-01T10:00:00'), calendar);
    expect(later).toMatchObject({ used: 3, left: 7, light: 'green', overdueBy: 0 });
    expect(later).toEqual(evaluateClock(early, at('2025-06-12T16:00:00'), calendar));
    const late = june({ stoppedAt: sh('2025-06-25T15:00:00') });
    expect(evaluateClock(late, at('2025-12-01T10:00:00'), calendar)).toMatchObject({
      used: 12,
      light: 'red',
      overdueBy: 2,
    });
  });

  it('ignores pauses that begin after the moment evaluated', () => {
    const c = june({ pauses: [pause('2025-06-30T10:00:00', '2025-07-02T10:00:00')] });
    expect(evaluateClock(c, at('2025-06-16T10:00:00'), calendar)).toMatchObject({
      deadlineDate: '2025-06-23',
      paused: false,
    });
    expect(evaluateClock(c, at('2025-07-01T10:00:00'), calendar)).toMatchObject({
      paused: true,
      light: 'red',
    });
  });
});

describe('evaluateClock: supplement restart (disclosure)', () => {
  // Received Monday 2025-03-03; supplement asked Wednesday 03-05, received Wednesday 03-12.
  const disclosure = (restartOnSupplement: boolean, to: string | null = '2025-03-12T10:00:00') =>
    clock({
      startedAt: sh('2025-03-03T10:00:00'),
      pauses: [pause('2025-03-05T10:00:00', to)],
      restartOnSupplement,
    });

  it('restarts the 20 working days from the day the supplement arrives', () => {
    expect(evaluateClock(disclosure(true), at('2025-03-14T10:00:00'), calendar)).toMatchObject({
      deadlineDate: '2025-04-10', // across Qingming (04-04 off)
      used: 2,
      left: 18,
      paused: false,
    });
  });

  it('only pauses without the restart rule', () => {
    expect(evaluateClock(disclosure(false), at('2025-03-14T10:00:00'), calendar)).toMatchObject({
      deadlineDate: '2025-04-08',
      used: 4,
    });
  });

  it('projects a full limit from today while the supplement is awaited', () => {
    expect(evaluateClock(disclosure(true, null), at('2025-03-14T10:00:00'), calendar)).toMatchObject({
      deadlineDate: '2025-04-14',
      used: 0,
      left: 20,
      paused: true,
      light: 'green',
    });
  });

  it('does not restart on other pauses', () => {
    const c = clock({
      startedAt: sh('2025-03-03T10:00:00'),
      pauses: [pause('2025-03-05T10:00:00', '2025-03-12T10:00:00', 'third_party_consultation')],
      restartOnSupplement: true,
    });
    expect(evaluateClock(c, at('2025-03-14T10:00:00'), calendar).deadlineDate).toBe('2025-04-08');
  });

  it('restarts from the last supplement and still suspends later consultations', () => {
    const c = clock({
      startedAt: sh('2025-03-03T10:00:00'),
      restartOnSupplement: true,
      pauses: [
        pause('2025-03-05T10:00:00', '2025-03-07T10:00:00'),
        pause('2025-03-10T10:00:00', '2025-03-12T10:00:00'),
        pause('2025-03-13T10:00:00', '2025-03-14T10:00:00', 'third_party_consultation'),
      ],
    });
    // From 03-12: 20 working days is 04-10, plus 03-14 suspended.
    expect(evaluateClock(c, at('2025-03-17T10:00:00'), calendar)).toMatchObject({
      deadlineDate: '2025-04-11',
      used: 2,
    });
  });
});

describe('evaluateClock: natural days and hours', () => {
  it('counts natural days, holidays included', () => {
    const c = clock({
      startedAt: sh('2025-09-30T10:00:00'),
      limit: { value: 7, unit: 'natural_days' },
      pauses: [pause('2025-10-02T10:30:00', '2025-10-04T11:00:00', 'third_party_consultation')],
    });
    expect(evaluateClock(c, at('2025-10-05T12:30:00'), calendar)).toMatchObject({
      deadlineDate: '2025-10-09',
      used: 3,
      left: 4,
      light: 'green',
    });
  });

  it('natural days need no loaded schedule', () => {
    const c = clock({ startedAt: sh('2027-03-01T10:00:00'), limit: { value: 7, unit: 'natural_days' } });
    expect(evaluateClock(c, at('2027-03-02T10:00:00'), calendar).deadlineDate).toBe('2027-03-08');
  });

  it('runs an hours clock to the millisecond, holidays included', () => {
    const c = clock({ startedAt: sh('2025-10-01T10:00:00'), limit: { value: 2, unit: 'hours' } });
    expect(evaluateClock(c, at('2025-10-01T10:30:00'), calendar)).toMatchObject({
      deadline: '2025-10-01T04:00:00.000Z',
      deadlineDate: null,
      unit: 'hours',
      used: 0.5,
      left: 1.5,
      light: 'green',
    });
    expect(evaluateClock(c, at('2025-10-01T11:00:00'), calendar)).toMatchObject({ left: 1, light: 'yellow' });
    expect(evaluateClock(c, at('2025-10-01T12:30:00'), calendar)).toMatchObject({
      used: 2.5,
      light: 'red',
      overdueBy: 0.5,
    });
  });

  it('adds the paused duration to an hours clock', () => {
    const c = clock({
      startedAt: sh('2025-10-01T10:00:00'),
      limit: { value: 2, unit: 'hours' },
      pauses: [pause('2025-10-01T10:30:00', '2025-10-01T11:00:00', 'third_party_consultation')],
    });
    expect(evaluateClock(c, at('2025-10-01T12:30:00'), calendar)).toMatchObject({
      deadline: '2025-10-01T04:30:00.000Z',
      used: 2,
      left: 0,
      light: 'yellow',
    });
    const open = clock({
      startedAt: sh('2025-10-01T10:00:00'),
      limit: { value: 24, unit: 'hours' },
      pauses: [pause('2025-10-01T12:00:00', null, 'third_party_consultation')],
    });
    expect(evaluateClock(open, at('2025-10-03T12:00:00'), calendar)).toMatchObject({
      deadline: '2025-10-04T02:00:00.000Z',
      used: 2,
      paused: true,
      light: 'green',
    });
  });

  it('reports zero used before the clock starts', () => {
    expect(evaluateClock(june(), at('2025-06-01T10:00:00'), calendar)).toMatchObject({ used: 0, left: 10 });
  });

  it('throws CalendarInputError for an unvalidated malformed instant', () => {
    expect(() =>
      evaluateClock(clock({ startedAt: 'yesterday' }), at('2025-06-01T10:00:00'), calendar),
    ).toThrow(CalendarInputError);
    expect(() => evaluateClock(clock(), new Date(Number.NaN), calendar)).toThrow(CalendarInputError);
  });
});

describe('validateClock', () => {
  function errorsOf(input: unknown) {
    const result = validateClock(input);
    if (result.ok) throw new Error('expected validation to fail');
    return result.errors.map(({ field, code }) => ({ field, code }));
  }

  it('accepts a full clock and returns a clean copy', () => {
    const input = {
      ...clock({
        pauses: [
          {
            from: sh('2025-10-05T10:00:00'),
            to: sh('2025-10-10T10:00:00'),
            reason: 'special_procedure',
            procedureKind: '鉴定',
          },
          { from: sh('2025-10-13T10:00:00'), to: null, reason: 'supplement', note: '缺营业执照' },
        ],
        extensions: [approved(10, '2025-10-12T10:00:00')],
        maxExtensionDays: 10,
        restartOnSupplement: false,
        thresholds: { yellowWhenLeftAtMost: 2 },
        stoppedAt: null,
        preset: 'licensing_decision',
      }),
      unknown: 'dropped',
    };
    const result = validateClock(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).not.toHaveProperty('unknown');
    expect(result.value.pauses[1]).toEqual({
      from: sh('2025-10-13T10:00:00'),
      reason: 'supplement',
      note: '缺营业执照',
    });
    expect(result.value.maxExtensionDays).toBe(10);
    expect(JSON.parse(JSON.stringify(result.value))).toEqual(result.value);
  });

  it('rejects malformed instants', () => {
    expect(errorsOf(clock({ startedAt: '2025-10-01T10:00:00' }))).toEqual([
      { field: 'startedAt', code: 'clock.instant_invalid' },
    ]);
    expect(errorsOf(clock({ pauses: [{ from: 'soon', reason: 'supplement' }] }))).toEqual([
      { field: 'pauses[0].from', code: 'clock.instant_invalid' },
    ]);
    expect(errorsOf(clock({ stoppedAt: '2025-13-01T00:00:00Z' }))).toEqual([
      { field: 'stoppedAt', code: 'clock.instant_invalid' },
    ]);
    expect(errorsOf(clock({ extensions: [{ ...approved(1, '2025-10-01T10:00:00'), at: 'x' }] }))).toEqual([
      { field: 'extensions[0].at', code: 'clock.instant_invalid' },
    ]);
  });

  it('rejects a limit that is not a non-negative integer, and unknown units', () => {
    for (const value of [-1, 1.5, '20', Number.NaN]) {
      expect(errorsOf({ ...clock(), limit: { value, unit: 'working_days' } })).toEqual([
        { field: 'limit.value', code: 'clock.limit_invalid' },
      ]);
    }
    expect(errorsOf({ ...clock(), limit: { value: 5, unit: 'weeks' } })).toEqual([
      { field: 'limit.unit', code: 'clock.unit_invalid' },
    ]);
    expect(errorsOf({ ...clock(), limit: undefined })).toEqual([
      { field: 'limit', code: 'clock.limit_invalid' },
    ]);
    expect(validateClock(clock({ limit: { value: 0, unit: 'working_days' } })).ok).toBe(true);
  });

  it('rejects a pause that ends before it starts, or starts before the clock', () => {
    expect(errorsOf(clock({ pauses: [pause('2025-10-10T10:00:00', '2025-10-09T10:00:00')] }))).toEqual([
      { field: 'pauses[0].to', code: 'clock.pause_ends_before_start' },
    ]);
    expect(errorsOf(clock({ pauses: [pause('2025-09-25T10:00:00', '2025-09-29T10:00:00')] }))).toEqual([
      { field: 'pauses[0].from', code: 'clock.pause_before_start' },
    ]);
  });

  it('rejects overlapping pauses but accepts back-to-back ones', () => {
    expect(
      errorsOf(
        clock({
          pauses: [
            pause('2025-10-13T10:00:00', '2025-10-20T10:00:00'),
            pause('2025-10-09T10:00:00', '2025-10-14T10:00:00'),
          ],
        }),
      ),
    ).toEqual([{ field: 'pauses[0].from', code: 'clock.pauses_overlap' }]);
    expect(
      errorsOf(
        clock({
          pauses: [pause('2025-10-09T10:00:00', null), pause('2025-10-13T10:00:00', '2025-10-14T10:00:00')],
        }),
      ),
    ).toEqual([{ field: 'pauses[1].from', code: 'clock.pauses_overlap' }]);
    expect(
      validateClock(
        clock({
          pauses: [pause('2025-10-09T10:00:00', '2025-10-13T10:00:00'), pause('2025-10-13T10:00:00', null)],
        }),
      ).ok,
    ).toBe(true);
  });

  it('rejects more than one open pause', () => {
    expect(
      errorsOf(clock({ pauses: [pause('2025-10-09T10:00:00', null), pause('2025-10-13T10:00:00', null)] })),
    ).toEqual([{ field: 'pauses[1].to', code: 'clock.multiple_open_pauses' }]);
  });

  it('rejects unknown reasons and procedure kinds', () => {
    expect(
      errorsOf(clock({ pauses: [{ from: sh('2025-10-09T10:00:00'), reason: 'lunch' as 'supplement' }] })),
    ).toEqual([{ field: 'pauses[0].reason', code: 'clock.pause_reason_invalid' }]);
    expect(
      errorsOf(
        clock({
          pauses: [
            { from: sh('2025-10-09T10:00:00'), reason: 'special_procedure', procedureKind: '审计' as '鉴定' },
          ],
        }),
      ),
    ).toEqual([{ field: 'pauses[0].procedureKind', code: 'clock.procedure_kind_invalid' }]);
    expect(
      errorsOf(
        clock({ pauses: [{ from: sh('2025-10-09T10:00:00'), reason: 'supplement', procedureKind: '听证' }] }),
      ),
    ).toEqual([{ field: 'pauses[0].procedureKind', code: 'clock.procedure_kind_invalid' }]);
  });

  it('rejects an extension without approver or reason', () => {
    expect(
      errorsOf(
        clock({ extensions: [{ days: 5, approvedBy: ' ', reason: '复杂', at: sh('2025-10-09T10:00:00') }] }),
      ),
    ).toEqual([{ field: 'extensions[0].approvedBy', code: 'clock.extension_needs_approver' }]);
    expect(
      errorsOf(
        clock({ extensions: [{ days: 5, approvedBy: '局长', at: sh('2025-10-09T10:00:00') } as never] }),
      ),
    ).toEqual([{ field: 'extensions[0].reason', code: 'clock.extension_needs_approver' }]);
  });

  it('rejects non-positive or fractional extension days', () => {
    for (const days of [0, -3, 1.5]) {
      expect(errorsOf(clock({ extensions: [approved(days, '2025-10-09T10:00:00')] }))).toEqual([
        { field: 'extensions[0].days', code: 'clock.extension_days_invalid' },
      ]);
    }
  });

  it('rejects extensions beyond maxExtensionDays', () => {
    expect(
      errorsOf(
        clock({
          maxExtensionDays: 10,
          extensions: [approved(6, '2025-10-09T10:00:00'), approved(5, '2025-10-20T10:00:00')],
        }),
      ),
    ).toEqual([{ field: 'extensions[1].days', code: 'clock.extension_exceeds_limit' }]);
    expect(
      errorsOf(clock({ maxExtensionDays: 0, extensions: [approved(1, '2025-10-09T10:00:00')] })),
    ).toEqual([{ field: 'extensions[0].days', code: 'clock.extension_exceeds_limit' }]);
    expect(errorsOf(clock({ maxExtensionDays: -1 }))).toEqual([
      { field: 'maxExtensionDays', code: 'clock.max_extension_invalid' },
    ]);
  });

  it('rejects bad thresholds, a stop before the start and a non-object', () => {
    expect(errorsOf(clock({ thresholds: { yellowWhenUsedRatio: 1.5, yellowWhenLeftAtMost: -1 } }))).toEqual([
      { field: 'thresholds.yellowWhenLeftAtMost', code: 'clock.threshold_invalid' },
      { field: 'thresholds.yellowWhenUsedRatio', code: 'clock.threshold_invalid' },
    ]);
    expect(errorsOf(clock({ stoppedAt: sh('2025-09-25T10:00:00') }))).toEqual([
      { field: 'stoppedAt', code: 'clock.stopped_before_start' },
    ]);
    expect(errorsOf('clock')).toEqual([{ field: '$', code: 'clock.invalid' }]);
    expect(errorsOf({ ...clock(), pauses: {} })).toEqual([{ field: 'pauses', code: 'clock.invalid' }]);
  });

  it('reports every problem at once, each with its path', () => {
    const errors = errorsOf({
      startedAt: 'x',
      limit: { value: -1, unit: 'working_days' },
      pauses: [{ from: sh('2025-10-09T10:00:00'), reason: 'nap' }],
      extensions: [{ days: 0, at: sh('2025-10-09T10:00:00') }],
    });
    expect(errors.map((e) => e.field)).toEqual([
      'startedAt',
      'limit.value',
      'pauses[0].reason',
      'extensions[0].days',
      'extensions[0].approvedBy',
      'extensions[0].reason',
    ]);
  });
});

describe('clock transitions', () => {
  it('pauses, resumes, extends and stops, validating each step', () => {
    const start = clock({ maxExtensionDays: 10 });
    const paused = pauseClock(start, {
      at: at('2025-10-09T10:00:00'),
      reason: 'special_procedure',
      procedureKind: '检测',
    });
    expect(paused.ok).toBe(true);
    if (!paused.ok) return;
    expect(evaluateClock(paused.value, at('2025-10-20T10:00:00'), calendar).paused).toBe(true);
    const again = pauseClock(paused.value, { at: at('2025-10-10T10:00:00'), reason: 'supplement' });
    expect(again.ok).toBe(false);

    const resumed = resumeClock(paused.value, at('2025-10-10T10:00:00'));
    expect(resumed.ok).toBe(true);
    if (!resumed.ok) return;
    expect(resumed.value.pauses[0]?.to).toBe('2025-10-10T02:00:00.000Z');
    expect(resumeClock(resumed.value, at('2025-10-11T10:00:00'))).toMatchObject({
      ok: false,
      errors: [{ code: 'clock.not_paused' }],
    });

    const extended = extendClock(resumed.value, {
      days: 10,
      approvedBy: '局长',
      reason: '需现场核查',
      at: at('2025-10-20T10:00:00'),
    });
    expect(extended.ok).toBe(true);
    if (!extended.ok) return;
    expect(
      extendClock(extended.value, {
        days: 1,
        approvedBy: '局长',
        reason: '再延',
        at: at('2025-10-21T10:00:00'),
      }),
    ).toMatchObject({
      ok: false,
      errors: [{ code: 'clock.extension_exceeds_limit' }],
    });

    const stopped = stopClock(extended.value, at('2025-10-22T10:00:00'));
    expect(stopped.ok).toBe(true);
    if (!stopped.ok) return;
    expect(evaluateClock(stopped.value, at('2026-01-01T10:00:00'), calendar)).toMatchObject({
      total: 30,
      deadlineDate: '2025-11-14', // 30 working days after 09-26, plus 10-10 suspended
      light: 'green',
    });
  });
});
