import chineseDays from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chineseDaysSchedules } from './chinese-days-schedules.ts';
import { epochDayOf, isoDateOfEpochDay } from './dates.ts';
import { CalendarYearNotLoadedError, WorkingCalendar, type YearSchedule } from './working-calendar.ts';

// The package is CommonJS: Node's ESM loader exposes only its default export (vite would give both).
const { findWorkday, isWorkday } = chineseDays;

const YEARS = [2024, 2025, 2026];
const schedules = chineseDaysSchedules(YEARS);
const calendar = new WorkingCalendar(schedules);
const FIRST = epochDayOf('2024-01-01');
const LAST = epochDayOf('2026-12-31');
const MAX_N = 60;

/**
 * The obvious implementation, sharing nothing with WorkingCalendar or dates.ts: JavaScript Dates stepped
 * one day at a time and looked up in the schedules. `null` means the walk reached a year not loaded.
 */
function naiveIsWorking(ms: number, exceptions: Map<string, string>, years: Set<number>): boolean | null {
  const date = new Date(ms);
  if (!years.has(date.getUTCFullYear())) return null;
  const kind = exceptions.get(date.toISOString().slice(0, 10));
  if (kind === 'holiday') return false;
  if (kind === 'adjusted_workday') return true;
  const dow = date.getUTCDay();
  return dow !== 0 && dow !== 6;
}

const DAY_MS = 86_400_000;
const exceptions = new Map<string, string>();
for (const s of schedules as YearSchedule[]) for (const d of s.days) exceptions.set(d.date, d.kind);
const years = new Set(YEARS);

/** naive[n] = addWorkingDays(start, n) for n = 0..MAX_N by a day-by-day walk, null past the loaded years. */
function naiveAddAll(start: string): (string | null)[] {
  const results: (string | null)[] = [];
  let ms = Date.parse(`${start}T00:00:00Z`);
  const startWorking = naiveIsWorking(ms, exceptions, years);
  let found = 0;
  let blocked = false;
  const firstAfter: (string | null)[] = [];
  while (found < MAX_N && !blocked) {
    ms += DAY_MS;
    const working = naiveIsWorking(ms, exceptions, years);
    if (working === null) blocked = true;
    else if (working) {
      found++;
      firstAfter.push(new Date(ms).toISOString().slice(0, 10));
    }
  }
  results.push(startWorking ? start : (firstAfter[0] ?? null));
  for (let n = 1; n <= MAX_N; n++) results.push(firstAfter[n - 1] ?? null);
  return results;
}

function ours(start: string, n: number): string | 'not_loaded' {
  try {
    return calendar.addWorkingDays(start, n);
  } catch (error) {
    if (error instanceof CalendarYearNotLoadedError && error.year === 2027) return 'not_loaded';
    throw error;
  }
}

/**
 * chinese-days builds its own holiday table by parsing dates as UTC and formatting them with local getters,
 * so west of UTC (getTimezoneOffset() > 0) every one of its dates is a day early — a bug in the package,
 * not something to compare against. The naive walk above is the reference that holds in every time zone.
 */
const chineseDaysUsable = new Date(2025, 0, 1).getTimezoneOffset() <= 0;

