import { describe, expect, it } from 'vitest';
import { chineseDaysSchedules } from '../calendar/chinese-days-schedules.ts';
import { WorkingCalendar } from '../calendar/working-calendar.ts';
import { type Clock, evaluateClock } from '../clock/clock.ts';
import { caseLightOf, legalClockOf, legalModeOf, nextLightChange, watchClock, worseLight } from './lights.ts';

const calendar = new WorkingCalendar(chineseDaysSchedules([2025, 2026]));
const sh = (local: string) => `${local}+08:00`;
const at = (local: string) => new Date(sh(local));
/** The start of a Shanghai day, as the UTC instant the functions return. */
const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();

function clock(startedAt: string, value: number, overrides: Partial<Clock> = {}): Clock {
  return {
    startedAt: sh(startedAt),
    limit: { value, unit: 'working_days' },
    pauses: [],
    extensions: [],
    ...overrides,
  };
}

describe('nextLightChange', () => {
  // Accepted Tuesday 2026-03-10 with a promise of 5 working days: due Tuesday 03-17. Yellow once 4 are used
  // (one left, 80%): Monday 03-16 — not over the weekend, which uses no working day.
  const promised = clock('2026-03-10T10:00:00', 5);

  it('turns yellow on the Monday after a weekend, not during it', () => {
    expect(evaluateClock(promised, at('2026-03-13T17:00:00'), calendar).light).toBe('green');
    expect(nextLightChange(promised, at('2026-03-13T17:00:00'), calendar)).toBe(dayStart('2026-03-16'));
    expect(nextLightChange(promised, at('2026-03-14T12:00:00'), calendar)).toBe(dayStart('2026-03-16'));
    expect(evaluateClock(promised, at('2026-03-15T23:59:59'), calendar).light).toBe('green');
    expect(evaluateClock(promised, at('2026-03-16T00:00:00'), calendar).light).toBe('yellow');
    expect(nextLightChange(promised, at('2026-03-16T08:00:00'), calendar)).toBe(dayStart('2026-03-18'));
    expect(nextLightChange(promised, at('2026-03-18T08:00:00'), calendar)).toBeNull();
  });

  it('turns red only after the first working day after a holiday when the deadline falls on it', () => {
    // Received on the adjusted working Sunday 2026-09-20; 5 working days: 21, 22, 23, 24, then 中秋
    // (25–27 September) and the deadline Monday 28 September.
    const c = clock('2026-09-20T10:00:00', 5);
    expect(evaluateClock(c, at('2026-09-26T12:00:00'), calendar)).toMatchObject({
      light: 'yellow',
      deadlineDate: '2026-09-28',
    });
    expect(nextLightChange(c, at('2026-09-25T09:00:00'), calendar)).toBe(dayStart('2026-09-29'));
    expect(evaluateClock(c, at('2026-09-28T23:59:59'), calendar).light).toBe('yellow');
    expect(evaluateClock(c, at('2026-09-29T00:00:00'), calendar).light).toBe('red');
  });

  it('is null while paused, and the paused clock keeps its light past the deadline', () => {
    const paused = clock('2026-03-10T10:00:00', 5, {
      pauses: [{ from: sh('2026-03-11T09:00:00'), reason: 'special_procedure', procedureKind: '检验' }],
    });
    expect(nextLightChange(paused, at('2026-04-20T09:00:00'), calendar)).toBeNull();
    expect(evaluateClock(paused, at('2026-04-20T09:00:00'), calendar)).toMatchObject({
      light: 'green',
      paused: true,
    });
  });

  it('is null for a stopped clock and for an hours clock that is red; exact to the millisecond for hours', () => {
    const stopped = clock('2026-03-10T10:00:00', 5, { stoppedAt: sh('2026-03-11T10:00:00') });
    expect(nextLightChange(stopped, at('2026-03-12T10:00:00'), calendar)).toBeNull();
    const hours: Clock = {
      startedAt: sh('2026-03-10T10:00:00'),
      limit: { value: 10, unit: 'hours' },
      pauses: [],
      extensions: [],
    };
    // Yellow when at most 1 hour is left (and 80% = 8 hours used comes first).
    expect(nextLightChange(hours, at('2026-03-10T11:00:00'), calendar)).toBe(
      new Date(sh('2026-03-10T18:00:00')).toISOString(),
    );
    expect(nextLightChange(hours, at('2026-03-10T19:00:00'), calendar)).toBe(
      new Date(Date.parse(sh('2026-03-10T20:00:00')) + 1).toISOString(),
    );
    expect(nextLightChange(hours, at('2026-03-10T21:00:00'), calendar)).toBeNull();
  });
});

describe('legal limits and the overdue flag', () => {
  it('chooses the legal clock by clock key', () => {
    const legal = { value: 10, unit: 'working_days' as const };
    expect(legalModeOf('decision', legal)).toEqual({ mode: 'limit', limit: legal });
    expect(legalModeOf('decision', null)).toEqual({ mode: 'self', limit: null });
    expect(legalModeOf('on_the_spot', legal).mode).toBe('limit');
    for (const key of ['acceptance', 'preliminary', 'delivery'])
      expect(legalModeOf(key, legal).mode).toBe('self');
    for (const key of ['step:1', 'task:511723-3']) expect(legalModeOf(key, legal).mode).toBe('none');
  });

  it('flags overdue only past the legal limit, and schedules the flag as a change', () => {
    const promised = clock('2026-03-10T10:00:00', 5);
    const legal = legalClockOf(promised, 'limit', { value: 10, unit: 'working_days' })!;
    // Red after Tuesday 17 March; overdue after the 10th working day, Tuesday 24 March.
    const red = watchClock(promised, legal, at('2026-03-19T10:00:00'), calendar);
    expect(red).toMatchObject({ light: 'red', overdue: false, nextChangeAt: dayStart('2026-03-25') });
    expect(red.legalDeadline).toBe(new Date(sh('2026-03-24T23:59:59.999')).toISOString());
    const overdue = watchClock(promised, legal, at('2026-03-25T10:00:00'), calendar);
    expect(overdue).toMatchObject({ light: 'red', overdue: true, nextChangeAt: null });
    // A step clock has no legal meaning.
    const step = watchClock(promised, null, at('2026-03-25T10:00:00'), calendar);
    expect(step).toMatchObject({ light: 'red', overdue: false, legalDeadline: null, nextChangeAt: null });
    // A statutory clock is its own legal clock: overdue when red.
    const own = watchClock(promised, promised, at('2026-03-19T10:00:00'), calendar);
    expect(own).toMatchObject({ light: 'red', overdue: true });
  });

  it('summarises a case by its worst clock', () => {
    expect(caseLightOf([])).toBeNull();
    expect(
      caseLightOf([
        { light: 'green', overdue: false, paused: true },
        { light: 'yellow', overdue: false, paused: false },
      ]),
    ).toEqual({ light: 'yellow', overdue: false, paused: true });
    expect(worseLight('red', 'yellow')).toBe('red');
  });
});
