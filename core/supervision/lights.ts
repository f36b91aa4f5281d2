/**
 * Lights for supervision (效能电子监察): for each open clock of a case, its light against the promised
 * limit, the separate overdue flag against the legal limit, and the instant at which either next changes,
 * so the sweeper only looks at the clocks whose change is due.
 *
 * Two limits, one clock. The case carries one Clock per duty (core/cases/lifecycle.ts); the decision
 * clock counts the item's promised limit (承诺时限). The legal limit (法定时限) is not a second stored
 * clock: it is the same clock — same start, pauses, extensions and stop — with the limit replaced
 * (`legalClockOf`). So a pause or an extension moves both deadlines alike, and "overdue" is simply "the
 * legal clock is red". Which limit is legal depends on the clock:
 * - `decision` (for a 上报件 the higher level's, from the hand-over) and `on_the_spot`: the item
 *   version's legalLimit; an item without one has only its promise, which is then also the limit it is
 *   held to (overdue = red);
 * - `acceptance` (行政许可法 art. 32), `preliminary` (art. 43) and `delivery` (art. 44): the limit is
 *   statutory already, so the clock is its own legal clock;
 * - `step:<n>` and `task:<org>`: internal limits of one procedure step or one 联办 participant's
 *   opinion, with no legal meaning of their own: never overdue.
 *
 * Evaluation follows core/clock: a paused clock keeps the light it had when the pause began and nothing
 * changes until the pause ends (a transition, not the passage of time); a stopped clock never changes.
 */
import { MS_PER_DAY, parseInstant, SHANGHAI_OFFSET_MS } from '../calendar/dates.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { type Clock, type ClockLight, type ClockState, evaluateClock } from '../clock/clock.ts';

export const LIGHTS: readonly ClockLight[] = ['green', 'yellow', 'red'];
const RANK: Record<ClockLight, number> = { green: 0, yellow: 1, red: 2 };

export function lightRank(light: ClockLight): number {
  return RANK[light];
}

export function worseLight(a: ClockLight, b: ClockLight): ClockLight {
  return RANK[a] >= RANK[b] ? a : b;
}

/** How the overdue flag of a clock is found: the clock itself, the clock with the legal limit, or never. */
export type LegalMode = 'self' | 'limit' | 'none';

export interface LegalLimit {
  value: number;
  unit: Clock['limit']['unit'];
}

/**
 * Which legal limit applies to the clock `key` of a case (see the header). `legalLimit` is the item
 * version's legal limit (null when the item has none).
 */
export function legalModeOf(
  key: string,
  legalLimit: LegalLimit | null,
): { mode: LegalMode; limit: LegalLimit | null } {
  if (key.startsWith('step:') || key.startsWith('task:')) return { mode: 'none', limit: null };
  if (key === 'decision' || key === 'on_the_spot') {
    return legalLimit ? { mode: 'limit', limit: { ...legalLimit } } : { mode: 'self', limit: null };
  }
  return { mode: 'self', limit: null };
}

/** The clock the overdue flag is evaluated on, or null when the clock has no legal meaning. */
export function legalClockOf(clock: Clock, mode: LegalMode, limit: LegalLimit | null): Clock | null {
  if (mode === 'none') return null;
  if (mode === 'self' || limit === null) return clock;
  // The thresholds only colour the promised light; the legal clock is only ever asked whether it is red.
  const { thresholds: _thresholds, ...rest } = clock;
  return { ...rest, limit: { ...limit } };
}

function startOfShanghaiDayMs(epochDay: number): number {
  return epochDay * MS_PER_DAY - SHANGHAI_OFFSET_MS;
}

