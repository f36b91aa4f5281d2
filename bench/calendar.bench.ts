import chineseDays from 'chinese-days';
import { chineseDaysSchedules } from '../core/calendar/chinese-days-schedules.ts';
import { epochDayOf, isoDateOfEpochDay } from '../core/calendar/dates.ts';
import { WorkingCalendar, type YearSchedule } from '../core/calendar/working-calendar.ts';
import { type Clock, evaluateClock } from '../core/clock/clock.ts';
import type { BenchResult } from './result.ts';

// CommonJS package: under Node's ESM loader only the default export is there.
const { findWorkday } = chineseDays;

/**
 * The working-day calendar and the clock, the hot path of supervision (the sweeper evaluates every open
 * case). Each figure is ours against a baseline doing the same work in the same run:
 * - calendar.addWorkingDays: WorkingCalendar.addWorkingDays against chinese-days' findWorkday, which
 *   walks day by day, over the same (start, n) pairs;
 * - clock.evaluate: evaluateClock against a straightforward day-by-day evaluation of the same clock.
 * Micro-operations are timed in tight synchronous loops with a fixed iteration count (sized for roughly
 * 0.5–1 s on a small machine) after a warm-up, so that no per-call await or timer read is measured.
 */
export async function calendarBenches(): Promise<BenchResult[]> {
  const schedules = chineseDaysSchedules([2024, 2025, 2026]);
  const calendar = new WorkingCalendar(schedules);
  return [addWorkingDaysBench(calendar), evaluateBench(calendar, schedules)];
}

/** A small deterministic generator, so every run measures the same pairs. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function opsPerSecond(
  iterations: number,
  run: (iterations: number) => number,
): { ops: number; sink: number } {
  run(Math.max(1, Math.floor(iterations / 10))); // warm-up: let the JIT settle on the same code path
  const start = performance.now();
  const sink = run(iterations);
  return { ops: (iterations * 1000) / (performance.now() - start), sink };
}

function addWorkingDaysBench(calendar: WorkingCalendar): BenchResult {
  // Starts through 2026-10 and n ≤ 40 keep every answer inside the loaded years.
  const first = epochDayOf('2024-01-01');
  const last = epochDayOf('2026-10-31');
  const random = lcg(20_251_001);
  const PAIRS = 4096;
  const starts: string[] = [];
  const startDates: Date[] = [];
  const ns: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const iso = isoDateOfEpochDay(first + Math.floor(random() * (last - first + 1)));
    starts.push(iso);
    // chinese-days formats with local getters, so it gets a local-midnight Date (built outside the timing).
    startDates.push(new Date(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))));
    ns.push(Math.floor(random() * 41));
  }
  // Same answers, or the comparison means nothing (skipped west of UTC, where chinese-days' own table is
  // shifted by a day; see working-calendar.property.test.ts).
  const comparable = new Date(2025, 0, 1).getTimezoneOffset() <= 0;
  for (let i = 0; comparable && i < 64; i++) {
    if (calendar.addWorkingDays(starts[i]!, ns[i]!) !== findWorkday(ns[i]!, startDates[i]!)) {
      throw new Error(`calendar bench: disagreement with chinese-days at ${starts[i]} + ${ns[i]}`);
    }
  }

  const ours = opsPerSecond(10_000_000, (iterations) => {
    let sink = 0;
    for (let i = 0; i < iterations; i++) {
      const k = i & (PAIRS - 1);
      sink += calendar.addWorkingDays(starts[k]!, ns[k]!).charCodeAt(9);
    }
    return sink;
  });
  const theirs = opsPerSecond(15_000, (iterations) => {
    let sink = 0;
    for (let i = 0; i < iterations; i++) {
      const k = i & (PAIRS - 1);
      sink += findWorkday(ns[k]!, startDates[k]!).charCodeAt(9);
    }
    return sink;
  });
  return {
    bench: 'calendar.addWorkingDays',
    value: ours.ops,
    unit: 'ops/s',
    baseline: theirs.ops,
    ratio: ours.ops / theirs.ops,
  };
}

// ---------------------------------------------------------------------------------------------------
// The baseline clock: what one would write without precomputation — Date objects and string lookups,
// one day at a time, for the pause, the deadline and the days used.

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

interface NaiveCalendar {
  holidays: Set<string>;
  workdays: Set<string>;
}

function naiveShanghaiDate(ms: number): string {
  return new Date(ms + SHANGHAI_MS).toISOString().slice(0, 10);
}

function naiveIsWorking(date: string, cal: NaiveCalendar): boolean {
  if (cal.holidays.has(date)) return false;
  if (cal.workdays.has(date)) return true;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

function naiveNextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Working days d with from < d ≤ to, by walking. */
function naiveCount(from: string, to: string, cal: NaiveCalendar): number {
  let count = 0;
  for (let d = naiveNextDate(from); d <= to; d = naiveNextDate(d)) if (naiveIsWorking(d, cal)) count++;
  return count;
}

