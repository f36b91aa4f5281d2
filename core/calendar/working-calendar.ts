import {
  CalendarInputError,
  dayOfWeek,
  endOfShanghaiEpochDayMs,
  epochDayFromParts,
  epochDayOf,
  isoDateOfEpochDay,
  shanghaiEpochDayOfMs,
  yearOfEpochDay,
} from './dates.ts';
import { validateYearSchedule } from './year-schedule.ts';

export { CalendarInputError } from './dates.ts';

/**
 * One year's official arrangement, from the State Council's yearly notice. Only exceptions are listed:
 * every other Monday–Friday is a workday and every other Saturday/Sunday a weekend.
 * - `holiday`: an official day off, including the Saturdays and Sundays inside a holiday period;
 * - `adjusted_workday`: a Saturday or Sunday worked in exchange (调休).
 */
export interface YearSchedule {
  year: number;
  source: string;
  days: { date: string; kind: 'holiday' | 'adjusted_workday'; name?: string }[];
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';

export interface CalendarDay {
  date: string;
  kind: DayKind;
  /** Holiday name from the notice (e.g. 春节), for holidays and adjusted workdays. */
  name?: string;
}

/**
 * A query needed a day of a year whose holiday notice is not loaded. Deadlines are never guessed from
 * weekdays alone: an admin must load that year's schedule first.
 */
export class CalendarYearNotLoadedError extends Error {
  readonly code = 'calendar.year_not_loaded' as const;
  readonly year: number;

  constructor(year: number) {
    super(`${year} 年的节假日安排尚未加载，无法计算工作日`);
    this.name = 'CalendarYearNotLoadedError';
    this.year = year;
  }
}

const NOT_LOADED = 0;
const WORKDAY = 1;
const WEEKEND = 2;
const HOLIDAY = 3;
const ADJUSTED_WORKDAY = 4;
const KIND_NAMES: readonly DayKind[] = ['workday', 'workday', 'weekend', 'holiday', 'adjusted_workday'];

function checkCount(n: number, field = 'n'): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new CalendarInputError(field, `${field} 必须是非负整数，收到：${String(n)}`);
  }
}

/**
 * Working-day arithmetic over the loaded years. Everything is precomputed over the span from 1 January
 * of the first loaded year to 31 December of the last, so each query is a few array reads:
 * - `ordinal[i]`: working days among span days [0, i) — a prefix count, so any range count is a subtraction;
 * - `workingDays[k]`: epoch day of the k-th (0-based) working day of the span — the inverse of `ordinal`;
 * - `notLoaded[i]`: days among [0, i) that belong to a year not loaded (gaps between loaded years), so
 *   "does this range touch a gap" is also a subtraction.
 *
 * Conventions shared by all queries (the day an event happens is not counted):
 * - addWorkingDays(date, n) is the n-th working day strictly after `date`; n = 0 is `date` itself when it
 *   is a working day, else the next one (the 即办 "same working day" rule, and what chinese-days'
 *   findWorkday(0) does).
 * - workingDaysBetween(from, to) counts working days d with from < d ≤ to; when to < from it is minus the
 *   count of working days d with to < d ≤ from, so it is antisymmetric and 0 when from = to.
 * A query only needs the days it actually looks at: adding from 31 December of an unloaded year into a
 * loaded one is fine, reaching into an unloaded year throws CalendarYearNotLoadedError for that year.
 * Natural-day arithmetic needs no schedule and works for any year.
 */
export class WorkingCalendar {
  private readonly years: number[];
  private readonly yearSet: Set<number>;
  private readonly sources = new Map<number, string>();
  private readonly names = new Map<number, string>();
  private readonly spanStart: number;
  private readonly spanLength: number;
  private readonly kinds: Uint8Array;
  private readonly ordinal: Int32Array;
  private readonly workingDays: Int32Array;
  private readonly notLoaded: Int32Array;
  private readonly isoBySpanIndex: string[];

