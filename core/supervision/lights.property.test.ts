import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chineseDaysSchedules } from '../calendar/chinese-days-schedules.ts';
import { MS_PER_DAY, MS_PER_HOUR } from '../calendar/dates.ts';
import { WorkingCalendar } from '../calendar/working-calendar.ts';
import { type Clock, type ClockPause, type ClockUnit, evaluateClock } from '../clock/clock.ts';
import { legalClockOf, nextLightChange, watchClock } from './lights.ts';

const calendar = new WorkingCalendar(chineseDaysSchedules([2024, 2025, 2026]));

// Starts from 2025-01-01 to 2026-06-01: with at most 30 units, 10 units of extension and a few weeks of
// pauses, every deadline stays inside the loaded years (2027 is not loaded).
const FIRST_START = Date.parse('2024-12-31T16:00:00Z');
const LAST_START = Date.parse('2026-05-31T16:00:00Z');

interface Generated {
  clock: Clock;
  now: Date;
}

/**
 * A clock as the case file records it: everything it holds happened before `now`. Pauses are closed
 * (or the last one is open), extensions were granted while it ran, thresholds vary.
 */
const arbClock: fc.Arbitrary<Generated> = fc
  .record({
    start: fc.integer({ min: FIRST_START, max: LAST_START }),
    unit: fc.constantFrom<ClockUnit>('working_days', 'natural_days', 'hours'),
    limit: fc.integer({ min: 0, max: 30 }),
    // Offsets in hours from the start: pause spans and extension instants.
    pauses: fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 300 })), {
      maxLength: 2,
    }),
    lastOpen: fc.boolean(),
    extensions: fc.array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 5 })), {
      maxLength: 2,
    }),
    thresholds: fc.option(
      fc.record({
        yellowWhenLeftAtMost: fc.integer({ min: 0, max: 5 }),
        yellowWhenUsedRatio: fc.double({ min: 0.1, max: 1, noNaN: true }),
      }),
      { nil: undefined },
    ),
    restart: fc.boolean(),
    // How far past the start (and past the last recorded event) `now` is, in minutes.
    after: fc.integer({ min: 0, max: 60 * 24 * 50 }),
  })
  .map((g) => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const pauses: ClockPause[] = [];
    let cursor = g.start;
    g.pauses.forEach(([gap, length], i) => {
      const from = cursor + gap * MS_PER_HOUR + 1;
      const to = from + length * MS_PER_HOUR;
      const open = g.lastOpen && i === g.pauses.length - 1;
      pauses.push(
        open
          ? { from: iso(from), reason: 'supplement' }
          : { from: iso(from), to: iso(to), reason: 'supplement' },
      );
      cursor = to;
    });
    const extensions = g.extensions.map(([at, days]) => ({
      days,
      approvedBy: '局长',
      reason: '情况复杂',
      at: iso(g.start + at * MS_PER_HOUR),
    }));
    const lastEvent = Math.max(
      g.start,
      ...pauses.map((p) => Date.parse(p.to ?? p.from)),
      ...extensions.map((e) => Date.parse(e.at)),
    );
    const clock: Clock = {
      startedAt: iso(g.start),
      limit: { value: g.unit === 'hours' ? Math.max(1, g.limit) * 3 : g.limit, unit: g.unit },
      pauses,
      extensions,
    };
    if (g.thresholds) clock.thresholds = g.thresholds;
    if (g.restart) clock.restartOnSupplement = true;
    return { clock, now: new Date(lastEvent + g.after * 60_000) };
  });

const lightAt = (clock: Clock, ms: number) => evaluateClock(clock, new Date(ms), calendar).light;

describe('nextLightChange against evaluateClock', () => {
  it('returns the first instant the light differs: the same just before, different at it', () => {
    fc.assert(
      fc.property(arbClock, fc.double({ min: 0, max: 1, noNaN: true }), ({ clock, now }, u) => {
        const light = lightAt(clock, now.getTime());
        const next = nextLightChange(clock, now, calendar);
        if (next === null) {
          // Only a paused or red clock stands still (here or from an event recorded at now itself), and
          // then it does for good.
          const later = evaluateClock(clock, new Date(now.getTime() + 1), calendar);
          expect(later.paused || later.light === 'red').toBe(true);
          for (const days of [0.5, 3, 40]) {
            expect(lightAt(clock, now.getTime() + days * MS_PER_DAY)).toBe(light);
          }
          return;
        }
        const t = Date.parse(next);
        expect(t).toBeGreaterThan(now.getTime());
        expect(lightAt(clock, t - 1)).toBe(light);
        expect(lightAt(clock, t)).not.toBe(light);
        // And nothing changes anywhere in between.
        const between = now.getTime() + Math.floor(u * (t - 1 - now.getTime()));
        expect(lightAt(clock, between)).toBe(light);
      }),
      { numRuns: 3000 },
    );
  });

  it('for day clocks, changes only at the start of a Shanghai day', () => {
    fc.assert(
      fc.property(arbClock, ({ clock, now }) => {
        const next = nextLightChange(clock, now, calendar);
        if (next === null || clock.limit.unit === 'hours') return;
        expect(new Date(next).getUTCHours()).toBe(16);
        expect(next.endsWith(':00:00.000Z')).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('the watch (light and overdue flag) changes exactly at nextChangeAt', () => {
    fc.assert(
      fc.property(arbClock, fc.integer({ min: 0, max: 20 }), ({ clock, now }, legalExtra) => {
        const legalLimit = { value: clock.limit.value + legalExtra, unit: clock.limit.unit };
        const legal = legalClockOf(clock, 'limit', legalLimit)!;
        const pair = (ms: number) => {
          const w = watchClock(clock, legal, new Date(ms), calendar);
          return `${w.light}/${w.overdue}`;
        };
        const watch = watchClock(clock, legal, now, calendar);
        expect(watch.overdue).toBe(evaluateClock(legal, now, calendar).light === 'red');
        if (watch.nextChangeAt === null) {
          expect(pair(now.getTime() + 60 * MS_PER_DAY)).toBe(pair(now.getTime()));
          return;
        }
        const t = Date.parse(watch.nextChangeAt);
        expect(pair(t - 1)).toBe(pair(now.getTime()));
        expect(pair(t)).not.toBe(pair(now.getTime()));
      }),
      { numRuns: 1500 },
    );
  });
});