/** Local midnight, so chinese-days (which formats with local getters) sees the intended date in any TZ. */
function localDate(iso: string): Date {
  return new Date(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
}

describe('addWorkingDays against references, every start day of 2024–2026', () => {
  it('equals a naive day-by-day walk for every n in 0..60, and throws past 2026', () => {
    let compared = 0;
    let beyond = 0;
    for (let day = FIRST; day <= LAST; day++) {
      const start = isoDateOfEpochDay(day);
      const expected = naiveAddAll(start);
      for (let n = 0; n <= MAX_N; n++) {
        const want = expected[n] ?? 'not_loaded';
        const got = ours(start, n);
        if (got !== want) expect({ start, n, got }).toEqual({ start, n, got: want });
        if (want === 'not_loaded') beyond++;
        else compared++;
      }
    }
    expect(compared + beyond).toBe((LAST - FIRST + 1) * (MAX_N + 1));
    expect(beyond).toBeGreaterThan(0);
  });

  it.runIf(chineseDaysUsable)("agrees with chinese-days' own isWorkday on every day", () => {
    for (let day = FIRST; day <= LAST; day++) {
      const date = isoDateOfEpochDay(day);
      if (calendar.isWorkingDay(date) !== isWorkday(localDate(date))) {
        expect({ date, ours: calendar.isWorkingDay(date) }).toEqual({
          date,
          ours: isWorkday(localDate(date)),
        });
      }
    }
  });

  // findWorkday walks day by day through Date objects (~60 µs for n = 60), so the full 1096 × 61 grid
  // would take over 4 s on its own. Every start day is checked for the limits the law uses, and every n
  // for a stride of start days; the exhaustive grid above already ties everything to the schedules.
  const LEGAL_NS = [0, 1, 2, 3, 5, 7, 10, 15, 20, 30, 40, 45, 60];

  function checkAgainstFindWorkday(start: string, n: number): boolean {
    const got = ours(start, n);
    const theirs = findWorkday(n, localDate(start));
    if (theirs > '2026-12-31') {
      expect(got).toBe('not_loaded');
      return false;
    }
    if (got !== theirs) expect({ start, n, got }).toEqual({ start, n, got: theirs });
    return true;
  }

  it.runIf(chineseDaysUsable)(
    'equals chinese-days findWorkday for every start day and the statutory n',
    () => {
      let compared = 0;
      for (let day = FIRST; day <= LAST; day++) {
        for (const n of LEGAL_NS) if (checkAgainstFindWorkday(isoDateOfEpochDay(day), n)) compared++;
      }
      expect(compared).toBeGreaterThan(13_000);
    },
  );

  it.runIf(chineseDaysUsable)(
    'equals chinese-days findWorkday for every n in 0..60 on every 9th start day',
    () => {
      for (let day = FIRST; day <= LAST; day += 9) {
        for (let n = 0; n <= MAX_N; n++) checkAgainstFindWorkday(isoDateOfEpochDay(day), n);
      }
    },
  );
});

describe('working-day arithmetic properties', () => {
  // 2023-12-31 is included: a count from it only looks at days from 2024-01-01 on.
  const spanDay = fc.integer({ min: FIRST - 1, max: LAST }).map(isoDateOfEpochDay);
  const count = fc.integer({ min: 1, max: 400 });
  const settings = { numRuns: 3000 };

  function addOrNull(start: string, n: number): string | null {
    const got = ours(start, n);
    return got === 'not_loaded' ? null : got;
  }

  it('workingDaysBetween(a, addWorkingDays(a, n)) === n, and the result is the first such working day', () => {
    fc.assert(
      fc.property(spanDay, count, (a, n) => {
        const b = addOrNull(a, n);
        if (b === null) return;
        expect(calendar.workingDaysBetween(a, b)).toBe(n);
        expect(calendar.isWorkingDay(b)).toBe(true);
        expect(calendar.workingDaysBetween(a, isoDateOfEpochDay(epochDayOf(b) - 1))).toBe(n - 1);
      }),
      settings,
    );
  });

  it('n = 0 is the day itself when working, else the next working day', () => {
    fc.assert(
      fc.property(
        spanDay.filter((d) => d >= '2024-01-01'),
        (a) => {
          const b = addOrNull(a, 0);
          if (b === null) return;
          expect(b).toBe(calendar.isWorkingDay(a) ? a : calendar.nextWorkingDay(a));
        },
      ),
      settings,
    );
  });

  it('is monotonic in the start day and in n', () => {
    fc.assert(
      fc.property(spanDay, spanDay, count, count, (x, y, n, m) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const [lo, hi] = n <= m ? [n, m] : [m, n];
        const fromA = addOrNull(a, lo);
        const fromB = addOrNull(b, lo);
        if (fromA !== null && fromB !== null) expect(fromA <= fromB).toBe(true);
        const further = addOrNull(a, hi);
        if (fromA !== null && further !== null) {
          expect(lo < hi ? fromA < further : fromA === further).toBe(true); // strict because n ≥ 1
        }
      }),
      settings,
    );
  });

  it('counts are antisymmetric and additive', () => {
    fc.assert(
      fc.property(spanDay, spanDay, spanDay, (a, b, c) => {
        const ab = calendar.workingDaysBetween(a, b);
        expect(calendar.workingDaysBetween(b, a) + ab).toBe(0);
        if (ab === 0) expect(Object.is(calendar.workingDaysBetween(b, a), 0)).toBe(true);
        expect(ab + calendar.workingDaysBetween(b, c)).toBe(calendar.workingDaysBetween(a, c));
      }),
      { numRuns: 3000, examples: [['2023-12-31', '2026-12-31', '2025-10-01']] },
    );
  });

  it('counts equal a naive count', () => {
    fc.assert(
      fc.property(spanDay, spanDay, (x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        let naive = 0;
        for (
          let ms = Date.parse(`${a}T00:00:00Z`) + DAY_MS;
          ms <= Date.parse(`${b}T00:00:00Z`);
          ms += DAY_MS
        ) {
          if (naiveIsWorking(ms, exceptions, years)) naive++;
        }
        expect(calendar.workingDaysBetween(a, b)).toBe(naive);
      }),
      { numRuns: 500 },
    );
  });
});