function shanghaiDay(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

/**
 * The first instant after `afterMs` at which evaluation counts something more of what the clock records:
 * a pause from the instant after it starts, its end from the instant it ends, an extension from its
 * instant, the stop from the instant after it. The case file never holds the future, so for a stored
 * clock this is at most the instant right after `now` (an event recorded at `now` itself).
 */
function nextEventMs(clock: Clock, afterMs: number): number {
  let first = Number.POSITIVE_INFINITY;
  const consider = (text: string | null | undefined, shift = 0) => {
    if (text == null) return;
    const ms = parseInstant(text) + shift;
    if (ms > afterMs && ms < first) first = ms;
  };
  for (const p of clock.pauses) {
    consider(p.from, 1);
    consider(p.to);
  }
  for (const e of clock.extensions) consider(e.at);
  consider(clock.stoppedAt, 1);
  return first;
}

function isStopped(clock: Clock, atMs: number): boolean {
  return clock.stoppedAt != null && parseInstant(clock.stoppedAt) < atMs;
}

/**
 * The smallest t in (lo, hi] at which `rank(t)` exceeds `base`, assuming rank is non-decreasing over
 * (lo, hi], at most base at lo and above it at hi.
 */
function firstAbove(lo: number, hi: number, base: number, rankAt: (t: number) => number): number {
  let a = lo;
  let b = hi;
  while (b - a > 1) {
    const mid = Math.floor(a + (b - a) / 2);
    if (rankAt(mid) > base) b = mid;
    else a = mid;
  }
  return b;
}

type Measure = (state: ClockState) => number;
const lightMeasure: Measure = (s) => RANK[s.light];
const redMeasure: Measure = (s) => (s.light === 'red' ? 1 : 0);

/**
 * The first instant after `now` at which `measure` of the clock's evaluation differs from its value at
 * `now`, or null if it never does. Between two recorded events (see nextEventMs) a running clock only
 * gets worse with time — the working days used grow, the deadline passes — so each such stretch is
 * searched by bisection; at an event (a pause, an extension…) the value may jump either way. A paused,
 * stopped or red clock stands still until its next event.
 */
function nextChangeMs(
  clock: Clock,
  now: Date,
  calendar: WorkingCalendar,
  measure: Measure,
  atNow?: ClockState,
): number | null {
  const valueAt = (t: number) => measure(evaluateClock(clock, new Date(t), calendar));
  const nowMs = now.getTime();
  const base = measure(atNow ?? evaluateClock(clock, now, calendar));
  let from = nowMs;
  for (;;) {
    if (isStopped(clock, from + 1)) return null;
    const state = from === nowMs && atNow ? atNow : evaluateClock(clock, new Date(from), calendar);
    const event = nextEventMs(clock, from);
    // Red from the instant after the deadline; a paused or red clock does not move before its next event.
    const still = state.paused || state.light === 'red';
    let hi = still ? event : Math.min(parseInstant(state.deadline) + 1, event);
    if (hi === Number.POSITIVE_INFINITY) return null;
    if (hi === event) {
      if (still || valueAt(event - 1) <= base) {
        if (valueAt(event) !== base) return event;
        from = event;
        continue;
      }
      hi = event - 1;
    }
    if (valueAt(hi) === base) return null; // red already and measuring only red: nothing more to see
    if (clock.limit.unit === 'hours') return firstAbove(from, hi, base, valueAt);
    // Day clocks: within a Shanghai day and between events the value is constant, so search whole days.
    const day = firstAbove(shanghaiDay(from), shanghaiDay(hi), base, (d) =>
      valueAt(Math.max(startOfShanghaiDayMs(d), from + 1)),
    );
    return Math.max(startOfShanghaiDayMs(day), from + 1);
  }
}

/**
 * The instant (ISO, UTC) at which the clock's light next changes if nothing else happens to the case, or
 * null when it never will by the passage of time alone: the clock is paused (its light is frozen until
 * a transition resumes it), stopped, or already red. The light just before the instant equals the light
 * at `now`, and at the instant it differs. Between transitions lights only get worse: green → yellow → red.
 * Day clocks change at the start of a Shanghai day (a working day's count, or the day after the
 * deadline); hours clocks at any millisecond. Throws CalendarYearNotLoadedError like evaluateClock.
 */
export function nextLightChange(clock: Clock, now: Date, calendar: WorkingCalendar): string | null {
  const ms = nextChangeMs(clock, now, calendar, lightMeasure);
  return ms === null ? null : new Date(ms).toISOString();
}

/** What the sweeper and the monitor keep for one open clock. */
export interface ClockWatch {
  light: ClockLight;
  /** Past the legal limit (see the header); false for clocks without legal meaning. */
  overdue: boolean;
  paused: boolean;
  /** Promised deadline, ISO. */
  deadline: string;
  deadlineDate: string | null;
  /** Legal deadline, ISO; null for clocks without legal meaning. */
  legalDeadline: string | null;
  /** When the light or the overdue flag next changes by time alone; null if never (paused, stopped, red and overdue). */
  nextChangeAt: string | null;
  state: ClockState;
}

/**
 * The watch of one clock at `now`: light, overdue flag, deadlines and the next instant either changes.
 * `legal` is legalClockOf(...) for this clock (null: never overdue).
 */
export function watchClock(
  clock: Clock,
  legal: Clock | null,
  now: Date,
  calendar: WorkingCalendar,
): ClockWatch {
  const state = evaluateClock(clock, now, calendar);
  let next = nextChangeMs(clock, now, calendar, lightMeasure, state);
  let overdue = false;
  let legalDeadline: string | null = null;
  if (legal !== null) {
    const legalState = legal === clock ? state : evaluateClock(legal, now, calendar);
    overdue = legalState.light === 'red';
    legalDeadline = legalState.deadline;
    // Its own legal clock turns overdue when it turns red, which is already one of the light's changes.
    if (legal !== clock) {
      const flag = nextChangeMs(legal, now, calendar, redMeasure, legalState);
      if (flag !== null && (next === null || flag < next)) next = flag;
    }
  }
  return {
    light: state.light,
    overdue,
    paused: state.paused,
    deadline: state.deadline,
    deadlineDate: state.deadlineDate,
    legalDeadline,
    nextChangeAt: next === null ? null : new Date(next).toISOString(),
    state,
  };
}

/** The worst of a case's open clocks: what the monitor shows for the case as a whole. */
export interface CaseLight {
  light: ClockLight;
  overdue: boolean;
  paused: boolean;
}

export function caseLightOf(
  watches: readonly Pick<ClockWatch, 'light' | 'overdue' | 'paused'>[],
): CaseLight | null {
  if (watches.length === 0) return null;
  let light: ClockLight = 'green';
  let overdue = false;
  let paused = false;
  for (const w of watches) {
    light = worseLight(light, w.light);
    overdue ||= w.overdue;
    paused ||= w.paused;
  }
  return { light, overdue, paused };
}