  constructor(schedules: readonly YearSchedule[]) {
    const exceptions = new Map<number, number>();
    const years: number[] = [];
    schedules.forEach((input, i) => {
      const checked = validateYearSchedule(input);
      if (!checked.ok) {
        const first = checked.errors[0]!;
        throw new CalendarInputError(`schedules[${i}].${first.field}`, first.message);
      }
      const schedule = checked.value;
      if (this.sources.has(schedule.year)) {
        throw new CalendarInputError(`schedules[${i}].year`, `${schedule.year} 年的安排重复加载`);
      }
      this.sources.set(schedule.year, schedule.source);
      years.push(schedule.year);
      for (const day of schedule.days) {
        const epochDay = epochDayOf(day.date);
        exceptions.set(epochDay, day.kind === 'holiday' ? HOLIDAY : ADJUSTED_WORKDAY);
        if (day.name) this.names.set(epochDay, day.name);
      }
    });
    years.sort((a, b) => a - b);
    this.years = years;
    this.yearSet = new Set(years);

    const firstYear = years[0];
    const lastYear = years[years.length - 1];
    this.spanStart = firstYear === undefined ? 0 : epochDayFromParts(firstYear, 1, 1);
    this.spanLength = lastYear === undefined ? 0 : epochDayFromParts(lastYear + 1, 1, 1) - this.spanStart;

    const length = this.spanLength;
    this.kinds = new Uint8Array(length);
    this.ordinal = new Int32Array(length + 1);
    this.notLoaded = new Int32Array(length + 1);
    this.isoBySpanIndex = new Array<string>(length);
    const working: number[] = [];
    let year = firstYear ?? 0;
    let nextYearStart = firstYear === undefined ? 0 : epochDayFromParts(year + 1, 1, 1);
    let loaded = this.yearSet.has(year);
    for (let i = 0; i < length; i++) {
      const epochDay = this.spanStart + i;
      if (epochDay === nextYearStart) {
        year++;
        nextYearStart = epochDayFromParts(year + 1, 1, 1);
        loaded = this.yearSet.has(year);
      }
      let kind = NOT_LOADED;
      if (loaded) {
        const dow = dayOfWeek(epochDay);
        kind = exceptions.get(epochDay) ?? (dow === 0 || dow === 6 ? WEEKEND : WORKDAY);
      }
      this.kinds[i] = kind;
      const isWorking = kind === WORKDAY || kind === ADJUSTED_WORKDAY;
      if (isWorking) working.push(epochDay);
      this.ordinal[i + 1] = this.ordinal[i]! + (isWorking ? 1 : 0);
      this.notLoaded[i + 1] = this.notLoaded[i]! + (kind === NOT_LOADED ? 1 : 0);
      this.isoBySpanIndex[i] = isoDateOfEpochDay(epochDay);
    }
    this.workingDays = Int32Array.from(working);
  }

  /** Loaded years, ascending. */
  loadedYears(): number[] {
    return this.years.slice();
  }

  isYearLoaded(year: number): boolean {
    return this.yearSet.has(year);
  }

  /** Where a loaded year's schedule came from (the notice), or undefined if the year is not loaded. */
  scheduleSource(year: number): string | undefined {
    return this.sources.get(year);
  }

  dayKind(date: string): DayKind {
    return KIND_NAMES[this.kindAt(epochDayOf(date))]!;
  }

  isWorkingDay(date: string): boolean {
    return this.isWorkingEpochDay(epochDayOf(date));
  }

  isWorkingEpochDay(epochDay: number): boolean {
    const kind = this.kindAt(epochDay);
    return kind === WORKDAY || kind === ADJUSTED_WORKDAY;
  }

  /** The n-th working day strictly after `date`; n = 0 gives `date` if it is a working day, else the next. */
  addWorkingDays(date: string, n: number): string {
    checkCount(n);
    return this.isoOf(this.addWorkingDaysToEpochDay(epochDayOf(date), n));
  }

  /** addWorkingDays on epoch days, without parsing or formatting: the form the clock uses. */
  addWorkingDaysToEpochDay(epochDay: number, n: number): number {
    // The first day that can be the answer, and which working day from there on is wanted (1-based).
    const first = n === 0 ? epochDay : epochDay + 1;
    const wanted = n === 0 ? 1 : n;
    const index = first - this.spanStart;
    if (!(index >= 0 && index < this.spanLength)) throw new CalendarYearNotLoadedError(yearOfEpochDay(first));
    const k = this.ordinal[index]! + wanted - 1;
    if (k >= this.workingDays.length) throw this.firstGapFrom(first);
    const result = this.workingDays[k]!;
    // Counting jumped over any gap between loaded years; a gap crossed means the answer is unknowable.
    if (this.notLoaded[result - this.spanStart + 1]! !== this.notLoaded[index]!)
      throw this.firstGapFrom(first);
    return result;
  }