function naiveEvaluate(clock: Clock, now: Date, cal: NaiveCalendar): { deadlineDate: string; used: number } {
  const nowMs = now.getTime();
  const startDate = naiveShanghaiDate(Date.parse(clock.startedAt));
  const today = naiveShanghaiDate(nowMs);
  let total = clock.limit.value;
  for (const e of clock.extensions) if (Date.parse(e.at) <= nowMs) total += e.days;
  let suspended = 0;
  for (const p of clock.pauses) {
    const from = Date.parse(p.from);
    if (from >= nowMs) continue;
    const to = p.to ? Math.min(Date.parse(p.to), nowMs) : nowMs;
    suspended += naiveCount(naiveShanghaiDate(from), naiveShanghaiDate(to), cal);
  }
  let deadlineDate = startDate;
  for (let left = total + suspended; left > 0; ) {
    deadlineDate = naiveNextDate(deadlineDate);
    if (naiveIsWorking(deadlineDate, cal)) left--;
  }
  const used = Math.max(0, naiveCount(startDate, today, cal) - suspended);
  return { deadlineDate, used };
}

function evaluateBench(calendar: WorkingCalendar, schedules: YearSchedule[]): BenchResult {
  const naiveCalendar: NaiveCalendar = { holidays: new Set(), workdays: new Set() };
  for (const s of schedules) {
    for (const d of s.days)
      (d.kind === 'holiday' ? naiveCalendar.holidays : naiveCalendar.workdays).add(d.date);
  }
  // A licensing decision across National Day, paused for an expert review, extended by 10 days.
  const clock: Clock = {
    startedAt: '2025-09-26T10:00:00+08:00',
    limit: { value: 20, unit: 'working_days' },
    pauses: [
      {
        from: '2025-10-05T10:00:00+08:00',
        to: '2025-10-10T10:00:00+08:00',
        reason: 'special_procedure',
        procedureKind: '专家评审',
      },
    ],
    extensions: [{ days: 10, approvedBy: '局长', reason: '需现场核查', at: '2025-10-20T09:00:00+08:00' }],
    maxExtensionDays: 10,
  };
  // The sweeper looks at the same case at different moments: vary "now" over the life of the case.
  const NOWS = 64;
  const nows: Date[] = [];
  for (let i = 0; i < NOWS; i++)
    nows.push(new Date(Date.parse('2025-10-21T09:00:00+08:00') + i * 0.5 * DAY_MS));
  for (const now of nows) {
    const fast = evaluateClock(clock, now, calendar);
    const slow = naiveEvaluate(clock, now, naiveCalendar);
    if (fast.deadlineDate !== slow.deadlineDate || fast.used !== slow.used) {
      throw new Error(`clock bench: disagreement at ${now.toISOString()}`);
    }
  }

  const ours = opsPerSecond(1_500_000, (iterations) => {
    let sink = 0;
    for (let i = 0; i < iterations; i++) sink += evaluateClock(clock, nows[i & (NOWS - 1)]!, calendar).used;
    return sink;
  });
  const theirs = opsPerSecond(6_000, (iterations) => {
    let sink = 0;
    for (let i = 0; i < iterations; i++)
      sink += naiveEvaluate(clock, nows[i & (NOWS - 1)]!, naiveCalendar).used;
    return sink;
  });
  return {
    bench: 'clock.evaluate',
    value: ours.ops,
    unit: 'ops/s',
    baseline: theirs.ops,
    ratio: ours.ops / theirs.ops,
  };
}