  /** Working days d with from < d ≤ to; negative (minus the count over to < d ≤ from) when to < from. */
  workingDaysBetween(from: string, to: string): number {
    return this.workingDaysBetweenEpochDays(epochDayOf(from, 'from'), epochDayOf(to, 'to'));
  }

  workingDaysBetweenEpochDays(from: number, to: number): number {
    if (from === to) return 0;
    const lo = Math.min(from, to);
    const hi = Math.max(from, to);
    this.assertLoaded(lo + 1, hi);
    const count = this.ordinal[hi - this.spanStart + 1]! - this.ordinal[lo + 1 - this.spanStart]!;
    return from < to ? count : 0 - count; // 0 - 0 is +0; -0 would surprise Object.is and toEqual
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string {
    return this.addWorkingDays(date, 1);
  }

  /** `date` plus n calendar days (n ≥ 0). Needs no schedule: natural days are the same in every year. */
  addNaturalDays(date: string, n: number): string {
    checkCount(n);
    return this.isoOf(epochDayOf(date) + n);
  }

  /**
   * Deadline of an on-the-spot item (即办) received at `instant`: the end of that Shanghai day if it is a
   * working day, else the end of the next working day (something filed online on a Sunday is due Monday).
   */
  sameDayDeadline(instant: Date): Date {
    const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
    if (Number.isNaN(ms)) throw new CalendarInputError('instant', 'instant 必须是有效的时间');
    return new Date(endOfShanghaiEpochDayMs(this.addWorkingDaysToEpochDay(shanghaiEpochDayOfMs(ms), 0)));
  }

  /** Every day of a loaded year with its kind, in date order (what GET /api/calendar/{year} shows). */
  yearDays(year: number): CalendarDay[] {
    if (!Number.isSafeInteger(year))
      throw new CalendarInputError('year', `year 必须是整数，收到：${String(year)}`);
    if (!this.yearSet.has(year)) throw new CalendarYearNotLoadedError(year);
    const start = epochDayFromParts(year, 1, 1);
    const end = epochDayFromParts(year + 1, 1, 1);
    const days: CalendarDay[] = [];
    for (let epochDay = start; epochDay < end; epochDay++) {
      const date = this.isoOf(epochDay);
      const kind = KIND_NAMES[this.kinds[epochDay - this.spanStart]!]!;
      const name = this.names.get(epochDay);
      days.push(name === undefined ? { date, kind } : { date, kind, name });
    }
    return days;
  }

  private kindAt(epochDay: number): number {
    const index = epochDay - this.spanStart;
    const kind = index >= 0 && index < this.spanLength ? this.kinds[index]! : NOT_LOADED;
    if (kind === NOT_LOADED) throw new CalendarYearNotLoadedError(yearOfEpochDay(epochDay));
    return kind;
  }

  /** Throws unless every day of [first, last] belongs to a loaded year. */
  private assertLoaded(first: number, last: number): void {
    const a = first - this.spanStart;
    if (!(a >= 0 && a < this.spanLength)) throw new CalendarYearNotLoadedError(yearOfEpochDay(first));
    const b = last - this.spanStart;
    if (b >= this.spanLength || this.notLoaded[b + 1]! !== this.notLoaded[a]!) throw this.firstGapFrom(first);
  }

  /** The error for the first unloaded year at or after the year of `epochDay` (error path only). */
  private firstGapFrom(epochDay: number): CalendarYearNotLoadedError {
    let year = yearOfEpochDay(epochDay);
    while (this.yearSet.has(year)) year++;
    return new CalendarYearNotLoadedError(year);
  }

  /** 'YYYY-MM-DD' of an epoch day; precomputed strings inside the loaded span, so no formatting there. */
  dateOfEpochDay(epochDay: number): string {
    return this.isoOf(epochDay);
  }

  private isoOf(epochDay: number): string {
    const index = epochDay - this.spanStart;
    return index >= 0 && index < this.spanLength ? this.isoBySpanIndex[index]! : isoDateOfEpochDay(epochDay);
  }
}
